"""The whole build: stage -> dbt build -> Great Expectations -> Parquet, published at once.

Everything is built into a new version folder and published by one atomic switch
(pipeline/warehouse/publish.py) only after dbt and the critical expectations pass, so a failed or killed
build leaves the previous warehouse, Parquet marts and validation results as they were; the
next build deletes what a killed one left. Readers holding the old files open (a notebook) keep
reading the old version and never block the build.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.quality import validate, validation_report
from pipeline.warehouse import (
    dbt_runner,
    fingerprint,
    parquet_marts,
    publish,
    shrink_guard,
    stopping,
)
from pipeline.warehouse.stage import StageReport, stage

# Passes run again without quarantined documents: one after dbt's data tests blame documents, one
# after Great Expectations' cross-table checks do. Failures still moving after that point at the
# pipeline, not at some documents, and each pass costs a whole dbt build.
QUARANTINE_PASSES = 2
# How much lower the validation worker's priority is (os.nice): it only yields the CPU to staging
# and dbt while both run; at the validate step nothing else runs and it has the machine
VALIDATION_NICENESS = 10
# dbt's target/ and logs/ between the builds of one warehouse, in its versions folder
DBT_STATE = "dbt"
# a failed build's validation folder, kept in the versions folder until the next failure: the
# summary names its report, and the build's own version folder is deleted
FAILED_REPORT = "failed-validation"


class BuildError(Exception):
    """A build step failed; the message names the step and where (shown as one line)."""


class NoDocuments(ValueError):
    """The raw folder holds no .txt file (a usage error: exit code 2); the message names it."""


@dataclass
class BuildResult:
    """What a build produced; exit_code is 0 (success, anomalies included) or 1 (failure, or
    documents quarantined); published tells whether the new marts replaced the old ones."""

    exit_code: int = 0
    published: bool = False
    staged: StageReport | None = None
    dbt: dbt_runner.DbtOutcome | None = None
    validation: validate.ValidationReport | None = None
    report_page: Path | None = None  # the validation report (report.html) of the last pass
    up_to_date: bool = False  # nothing changed since the published clean build: nothing was done
    counts: dict[str, int] = field(default_factory=dict)
    anomalies: list[tuple] = field(default_factory=list)
    unparsed: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, first reason)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def drop_stale_parse(con: duckdb.DuckDBPyConnection) -> None:
    """Drop intermediate.int_parsed_documents in `con` unless it holds rows and this parser
    (fingerprint.parser_fingerprint(), their parser_version) wrote every one: every document is
    then parsed again, as it would be anyway, into a table of the record this parser ships.
    A changed parser may ship another record (a field added inside the task struct), which
    dbt's incremental insert cannot take: `on_schema_change: sync_all_columns` detects the
    nested change, but its ALTER and the Python model's insert run in two DuckDB transactions and
    the commit fails, so the model's .yml sets `fail` (a hand-run `dbt build` stops with dbt's
    message). Returns None; raises duckdb.Error when the table cannot be read or dropped."""
    exists = con.execute("select count(*) from duckdb_tables() where schema_name = 'intermediate' "
                         "and table_name = 'int_parsed_documents'").fetchone()[0]
    if exists and not con.execute("select bool_and(parser_version is not distinct from ?) "
                                  "from intermediate.int_parsed_documents",
                                  [fingerprint.parser_fingerprint()]).fetchone()[0]:
        con.execute("drop table intermediate.int_parsed_documents")


def _summarise(warehouse: Path, result: BuildResult) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for mart in ("documents", "tasks", "units", "task_units"):
            result.counts[mart] = con.sql(f"select count(*) from marts.{mart}").fetchone()[0]
        result.counts["citations"], result.counts["citations resolved"], result.counts["task links"] = con.sql(
            "select (select count(*) from marts.citations), "
            "(select count(*) from marts.citations where cited_doc_id is not null), "
            "(select count(*) from marts.task_links)").fetchone()
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


def _gx_failures(report: validate.ValidationReport) -> dict[str, list[str]] | None:
    """task or doc id -> the critical expectations it broke, or None when a critical finding
    names no task or document (then the pipeline itself is wrong)."""
    failed: dict[str, list[str]] = {}
    for f in report.findings:
        if f.severity != "critical":
            continue
        if f.id_column not in ("task_id", "doc_id") or not f.ids:
            return None
        for row_id in f.ids:
            failed.setdefault(row_id, []).append(f"{f.expectation} on {f.column}")
    return failed or None


def _dbt_failures(warehouse: Path, dbt: dbt_runner.DbtOutcome) -> dict[str, list[str]] | None:
    """task or doc id -> the dbt data tests it failed, read from the tests' audit tables (dbt
    skips what lies downstream of a failed test, so the rows are read before any rerun). None
    when dbt failed otherwise (a model error, a test that errored) or a failed test's rows carry
    no task_id, doc_id or unique_field (the value a `unique` test repeats)."""
    if dbt.broken or not dbt.failed_tests:
        return None
    failed: dict[str, list[str]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for test in dbt.failed_tests:
            schema, _, table = test.relation.partition(".")
            columns = {c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [schema, table]).fetchall()}
            present = [f'"{c}"::varchar' for c in ("task_id", "doc_id", "unique_field") if c in columns]
            if not present:
                return None
            # a row's task if it names one, else its document (a null task_id still has its doc_id)
            for (row_id,) in con.execute(
                    f'select distinct coalesce({", ".join(present)}) from "{schema}"."{table}"').fetchall():
                if row_id is None:
                    return None
                failed.setdefault(row_id, []).append(f"dbt test {test.name}")
    return failed or None


def _blame(warehouse: Path, failed: dict[str, list[str]] | None) -> dict[str, str] | None:
    """sha256 -> reason ("line N: task X failed …", or "document D failed …") for the documents
    behind `failed` (task or doc id -> checks it failed), or None when an id is neither a task
    (intermediate.int_tasks) nor a staged document (raw.documents)."""
    if not failed:
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tasks = dict((t, (doc, line)) for t, doc, line in con.execute(
            "select task_id, doc_id, line_start from intermediate.int_tasks where list_contains(?, task_id)",
            [list(failed)]).fetchall())
        sha = dict(con.execute("select doc_id, sha256 from raw.documents").fetchall())
    blamed: dict[str, str] = {}
    for row_id in sorted(failed):
        checks = ", ".join(failed[row_id])
        if row_id in tasks:
            doc_id, line = tasks[row_id]
            reason = f"line {line}: task {row_id} failed {checks}"
        elif row_id in sha:
            doc_id, reason = row_id, f"document {row_id} failed {checks}"
        else:
            return None
        if doc_id not in sha:
            return None
        key = sha[doc_id]
        blamed[key] = f"{blamed[key]}; {reason}" if key in blamed else reason
    return blamed


def build(raw_dir: Path, warehouse: Path, marts_dir: Path, progress=None, allow_shrink: bool = False,
          force: bool = False) -> BuildResult:
    """Build the marts of every *.txt in raw_dir and publish them at `warehouse` and `marts_dir`.

    Everything is written into a new version folder (pipeline/warehouse/publish.py) and published by one
    atomic switch after dbt and the critical expectations pass, so a failed or killed build
    leaves the previous warehouse, Parquet marts and validation results as they were. When dbt
    data tests or critical expectations fail only on rows of particular documents, those are
    quarantined (left out, logged in marts.ingest_log with the task and line) and the others are
    built and published: one bad document never stops the rest. The exit code is then still 1.
    A build with no document, or with fewer than shrink_guard.SHRINK_MIN_SHARE of the published
    build's documents or tasks, is not published unless allow_shrink.
    When the published version came from a clean build (exit code 0) of the same raw files,
    parser, vocabulary, dbt project and libraries (pipeline/warehouse/fingerprint.py) and its files are
    untouched, nothing is done: result.up_to_date is True, exit code 0; force builds anyway.
    progress: optional object with step(name), item(text) and note(text) methods for display
    (note: a line to show now, such as "waiting for a read-write session").
    Returns a BuildResult: exit_code 0, or 1 when a dbt node fails, a critical expectation fails
    or the build would shrink (published is False) or documents were quarantined (published is
    True). Raises FileNotFoundError when raw_dir is missing, NoDocuments when it holds no .txt
    file (unless allow_shrink), publish.PathTaken when an output path holds something taskmarts
    did not write, BuildError when the warehouse folder cannot be written, publish.BuildBusy
    when another build of this warehouse is running and publish.WarehouseLocked when a
    read-write session keeps the published warehouse open past the wait. A Ctrl-C or SIGTERM
    that arrives once the version is published carries `published_version` (its folder name).
    """
    result = BuildResult()
    say = progress or _Silent()
    _check_raw_dir(raw_dir, allow_shrink)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(warehouse.parent, os.W_OK):
        raise BuildError(f"cannot write the warehouse folder: {warehouse.parent}")
    # absolute: GX reports absolute paths, and a relative default (data/warehouse.duckdb) must map onto them
    store = publish.Store(warehouse.absolute(), marts_dir.absolute())
    publish.check_user_paths(store)  # a user's folder at an output path: refused before any work
    with store.lock():
        publish.remove_leftovers(store)
        result.warnings += publish.remove_stale_wal(store)
        current = store.current()
        recorded = fingerprint.read(current if fingerprint.shown(store) else None)
        inputs = fingerprint.take(raw_dir, recorded)
        if not force and fingerprint.unchanged(recorded, inputs, current):
            if inputs["raw"] != recorded["raw"]:  # files touched, same bytes: remember their new times
                fingerprint.write(current, inputs)
            result.up_to_date = True
            return result
        published = shrink_guard.published_counts(store)  # before a damaged warehouse is looked at
        previous, damaged = publish.usable_previous(store, say.note)
        result.warnings += [damaged] if damaged else []
        # only what changed is staged and rebuilt when the published warehouse came from a clean
        # build of the same code: otherwise every row may differ, and all are made again
        same_code = previous is not None and recorded is not None and recorded.get("code") == inputs["code"]
        known = {name: entry[4] for name, entry in inputs["raw"].items()} if same_code else None
        build_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        os.environ["TASKMARTS_BUILD_ID"] = build_id
        version = store.version(build_id)
        version.mkdir(parents=True)
        try:
            if _build_version(raw_dir, previous, version, result, say, allow_shrink, known, published):
                if result.exit_code == 0:  # only a clean build can later be "up to date"
                    fingerprint.write(version, inputs)
                with publish.signals_deferred():  # a signal now is delivered once this is recorded
                    publish.switch(store, version)
                    result.published = True
                publish.remove_leftovers(store)
                _summarise(store.warehouse, result)
                if result.report_page:
                    result.report_page = store.validation_dir / result.report_page.name
        except BaseException as exc:
            if result.published and stopping.stop_signal(exc):  # Ctrl-C or SIGTERM after the switch
                exc.published_version = version.name
            raise
        finally:
            if not result.published:
                result.report_page = _keep_failed_report(store, version, result.report_page)
                shutil.rmtree(version, ignore_errors=True)
    return result


def _check_raw_dir(raw_dir: Path, allow_shrink: bool) -> None:
    """Raise FileNotFoundError when raw_dir is missing, and NoDocuments when it holds no .txt
    file (unless allow_shrink: publishing empty marts is then what was asked)."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    with os.scandir(raw_dir) as entries:
        txt = any(entry.name.lower().endswith(".txt") for entry in entries)
    if not allow_shrink and not txt:
        raise NoDocuments(f"no .txt files in {raw_dir}: nothing to build (--allow-shrink publishes empty marts)")


