"""Great Expectations checkpoints over the marts, read as DataFrames (GX's SQL datasource does
not work on DuckDB).

One owner per rule: every row-level rule (ids unique and present, a task has a unit, a role is
one of three …) is a dbt data test (dbt_project/models/marts/*.yml, failing rows stored in schema
`audit`). GX checks only what a row-level test cannot see:

- cross-table counts (suite `<mart>_critical`): a mart's count column equals the rows another
  mart holds for it. A failure is traceable to documents, which the build quarantines;
- cross-table lineage (`task_links_critical`): every link's parent document is cited by the
  child's document, directly or down a chain of marts.citations;
- distributions (suite `<mart>_warnings`): shares over the whole corpus that drop when a parser
  rule or header mapping breaks without any single row being wrong. Reported, never fatal.

One checkpoint per mart, run on an ephemeral context: the results are saved by
pipeline/quality/validation_report.py (results.json and a self-contained report.html), so GX writes no
project folder and no Data Docs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.warehouse.lean_imports import skip_unneeded_imports

# At least this share of tasks names a lead or responsible unit (every seed task does): below
# it, a role header (牵头单位, 责任单位) is most likely being read as the wrong role. A single
# task with cooperating units only is a dbt warning (lead_or_responsible_count), not this.
LEAD_OR_RESPONSIBLE_MIN_SHARE = 0.9
# At least this share of documents is not `unparsed` (a task-like body that gave no task): more
# parser failures than that means a new layout or a parser regression, not a few odd files.
READ_MIN_SHARE = 0.9
# Collective units (各街道, 有关部门) are a fifth of the seeds' units; more than this share means
# the unit-name rules split or classify names wrongly.
COLLECTIVE_MAX_SHARE = 0.6

# mart -> (id column, SQL of the frame its checkpoint validates): a mart's own rows, joined to
# the counts another mart holds where a cross-table expectation needs them
FRAMES = {
    "documents": ("doc_id", """
        select d.doc_id, d.parse_status, d.task_count, count(t.task_id) as task_rows
        from marts.documents d left join marts.tasks t using (doc_id)
        group by d.doc_id, d.parse_status, d.task_count"""),
    "tasks": ("task_id", """
        select t.task_id, t.doc_id, t.unit_count, t.lead_or_responsible_count,
               count(u.task_id) as task_unit_rows
        from marts.tasks t left join marts.task_units u using (task_id)
        group by t.task_id, t.doc_id, t.unit_count, t.lead_or_responsible_count"""),
    "units": ("unit_id", "select unit_id, is_collective from marts.units"),
    "numbering_issues": ("doc_id", "select doc_id, issue from marts.numbering_issues"),
    # each link with whether the child's document cites the parent's, directly or down a chain
    # of citations (marts.citations alone, not the chains task_links was built from)
    "task_links": ("child_task_id", """
        with recursive cited (doc_id, above) as (
            select doc_id, cited_doc_id from marts.citations where cited_doc_id is not null
            union
            select cited.doc_id, c.cited_doc_id
            from cited join marts.citations c on c.doc_id = cited.above
            where c.cited_doc_id is not null)
        select l.child_task_id, l.child_doc_id, l.parent_doc_id,
               exists (select 1 from cited where cited.doc_id = l.child_doc_id
                       and cited.above = l.parent_doc_id) as parent_doc_cited
        from marts.task_links l"""),
}


@dataclass
class Finding:
    """The outcome of one expectation: suite severity (critical | warning), mart, checkpoint,
    suite, expectation type, column(s), success, how many rows broke it and the ids of those
    rows (id_column values: task ids for tasks, doc ids for documents), all of them."""

    severity: str
    mart: str
    expectation: str
    columns: list[str]
    success: bool = False
    unexpected: int = 0
    ids: list[str] = field(default_factory=list)
    id_column: str = ""
    checkpoint: str = ""
    suite: str = ""

    @property
    def column(self) -> str | None:
        """The column(s) as one label, or None for a table-level expectation."""
        return ", ".join(self.columns) or None

    def message(self) -> str:
        """One line for the build summary, naming the rows."""
        where = f" on {self.column}" if self.column else ""
        ids = f": {', '.join(self.ids[:10])}{' …' if len(self.ids) > 10 else ''}" if self.ids else ""
        return f"[{self.severity}] {self.mart}: {self.expectation}{where} failed{ids}"


@dataclass
class ValidationReport:
    """Every expectation's outcome, in checkpoint order; findings are the failed ones."""

    results: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [r for r in self.results if not r.success]

    @property
    def evaluated(self) -> int:
        return len(self.results)

    @property
    def passed(self) -> int:
        return sum(r.success for r in self.results)

    @property
    def critical_failed(self) -> bool:
        return any(f.severity == "critical" for f in self.findings)


