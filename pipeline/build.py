"""The whole build: stage -> dbt build -> Great Expectations -> Parquet, atomically.

Everything is built into a new warehouse file next to the old one; it replaces the old file
(one rename) only after dbt and the critical expectations pass, so a failed or killed build
leaves the previous warehouse and Parquet marts as they were; the next build deletes the temp
files a killed one left. Readers holding the old file open (a notebook) keep reading the old
version and never block the build.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline import export, transform, validate
from pipeline.records import SCHEMA
from pipeline.stage import StageReport, stage


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


def _temp_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.building-{os.getpid()}")


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def _remove_leftovers(warehouse: Path, marts_dir: Path) -> None:
    """Delete what killed builds left behind (SIGKILL or OOM: their finally never ran): temp
    warehouses whose process is gone and, when no other build of this warehouse is running,
    the half-written Parquet folders (.marts-*) in marts_dir. Files of a live build are kept;
    two builds of one warehouse at the same time are not supported anyway."""
    prefix, others_running = f".{warehouse.name}.building-", False
    for path in warehouse.parent.iterdir():  # not glob(): the name may hold [ ] or *
        pid = path.name.removeprefix(prefix).removesuffix(".wal")
        if not path.name.startswith(prefix) or not pid.isdigit() or int(pid) == os.getpid():
            continue
        if _alive(int(pid)):
            others_running = True
        else:
            path.unlink(missing_ok=True)
    if not others_running and marts_dir.is_dir():
        for staging in marts_dir.iterdir():
            if staging.name.startswith(".marts-") and staging.is_dir():
                shutil.rmtree(staging, ignore_errors=True)


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
        result.warnings = [w for (w,) in con.sql(
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


def build(raw_dir: Path, warehouse: Path, marts_dir: Path, progress=None) -> BuildResult:
    """Build the marts of every *.txt in raw_dir into `warehouse` and `marts_dir`.

    When critical expectations fail only on tasks of particular documents, those documents are
    quarantined (left out, logged in marts.ingest_log with the task and line) and the others are
    built and published: one bad document never stops the rest. The exit code is then still 1.
    progress: optional object with step(name), item(text) methods for display.
    Returns a BuildResult: exit_code 0, or 1 when a dbt node fails, a critical expectation fails
    (published is False, the previous warehouse and Parquet files untouched) or documents were
    quarantined (published is True). Raises FileNotFoundError when raw_dir is missing and
    BuildError when the warehouse folder cannot be written.
    """
    result = BuildResult()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(warehouse.parent, os.W_OK):
        raise BuildError(f"cannot write the warehouse folder: {warehouse.parent}")
    temp = _temp_path(warehouse)
    _remove(temp)
    _remove_leftovers(warehouse, marts_dir)
    if warehouse.exists():
        # start from the previous build so unchanged documents are not parsed again
        shutil.copyfile(warehouse, temp)
    os.environ["TASKMARTS_BUILD_ID"] = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    say = progress or _Silent()
    quarantine: dict[str, str] = {}
    # GX takes ~10 s to import: a spawned worker pays that while staging and dbt run
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        warm = pool.submit(validate.warm_up)
        try:
            while True:
                if not _stage_and_transform(raw_dir, temp, quarantine, result, say):
                    return result
                say.step("validate")
                warm.result()
                result.validation = pool.submit(
                    validate.validate_warehouse, temp, warehouse.parent / "validation").result()
                if not result.validation.critical_failed:
                    break
                result.errors += [f.message() for f in result.validation.findings if f.severity == "critical"]
                result.exit_code = 1
                blamed = _blame(temp, result.validation)
                if quarantine or not blamed or len(blamed) >= len(result.staged.staged):
                    return result  # not confined to some documents: publish nothing
                quarantine = blamed  # one more pass without them
            say.step("export")
            written = export.write_parquet(temp, marts_dir)
            os.replace(temp, warehouse)
            export.publish(written, marts_dir)
            result.published = True
            _summarise(warehouse, result)
            return result
        finally:
            _remove(temp)


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
