"""The whole build: stage -> dbt build -> Great Expectations -> Parquet, published at once.

Everything is built into a new version folder and published by one atomic switch
(pipeline/publish.py) only after dbt and the critical expectations pass, so a failed or killed
build leaves the previous warehouse, Parquet marts and validation results as they were; the
next build deletes what a killed one left. Readers holding the old files open (a notebook) keep
reading the old version and never block the build.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline import export, publish, transform, validate
from pipeline.records import SCHEMA
from pipeline.stage import StageReport, stage

# A build keeping less than half the published tasks has most likely lost its input (an empty
# or wrong raw folder), not been edited: publishing it needs --allow-shrink.
SHRINK_MIN_SHARE = 0.5


class BuildError(Exception):
    """A build step failed; the message names the step and where (shown as one line)."""


@dataclass
class BuildResult:
    """What a build produced; exit_code is 0 (success, anomalies included) or 1 (failure, or
    documents quarantined); published tells whether the new marts replaced the old ones."""

    exit_code: int = 0
    published: bool = False
    staged: StageReport | None = None
    dbt: transform.DbtOutcome | None = None
    validation: validate.ValidationReport | None = None
    counts: dict[str, int] = field(default_factory=dict)
    anomalies: list[tuple] = field(default_factory=list)
    unparsed: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, first reason)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _drop_stale_parse(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the incremental parse table when an older release wrote it with other columns or
    column types (a field added inside the task struct, say): dbt would otherwise fail
    inserting new rows into it. Every document is then parsed again."""
    cols = con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = 'intermediate' "
        "and table_name = 'int_parsed_documents' order by ordinal_position").fetchall()
    expected = con.from_arrow(SCHEMA.empty_table())
    if cols and cols != list(zip(expected.columns, map(str, expected.types))):
        con.execute("drop table intermediate.int_parsed_documents")


def _summarise(warehouse: Path, result: BuildResult) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for mart in ("documents", "tasks", "units", "task_units"):
            result.counts[mart] = con.sql(f"select count(*) from marts.{mart}").fetchone()[0]
        result.anomalies = con.sql(
            "select doc_id, level, expected_no, found_no, issue, line_no from marts.numbering_issues "
            "order by doc_id, line_no").fetchall()
        # documents whose body looked task-like but gave no task: a parser failure to look at
        result.unparsed = con.sql(
            "select doc_id, coalesce(parse_reasons[1], 'no reason given') from intermediate.int_current_parses "
            "where parse_status = 'unparsed' order by doc_id").fetchall()
        result.warnings += [w for (w,) in con.sql(
            "select unnest(warnings) from intermediate.int_current_parses").fetchall()]
        result.counts["parsed"] = con.execute(
            "select count(*) from intermediate.int_parsed_documents where parse_run = ?",
            [os.environ.get("TASKMARTS_BUILD_ID")]).fetchone()[0]
    finally:
        con.close()


def _blame(warehouse: Path, report: validate.ValidationReport) -> dict[str, str] | None:
    """sha256 -> reason for the documents behind the critical findings, or None when a finding
    cannot be traced to tasks of particular documents (then the pipeline itself is wrong)."""
    critical = [f for f in report.findings if f.severity == "critical"]
    if not critical or any(f.mart not in ("tasks", "task_units") or not f.ids for f in critical):
        return None
    failed_by_task: dict[str, list[str]] = {}
    for f in critical:
        for task_id in f.ids:
            failed_by_task.setdefault(task_id, []).append(f"{f.expectation} on {f.column}")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "select t.task_id, t.line_start, d.sha256 from marts.tasks t "
            "join marts.documents d using (doc_id) where list_contains(?, t.task_id) order by t.task_id",
            [list(failed_by_task)]).fetchall()
    finally:
        con.close()
    blamed: dict[str, str] = {}
    for task_id, line, sha256 in rows:
        reason = f"line {line}: task {task_id} failed {', '.join(failed_by_task[task_id])}"
        blamed[sha256] = f"{blamed[sha256]}; {reason}" if sha256 in blamed else reason
    return blamed or None


