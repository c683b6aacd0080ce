"""The parser's behaviour spec: one fixture file per layout family, read by one parametrised test.

The fixture format and its reader are in tests/helpers/layout_fixtures.py.
"""
from __future__ import annotations

import pytest

from pipeline.parse import parse_document
from tests.helpers.layout_fixtures import (
    FIXTURE_DIR,
    OPTIONAL_KEYS,
    REQUIRED_KEYS,
    Case,
    all_cases,
    expected_record,
    norm,
    read_fixture,
    task_record,
)


def _params():
    out = []
    for case in all_cases():
        marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_layout_fixture(case: Case) -> None:
    """Layout, every task's fields and units (and meta, when given) match the fixture."""
    doc = parse_document(case.input)
    got = [task_record(t) for t in doc.tasks]
    want = []
    for obj in case.expect:
        keys = list(REQUIRED_KEYS) + [k for k in OPTIONAL_KEYS if k in obj]
        want.append(expected_record(obj, keys))
    got_cut = [{k: g[k] for k in w} for g, w in zip(got, want)] + got[len(want):]
    assert (doc.layout, got_cut) == (case.layout, want)
    if case.meta:
        meta = {k: getattr(doc.meta, k) for k in case.meta}
        assert {k: norm(v) for k, v in meta.items()} == {k: norm(v) for k, v in case.meta.items()}


def test_fixture_files_exist() -> None:
    """Every layout family has a fixture file, and every file has at least one case."""
    families = {"tab_table", "csv_table", "pipe_table", "cell_lines", "cell_stream", "indented_columns", "headerless_table", "pdf_wrapped",
                "narrative", "label_lines", "unknown"}
    present = {p.stem for p in FIXTURE_DIR.glob("*.txt")}
    assert families <= present
    for path in FIXTURE_DIR.glob("*.txt"):
        assert read_fixture(path), path.name


MERGED_SEQ = "\n\n".join([
    "2016年民生实事目标任务分解表", "序号", "民生实事", "责任单位", "完成时限",
    "1", "启动县图书馆新馆建设。", "县文广新局", "6月底前",
    "2", "开工建设县老年养护楼。", "县民政局", "5月底前",
    "开工建设老年大学。", "12月底前",  # a continuation row: 序号 and 责任单位 merged from above
    "3", "迁建县政务服务中心。", "县发改局", "9月底前"])


def test_a_continuation_row_takes_its_number_from_the_merged_cell_without_printing_it() -> None:
    """The row under a merged 序号 cell keeps the number (the labelling convention) but is marked
    as not printing it, so numbering_issues reports no repeat there."""
    tasks = parse_document(MERGED_SEQ).tasks
    assert [(t.task_no, t.task_no_inherited) for t in tasks] == [("1", False), ("2", False), ("2", True), ("3", False)]
    assert [u.name for u in tasks[2].units] == ["县民政局"]
