"""docs/queries.sql: every worked query parses out of the file and returns at least one row on a
read-only connection to the seed build's warehouse."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from tests.helpers.paths import ROOT

QUERIES_FILE = ROOT / "docs" / "queries.sql"
NAME = re.compile(r"^--\s*name:\s*(?P<slug>[a-z0-9][a-z0-9-]*)\s*$")


def parse_queries(text: str) -> list[tuple[str, str, str]]:
    """Split a queries file into (slug, one-line description, sql) per `-- name: <slug>` block.

    The description is the first comment line after the name line; text before the first name line
    is the file's header and is ignored. Raises ValueError for a block without description or SQL.
    """
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        match = NAME.match(line.strip())
        if match:
            blocks.append((match["slug"], []))
        elif blocks:
            blocks[-1][1].append(line)
    queries = []
    for slug, lines in blocks:
        if not lines or not lines[0].lstrip().startswith("--") or not lines[0].lstrip("- ").strip():
            raise ValueError(f"{slug}: the line after `-- name:` must be a one-line comment")
        sql = "\n".join(lines[1:]).strip().rstrip(";").strip()
        if not sql:
            raise ValueError(f"{slug}: no SQL")
        queries.append((slug, lines[0].lstrip("- ").strip(), sql))
    return queries


QUERIES = parse_queries(QUERIES_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def con(seed_warehouse: Path):
    c = duckdb.connect(str(seed_warehouse), read_only=True)
    yield c
    c.close()


def test_twelve_named_queries():
    slugs = [slug for slug, _, _ in QUERIES]
    assert len(slugs) == 12 and len(set(slugs)) == 12, slugs


def test_organisation_queries_leave_out_collectives_and_follow_one_unit(con):
    sql = dict((slug, sql) for slug, _, sql in QUERIES)
    top = con.execute(f"select canonical_name from ({sql['top-organisations-by-lead-tasks']})").fetchall()
    assert top and not any(name.startswith("各") for (name,) in top)
    rows = con.execute(f"select doc_id, printed_as from ({sql['one-organisation-across-documents']})").fetchall()
    assert {printed for _, printed in rows} == {"各设区市政府", "各设区市人民政府"}
    assert len({doc for doc, _ in rows}) == 2


def test_outline_query_is_a_recursive_walk_from_the_root():
    sql = dict((slug, sql) for slug, _, sql in QUERIES)["document-outline"].lower()
    assert "with recursive" in sql and "parent_id is null" in sql and "marts.hierarchy" in sql


@pytest.mark.parametrize("slug,description,sql", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_returns_rows(con, slug, description, sql):
    rows = con.execute(sql).fetchall()
    assert len(rows) >= 1, f"{slug} ({description}) returned no rows on the seeds"


def test_numbering_anomalies_show_the_002_gap(con):
    sql = dict((slug, sql) for slug, _, sql in QUERIES)["numbering-anomalies"]
    rows = con.execute(f"select doc_id, level, expected_no, found_no from ({sql})").fetchall()
    assert ("002_02af6b1906b9e9a1", "l2", "十一", "十二") in rows


def test_outline_skips_the_missing_heading(con):
    sql = dict((slug, sql) for slug, _, sql in QUERIES)["document-outline"]
    lines = [line for (line,) in con.execute(f"select outline_line from ({sql})").fetchall()]
    assert lines[0].startswith("2018年") and any(line.strip().startswith("（十二）") for line in lines)
    assert not any(line.strip().startswith("（十一）") for line in lines)