def _keep_failed_report(store: publish.Store, version: Path, page: Path | None) -> Path | None:
    """Move a failed build's validation folder out of its version (about to be deleted) to
    FAILED_REPORT in the store, replacing the last one; returns the report page's new path,
    or None when the build wrote none."""
    if page is None or not page.is_file():
        return None
    kept = store.root / FAILED_REPORT
    shutil.rmtree(kept, ignore_errors=True)
    os.replace(version / "validation", kept)
    return kept / page.name


def _build_version(raw_dir: Path, previous: Path | None, version: Path, result: BuildResult, say,
                   allow_shrink: bool, known: dict[str, str | None] | None,
                   published: tuple[int, int] | None) -> bool:
    """Write warehouse, Parquet marts and validation results into `version`; True when they may
    be published (errors recorded in result otherwise). When dbt's data tests or the critical
    expectations fail only on rows traceable to some documents, the build runs again without
    them (quarantined, at most QUARANTINE_PASSES times); the exit code stays 1.
    known: raw entry name -> sha256 when `previous` was built cleanly by the same code (only
    the files that changed are read, and only their rows rebuilt), else None (all of them).
    published: (documents, tasks) of the published build, for the shrink guard (None: none)."""
    temp = version / "warehouse.duckdb"
    if previous is not None:
        # start from the previous build so unchanged documents are not parsed again
        publish.copy_warehouse(previous, temp, say.note)
    quarantine: dict[str, str] = {}
    # GX takes ~6 s to import: a spawned worker pays that while staging and dbt run
    with _validation_worker() as pool:
        warm = pool.apply_async(validate.warm_up)
        for passes in range(QUARANTINE_PASSES + 1):
            if _stage_and_transform(raw_dir, temp, quarantine, result, say, known):
                say.step("validate")
                warm.get()
                result.validation = pool.apply(validate.validate_warehouse, (temp,))
                result.report_page = validation_report.save(
                    version / "validation", result.validation, result.dbt, version.name,
                    [(name, why) for name, status, why in result.staged.notes if status == "quarantined"])
                if not result.validation.critical_failed:
                    break
                result.errors += [f.message() for f in result.validation.findings if f.severity == "critical"]
                result.exit_code = 1
                blamed = _blame(temp, _gx_failures(result.validation))
            else:
                blamed = _blame(temp, _dbt_failures(temp, result.dbt))
            everyone = bool(blamed) and len(blamed) >= len(result.staged.staged)
            if everyone:
                result.errors.append("every document failed a check, none is left to publish; the first: "
                                     + next(iter(blamed.values())))
            if passes == QUARANTINE_PASSES or not blamed or everyone:
                return False  # not confined to some documents: publish nothing
            quarantine = {**quarantine, **blamed}  # one more pass without them
    shrink = shrink_guard.shrinks(published, temp)
    if shrink and not allow_shrink:
        result.errors.append(shrink)
        result.exit_code = 1
        return False
    say.step("export")
    parquet_marts.write_parquet(temp, version / "marts")
    return True


