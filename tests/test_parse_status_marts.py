"""Plumbing of the parser's outcome fields (Task.leaders, ParsedDocument.status / score /
runner_up / runner_up_score / reasons) through records.py, the dbt models, ingest_log and the
build summary.

The parser does not set these fields yet, so parsing is stubbed (stub_parse): at the record
level by patching pipeline.warehouse.records.parse_document, and for the one end-to-end build by a
sitecustomize module on PYTHONPATH that patches it in every process of the build (the dbt
Python model included). The last test checks the real parser's seed build.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from types import SimpleNamespace

import duckdb
import polars as pl
import pyarrow as pa
import pytest
from rich.console import Console

from pipeline.commands import build_summary
from pipeline.warehouse import fingerprint, records
from pipeline.warehouse.build import BuildResult, drop_stale_parse
from tests.helpers.parse_stub import REASONS, stub_parse
from tests.helpers.paths import ROOT


@pytest.fixture
def stub_parser(monkeypatch):
    monkeypatch.setattr(records, "parse_document", stub_parse)


# ---------------------------------------------------------------- records.py

def test_record_of_a_document_with_tasks(stub_parser):
    rec = records.document_record("d1", "parsed")
    assert (rec["parse_status"], rec["parse_score"], rec["runner_up_layout"], rec["runner_up_score"],
            rec["parse_reasons"]) == ("parsed", 0.875, "narrative", 0.25, [])
    # leaders as printed; an empty string is no leader (NULL), like None
    assert [t["leaders"] for t in rec["tasks"]] == ["张三；李四", None, None]


def test_record_of_an_unparsed_document_keeps_every_reason(stub_parser):
    rec = records.document_record("d2", "unparsed")
    assert (rec["parse_status"], rec["parse_score"], rec["runner_up_layout"], rec["runner_up_score"]) == (
        "unparsed", None, None, None)
    assert rec["parse_reasons"] == REASONS and rec["tasks"] == []


def test_record_of_a_no_task_document(stub_parser):
    rec = records.document_record("d3", "no_tasks")
    assert (rec["parse_status"], rec["parse_score"], rec["parse_reasons"], rec["tasks"]) == (
        "no_tasks", None, [], [])


def test_parse_table_carries_the_fields_with_their_arrow_types(stub_parser):
    docs = pa.table({"doc_id": ["a", "b", "c"], "sha256": ["1", "2", "3"],
                     "text": ["parsed", "unparsed", "no_tasks"]})
    table = records.parse_batches(docs.to_batches(), docs.num_rows).read_all()
    assert table.schema == records.SCHEMA
    types = {name: str(table.schema.field(name).type) for name in
             ("parse_status", "parse_score", "runner_up_layout", "runner_up_score", "parse_reasons")}
    assert types == {"parse_status": "string", "parse_score": "double", "runner_up_layout": "string",
                     "runner_up_score": "double", "parse_reasons": "list<item: string>"}
    assert records.TASK.field("leaders").type == pa.string()
    rows = table.select(["doc_id", "parse_status", "parse_score", "runner_up_layout", "parse_reasons"]).to_pylist()
    assert rows == [
        {"doc_id": "a", "parse_status": "parsed", "parse_score": 0.875, "runner_up_layout": "narrative",
         "parse_reasons": []},
        {"doc_id": "b", "parse_status": "unparsed", "parse_score": None, "runner_up_layout": None,
         "parse_reasons": REASONS},
        {"doc_id": "c", "parse_status": "no_tasks", "parse_score": None, "runner_up_layout": None,
         "parse_reasons": []}]
    assert [t["leaders"] for t in table.column("tasks")[0].as_py()] == ["张三；李四", None, None]


# ---------------------------------------------------------------- schema change of the parse table

def _parse_table_with(con, schema: pa.Schema, versions: list[str]) -> None:
    """intermediate.int_parsed_documents of `schema`, one row per parser version given."""
    con.execute("create schema if not exists intermediate")
    rows = [{name: (version if name == "parser_version" else f"d{i}" if name == "doc_id" else None)
             for name in schema.names} for i, version in enumerate(versions)]
    con.from_arrow(pa.Table.from_pylist(rows, schema=schema)).create("intermediate.int_parsed_documents")


def _has_parse_table(con) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_schema = 'intermediate' "
                       "and table_name = 'int_parsed_documents'").fetchone()[0] == 1


def test_parse_table_another_parser_wrote_is_dropped():
    # another parser shipped another record: the task struct without leaders (dbt's insert would fail)
    old_task = pa.struct([f for f in records.TASK if f.name != "leaders"])
    schema = records.SCHEMA.set(records.SCHEMA.get_field_index("tasks"), pa.field("tasks", pa.list_(old_task)))
    con = duckdb.connect()
    _parse_table_with(con, schema, ["another parser"])
    drop_stale_parse(con)
    assert not _has_parse_table(con)


def test_parse_table_partly_written_by_another_parser_is_dropped():
    con = duckdb.connect()
    _parse_table_with(con, records.SCHEMA, [fingerprint.parser_fingerprint(), "another parser"])
    drop_stale_parse(con)
    assert not _has_parse_table(con)


def test_empty_parse_table_is_dropped():
    con = duckdb.connect()
    _parse_table_with(con, records.SCHEMA, [])
    drop_stale_parse(con)
    assert not _has_parse_table(con)


def test_parse_table_this_parser_wrote_is_kept():
    con = duckdb.connect()
    _parse_table_with(con, records.SCHEMA, [fingerprint.parser_fingerprint()] * 2)
    drop_stale_parse(con)
    assert _has_parse_table(con)


def test_no_parse_table_is_no_error():
    con = duckdb.connect()
    drop_stale_parse(con)
    assert not _has_parse_table(con)


# ---------------------------------------------------------------- build summary

def test_summary_lists_every_unparsed_document():
    result = BuildResult(published=True, counts={"documents": 3},
                         unparsed=[("b_doc", REASONS[0]), ("c_doc", "no reason given")])
    buf = io.StringIO()
    build_summary.print_build(Console(file=buf, width=200), result,
                       SimpleNamespace(warehouse="w.duckdb", marts_dir="m"))
    out = buf.getvalue()
    assert re.search(r"^ unparsed +2 *$", out, re.M), out
    assert f"  unparsed: b_doc: {REASONS[0]}\n" in out
    assert "  unparsed: c_doc: no reason given\n" in out


# ---------------------------------------------------------------- one end-to-end build

# every process of the build imports this first (PYTHONPATH) and so parses with stub_parse
SITECUSTOMIZE = """
import pipeline.warehouse.records
import tests.helpers.parse_stub as stubs

