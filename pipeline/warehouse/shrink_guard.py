"""The shrink guard: a build that would lose most of the published data is not published.

A build keeping no document, or under SHRINK_MIN_SHARE of the published documents or tasks, has
most likely lost its input (an empty or wrong raw folder, files moved away), not been edited:
publishing it needs --allow-shrink. The published counts come from the published Parquet marts,
so the guard holds when the published warehouse is damaged (set aside) or held by a session.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.warehouse import publish

# Under half the published documents or tasks: input lost, not edited (see the module docstring).
SHRINK_MIN_SHARE = 0.5


def _counts(warehouse: Path) -> tuple[int, int]:
    """(documents, tasks) in the marts of `warehouse`. Raises duckdb.Error when it cannot be read."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql("select (select count(*) from marts.documents), (select count(*) from marts.tasks)").fetchone()


def published_counts(store: publish.Store) -> tuple[int, int] | None:
    """(documents, tasks) of the published build, read from its Parquet marts (they stay
    readable when its warehouse is damaged or locked), else from a plain warehouse left by a
    release before versions; None when nothing is published or nothing can be read."""
    current = store.current()
    files = [current / "marts" / f"{mart}.parquet" for mart in ("documents", "tasks")] if current else []
    if files and all(f.is_file() for f in files):
        try:
            return tuple(pq.read_metadata(f).num_rows for f in files)
        except (OSError, pa.ArrowException):
            pass
    previous = store.published_warehouse()
    if previous is None or publish.write_locked(previous):
        return None
    try:
        return _counts(previous)
    except duckdb.Error:
        return None


def shrinks(published: tuple[int, int] | None, new: Path) -> str | None:
    """Why publishing `new` over the published build ((documents, tasks), None when there is
    none) would lose most of the data, or None when it would not: no document at all, or fewer
    than SHRINK_MIN_SHARE of the published documents or of the published tasks."""
    docs, tasks = _counts(new)
    old_docs, old_tasks = published or (0, 0)
    if docs and docs >= SHRINK_MIN_SHARE * old_docs and tasks >= SHRINK_MIN_SHARE * old_tasks:
        return None
    return (f"not published: this build has {docs} document(s) and {tasks} task(s), the published one "
            f"{old_docs} and {old_tasks}; publishing would lose {max(old_docs - docs, 0)} document(s) and "
            f"{max(old_tasks - tasks, 0)} task(s). Check the raw folder, or pass --allow-shrink to publish anyway")
