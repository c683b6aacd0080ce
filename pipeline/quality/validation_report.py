"""The build's validation results, saved where they can be read offline.

`save` writes two files into the version's validation folder (published as data/validation/):

- results.json: one entry per Great Expectations expectation (mart, checkpoint, suite, severity,
  expectation type, columns, success, unexpected count, the first IDS_KEPT ids) and one per dbt
  data test (name, model, severity, status, failures, the audit table holding its failing rows);
- report.html: one self-contained page rendered from results.json with jinja2
  (pipeline/quality/templates/validation_report.html.j2): inline CSS, no script, no external URL, so it
  opens the same with or without a network, unlike GX's Data Docs.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.quality.validate import ValidationReport
from pipeline.warehouse.dbt_runner import DbtOutcome, marts

RESULTS_FILE = "results.json"
REPORT_FILE = "report.html"
TEMPLATE = "validation_report.html.j2"
# Ids of offending rows kept per rule: enough to find the rows; the full list is the mart itself
# (GX) or the rule's audit table (dbt), and 10,000 ids would make the page unreadable.
IDS_KEPT = 50


def results(report: ValidationReport | None, dbt: DbtOutcome | None, build_id: str = "",
            quarantined: list[tuple[str, str]] = ()) -> dict:
    """The saved form of a build's checks: {"build_id", "generated_at", "expectations": [...],
    "dbt_tests": [...], "quarantined": [{"file", "reason"}]} (plain JSON types; ids capped at
    IDS_KEPT per rule). quarantined: (file name, reason) of the documents an earlier pass of
    the build left out; the checks above ran without them."""
    expectations = [{
        "mart": f.mart, "checkpoint": f.checkpoint, "suite": f.suite, "severity": f.severity,
        "expectation": f.expectation, "columns": f.columns, "success": f.success,
        "unexpected": f.unexpected, "id_column": f.id_column, "ids": f.ids[:IDS_KEPT],
    } for f in (report.results if report else [])]
    tests = [{
        "name": t.name, "model": t.model, "severity": t.severity, "status": t.status,
        "failures": t.failures, "relation": t.relation,
    } for t in (dbt.tests if dbt else [])]
    return {"build_id": build_id, "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "expectations": expectations, "dbt_tests": tests,
            "quarantined": [{"file": name, "reason": reason} for name, reason in quarantined]}


def _sections(saved: dict) -> list[dict]:
    """One section per model (the marts first, transform.marts(); other models after, each by
    name): its GX checkpoint, expectations and dbt tests."""
    by_model: dict[str, dict] = {}

    def section(model: str) -> dict:
        return by_model.setdefault(model, {"model": model or "sources (raw)", "anchor": model or "sources",
                                           "checkpoint": None, "expectations": [], "tests": []})

    for e in saved["expectations"]:
        s = section(e["mart"])
        s["checkpoint"] = e["checkpoint"]
        s["expectations"].append(e)
    for t in sorted(saved["dbt_tests"], key=lambda t: (t["status"] == "pass", t["name"])):
        section(t["model"])["tests"].append(t)
    order = {m: i for i, m in enumerate(marts())}
    return [by_model[m] for m in sorted(by_model, key=lambda m: (order.get(m, len(order)), m))]


def render(saved: dict) -> str:
    """report.html's text for `saved` (the dict results() returns, or results.json read back)."""
    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE).render(
        saved=saved, sections=_sections(saved), marts=set(marts()), ids_kept=IDS_KEPT)


def save(validation_dir: Path, report: ValidationReport | None, dbt: DbtOutcome | None,
         build_id: str = "", quarantined: list[tuple[str, str]] = ()) -> Path:
    """Write results.json and report.html (see results()) into validation_dir (created);
    returns report.html's path. Raises OSError when the folder cannot be written."""
    validation_dir.mkdir(parents=True, exist_ok=True)
    saved = results(report, dbt, build_id, quarantined)
    (validation_dir / RESULTS_FILE).write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    page = validation_dir / REPORT_FILE
    page.write_text(render(saved), encoding="utf-8")
    return page
