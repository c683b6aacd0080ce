"""A full build of the five seeds into a temporary warehouse, checked against the hand-checked
gold labels copied into tests/fixtures/seed_gold and against the marts contract."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.helpers.paths import FIXTURES

CONTRACT = {
    "documents": ["doc_id", "source_file", "sha256", "title", "issuer", "doc_number", "signed_date",
                  "year", "layout", "task_count"],
    "tasks": ["task_id", "doc_id", "seq", "task_no", "l1_no", "l1_title", "l2_no", "l2_title", "title",
              "requirement", "deadline", "line_start", "line_end"],
    "units": ["unit_id", "unit_name", "lead_task_count", "responsible_task_count",
              "cooperating_task_count", "doc_count"],
    "task_units": ["task_id", "unit_id", "unit_name", "role", "position"],
    "hierarchy": ["node_id", "doc_id", "parent_id", "level", "number", "ordinal", "title", "path", "task_id"],
}


def norm(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def gold_rows() -> list[dict]:
    rows = []
    for path in sorted((FIXTURES / "seed_gold").glob("0*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


@pytest.fixture(scope="module")
def con(seed_warehouse: Path):
    c = duckdb.connect(str(seed_warehouse), read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize("mart", sorted(CONTRACT))
def test_mart_has_contract_columns(con, mart):
    cols = [r[0] for r in con.execute(f"describe marts.{mart}").fetchall()]
    assert [c for c in CONTRACT[mart] if c not in cols] == []


def test_signed_date_is_a_date(con):
    assert con.execute("select typeof(signed_date) from marts.documents limit 1").fetchone()[0] == "DATE"


def test_every_gold_task_matches(con):
    gold = gold_rows()
    tasks = {(r[0], r[1]): r for r in con.execute(
        "select doc_id, seq, task_no, l1_no, l2_no, title, requirement, task_id from marts.tasks").fetchall()}
    units = {}
    for task_id, name, role in con.execute("select task_id, unit_name, role from marts.task_units").fetchall():
        units.setdefault(task_id, set()).add((role, norm(name)))
    assert len(tasks) == len(gold) == 156
    for g in gold:
        doc, seq, task_no, l1, l2, title, req, task_id = tasks[(g["doc"], g["seq"])]
        assert (task_no, l1, l2) == (g["task_no"], g["l1_no"], g["l2_no"]), (doc, seq)
        assert norm(title) == norm(g["title"]), (doc, seq)
        assert norm(req) == norm(g["requirement"]), (doc, seq)
        expected = {(role, norm(u)) for role in ("lead", "responsible", "cooperating") for u in g[f"{role}_units"]}
        assert units.get(task_id, set()) == expected, (doc, seq)


def test_document_metadata_matches_gold(con):
    gold = [json.loads(line) for line in (FIXTURES / "seed_gold" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    got = {r[0]: r[1:] for r in con.execute(
        "select doc_id, title, issuer, doc_number, cast(signed_date as varchar), year, layout from marts.documents").fetchall()}
    for g in gold:
        title, issuer, number, date, year, layout = got[g["doc"]]
        assert (norm(title), issuer, number, date, year) == (
            norm(g["title"]), g["issuer"], g["doc_number"], g["signed_date"], g["year"]), g["doc"]
        assert layout == g["layout"]


def test_gap_in_seed_002_is_reported_not_fixed(con, seed_build):
    rows = con.execute("select doc_id, level, expected_no, found_no, issue from marts.numbering_issues").fetchall()
    assert rows == [("002_02af6b1906b9e9a1", "l2", "十一", "十二", "gap")]
    assert con.execute("select l2_no from marts.tasks where doc_id like '002%' and seq = 33").fetchone()[0] == "十二"
    stdout = seed_build[1].stdout
    assert "002_02af6b1906b9e9a1" in stdout and "expected 十一, found 十二" in stdout


def test_unit_names_are_unified(con):
    # "各市、县(区)政府" (half-width in seed 000) and "各市、县（区）政府" are one unit
    names = [r[0] for r in con.execute("select unit_name from marts.units where unit_name like '%各市、县%'").fetchall()]
    assert names == ["福建省各市、县（区）政府"]
    assert con.execute("select count(*) from marts.units where unit_name ~ '\\s'").fetchone()[0] == 0


def test_recursive_cte_walks_every_document_to_its_tasks(con):
    reached = con.execute("""
        with recursive walk as (
            select node_id, doc_id, level from marts.hierarchy where parent_id is null
            union all
            select h.node_id, h.doc_id, h.level from marts.hierarchy h join walk on h.parent_id = walk.node_id)
        select doc_id, count(*) filter (where level = 3) from walk group by doc_id order by doc_id""").fetchall()
    counts = dict(con.execute("select doc_id, task_count from marts.documents").fetchall())
    assert dict(reached) == counts


def test_parquet_marts_equal_the_warehouse(con, seed_build):
    marts = seed_build[0] / "marts"
    for mart in CONTRACT:
        frame = pl.read_parquet(marts / f"{mart}.parquet")
        assert frame.height == con.execute(f"select count(*) from marts.{mart}").fetchone()[0]


def test_summary_names_counts_and_checks(seed_build):
    out = seed_build[1].stdout
    for word in ("documents", "tasks", "units", "checks passed", "anomalies reported"):
        assert word in out
    assert " 156" in out
