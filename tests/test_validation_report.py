"""The build saves its checks where they can be read offline: validation/results.json (one entry
per expectation and per dbt data test) and validation/report.html, one self-contained page
rendered from it; and the Great Expectations checks it keeps (cross-table counts) can fail."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import duckdb

from pipeline.quality import validate

EXPECTATION_KEYS = {"mart", "checkpoint", "suite", "severity", "expectation", "columns", "success",
                    "unexpected", "id_column", "ids"}
DBT_TEST_KEYS = {"name", "model", "severity", "status", "failures", "relation"}


class _Page(HTMLParser):
    """Collects the section headings, the text, and every src/href and script of a page."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]
        if tag == "h2":
            self._in_h2 = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_h2:
            self.headings[-1] += data.strip()


def test_seed_build_saves_results_and_an_offline_report(seed_build):
    out, proc = seed_build
    saved = json.loads((out / "validation" / "results.json").read_text(encoding="utf-8"))
    assert saved["expectations"] and all(set(e) == EXPECTATION_KEYS for e in saved["expectations"])
    assert saved["dbt_tests"] and all(set(t) == DBT_TEST_KEYS for t in saved["dbt_tests"])
    assert {t["severity"] for t in saved["dbt_tests"]} <= {"error", "warn"}
    assert all(t["relation"].startswith("audit.") for t in saved["dbt_tests"])
    # the seeds' one numbering anomaly is a failed warning naming its document; nothing critical fails
    numbering = [e for e in saved["expectations"] if e["mart"] == "numbering_issues"]
    assert [(e["success"], e["severity"], e["ids"]) for e in numbering] == [(False, "warning", ["002_02af6b1906b9e9a1"])]
    assert all(e["success"] for e in saved["expectations"] if e["severity"] == "critical")

    page = _Page()
    page.feed((out / "validation" / "report.html").read_text(encoding="utf-8"))
    text = " ".join(page.text)
    assert not [link for link in page.links if link.lower().startswith(("http://", "https://", "//"))]
    assert not page.tags & {"script", "link", "img", "iframe"}, "the page must be self-contained"
    for mart in {e["mart"] for e in saved["expectations"]}:
        assert f"marts.{mart}" in page.headings and f"{mart}_checkpoint" in text, mart
    for e in saved["expectations"]:
        assert e["suite"] in text and e["expectation"] in text
    assert all(t["name"] in text for t in saved["dbt_tests"])
    assert "validation report: " in proc.stdout and "validation/report.html" in proc.stdout


def test_cross_table_counts_fail_and_name_their_rows(tmp_path):
    """A document claiming more tasks than marts.tasks holds, and a task claiming more units than
    marts.task_units holds, fail the critical checks with their ids."""
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("""
        create schema marts;
        create table marts.documents as select * from (values ('a', 'parsed', 2), ('b', 'parsed', 1))
            t(doc_id, parse_status, task_count);
        create table marts.tasks as select * from (values ('a-1', 'a', 1, 1), ('b-1', 'b', 2, 1))
            t(task_id, doc_id, unit_count, lead_or_responsible_count);
        create table marts.task_units as select * from (values ('a-1', 'U1'), ('b-1', 'U1')) t(task_id, unit_id);
        create table marts.units as select * from (values ('U1', false)) t(unit_id, is_collective);
        create table marts.numbering_issues (doc_id varchar, issue varchar);
        create table marts.citations (doc_id varchar, cited_doc_id varchar);
        create table marts.task_links (child_task_id varchar, child_doc_id varchar, parent_doc_id varchar);
    """)
    con.close()

    report = validate.validate_warehouse(warehouse)

    critical = {(f.mart, tuple(f.ids)) for f in report.findings if f.severity == "critical"}
    assert critical == {("documents", ("a",)), ("tasks", ("b-1",))}
    assert report.critical_failed and report.evaluated == len(report.results) > report.passed


def test_a_task_link_to_a_document_not_cited_fails_and_names_the_child_task(tmp_path):
    """district cites city, city cites province: links from district tasks to city and province
    tasks pass (directly and down the chain); a link from a task of a document citing nothing fails."""
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("""
        create schema marts;
        create table marts.documents as select * from (values ('district', 'parsed', 0)) t(doc_id, parse_status, task_count);
        create table marts.tasks (task_id varchar, doc_id varchar, unit_count int, lead_or_responsible_count int);
        create table marts.task_units (task_id varchar, unit_id varchar);
        create table marts.units (unit_id varchar, is_collective boolean);
        create table marts.numbering_issues (doc_id varchar, issue varchar);
        create table marts.citations as select * from (values ('district', 'city'), ('city', 'province'),
            ('district', null)) t(doc_id, cited_doc_id);
        create table marts.task_links as select * from (values ('district-1', 'district', 'city'),
            ('district-2', 'district', 'province'), ('other-1', 'other', 'province')) t(child_task_id, child_doc_id, parent_doc_id);
    """)
    con.close()

    report = validate.validate_warehouse(warehouse)

    critical = {(f.mart, tuple(f.ids)) for f in report.findings if f.severity == "critical"}
    assert critical == {("task_links", ("other-1",))}
