"""Issue 22 §1 and §3 on a build of the 54 sample documents (tests/fixtures/samples/raw): every
document and unit has a place, a relative name never joins bodies of two jurisdictions, and
`taskmarts units --suggest` offers only pairs a reviewer would accept."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.commands import units
from pipeline.querying import read_only
from tests.helpers.paths import FIXTURES

# Measured on the samples (docs/…, README "Jurisdiction"): 45 of 54 documents are placed; the other
# 9 are excerpts that print no place at all (a bare table of 市… units, a town's 本镇), so the
# floor is today's share, rounded down, below the 0.90.
DOCUMENT_ADCODE_FLOOR = 0.83
# 273 of 314 units that are neither collective nor internal are placed (0.869): the floor
UNIT_ADCODE_FLOOR = 0.80
# share of the suggestions on the samples that the judged fixture calls right: the issue's
# complaint was "most candidates are wrong" (0 of 4 right before the jurisdiction and
# abbreviation rules); at least four in five must be right
SUGGESTION_PRECISION_FLOOR = 0.8


@pytest.fixture(scope="module")
def samples_warehouse(samples_build) -> Path:
    """The samples' warehouse (the run's shared samples build)."""
    return samples_build[0] / "w.duckdb"


@pytest.fixture(scope="module")
def con(samples_warehouse: Path):
    # the configuration `taskmarts units` opens with: DuckDB refuses a second configuration of one file
    c = read_only.connect(samples_warehouse)
    yield c
    c.close()


def test_no_relative_named_unit_spans_two_jurisdictions(con):
    spanning = con.execute("""
        select identity.unit_id, any_value(identity.canonical_name),
               list(distinct coalesce(documents.adcode, documents.doc_id))
        from intermediate.int_unit_identity as identity
        join intermediate.int_unit_names as names using (doc_id, unit_name)
        join marts.documents as documents using (doc_id)
        where names.leading_area_word is not null
        group by identity.unit_id
        having count(distinct coalesce(documents.adcode, documents.doc_id)) > 1""").fetchall()
    assert spanning == []
    # and the example: 市财政局 is one body per city, named by it
    names = {r[0] for r in con.execute(
        "select canonical_name from marts.units where '市财政局' in aliases").fetchall()}
    assert len(names) >= 2 and all(n.endswith("市财政局") and n != "市财政局" for n in names)


def test_documents_have_an_adcode(con):
    placed, total = con.execute("select count(adcode), count(*) from marts.documents").fetchone()
    assert placed / total >= DOCUMENT_ADCODE_FLOOR, f"{placed} of {total} documents placed"
    sources = {r[0] for r in con.execute("select distinct jurisdiction_source from marts.documents").fetchall()}
    assert {"issuer", "title", "preamble", "body"} <= sources


def test_units_that_are_neither_collective_nor_internal_have_an_adcode(con):
    placed, total = con.execute("""
        select count(adcode), count(*) from marts.units
        where not is_collective and kind <> 'internal office'""").fetchone()
    assert placed / total >= UNIT_ADCODE_FLOOR, f"{placed} of {total} units placed"


def test_a_trailing_etc_is_flagged_and_the_unit_is_the_named_one(con):
    rows = con.execute("""
        select task_units.unit_name, task_units.and_others, units.canonical_name, units.is_collective
        from marts.task_units join marts.units using (unit_id)
        where task_units.unit_name = '省农业厅等'""").fetchall()
    assert rows and all(r[1] and r[2] == "陕西省农业厅" and not r[3] for r in rows)


def test_area_words_and_subordinate_units_are_collectives(con):
    rows = dict(con.execute("""
        select task_units.unit_name, bool_and(units.is_collective)
        from marts.task_units join marts.units using (unit_id)
        where task_units.unit_name in ('镇（街道）', '街道', '其他股室及属下单位')
        group by all""").fetchall())
    assert rows == {"镇（街道）": True, "街道": True, "其他股室及属下单位": True}


def _judged() -> dict[tuple[str, str], str]:
    with open(FIXTURES / "unit_suggestions_judged.csv", encoding="utf-8") as f:
        return {(r["alias"], r["canonical"]): r["verdict"] for r in csv.DictReader(f)}


def test_suggestion_precision_on_the_samples(samples_warehouse):
    judged = _judged()
    offered = [(s.alias, s.canonical) for s in units.suggest(samples_warehouse)]
    unjudged = [p for p in offered if p not in judged]
    assert not unjudged, f"judge these in tests/fixtures/unit_suggestions_judged.csv: {unjudged}"
    right = sum(judged[p] == "right" for p in offered)
    precision = right / len(offered) if offered else 1.0
    assert precision >= SUGGESTION_PRECISION_FLOOR, f"{right} of {len(offered)} right: {offered}"


@pytest.mark.parametrize("short, full, expected", [
    ("发改委", "发展和改革委员会", True),
    ("市监局", "市场监督管理局", True),
    ("民政局", "财政局", False),  # siblings
    ("工商质监所", "派出所工商质监所", False),  # the longer only ends with it
    ("财政局", "财政局", False),
])
def test_is_abbreviation(short, full, expected):
    assert units.is_abbreviation(short, full) is expected
