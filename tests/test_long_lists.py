"""Long lists: item numbers of any length are read (no item is lost past 999), a 序号 column runs
past 9,999, and a number that cannot be read is reported in marts.numbering_issues instead of
being lost. Functional only: parse speed is a figure of benchmarks/bench_parse.py --scale."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.parse import parse_document
from tests.helpers.builds import run_build

HEAD = "关于印发2024年重点工作任务的通知\n县人民政府办公室\n\n"


def narrative(n: int) -> str:
    """A notice whose one section holds n numbered items, each naming its unit in a trailer."""
    return HEAD + "一、总体要求\n" + "".join(f"{i}. 完成第{i}项工作。（责任单位：县财政局）\n" for i in range(1, n + 1))


def numbered_title_table(n: int) -> str:
    """A tab table of n rows whose task cells carry the number ("1000. 公开…")."""
    rows = "".join(f"{i}. 公开第{i}项工作。\t按时公开。\t区财政局\t各街道\n" for i in range(1, n + 1))
    return HEAD + "工作任务\t工作要求\t牵头单位\t责任单位\n一、加强政务公开\t\t\t\n" + rows


def seq_column_table(n: int) -> str:
    """A table of n rows with a 序号 column, flattened one cell per line (the row boundaries are
    found from the bare 序号 cells)."""
    rows = "".join(f"{i}\n完成第{i}项工作。\n县财政局\n2024年底前\n" for i in range(1, n + 1))
    return HEAD + "序号\n工作任务\n责任单位\n完成时限\n" + rows


# Numerals the parser recognises as markers but cannot read: an ill-formed one (十十) and one past
# what cn_to_int reads (万). Each must be reported, never silently dropped or misread.
UNREADABLE_SECTION = HEAD + "".join(
    f"（{no}）{name}\n1. 完成{name}工作。（责任单位：县财政局）\n"
    for no, name in (("一", "规划"), ("二", "建设"), ("十十", "管理"), ("四", "服务")))
UNREADABLE_ARTICLE = HEAD + "".join(
    f"第{no}条 做好第{i}项工作。（责任单位：县财政局）\n"
    for i, no in enumerate(("一", "二", "一万零三", "四"), 1))


def test_1200_item_narrative_gives_1200_tasks():
    doc = parse_document(narrative(1200))
    assert [t.task_no for t in doc.tasks] == [str(i) for i in range(1, 1201)]
    assert doc.tasks[-1].title == "完成第1200项工作。"


def test_1200_row_table_keeps_numbers_out_of_titles():
    doc = parse_document(numbered_title_table(1200))
    assert len(doc.tasks) == 1200
    assert [t.task_no for t in doc.tasks] == [str(i) for i in range(1, 1201)]
    assert [t.title for t in doc.tasks if not t.title.startswith("公开第")] == []


def test_seq_column_past_9999_rows():
    doc = parse_document(seq_column_table(10_001))
    assert [t.task_no for t in doc.tasks] == [str(i) for i in range(1, 10_002)]
    assert doc.tasks[-1].title == "完成第10001项工作。"


def test_four_digit_items_but_not_dates_or_years():
    """Item numbers past 999 are read; a date or a year at a line start is still no item."""
    text = HEAD + ("一、总体要求\n999. 建成主体工程。（责任单位：县住建局）\n2024.6.30前完成验收。\n"
                   "2024年起全面推开。\n2023、2024年连续开展。\n1000. 完成验收。（责任单位：县财政局）\n")
    assert [t.task_no for t in parse_document(text).tasks] == ["999", "1000"]


def test_unreadable_numerals_are_kept_as_printed():
    sections = parse_document(UNREADABLE_SECTION)
    assert [h.numeral for h in sections.headings] == ["一", "二", "十十", "四"]
    articles = parse_document(UNREADABLE_ARTICLE)
    assert [t.task_no for t in articles.tasks] == ["一", "二", "一万零三", "四"]


@pytest.fixture(scope="module")
def long_build(tmp_path_factory) -> Path:
    """One build of the long and the unreadable documents; returns the warehouse path."""
    out = tmp_path_factory.mktemp("long_lists")
    raw = out / "raw"
    raw.mkdir()
    docs = {"n1200": narrative(1200), "n10001": narrative(10_001),
            "bad_section": UNREADABLE_SECTION, "bad_article": UNREADABLE_ARTICLE}
    for name, text in docs.items():
        (raw / f"{name}.txt").write_text(text, encoding="utf-8")
    proc = run_build(raw, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "w.duckdb"


def query(warehouse: Path, sql: str, *params) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.mark.xdist_group("long_lists")
def test_long_lists_build_without_numbering_issues(long_build):
    counts = query(long_build, "select doc_id, count(*), count(distinct task_id), min(task_no::int), "
                               "max(task_no::int) from marts.tasks where doc_id like 'n%' group by 1 order by 1")
    assert counts == [("n10001", 10_001, 10_001, 1, 10_001), ("n1200", 1200, 1200, 1, 1200)]
    assert query(long_build, "select * from marts.numbering_issues where doc_id like 'n%'") == []


@pytest.mark.xdist_group("long_lists")
def test_unreadable_numbers_are_numbering_issues(long_build):
    rows = query(long_build, "select doc_id, level, expected_no, found_no, issue from marts.numbering_issues "
                             "order by doc_id, line_no")
    assert rows == [("bad_article", "task", "3", "一万零三", "unreadable"),
                    ("bad_section", "l2", "三", "十十", "unreadable")]