@contextlib.contextmanager
def _validation_worker():
    """A spawned one-process pool, terminated and joined on leaving (an interrupt included), so
    no worker outlives the build and no semaphore is left for the resource tracker to report
    (see _background_worker).
    Ctrl-C reaches the whole process group, but the build stops the worker itself: the worker
    ignores SIGINT from its first instruction (a disposition of SIG_IGN survives the spawn's
    exec), so an interrupt while it still imports prints no traceback. Meanwhile SIGINT is
    blocked here, so one arriving during the spawn waits and then interrupts this process."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pool = multiprocessing.get_context("spawn").Pool(1, initializer=_background_worker,
                                                               initargs=(os.getpid(),))
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


def _background_worker(parent_pid: int) -> None:
    """In the validation worker (SIGINT already ignored, see _validation_worker): killed by the
    kernel when the build (parent_pid) dies, even by SIGKILL; a lower priority. Its GX import (~6 s of CPU) is needed only once dbt has finished, while staging
    and dbt, which every build waits for, need both cores now. GX's progress bars (tqdm) would
    make a multiprocessing lock, a named semaphore registered with the build's resource
    tracker that a terminated worker never unregisters ("leaked semaphore" on stderr at the
    end of the build): tqdm is given a thread lock instead (the worker has one process)."""
    stopping.die_with_parent(parent_pid)
    os.nice(VALIDATION_NICENESS)
    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())


def _stage_and_transform(raw_dir: Path, temp: Path, quarantine: dict[str, str],
                         result: BuildResult, say, known: dict[str, str | None] | None) -> bool:
    """Stage raw_dir into temp and run dbt; False (errors recorded: each failed data test with
    its audit table, else dbt's own error lines) when dbt fails. known: see _build_version; None
    restages every file and rebuilds the per-document models whole (dbt --full-refresh)."""
    # dbt's ~4 s import runs in its own process while staging runs in this one
    with dbt_runner.DbtProcess(temp) as dbt:
        say.step("stage")
        with duckdb.connect(str(temp)) as con:
            result.staged = stage(raw_dir, con, progress=lambda p: say.item(p.name), quarantine=quarantine,
                                  known=known)
            drop_stale_parse(con)
        say.step("dbt build")
        # dbt's target/ is kept beside the versions (one build at a time, under the lock): partial parsing
        result.dbt = dbt.build(temp.parent.parent / DBT_STATE, full_refresh=known is None,
                               on_node=lambda name, status: say.item(f"{name} {status}"))
    if not result.dbt.success:
        tests = result.dbt.failed_tests if not result.dbt.broken else []
        result.errors += [f"dbt test {t.name} failed on {t.failures} row(s); they are in {t.relation}"
                          for t in tests] or result.dbt.failures or ["dbt build failed"]
        result.exit_code = 1
    return result.dbt.success


class _Silent:
    def step(self, name: str) -> None:
        pass

    def item(self, text: str) -> None:
        pass

    def note(self, text: str) -> None:
        pass
