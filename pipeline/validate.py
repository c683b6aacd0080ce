"""Great Expectations checkpoints over the marts, read as DataFrames (GX's SQL datasource does
not work on DuckDB). Two expectation suites per mart: `<mart>_critical` (a failure means the
pipeline is wrong and fails the build) and `<mart>_warnings` (anomalies the source documents
really have: reported, not fatal). Data Docs are written under the validation folder.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb


@dataclass
class Finding:
    """One failed expectation: suite severity, mart, expectation type, column and the ids of
    the offending rows (task ids for tasks)."""

    severity: str
    mart: str
    expectation: str
    column: str | None
    ids: list[str] = field(default_factory=list)

    def message(self) -> str:
        """One line for the build summary, naming the rows."""
        where = f" on {self.column}" if self.column else ""
        ids = f": {', '.join(self.ids[:10])}{' …' if len(self.ids) > 10 else ''}" if self.ids else ""
        return f"[{self.severity}] {self.mart}: {self.expectation}{where} failed{ids}"


@dataclass
class ValidationReport:
    """passed/evaluated: expectation counts; findings: failures; data_docs: index.html path."""

    evaluated: int = 0
    passed: int = 0
    findings: list[Finding] = field(default_factory=list)
    data_docs: Path | None = None

    @property
    def critical_failed(self) -> bool:
        return any(f.severity == "critical" for f in self.findings)


def _suites(gxe) -> dict[str, tuple[str, dict[str, list]]]:
    """mart -> (id column, {severity: [expectations]})."""
    return {
        "tasks": ("task_id", {
            "critical": [
                gxe.ExpectColumnValuesToBeUnique(column="task_id"),
                gxe.ExpectColumnValuesToNotBeNull(column="task_id"),
                gxe.ExpectColumnValuesToNotBeNull(column="doc_id"),
                # every task has at least one lead, responsible or cooperating unit
                gxe.ExpectColumnValuesToBeBetween(column="unit_count", min_value=1),
                gxe.ExpectColumnValueLengthsToBeBetween(column="title", min_value=1),
                gxe.ExpectColumnValuesToBeBetween(column="seq", min_value=1),
            ],
            # a task whose only units cooperate names nobody accountable: reported, not fatal
            "warnings": [gxe.ExpectColumnValuesToBeBetween(column="lead_or_responsible_count", min_value=1)],
        }),
        "task_units": ("task_id", {
            "critical": [
                gxe.ExpectColumnValuesToBeInSet(column="role", value_set=["lead", "responsible", "cooperating"]),
                gxe.ExpectCompoundColumnsToBeUnique(column_list=["task_id", "unit_name", "role"]),
                gxe.ExpectColumnValueLengthsToBeBetween(column="unit_name", min_value=1),
            ],
            "warnings": [],
        }),
        "documents": ("doc_id", {
            "critical": [gxe.ExpectColumnValuesToBeUnique(column="doc_id")],
            "warnings": [gxe.ExpectColumnValuesToNotBeInSet(column="layout", value_set=["unknown"])],
        }),
        # numbering: task numbers and section numerals run 1, 2, 3 … in the document's scheme
        "numbering_issues": ("doc_id", {
            "critical": [],
            "warnings": [gxe.ExpectColumnValuesToBeInSet(column="issue", value_set=[])],
        }),
    }


def warm_up() -> bool:
    """Import Great Expectations (9-14 s here) so a worker process pays it while dbt runs."""
    import great_expectations  # noqa: F401

    return True


def _read_marts(warehouse: Path, marts: list[str]):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {m: con.sql(f"select * from marts.{m}").df() for m in marts}
    finally:
        con.close()


def validate_warehouse(warehouse: Path, validation_dir: Path) -> ValidationReport:
    """Run one GX checkpoint per mart over the marts of `warehouse`.

    warehouse: DuckDB file with schema marts. validation_dir: folder for the GX project and its
    Data Docs (recreated on each run). Returns a ValidationReport; raises nothing for failed
    expectations (callers decide on severity), duckdb.Error when a mart is missing.
    """
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig

    suites = _suites(gxe)
    frames = _read_marts(warehouse, list(suites))
    shutil.rmtree(validation_dir / "gx", ignore_errors=True)
    validation_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(validation_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # the build shows its own
    source = context.data_sources.add_pandas("marts")
    report = ValidationReport()
    for mart, (id_column, by_severity) in suites.items():
        batch = source.add_dataframe_asset(mart).add_batch_definition_whole_dataframe("all")
        definitions = []
        for severity, expectations in by_severity.items():
            if not expectations:
                continue
            suite = context.suites.add(gx.ExpectationSuite(name=f"{mart}_{severity}"))
            for expectation in expectations:
                suite.add_expectation(expectation)
            definitions.append(context.validation_definitions.add(
                gx.ValidationDefinition(name=f"{mart}_{severity}", data=batch, suite=suite)))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"{mart}_checkpoint", validation_definitions=definitions,
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [id_column]}))
        result = checkpoint.run(batch_parameters={"dataframe": frames[mart]})
        for run in result.run_results.values():
            severity = run.suite_name.rsplit("_", 1)[-1]
            for r in run.results:
                report.evaluated += 1
                if r.success:
                    report.passed += 1
                    continue
                cfg = r.expectation_config
                ids = [str(row.get(id_column)) for row in (r.result.get("unexpected_index_list") or [])
                       if isinstance(row, dict)]
                report.findings.append(Finding(
                    "critical" if severity == "critical" else "warning", mart, cfg.type,
                    cfg.kwargs.get("column"), sorted(set(ids))))
    sites = context.get_docs_sites_urls()
    if sites and sites[0].get("site_url"):
        report.data_docs = Path(sites[0]["site_url"].replace("file://", ""))
    return report