def build(raw_dir: Path, warehouse: Path, marts_dir: Path, progress=None, allow_shrink: bool = False) -> BuildResult:
    """Build the marts of every *.txt in raw_dir and publish them at `warehouse` and `marts_dir`.

    Everything is written into a new version folder (pipeline/publish.py) and published by one
    atomic switch after dbt and the critical expectations pass, so a failed or killed build
    leaves the previous warehouse, Parquet marts and validation results as they were. When
    critical expectations fail only on tasks of particular documents, those documents are
    quarantined (left out, logged in marts.ingest_log with the task and line) and the others are
    built and published: one bad document never stops the rest. The exit code is then still 1.
    A build with no document, or with fewer than SHRINK_MIN_SHARE of the published build's
    tasks, is not published unless allow_shrink.
    progress: optional object with step(name), item(text) methods for display.
    Returns a BuildResult: exit_code 0, or 1 when a dbt node fails, a critical expectation fails
    or the build would shrink (published is False) or documents were quarantined (published is
    True). Raises FileNotFoundError when raw_dir is missing, BuildError when the warehouse folder
    cannot be written and publish.BuildBusy when another build of this warehouse is running.
    """
    result = BuildResult()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(warehouse.parent, os.W_OK):
        raise BuildError(f"cannot write the warehouse folder: {warehouse.parent}")
    # absolute: GX reports absolute paths, and a relative default (data/warehouse.duckdb) must map onto them
    store = publish.Store(warehouse.absolute(), marts_dir.absolute())
    with store.lock():
        publish.remove_leftovers(store)
        result.warnings += publish.remove_stale_wal(store)
        previous, damaged = publish.usable_previous(store)
        result.warnings += [damaged] if damaged else []
        build_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        os.environ["TASKMARTS_BUILD_ID"] = build_id
        version = store.version(build_id)
        version.mkdir(parents=True)
        try:
            if _build_version(raw_dir, previous, version, result, progress or _Silent(), allow_shrink):
                publish.switch(store, version)
                result.published = True
                _summarise(store.warehouse, result)
                if result.validation and result.validation.data_docs:
                    result.validation.data_docs = store.validation_dir / result.validation.data_docs.relative_to(
                        version / "validation")
        finally:
            if not result.published:
                shutil.rmtree(version, ignore_errors=True)
    return result


def _build_version(raw_dir: Path, previous: Path | None, version: Path, result: BuildResult, say,
                   allow_shrink: bool) -> bool:
    """Write warehouse, Parquet marts and validation results into `version`; True when they may
    be published (errors recorded in result otherwise)."""
    temp = version / "warehouse.duckdb"
    if previous is not None:
        # start from the previous build so unchanged documents are not parsed again
        shutil.copyfile(previous, temp)
    quarantine: dict[str, str] = {}
    # GX takes ~10 s to import: a spawned worker pays that while staging and dbt run; the pool
    # is terminated on leaving (an interrupt included), so no worker outlives the build
    with multiprocessing.get_context("spawn").Pool(1, initializer=_ignore_ctrl_c) as pool:
        warm = pool.apply_async(validate.warm_up)
        while True:
            if not _stage_and_transform(raw_dir, temp, quarantine, result, say):
                return False
            say.step("validate")
            warm.get()
            result.validation = pool.apply(validate.validate_warehouse, (temp, version / "validation"))
            if not result.validation.critical_failed:
                break
            result.errors += [f.message() for f in result.validation.findings if f.severity == "critical"]
            result.exit_code = 1
            blamed = _blame(temp, result.validation)
            if quarantine or not blamed or len(blamed) >= len(result.staged.staged):
                return False  # not confined to some documents: publish nothing
            quarantine = blamed  # one more pass without them
    shrink = _shrinks(previous, temp)
    if shrink and not allow_shrink:
        result.errors.append(shrink)
        result.exit_code = 1
        return False
    say.step("export")
    export.write_parquet(temp, version / "marts")
    return True


def _ignore_ctrl_c() -> None:
    """In the validation worker: Ctrl-C reaches the whole process group, and the build stops the
    worker itself (the pool is terminated), so the worker must not print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _task_count(warehouse: Path) -> tuple[int, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.sql("select (select count(*) from marts.documents), (select count(*) from marts.tasks)").fetchone()
    finally:
        con.close()


def _shrinks(previous: Path | None, new: Path) -> str | None:
    """Why publishing `new` over `previous` would lose most of the data, or None when it would
    not: no document at all, or fewer than SHRINK_MIN_SHARE of the published tasks."""
    docs, tasks = _task_count(new)
    old_docs, old_tasks = _task_count(previous) if previous is not None else (0, 0)
    if docs and tasks >= SHRINK_MIN_SHARE * old_tasks:
        return None
    return (f"not published: this build has {docs} document(s) and {tasks} task(s), the published one "
            f"{old_docs} and {old_tasks}; publishing would lose {old_tasks - tasks} task(s). Check the raw "
            "folder, or pass --allow-shrink to publish anyway")


def _stage_and_transform(raw_dir: Path, temp: Path, quarantine: dict[str, str],
                         result: BuildResult, say) -> bool:
    """Stage raw_dir into temp and run dbt; False (errors recorded) when dbt fails."""
    say.step("stage")
    con = duckdb.connect(str(temp))
    try:
        result.staged = stage(raw_dir, con, progress=lambda p: say.item(p.name), quarantine=quarantine)
        _drop_stale_parse(con)
    finally:
        con.close()
    say.step("dbt build")
    result.dbt = transform.run_build(temp, on_node=lambda name, status: say.item(f"{name} {status}"))
    if not result.dbt.success:
        result.errors += result.dbt.failures or ["dbt build failed"]
        result.exit_code = 1
    return result.dbt.success


class _Silent:
    def step(self, name: str) -> None:
        pass

    def item(self, text: str) -> None:
        pass