pipeline.warehouse.records.parse_document = stubs.stub_parse
"""


@pytest.fixture(scope="module")
def stub_build(tmp_path_factory):
    """(out dir, process) of one build of three documents with the parser stubbed."""
    out = tmp_path_factory.mktemp("parse_status")
    stub = out / "stub"
    stub.mkdir()
    (stub / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    raw = out / "raw"
    raw.mkdir()
    for name in ("a_parsed", "b_unparsed", "c_no_tasks"):
        kind = name.split("_", 1)[1]
        (raw / f"{name}.txt").write_text(f"{kind}\n关于印发工作要点的通知\n一、总体要求\n1. 任务\n",
                                         encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(stub), str(ROOT), os.environ.get("PYTHONPATH")) if p))
    cmd = [sys.executable, "-m", "pipeline.cli", "build", "--raw-dir", str(raw),
           "--warehouse", str(out / "w.duckdb"), "--marts-dir", str(out / "marts")]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc


@pytest.fixture(scope="module")
def stub_con(stub_build):
    c = duckdb.connect(str(stub_build[0] / "w.duckdb"), read_only=True)
    yield c
    c.close()


def column_types(con, mart: str) -> dict[str, str]:
    return {name: typ for name, typ, *_ in con.execute(f"describe marts.{mart}").fetchall()}


@pytest.mark.xdist_group("stub_build")
def test_new_columns_have_their_types(stub_con):
    docs, tasks = column_types(stub_con, "documents"), column_types(stub_con, "tasks")
    assert {c: docs.get(c) for c in ("parse_status", "parse_score", "runner_up_layout", "runner_up_score")} == {
        "parse_status": "VARCHAR", "parse_score": "DOUBLE", "runner_up_layout": "VARCHAR",
        "runner_up_score": "DOUBLE"}
    assert tasks.get("leaders") == "VARCHAR"


@pytest.mark.xdist_group("stub_build")
def test_documents_carry_the_parse_outcome(stub_con):
    rows = stub_con.execute(
        "select doc_id, parse_status, parse_score, runner_up_layout, runner_up_score, task_count "
        "from marts.documents order by doc_id").fetchall()
    assert rows == [("a_parsed", "parsed", 0.875, "narrative", 0.25, 3),
                    ("b_unparsed", "unparsed", None, None, None, 0),
                    ("c_no_tasks", "no_tasks", None, None, None, 0)]


@pytest.mark.xdist_group("stub_build")
def test_tasks_carry_leaders_null_when_none(stub_con):
    assert stub_con.execute("select task_id, leaders from marts.tasks order by task_id").fetchall() == [
        ("a_parsed-1.1", "张三；李四"), ("a_parsed-1.2", None), ("a_parsed-1.3", None)]


@pytest.mark.xdist_group("stub_build")
def test_ingest_log_marks_unparsed_and_no_task_documents(stub_con):
    log = {r[0]: r[1:] for r in stub_con.execute(
        "select source_file, status, reason from marts.ingest_log").fetchall()}
    assert log == {
        "a_parsed.txt": ("staged", None),
        "b_unparsed.txt": ("unparsed", "unparsed (layout unknown): " + "; ".join(REASONS)),
        "c_no_tasks.txt": ("staged", "no tasks recognised (layout unknown)")}


@pytest.mark.xdist_group("stub_build")
def test_summary_names_the_unparsed_document(stub_build):
    out = stub_build[1].stdout
    assert re.search(r"^ unparsed +1 *$", out, re.M), out
    assert f"  unparsed: b_unparsed: {REASONS[0]}\n" in out
    assert out.count("  unparsed: ") == 1  # the no-task document is not a parser failure


@pytest.mark.xdist_group("stub_build")
def test_parquet_marts_carry_the_new_columns(stub_build):
    marts = stub_build[0] / "marts"
    docs = pl.read_parquet(marts / "documents.parquet").sort("doc_id")
    assert docs.schema["parse_score"] == pl.Float64 and docs.schema["runner_up_score"] == pl.Float64
    assert docs["parse_status"].to_list() == ["parsed", "unparsed", "no_tasks"]
    assert pl.read_parquet(marts / "tasks.parquet").sort("task_id")["leaders"].to_list() == ["张三；李四", None, None]


# ---------------------------------------------------------------- the real parser on the seeds

def test_every_seed_document_is_parsed(seed_warehouse):
    con = duckdb.connect(str(seed_warehouse), read_only=True)
    try:
        rows = con.execute("select parse_status, count(*), min(task_count) from marts.documents group by 1").fetchall()
        leaders_type = column_types(con, "tasks")["leaders"]
    finally:
        con.close()
    assert rows == [("parsed", 5, rows[0][2])] and rows[0][2] > 0
    assert leaders_type == "VARCHAR"
