"""Versions of a build's output, and the one atomic switch that publishes them.

Everything one build produces (warehouse, Parquet marts, validation results and Data Docs) is
written into a new version folder; a symbolic link `current` then switches to it with one
rename, so readers see the whole previous version or the whole new one, never a mix:

    data/.warehouse.duckdb.versions/        the store (one per warehouse path)
        current -> v-20261129T101500-4242   the published version (one atomic rename)
        previous -> v-20261129T093000-4100  kept for rollback and for readers still holding it
        v-…/warehouse.duckdb  v-…/marts/*.parquet  v-…/validation/
        build.lock  build.pid               one build at a time
    data/warehouse.duckdb -> .warehouse.duckdb.versions/current/warehouse.duckdb
    data/marts            -> .warehouse.duckdb.versions/current/marts
    data/validation       -> .warehouse.duckdb.versions/current/validation

The three user-facing paths are links made once and never changed afterwards; a reader opens
them as before. Folders of killed builds are removed by the next build, under the lock.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

CURRENT, PREVIOUS = "current", "previous"
VERSION_PREFIX = "v-"


class BuildBusy(Exception):
    """Another build holds the lock of this warehouse (the message names its pid)."""


@dataclass(frozen=True)
class Store:
    """Where the versions of `warehouse` live and which user-facing paths point into them."""

    warehouse: Path
    marts_dir: Path

    @property
    def root(self) -> Path:
        return self.warehouse.parent / f".{self.warehouse.name}.versions"

    @property
    def validation_dir(self) -> Path:
        return self.warehouse.parent / "validation"

    def version(self, build_id: str) -> Path:
        """The folder of one build's output (not created here)."""
        return self.root / f"{VERSION_PREFIX}{build_id}"

    def current(self) -> Path | None:
        """The published version folder, or None before the first versioned build."""
        link = self.root / CURRENT
        return self.root / os.readlink(link) if link.is_symlink() and link.resolve().is_dir() else None

    def published_warehouse(self) -> Path | None:
        """The warehouse file the user path shows now: the current version's, or a plain file
        left by a release before versions (None when there is none)."""
        current = self.current()
        if current is not None:
            return current / "warehouse.duckdb"
        return self.warehouse if self.warehouse.is_file() and not self.warehouse.is_symlink() else None

    def lock(self) -> "_PidLock":
        """A lock held for the whole build (a context manager); entering it raises BuildBusy
        naming the other build's pid when that build holds it."""
        self.root.mkdir(parents=True, exist_ok=True)
        return _PidLock(str(self.root / "build.lock"), self.root / "build.pid")


class _PidLock:
    """filelock's lock (not waiting) that also records the holder's pid for the "busy" message."""

    def __init__(self, path: str, pid_file: Path):
        self._lock = FileLock(path, timeout=0)
        self._pid_file = pid_file

    def __enter__(self) -> "_PidLock":
        try:
            self._lock.acquire()
        except Timeout:
            pid = self._pid_file.read_text().strip() if self._pid_file.exists() else "unknown"
            raise BuildBusy(f"another build is running (pid {pid}) on {self._pid_file.parent.parent}") from None
        self._pid_file.write_text(str(os.getpid()))
        return self

    def __exit__(self, *exc) -> None:
        self._pid_file.unlink(missing_ok=True)
        self._lock.release()


def remove_stale_wal(store: Store) -> list[str]:
    """Delete write-ahead logs a crashed read-write session left beside the user path or the
    current version's file: DuckDB would replay them onto whatever file the path shows next.
    Returns one warning per file removed. Call under the lock, before anything is copied."""
    warnings = []
    current = store.current()
    for wal in {store.warehouse.with_name(store.warehouse.name + ".wal"),
                *([current / "warehouse.duckdb.wal"] if current else [])}:
        if wal.exists():
            wal.unlink()
            warnings.append(f"removed a stale write-ahead log left by a crashed read-write session: {wal}")
    return warnings


def usable_previous(store: Store) -> tuple[Path | None, str | None]:
    """(the published warehouse to start from, None) or, when it cannot be opened, (None, a
    warning): the damaged file is renamed to damaged-<time>.duckdb in the store, and the build
    starts from nothing (every document is parsed again)."""
    previous = store.published_warehouse()
    if previous is None:
        return None, None
    try:
        duckdb.connect(str(previous), read_only=True).close()
        return previous, None
    except duckdb.Error as exc:
        aside = store.root / f"damaged-{time.strftime('%Y%m%dT%H%M%S')}.duckdb"
        store.root.mkdir(parents=True, exist_ok=True)
        shutil.move(str(previous), aside)
        reason = str(exc).splitlines()[0]
        return None, f"the published warehouse could not be opened ({reason}): set aside as {aside}; rebuilt from raw"


def remove_leftovers(store: Store) -> None:
    """Delete version folders that are neither current nor previous (builds that were killed or
    failed) and temporary links. Call under the lock."""
    if not store.root.is_dir():
        return
    keep = {os.readlink(store.root / n) for n in (CURRENT, PREVIOUS) if (store.root / n).is_symlink()}
    for entry in store.root.iterdir():
        if entry.name.startswith(VERSION_PREFIX) and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(".link-"):
            entry.unlink(missing_ok=True)
        elif entry.name in (CURRENT, PREVIOUS) and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)  # a copy that followed the links: not ours to keep


def _link(path: Path, target: str) -> None:
    """Make `path` a symbolic link to `target` with one atomic rename (no moment without it)."""
    temp = path.with_name(f".link-{os.getpid()}-{path.name}")
    temp.unlink(missing_ok=True)
    os.symlink(target, temp)
    os.replace(temp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _point_user_path(path: Path, target: Path, store: Store) -> None:
    """Make a user-facing path a link into `current` (once; later builds find it in place). A
    plain file or folder a release before versions left there is moved into the store."""
    relative = os.path.relpath(target, path.parent)
    if path.is_symlink() and os.readlink(path) == relative:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        temp = path.with_name(f".link-{os.getpid()}-{path.name}")
        os.symlink(relative, temp)
        aside = store.root / f"before-versions-{path.name}"
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(path, aside)  # the only moment the path is missing: once, on the first build
        os.replace(temp, path)
        shutil.rmtree(aside, ignore_errors=True)
        return
    _link(path, relative)


def switch(store: Store, version: Path) -> None:
    """Publish `version` (a complete folder): `current` points to it in one rename, `previous`
    to the version it replaces; then the user paths are made links into `current` if they are
    not yet, and older versions are removed. Call under the lock."""
    old = os.readlink(store.root / CURRENT) if (store.root / CURRENT).is_symlink() else None
    _fsync_dir(version)
    _link(store.root / CURRENT, version.name)
    _fsync_dir(store.root)
    if old and old != version.name:
        _link(store.root / PREVIOUS, old)
    current = store.root / CURRENT
    _point_user_path(store.warehouse, current / "warehouse.duckdb", store)
    _point_user_path(store.marts_dir, current / "marts", store)
    _point_user_path(store.validation_dir, current / "validation", store)
    remove_leftovers(store)
