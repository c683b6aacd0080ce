"""Atomic, idempotent, incremental builds.

- A build SIGKILLed at several points (staging, dbt, validation, export) leaves the previous
  warehouse and Parquet marts byte-for-byte as they were and readable, and the next build
  succeeds.
- Building unchanged input again parses nothing and gives identical Parquet marts.
- A changed document is parsed again and replaces its rows; a deleted one leaves every mart;
  a notebook holding a read-only connection and a process reading the Parquet files meanwhile
  do not make the build fail (the notebook keeps reading the old data).

The previous build is the session's seed build (tests/conftest.py), copied; the changed raw
folder and the build runner are tests/helpers/builds.py's.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.helpers.builds import (
    CHANGED,
    DELETED,
    NEW_TITLE,
    OLD_TITLE,
    Build,
    changed_raw,
    copy_previous,
    digests,
    my_version,
    run_build,
    versions,
)
from tests.helpers.paths import ROOT

MARTS = ["citations", "documents", "hierarchy", "ingest_log", "lineage_coverage", "numbering_issues", "task_links",
         "task_units", "tasks", "units"]
# marts a build may leave empty: no numbering anomaly, or no document citing another one of the corpus
MAY_BE_EMPTY = ("numbering_issues", "task_links", "lineage_coverage")


def parquet(out: Path, mart: str) -> pl.DataFrame:
    frame = pl.read_parquet(out / "marts" / f"{mart}.parquet")
    return frame.sort([c for c, t in frame.schema.items() if not t.is_nested()])


def readable(out: Path) -> int:
    """Open the warehouse and every Parquet mart; returns the number of tasks."""
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        tasks = con.execute("select count(*) from marts.tasks").fetchone()[0]
    finally:
        con.close()
    for mart in MARTS:
        assert parquet(out, mart).height > 0 or mart in MAY_BE_EMPTY
    assert parquet(out, "tasks").height == tasks
    return tasks


def skip_if_parser_changed(previous: Path, out: Path) -> None:
    """Comparisons with the previous build only hold for the same parser: skip (saying so) when
    its source was edited while the tests ran, which makes every document parse again."""
    versions = []
    for path in (previous / "w.duckdb", out / "w.duckdb"):
        con = duckdb.connect(str(path), read_only=True)
        try:
            versions.append(con.execute("select min(parser_version) from intermediate.int_parsed_documents "
                                        "join marts.documents using (doc_id, sha256)").fetchone()[0])
        finally:
            con.close()
    if versions[0] != versions[1]:
        pytest.skip(f"parser source changed during the test run ({versions[0]} -> {versions[1]})")


def wait_for_file(pattern_dir: Path, glob: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not list(pattern_dir.glob(glob)):
        assert time.monotonic() < deadline, f"no {glob} in {pattern_dir}"
        time.sleep(0.02)


# ---------------------------------------------------------------- SIGKILL at several points

@pytest.fixture(scope="module")
def kill_site(seed_build, tmp_path_factory):
    """(out, changed raw folder, digests of the previous build) shared by the kill tests."""
    base = tmp_path_factory.mktemp("kill")
    out = copy_previous(seed_build, base / "out")
    raw = changed_raw(out / "raw", base / "raw_changed")
    return out, raw, digests(out)


def at_staging(build: Build, out: Path) -> None:
    wait_for_file(versions(out), f"v-*-{build.proc.pid}/warehouse.duckdb")
    time.sleep(0.3)


def in_dbt(build: Build, out: Path) -> None:
    build.wait_for("  stage:")
    time.sleep(4)


def in_validation(build: Build, out: Path) -> None:
    """Validation of the seeds takes 0.6-1.4 s here: 0.1 s after dbt's line is inside it."""
    build.wait_for("  dbt build:")
    time.sleep(0.1)


def in_export(build: Build, out: Path) -> None:
    """Kill once the first Parquet file is in the new version's marts folder: the export takes
    only ~40 ms for the seeds, so this polls without sleeping."""
    build.wait_for("  dbt build:")
    deadline = time.monotonic() + 120
    while not list((my_version(build, out) / "marts").glob("*.parquet")):
        assert time.monotonic() < deadline and build.proc.poll() is None, "no export seen"


@pytest.mark.xdist_group("kill_site")
@pytest.mark.parametrize("when, done", [
    (at_staging, []),
    (in_dbt, ["stage"]),
    (in_validation, ["stage", "dbt build"]),
    (in_export, ["stage", "dbt build", "validate"]),
], ids=["staging", "dbt", "validation", "export"])
def test_sigkill_keeps_previous_build(kill_site, when, done):
    out, raw, before = kill_site
    build = Build(raw, out)
    try:
        when(build, out)
        build.kill()
        assert build.steps_done() == done, "killed in the step meant"
        assert digests(out) == before
        assert readable(out) == 156
        build.kill_group()  # the orphans: nothing they were doing may change the picture
        assert digests(out) == before
    finally:
        build.kill_group()


@pytest.mark.xdist_group("kill_site")
def test_build_after_kills_succeeds_and_is_idempotent(kill_site, seed_build):
    """Unchanged input (the seed raw folder of the previous build) after the killed builds,
    built with --force (without it the build has nothing to do: tests/test_noop_build.py):
    the build succeeds, parses nothing, removes what the killed builds left (their version
    folders), and its Parquet marts equal the previous ones row for row."""
    out = kill_site[0]
    previous = seed_build[0]
    proc = run_build(out / "raw", out, "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    skip_if_parser_changed(previous, out)
    assert re.search(r"parsed this build +0\b", proc.stdout)
    for mart in MARTS:
        assert parquet(out, mart).equals(parquet(previous, mart)), mart
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".w.duckdb.versions"]
    store = sorted(p.name for p in versions(out).iterdir())
    kept = sorted(os.readlink(versions(out) / n) for n in ("current", "previous"))
    # dbt's target/ (partial parsing) is kept beside the versions
    assert store == sorted(["build.lock", "current", "dbt", "previous", *kept]), "only the two last versions stay"
    assert sorted(p.name for p in (out / "marts").iterdir()) == sorted(f"{m}.parquet" for m in MARTS)


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
