"""Shared fixtures. The seed documents live in data/raw (they are the project's own input);
tests never read ../shared."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "data" / "raw"


def run_build(raw_dir: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """Run the real `taskmarts build` command into out/ (warehouse w.duckdb, marts in marts/),
    with the build options given (e.g. "--force")."""
    cmd = [sys.executable, "-m", "pipeline.cli", "build", "--raw-dir", str(raw_dir),
           "--warehouse", str(out / "w.duckdb"), "--marts-dir", str(out / "marts"), *options]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """Build the five seed documents once per test session; returns (out dir, process)."""
    out = tmp_path_factory.mktemp("seed_build")
    raw = out / "raw"
    shutil.copytree(SEEDS, raw)
    proc = run_build(raw, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc


@pytest.fixture(scope="session")
def seed_warehouse(seed_build) -> Path:
    """Path of the seed build's DuckDB warehouse (open it read_only=True)."""
    return seed_build[0] / "w.duckdb"
