"""`taskmarts stage`: stage a raw folder into a scratch warehouse, never into the published one.

The published warehouse (a link into the current version, pipeline/warehouse/publish.py) changes only by
a build's switch. `taskmarts stage` therefore writes a separate file: a copy of the published
warehouse with its raw schema staged again, `<name>.staged.duckdb` beside it by default (or
--output FILE). When nothing is published at --warehouse and no file is there, that path itself
is the scratch file (a fresh warehouse to run dbt on by hand). It runs under the build lock, so
it never reads a half-switched store nor races a build, and the file appears whole (written
beside it, then renamed).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipeline.warehouse import publish
from pipeline.warehouse.stage import StageReport, stage

SCRATCH_SUFFIX = ".staged.duckdb"


def scratch_path(warehouse: Path, output: Path | None, published: Path | None) -> Path:
    """Where `taskmarts stage` writes: output when given, else warehouse when nothing is
    published there and no file or link is at that path, else <stem>.staged.duckdb beside it.
    Raises ValueError when output names the published warehouse or a file in the versions
    folder."""
    store = publish.Store(warehouse.absolute())
    if output is not None:
        target = output.absolute()
        inside = Path(os.path.realpath(target))
        if (published is not None and inside == Path(os.path.realpath(published))) or \
                inside.is_relative_to(os.path.realpath(store.root)) or target == store.warehouse:
            raise ValueError(f"--output {output} is the published warehouse or inside its versions folder; "
                             "`taskmarts stage` never writes there: name another file")
        return target
    if published is None and not os.path.lexists(warehouse):
        return warehouse
    return warehouse.with_name(warehouse.stem + SCRATCH_SUFFIX)


def stage_scratch(raw_dir: Path, warehouse: Path, output: Path | None = None,
                  notify: Callable[[str], None] = lambda text: None) -> tuple[Path, StageReport]:
    """Stage raw_dir into a scratch warehouse (scratch_path): a copy of the published warehouse
    at `warehouse`, if any, with its raw schema staged again. Returns (the file written, the
    StageReport). Raises FileNotFoundError when raw_dir is missing, publish.BuildBusy while a
    build of that warehouse runs, publish.WarehouseLocked when a read-write session keeps the
    published file or the scratch file open past the wait (notify(text) says it waits), ValueError
    for an --output inside the store, duckdb.Error when the copy cannot be opened or written."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    store = publish.Store(warehouse.absolute())
    with store.lock():
        published = store.published_warehouse()
        target = scratch_path(warehouse, output, published)
        target.parent.mkdir(parents=True, exist_ok=True)
        publish.wait_unlocked(target, notify)  # someone's session on an earlier scratch file
        part = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            if published is not None:
                publish.copy_warehouse(published, part, notify)
            with duckdb.connect(str(part)) as con:
                report = stage(raw_dir, con)
            target.with_name(target.name + ".wal").unlink(missing_ok=True)  # never replayed onto the new file
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
            part.with_name(part.name + ".wal").unlink(missing_ok=True)
    return target, report
