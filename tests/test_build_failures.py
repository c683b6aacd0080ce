"""A build whose marts break a critical expectation fails with a message naming the task; when
no document is left to publish, the previous warehouse and Parquet marts stay exactly as they
were."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import polars as pl

from tests.conftest import SEEDS, run_build

NO_UNIT_DOC = (
    "工作任务\t工作要求\t牵头单位\t责任单位\n"
    "一、加强政务公开\t\t\t\n"
    "1. 公开年度预算。\t按规定时限公开。\t区财政局\t各街道\n"
    "2. 公开办事指南。\t及时更新。\t\t\n"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_task_without_unit_fails_and_keeps_previous_marts(seed_build, tmp_path):
    seed_out = seed_build[0]
    out = tmp_path / "out"
    shutil.copytree(seed_out, out, symlinks=True, ignore=shutil.ignore_patterns("raw", "validation"))
    before = {p.name: digest(p) for p in [out / "w.duckdb", *sorted((out / "marts").glob("*.parquet"))]}
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "no_unit.txt").write_text(NO_UNIT_DOC, encoding="utf-8")

    proc = run_build(raw, out)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "no_unit-1.2" in proc.stdout and "unit_count" in proc.stdout
    assert "left as they were" in proc.stdout
    after = {p.name: digest(p) for p in [out / "w.duckdb", *sorted((out / "marts").glob("*.parquet"))]}
    assert after == before
    store = out / ".w.duckdb.versions"
    assert sorted(p.name for p in store.glob("v-*")) == [os.readlink(store / "current")], \
        "the failed build's version folder is removed"


def test_missing_raw_dir_is_a_usage_error(tmp_path):
    proc = run_build(tmp_path / "nope", tmp_path)
    assert proc.returncode == 2
    assert "raw directory not found" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_document_is_quarantined_and_the_others_still_build(tmp_path):
    """Critical failures confined to one document leave that document out (logged with the task
    and line) and publish the others; the exit code still says something critical failed."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS / "004_78c1b2ca7f5e9521.txt", raw)
    (raw / "no_unit.txt").write_text(NO_UNIT_DOC, encoding="utf-8")

    proc = run_build(raw, tmp_path)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "quarantined: no_unit.txt: line 4: task no_unit-1.2" in proc.stdout
    assert "without 1 quarantined document(s): no_unit.txt" in proc.stdout
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        assert con.execute("select doc_id, task_count from marts.documents").fetchall() == [("004_78c1b2ca7f5e9521", 17)]
        assert con.execute("select status from marts.ingest_log where source_file = 'no_unit.txt'").fetchone() == ("quarantined",)
    finally:
        con.close()
    assert pl.read_parquet(tmp_path / "marts" / "tasks.parquet").height == 17
