"""A build after some documents changed rebuilds only those (macros/documents_to_rebuild.sql,
pipeline/warehouse/build.py), and its warehouse equals a build from nothing of the same raw folder.

- One document edited, one removed, one added: the build parses those two, its per-document
  models run incrementally (their compiled SQL reads only the documents this build parsed), and
  every table of the raw, intermediate and marts schemas holds exactly the rows a cold build of
  the same folder holds (parse_run, the id of the build that parsed a row, aside).
- A removed document staged again unchanged is parsed again and is back in every mart.
- A change of the dbt project rebuilds the per-document models whole (--full-refresh).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.helpers.builds import run_build
from tests.helpers.paths import FIXTURES, ROOT

EDITED = "002_02af6b1906b9e9a1.txt"
REMOVED = "004_78c1b2ca7f5e9521.txt"
ADDED = "a1_03_jiangmen_wjj_2021_zhubanxieban.txt"
MARK = "（增量构建测试）"
# the compiled int_tasks of an incremental run filters on this (macros/documents_to_rebuild.sql)
INCREMENTAL_FILTER = "where parse_run ="


def edit_longest_line(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    i = max(range(len(lines)), key=lambda k: len(lines[k]))  # the longest line: inside a task
    lines[i] += MARK
    path.write_text("\n".join(lines), encoding="utf-8")


def compiled_int_tasks(out: Path) -> str:
    """The SQL dbt ran for int_tasks in the last build of the warehouse at out/w.duckdb."""
    target = out / ".w.duckdb.versions" / "dbt" / "target"
    return next(target.glob("compiled/*/models/intermediate/int_tasks.sql")).read_text(encoding="utf-8")


def tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    return [f"{s}.{t}" for s, t in con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? "
        "and schema_name in ('raw', 'intermediate', 'marts') order by all", [catalog]).fetchall()]


def differing_rows(left: Path, right: Path) -> dict[str, tuple[int, int]]:
    """table -> (rows only in left, rows only in right) for every table that differs between
    two warehouses, which must hold the same tables."""
    with duckdb.connect() as con:
        con.execute(f"attach '{left}' as l (read_only)")
        con.execute(f"attach '{right}' as r (read_only)")
        names = tables(con, "l")
        assert names == tables(con, "r"), f"tables differ: {sorted(set(names) ^ set(tables(con, 'r')))}"
        out = {}
        for table in names:
            cols = "* exclude (parse_run)" if table.endswith("int_parsed_documents") else "*"
            only = [con.execute(f"select count(*) from (select {cols} from {a}.{table} "
                                f"except all select {cols} from {b}.{table})").fetchone()[0]
                    for a, b in (("l", "r"), ("r", "l"))]
            if any(only):
                out[table] = tuple(only)
        return out


@pytest.fixture(scope="module")
def changed(seed_build, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A copy of the session's seed build, built again after one edit, one removal, one addition."""
    out = tmp_path_factory.mktemp("incremental") / "out"
    shutil.copytree(seed_build[0], out, symlinks=True)
    edit_longest_line(out / "raw" / EDITED)
    (out / "raw" / REMOVED).unlink()
    shutil.copyfile(FIXTURES / "samples" / "raw" / ADDED, out / "raw" / ADDED)
    proc = run_build(out / "raw", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc


@pytest.mark.xdist_group("incremental_build")
def test_changed_documents_are_rebuilt_alone_and_equal_a_cold_build(changed, tmp_path):
    out, proc = changed
    assert INCREMENTAL_FILTER in compiled_int_tasks(out), "the per-document models ran incrementally"
    assert " ".join(next(ln for ln in proc.stdout.splitlines() if "parsed this build" in ln).split()) \
        == "parsed this build 2", proc.stdout
    cold = tmp_path / "cold"
    shutil.copytree(out / "raw", cold / "raw")
    proc = run_build(cold / "raw", cold)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert INCREMENTAL_FILTER not in compiled_int_tasks(cold)
    assert differing_rows(out / "w.duckdb", cold / "w.duckdb") == {}
    with duckdb.connect(str(out / "w.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.tasks where contains(title || requirement, ?)",
                           [MARK]).fetchone()[0] == 1, "the edit reached the marts"
        assert con.execute("select count(*) from marts.hierarchy where doc_id = ?",
                           [Path(REMOVED).stem]).fetchone()[0] == 0, "the removed document left the marts"


@pytest.mark.xdist_group("incremental_build")
def test_a_document_staged_again_is_parsed_again_and_back_in_every_mart(changed, seed_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(changed[0], out, symlinks=True)
    shutil.copyfile(seed_build[0] / "raw" / REMOVED, out / "raw" / REMOVED)
    proc = run_build(out / "raw", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert INCREMENTAL_FILTER in compiled_int_tasks(out)
    doc = Path(REMOVED).stem
    with duckdb.connect(str(out / "w.duckdb"), read_only=True) as mine, \
            duckdb.connect(str(seed_build[0] / "w.duckdb"), read_only=True) as seeds:
        for mart in ("tasks", "hierarchy", "documents"):
            query = f"select count(*) from marts.{mart} where doc_id = ?"
            assert mine.execute(query, [doc]).fetchone()[0] == seeds.execute(query, [doc]).fetchone()[0] > 0, mart


@pytest.mark.xdist_group("incremental_build")
def test_a_change_of_the_dbt_project_rebuilds_every_document(changed, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(changed[0], out, symlinks=True)
    project = tmp_path / "dbt_project"
    shutil.copytree(ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    model = project / "models" / "marts" / "tasks.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "pipeline.cli", "build", "--raw-dir", str(out / "raw"),
           "--warehouse", str(out / "w.duckdb"), "--marts-dir", str(out / "marts")]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          env=dict(os.environ, TASKMARTS_DBT_PROJECT=str(project)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "up to date" not in proc.stdout
    assert INCREMENTAL_FILTER not in compiled_int_tasks(out), "a full refresh after a project change"
