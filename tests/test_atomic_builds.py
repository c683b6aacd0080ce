"""Atomic, idempotent, incremental builds.

- (A build SIGKILLed at each phase boundary and at random moments, and the build after the
  kills: tests/test_publish.py.)
- A changed document is parsed again and replaces its rows; a deleted one leaves every mart;
  a notebook holding a read-only connection and a process reading the Parquet files meanwhile
  do not make the build fail (the notebook keeps reading the old data).

The previous build is the session's seed build (tests/conftest.py), copied; the changed raw
folder and the build runner are tests/helpers/builds.py's.
"""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.helpers.builds import (
    CHANGED,
    DELETED,
    MARTS,
    NEW_TITLE,
    OLD_TITLE,
    changed_raw,
    copy_previous,
    parquet,
    run_build,
    skip_if_parser_changed,
)
from tests.helpers.paths import ROOT

# ---------------------------------------------------------------- incremental, with readers

NOTEBOOK = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("select count(*) from marts.tasks").fetchone()[0], flush=True)
    sys.stdin.readline()   # the build runs meanwhile
    print(con.execute("select count(*) from marts.tasks").fetchone()[0], flush=True)
""")
PARQUET_READER = textwrap.dedent("""
    import sys, time, polars as pl
    reads = errors = 0
    stop = time.monotonic() + 600
    while time.monotonic() < stop:
        for path in sys.argv[1:]:
            try:
                with open(path, "rb") as held:   # hold the file open while reading it
                    pl.read_parquet(held)
                reads += 1
            except Exception as exc:
                errors += 1
                print("error", path, exc, flush=True)
        try:
            open(sys.argv[1] + ".stop").close()
            break
        except FileNotFoundError:
            time.sleep(0.05)
    print("reads", reads, "errors", errors, flush=True)
""")


@pytest.fixture(scope="module")
def incremental(seed_build, tmp_path_factory):
    """Previous build + a build of the changed folder while a notebook holds a read-only
    connection and another process reads the Parquet marts. Returns (out, process, notebook
    counts (before, after), parquet reader's output)."""
    base = tmp_path_factory.mktemp("incremental")
    out = copy_previous(seed_build, base / "out")
    raw = changed_raw(out / "raw", base / "raw_changed")
    python = [sys.executable, "-c"]
    notebook = subprocess.Popen([*python, NOTEBOOK, str(out / "w.duckdb")], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, cwd=ROOT)
    before = int(notebook.stdout.readline())
    files = [str(out / "marts" / f"{m}.parquet") for m in MARTS]
    reader = subprocess.Popen([*python, PARQUET_READER, *files], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        proc = run_build(raw, out)
        after = int(notebook.communicate("go\n", timeout=60)[0])
        Path(files[0] + ".stop").touch()
        read = reader.communicate(timeout=60)[0]
    finally:
        for p in (notebook, reader):
            p.kill()
            p.wait()
        Path(files[0] + ".stop").unlink(missing_ok=True)
    return out, proc, (before, after), read


@pytest.mark.xdist_group("incremental_readers")
def test_build_with_readers_succeeds(incremental):
    out, proc, (before, after), read = incremental
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert before == after == 156, "the notebook keeps reading the previous warehouse"
    assert re.search(r"reads [1-9]\d* errors 0$", read.strip()), read


@pytest.mark.xdist_group("incremental_readers")
def test_only_the_changed_document_is_parsed(incremental, seed_build):
    out, proc = incremental[:2]
    skip_if_parser_changed(seed_build[0], out)
    assert re.search(r"parsed this build +1\b", proc.stdout)
    old = duckdb.connect(str(seed_build[0] / "w.duckdb"), read_only=True)
    new = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        query = "select doc_id, parse_run from intermediate.int_parsed_documents"
        runs_before, runs_after = dict(old.execute(query).fetchall()), dict(new.execute(query).fetchall())
    finally:
        old.close()
        new.close()
    assert runs_after[CHANGED] != runs_before[CHANGED]
    assert DELETED not in runs_after, "the parse of a document no longer staged is dropped"
    del runs_before[CHANGED], runs_before[DELETED], runs_after[CHANGED]
    assert runs_after == runs_before, "the other documents keep the previous build's parse_run"


@pytest.mark.xdist_group("incremental_readers")
def test_changed_document_rows_replaced(incremental, seed_build):
    out = incremental[0]
    skip_if_parser_changed(seed_build[0], out)
    new, old = parquet(out, "tasks"), parquet(seed_build[0], "tasks")
    mine = new.filter(pl.col("doc_id") == CHANGED)
    edited = old.filter(pl.col("doc_id") == CHANGED).with_columns(pl.col("title").str.replace(OLD_TITLE, NEW_TITLE))
    assert mine.get_column("title").str.contains(NEW_TITLE).sum() == 1
    assert mine.equals(edited), "the new rows are the old ones with the edited title, nothing else"
    assert new.filter(pl.col("task_id").is_duplicated()).height == 0
    others = [d for d in new.get_column("doc_id").unique().to_list() if d != CHANGED]
    assert new.filter(pl.col("doc_id").is_in(others)).equals(old.filter(pl.col("doc_id").is_in(others)))


@pytest.mark.xdist_group("incremental_readers")
def test_deleted_document_leaves_every_mart(incremental):
    out = incremental[0]
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        for mart in MARTS:
            assert DELETED not in repr(parquet(out, mart).rows()), mart
            assert DELETED not in repr(con.execute(f"select * from marts.{mart}").fetchall()), mart
    finally:
        con.close()
    units, task_units = parquet(out, "units"), parquet(out, "task_units")
    # every unit is printed, or named by a printed list (task_units.member_unit_ids)
    used = set(task_units.get_column("unit_id")) | set(task_units.get_column("member_unit_ids").explode().drop_nulls())
    assert set(units.get_column("unit_id")) == used
