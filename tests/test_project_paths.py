"""Where the project is: commands run from any folder inside the project (or with
$TASKMARTS_PROJECT) use its data/ folder, as dbt finds its project; the repository ignores what
a build writes there."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline.project import PROJECT_ENV, project_dir
from tests.helpers.paths import ROOT


def _project(tmp_path: Path, warehouse: Path) -> Path:
    """A project folder whose data/warehouse.duckdb links to `warehouse`."""
    root = tmp_path / "proj"
    (root / "data").mkdir(parents=True)
    (root / "data" / "warehouse.duckdb").symlink_to(warehouse)
    return root


def test_project_is_found_from_a_subfolder(tmp_path, monkeypatch):
    monkeypatch.delenv(PROJECT_ENV, raising=False)
    root = tmp_path / "proj"
    (root / "data" / "raw").mkdir(parents=True)
    deep = root / "notebooks" / "scratch"
    deep.mkdir(parents=True)
    assert project_dir(deep) == root
    assert project_dir(tmp_path) == tmp_path  # nothing above: the folder itself


def test_project_environment_variable_wins(tmp_path, monkeypatch):
    monkeypatch.setenv(PROJECT_ENV, str(tmp_path))
    assert project_dir(ROOT) == tmp_path


def test_commands_run_from_another_folder_of_the_project(seed_warehouse, tmp_path, monkeypatch):
    monkeypatch.delenv(PROJECT_ENV, raising=False)
    root = _project(tmp_path, seed_warehouse)
    deep = root / "reports" / "2024"
    deep.mkdir(parents=True)
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "sql", "select count(*) as n from documents",
                           "--format", "csv"], capture_output=True, text=True, encoding="utf-8", cwd=deep)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["n", "5"]


def test_commands_use_the_project_named_by_the_environment(seed_warehouse, tmp_path):
    root = _project(tmp_path, seed_warehouse)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "tables"], capture_output=True, text=True,
                          encoding="utf-8", cwd=elsewhere, env={**os.environ, PROJECT_ENV: str(root)})
    assert proc.returncode == 0, proc.stderr
    assert "documents" in proc.stdout


def test_build_outputs_are_ignored_by_git_even_as_links():
    """data/validation is a link into the current version; a pattern with a trailing slash
    matches directories only and would leave the link untracked-but-shown."""
    for path in ("data/validation", "data/warehouse.duckdb", "data/marts"):
        proc = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT)
        assert proc.returncode == 0, f"{path} is not ignored"