def _suites(gxe) -> dict[str, dict[str, list]]:
    """mart -> {severity: [expectations]} over the frames of FRAMES."""
    return {
        "documents": {
            # the documents mart counts a document's tasks itself: it must agree with marts.tasks
            "critical": [gxe.ExpectColumnPairValuesToBeEqual(column_A="task_count", column_B="task_rows")],
            "warnings": [gxe.ExpectColumnValuesToNotBeInSet(column="parse_status", value_set=["unparsed"],
                                                            mostly=READ_MIN_SHARE)],
        },
        "tasks": {
            # unit_count is counted before units are resolved; a name the identity step drops would
            # leave a task with fewer task_units rows than it claims
            "critical": [gxe.ExpectColumnPairValuesToBeEqual(column_A="unit_count", column_B="task_unit_rows")],
            "warnings": [gxe.ExpectColumnValuesToBeBetween(column="lead_or_responsible_count", min_value=1,
                                                           mostly=LEAD_OR_RESPONSIBLE_MIN_SHARE)],
        },
        "units": {
            "critical": [],
            "warnings": [gxe.ExpectColumnValuesToBeInSet(column="is_collective", value_set=[False],
                                                         mostly=1 - COLLECTIVE_MAX_SHARE)],
        },
        # numbering: task numbers and section numerals run 1, 2, 3 … in the document's scheme;
        # each gap or repeat the documents really print is listed here (reported, not fatal)
        # a task restates only tasks of documents its document cites: a link elsewhere is a bug
        "task_links": {
            "critical": [gxe.ExpectColumnValuesToBeInSet(column="parent_doc_cited", value_set=[True])],
            "warnings": [],
        },
        "numbering_issues": {
            "critical": [],
            "warnings": [gxe.ExpectColumnValuesToBeInSet(column="issue", value_set=[])],
        },
    }


def warm_up() -> bool:
    """Import Great Expectations (~6 s here, lean_imports included) so a worker process pays
    it while dbt runs. Returns True."""
    skip_unneeded_imports()
    import great_expectations  # noqa: F401

    return True


def _read_frames(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {mart: con.sql(sql).df() for mart, (_, sql) in FRAMES.items()}
    finally:
        con.close()


def validate_warehouse(warehouse: Path) -> ValidationReport:
    """Run one GX checkpoint per mart of FRAMES over the marts of `warehouse`.

    warehouse: DuckDB file with schema marts. Returns a ValidationReport with one Finding per
    expectation (ids of every offending row); raises nothing for failed expectations (callers
    decide on severity), duckdb.Error when a mart is missing.
    """
    skip_unneeded_imports()
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig

    frames = _read_frames(warehouse)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # the build shows its own
    source = context.data_sources.add_pandas("marts")
    report = ValidationReport()
    for mart, by_severity in _suites(gxe).items():
        id_column = FRAMES[mart][0]
        batch = source.add_dataframe_asset(mart).add_batch_definition_whole_dataframe("all")
        definitions = []
        for severity, expectations in by_severity.items():
            if not expectations:
                continue
            suite = context.suites.add(gx.ExpectationSuite(name=f"{mart}_{severity}", expectations=expectations))
            definitions.append(context.validation_definitions.add(
                gx.ValidationDefinition(name=f"{mart}_{severity}", data=batch, suite=suite)))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"{mart}_checkpoint", validation_definitions=definitions,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [id_column]}))
        result = checkpoint.run(batch_parameters={"dataframe": frames[mart]})
        for run in result.run_results.values():
            severity = "critical" if run.suite_name.endswith("_critical") else "warning"
            for r in run.results:
                cfg = r.expectation_config
                columns = [c for c in (cfg.kwargs.get("column"), cfg.kwargs.get("column_A"), cfg.kwargs.get("column_B"))
                           if c] or list(cfg.kwargs.get("column_list") or [])
                ids = [str(row.get(id_column)) for row in (r.result.get("unexpected_index_list") or [])
                       if isinstance(row, dict)]
                report.results.append(Finding(
                    severity, mart, cfg.type, columns, bool(r.success), int(r.result.get("unexpected_count") or 0),
                    sorted(set(ids)), id_column, checkpoint.name, run.suite_name))
    return report
