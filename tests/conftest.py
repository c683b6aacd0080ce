"""Shared fixtures. The seed documents live in data/raw (they are the project's own input);
tests never read ../shared. Helpers the test modules share are in tests/helpers.

The suite runs on every core (pytest-xdist, `-n auto` in pyproject.toml). Every worker is its
own process with its own session: the seed build is made once per run all the same, by the first
worker to ask for it, in the folder the workers share (the parent of each worker's base temp
folder), under a file lock; the others wait for it and read it. Tests that change a build work on
a copy (tests.helpers.builds.copy_previous). Tests sharing a module-scoped build carry
xdist_group("<name>") so they run on one worker (`--dist loadgroup`) and the build is made once.

Slow tests (marker `slow`; `pytest -m "not slow"` runs the others) are those that run a build,
dbt or a notebook kernel: marked here when they use the seed or samples build or share a module's build
(an xdist_group), by hand otherwise. They run first, so the longest work starts at once on every
worker and the quick tests fill the gaps at the end."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from filelock import FileLock

from tests.helpers.builds import run_build
from tests.helpers.paths import FIXTURES, SEEDS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow the tests that use the seed or samples build or share a module's build (see the module
    docstring), then put the slow tests first, each group's in its order (a stable sort)."""
    for item in items:
        if {"seed_build", "samples_build"} & set(item.fixturenames) or item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def shared_folder(tmp_path_factory) -> Path:
    """The temp folder every worker of this run sees (the session's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(tmp_path_factory, name: str, raw: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """Build the documents of raw/ once per test run into the folder every worker sees, under a
    file lock (the first worker builds, the others wait and read); returns (out dir, the build's
    finished process, its `duration` attribute the build's wall time in seconds). Raises
    AssertionError with the build's output when it failed."""
    shared = shared_folder(tmp_path_factory)
    out, record = shared / name, shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not record.exists():
            shutil.rmtree(out, ignore_errors=True)  # a worker that died half way
            shutil.copytree(raw, out / "raw")
            started = time.monotonic()
            proc = run_build(out / "raw", out)
            record.write_text(json.dumps({"args": proc.args, "returncode": proc.returncode, "stdout": proc.stdout,
                                          "stderr": proc.stderr, "duration": time.monotonic() - started}),
                              encoding="utf-8")
        saved = json.loads(record.read_text(encoding="utf-8"))
        duration = saved.pop("duration")
        proc = subprocess.CompletedProcess(**saved)
        proc.duration = duration
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The five seed documents built once per test run (read it, never change it: copy it);
    returns (out dir, the build's finished process)."""
    return shared_build(tmp_path_factory, "seed_build", SEEDS)


@pytest.fixture(scope="session")
def samples_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The sample documents of tests/fixtures/samples built once per test run (read it, never
    change it); returns (out dir, the build's finished process)."""
    return shared_build(tmp_path_factory, "samples_build", FIXTURES / "samples" / "raw")


@pytest.fixture(scope="session")
def seed_warehouse(seed_build) -> Path:
    """Path of the seed build's DuckDB warehouse (open it read_only=True)."""
    return seed_build[0] / "w.duckdb"
