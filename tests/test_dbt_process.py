"""pipeline/warehouse/dbt_process.py: the child that imports dbt before it has work, and its handle in
pipeline/warehouse/dbt_runner.py. The builds themselves run through it in every build test; here, what a
build never shows: the child stopped unused, its input refused, its codes."""
from __future__ import annotations

import subprocess
import sys
import time

from pipeline.warehouse import dbt_runner


def _child(stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.warehouse.dbt_process"], input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_no_command_runs_nothing():
    """End of input before a command (the build stopped during staging): exit 0, no dbt output."""
    proc = _child("")
    assert proc.returncode == 0
    assert proc.stdout == ""


def test_bad_command_is_refused_with_its_reason():
    proc = _child('{"build": true}\n')
    assert proc.returncode == 2
    assert "expected a JSON list of strings" in proc.stdout


def test_dbt_error_exits_2_and_is_a_failure(tmp_path):
    """A command dbt itself refuses: the outcome is a failure carrying dbt's message."""
    with dbt_runner.DbtProcess(tmp_path / "warehouse.duckdb") as dbt:
        outcome = dbt._run(["--log-format", "json", "no-such-command"], tmp_path / "manifest.json", None)
    assert not outcome.success
    assert outcome.failures and dbt.proc.returncode == 2


def test_unused_process_is_stopped_on_leaving(tmp_path):
    """A build that fails while staging leaves the block: the waiting child is stopped, not left."""
    started = time.monotonic()
    with dbt_runner.DbtProcess(tmp_path / "warehouse.duckdb") as dbt:
        pass
    assert dbt.proc.returncode is not None
    assert time.monotonic() - started < dbt_runner.DBT_STOP_SECONDS + 5
