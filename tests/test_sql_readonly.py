"""`taskmarts sql` is read-only for real: one SELECT (or EXPLAIN of one) on a connection that
cannot touch files, change settings or load extensions; a damaged warehouse is one clear line.
Runs the command in-process (pipeline.cli.main) on a small warehouse made here."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create table marts.tasks as select 1 as task_id, '任务' as title")
    con.close()
    return path


def sql(capsys, warehouse: Path, query: str) -> tuple[int, str, str]:
    code = main(["sql", query, "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_copy_over_the_warehouse_is_refused(capsys, warehouse):
    before = digest(warehouse)
    code, out, err = sql(capsys, warehouse, f"COPY (select 1) TO '{warehouse}'; select 'ok'")
    assert code == 2 and err.startswith("taskmarts: error:") and "ok" not in out
    assert digest(warehouse) == before


@pytest.mark.parametrize("query, refused", [
    ("copy (select 1) to '{dir}/out.csv'", "COPY"),
    ("attach '{dir}/other.duckdb' (read_only false)", "ATTACH"),
    ("load httpfs", "LOAD"),
    ("set threads = 1", "SET"),
    ("pragma threads = 1", "SET"),
    ("create table marts.x (a int)", "CREATE"),
    ("delete from marts.tasks", "DELETE"),
    ("explain analyze copy (select 1) to '{dir}/out.csv'", "COPY"),
])
def test_statement_other_than_select_is_refused_by_name(capsys, warehouse, query, refused):
    code, out, err = sql(capsys, warehouse, query.format(dir=warehouse.parent))
    assert code == 2, err
    assert err.startswith("taskmarts: error:") and refused in err and "read-only" in err
    assert sorted(os.listdir(warehouse.parent)) == ["warehouse.duckdb"]


def test_two_statements_are_refused(capsys, warehouse):
    code, out, err = sql(capsys, warehouse, "select 1; select 2")
    assert code == 2 and "one statement" in err and out == ""


def test_files_outside_the_warehouse_cannot_be_read(capsys, warehouse):
    code, out, err = sql(capsys, warehouse, "select * from read_text('/etc/passwd')")
    assert code == 2 and "root:" not in out and err.startswith("taskmarts: error:")


@pytest.mark.parametrize("query", ["select title from marts.tasks", "with t as (select 1 as n) select n from t",
                                   "explain select * from marts.tasks", "describe marts.tasks"])
def test_reading_queries_still_run(capsys, warehouse, query):
    code, out, err = sql(capsys, warehouse, query)
    assert code == 0, err
    assert "(" in out and "rows)" in out


def test_warehouse_behind_a_symlink_is_read(capsys, warehouse):
    """Guard (passes before the fix too): the hardened connection still opens a symlinked file."""
    link = warehouse.parent / "current.duckdb"
    link.symlink_to(warehouse.name)
    code, out, err = sql(capsys, link, "select title from marts.tasks")
    assert code == 0 and "任务" in out, err


@pytest.mark.parametrize("content", [b"", b"task_id,title\n1,x\n" * 500], ids=["zero-bytes", "csv-bytes"])
def test_damaged_warehouse_is_one_clear_line(capsys, tmp_path, content):
    path = tmp_path / "warehouse.duckdb"
    path.write_bytes(content)
    code, out, err = sql(capsys, path, "select 1")
    assert code == 2
    assert err.startswith("taskmarts: error:") and "damaged" in err and "taskmarts build" in err
    assert err.count("\n") == 1 and path.read_bytes() == content
