"""Where the project is: the folder whose data/ the default paths (data/raw,
data/warehouse.duckdb, data/marts) are relative to, found as dbt finds its project.

project_dir(): $TASKMARTS_PROJECT when set, else the nearest folder from the current one upward
that holds data/raw or data/warehouse.duckdb, else the current folder. Paths given on the command
line stay relative to the current folder.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ENV = "TASKMARTS_PROJECT"
# what makes a folder the project: its raw documents or its published warehouse (a link)
MARKERS = (Path("data/raw"), Path("data/warehouse.duckdb"))


def project_dir(start: Path | None = None) -> Path:
    """The project folder (see the module docstring); start: where the search begins (default:
    the current folder). Raises FileNotFoundError when $TASKMARTS_PROJECT names no folder."""
    configured = os.environ.get(PROJECT_ENV)
    if configured:
        folder = Path(configured).expanduser()
        if not folder.is_dir():
            raise FileNotFoundError(f"{PROJECT_ENV}={configured}: no such folder")
        return folder
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() or (folder / marker).is_symlink() for marker in MARKERS):
            return folder
    return here


def in_project(default: Path) -> Path:
    """A default path (data/raw …) in the project folder, shown relative to the current folder
    when it lies under it (so messages read "data/warehouse.duckdb" as before)."""
    path = project_dir() / default
    try:
        return path.relative_to(Path.cwd().absolute())
    except ValueError:
        return path
