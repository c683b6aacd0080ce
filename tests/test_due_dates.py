"""Due dates (pipeline/parse/due_dates.py): real deadline phrases from the seeds and samples resolve
to the due_text, due_date and due_kind listed in tests/fixtures/due_phrases.tsv, and the seed
build carries them into marts.tasks."""
from __future__ import annotations

import csv
import datetime as dt

import duckdb
import pytest

from pipeline.parse.due_dates import Due, due, milestones, number
from tests.helpers.paths import FIXTURES


def _phrases() -> list[dict]:
    with open(FIXTURES / "due_phrases.tsv", encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return list(rows)


PHRASES = _phrases()


@pytest.mark.parametrize("row", PHRASES, ids=[f"{r['where']}:{r['phrase'][:12]}" for r in PHRASES])
def test_phrase_resolves_as_listed(row):
    year = int(row["year"]) if row["year"] else None
    if row["where"] == "deadline":
        got = due(row["phrase"], "", "", year)
    else:
        got = due(None, row["phrase"], "", year)
    assert got.text == (row["due_text"] or None)
    assert got.date == (dt.date.fromisoformat(row["due_date"]) if row["due_date"] else None)
    assert got.kind == (row["due_kind"] or None)


def test_fixture_has_every_kind_and_real_phrases():
    assert {r["due_kind"] for r in PHRASES} >= {"date", "recurring", "ongoing", ""}
    assert sum(r["source"].endswith(".txt") for r in PHRASES) >= 15


def test_the_deadline_cell_wins_over_the_text():
    got = due("长期推进", "2021年底前完成", "", 2021)
    assert (got.text, got.date, got.kind) == ("长期推进", None, "ongoing")


def test_requirement_first_then_title():
    assert due(None, "", "持续推进公开", 2021).kind == "ongoing"
    assert due(None, "年底前完成", "持续推进公开", 2021).date == dt.date(2021, 12, 31)
    assert due(None, None, None, 2021) == due(None, "", "", None)


def test_chinese_numerals_through_cn2an():
    assert [number(n) for n in ("十二", "二〇二一", "二○二一", "１２", "7")] == [12, 2021, 2021, 12, 7]


def test_an_inherited_year_is_kept_and_every_milestone_listed():
    text = "2018年10月底前配合编制完成清单，年底前要通过网站公开，次年3月底前总结"
    assert due(None, text, None, None) == Due("2018年底前", dt.date(2018, 12, 31), "date")
    assert milestones(None, text, None, 2017) == [
        ("2018年10月底前", dt.date(2018, 10, 31)), ("2018年底前", dt.date(2018, 12, 31)),
        ("次年3月底前", dt.date(2018, 3, 31))]  # 次年 is the document's next year, not the carried one
    assert milestones("6月底前；12月底前", "年底前完成", None, 2021) == [
        ("6月底前", dt.date(2021, 6, 30)), ("12月底前", dt.date(2021, 12, 31))]  # the cell wins
    assert milestones(None, "持续推进", None, 2021) == []


def test_seed_build_sets_due_dates(seed_warehouse):
    con = duckdb.connect(str(seed_warehouse), read_only=True)
    try:
        rows = con.sql("select due_kind, count(*), count(due_date) from marts.tasks group by all").fetchall()
        dated = con.sql("select task_id, due_text, due_date from marts.tasks where due_date is not null "
                        "order by task_id").fetchall()
        deadline_nulls = con.sql("select count(*) from marts.tasks where deadline is not null").fetchone()[0]
        latest = con.sql("select count(*) from marts.tasks where due_kind = 'date' and due_date is distinct from "
                         "list_max(list_transform(milestones, m -> m.due_date))").fetchone()[0]
    finally:
        con.close()
    kinds = {kind: (n, with_date) for kind, n, with_date in rows}
    assert kinds["date"] == (5, 5)  # every seed task whose text states a date
    assert kinds["recurring"][1] == 0 and kinds[None][1] == 0
    assert ("2021年底前", dt.date(2021, 12, 31)) in [(t, d) for _, t, d in dated]
    assert ("2022年上半年", dt.date(2022, 6, 30)) in [(t, d) for _, t, d in dated]
    assert latest == 0  # due_date is the latest milestone
    assert deadline_nulls == 0  # deadline itself is unchanged: the seeds have no deadline column
