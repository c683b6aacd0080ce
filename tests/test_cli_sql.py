"""`taskmarts sql`: read-only queries printed as a table, CSV or JSON."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers.paths import ROOT


def sql(warehouse, query, *extra):
    cmd = [sys.executable, "-m", "pipeline.cli", "sql", query, "--warehouse", str(warehouse), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT)


def test_table_output(seed_warehouse):
    proc = sql(seed_warehouse, "select doc_id, task_count from marts.documents order by doc_id")
    assert proc.returncode == 0, proc.stderr
    assert "002_02af6b1906b9e9a1" in proc.stdout and "(5 rows)" in proc.stdout


def test_csv_output(seed_warehouse):
    proc = sql(seed_warehouse, "select role, count(*) as n from marts.task_units group by role order by role",
               "--format", "csv")
    assert proc.stdout.splitlines() == ["role,n", "cooperating,28", "lead,163", "responsible,283"]


def test_json_output(seed_warehouse):
    proc = sql(seed_warehouse, "select unit_name from marts.units where unit_name = '福建省发改委'", "--format", "json")
    assert json.loads(proc.stdout) == [{"unit_name": "福建省发改委"}]


def test_writes_are_refused(seed_warehouse):
    proc = sql(seed_warehouse, "delete from marts.tasks")
    assert proc.returncode == 2
    assert "read-only" in proc.stderr.lower() and "Traceback" not in proc.stderr


def test_missing_warehouse_is_a_usage_error(tmp_path):
    proc = sql(tmp_path / "none.duckdb", "select 1")
    assert proc.returncode == 2 and "warehouse not found" in proc.stderr
