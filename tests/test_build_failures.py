"""A build whose marts break a dbt data test or a critical expectation fails with a message
naming the task; a document to blame is quarantined and the others publish; when no document is
left to publish, the previous warehouse and Parquet marts stay exactly as they were."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.quality import validate
from pipeline.warehouse import build, dbt_runner
from tests.helpers.builds import run_build
from tests.helpers.paths import SEEDS

# task 2 has a number and a requirement but no title: dbt's tasks_title_not_blank (severity error)
BLANK_TITLE_DOC = (
    "工作任务\t工作要求\t牵头单位\t责任单位\n"
    "一、加强政务公开\t\t\t\n"
    "1. 公开年度预算。\t按规定时限公开。\t区财政局\t各街道\n"
    "2. \t及时更新。\t区政务局\t\n"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_task_without_title_fails_and_keeps_previous_marts(seed_build, tmp_path):
    seed_out = seed_build[0]
    out = tmp_path / "out"
    shutil.copytree(seed_out, out, symlinks=True, ignore=shutil.ignore_patterns("raw", "validation"))
    before = {p.name: digest(p) for p in [out / "w.duckdb", *sorted((out / "marts").glob("*.parquet"))]}
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "blank_title.txt").write_text(BLANK_TITLE_DOC, encoding="utf-8")

    proc = run_build(raw, out)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    # dbt's data test on unit_count blames the only document: nothing is left to publish
    assert "every document failed a check" in proc.stdout and "task blank_title-1.2 failed dbt test" in proc.stdout
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


@pytest.mark.slow
def test_bad_document_is_quarantined_and_the_others_still_build(tmp_path):
    """A dbt data test failing on one document's task (a task with no title:
    tasks_title_not_blank, severity error) leaves that document out (logged with the task, line and test) and
    publishes the others; the exit code still says a check failed."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS / "004_78c1b2ca7f5e9521.txt", raw)
    (raw / "blank_title.txt").write_text(BLANK_TITLE_DOC, encoding="utf-8")

    proc = run_build(raw, tmp_path)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "quarantined: blank_title.txt: line 4: task blank_title-1.2 failed dbt test " in proc.stdout
    assert "without 1 quarantined document(s): blank_title.txt" in proc.stdout
    failed = re.search(r"error: dbt test (\S+) failed on 1 row\(s\); they are in (audit\.\S+)", proc.stdout)
    assert failed, proc.stdout
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        assert con.execute("select doc_id, task_count from marts.documents").fetchall() == [("004_78c1b2ca7f5e9521", 17)]
        assert con.execute("select status, reason from marts.ingest_log where source_file = 'blank_title.txt'").fetchone() \
            == ("quarantined", f"line 4: task blank_title-1.2 failed dbt test {failed[1]}")
        # the rerun without the document passes the test: its audit table is empty again
        assert con.execute(f"select count(*) from {failed[2]}").fetchone() == (0,)
    finally:
        con.close()
    assert pl.read_parquet(tmp_path / "marts" / "tasks.parquet").height == 17
    report = (tmp_path / "validation" / "report.html").read_text(encoding="utf-8")
    assert "blank_title.txt" in report and failed[1] in report


def test_critical_expectation_blames_the_document_of_its_task(seed_warehouse):
    """A critical GX finding naming a task quarantines that task's document, with its line."""
    finding = validate.Finding("critical", "tasks", "expect_column_pair_values_to_be_equal",
                               ["unit_count", "task_unit_rows"], ids=["004_78c1b2ca7f5e9521-1.1"], id_column="task_id")
    sha = digest(SEEDS / "004_78c1b2ca7f5e9521.txt")
    con = duckdb.connect(str(seed_warehouse), read_only=True)
    try:
        line = con.execute("select line_start from marts.tasks where task_id = '004_78c1b2ca7f5e9521-1.1'").fetchone()[0]
    finally:
        con.close()
    blamed = build._blame(seed_warehouse, build._gx_failures(validate.ValidationReport([finding])))
    assert blamed == {sha: f"line {line}: task 004_78c1b2ca7f5e9521-1.1 failed "
                           "expect_column_pair_values_to_be_equal on unit_count, task_unit_rows"}


def test_untraceable_failures_blame_nobody(seed_warehouse):
    """A model error, or a finding without ids, cannot be put on a document: nothing is quarantined."""
    errored = dbt_runner.DbtOutcome(success=False, broken=["tasks"],
                                   tests=[dbt_runner.DbtTest("t", "tasks", "fail", "error", 1, "audit.t")])
    assert build._blame(seed_warehouse, build._dbt_failures(seed_warehouse, errored)) is None
    finding = validate.Finding("critical", "units", "expect_x", ["unit_id"], id_column="unit_id", ids=["U1"])
    assert build._blame(seed_warehouse, build._gx_failures(validate.ValidationReport([finding]))) is None
    assert build._blame(seed_warehouse, {"no-such-task-1.1": ["x"]}) is None
