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
    families = {"tab_table", "pipe_table", "cell_lines", "indented_columns", "pdf_wrapped",
                "narrative", "label_lines", "unknown"}
    present = {p.stem for p in FIXTURE_DIR.glob("*.txt")}
    assert families <= present
    for path in FIXTURE_DIR.glob("*.txt"):
        assert read_fixture(path), path.name
