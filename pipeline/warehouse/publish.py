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
                             (validation-<stem> for a second warehouse in the same folder)

The three user-facing paths are links made once and never changed afterwards; a reader opens
them as before. Folders of killed builds are removed by the next build, under the lock.

Nothing of the user's is ever deleted: a folder or file at an output path that taskmarts did not
write is refused (PathTaken, before anything is built); a read-write DuckDB session holding the
published warehouse is waited for, then refused (WarehouseLocked), never taken for damage.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

CURRENT, PREVIOUS = "current", "previous"
VERSION_PREFIX = "v-"
# What a build writes into a validation folder: a folder holding anything else is not ours.
VALIDATION_FILES = frozenset({"results.json", "report.html"})
# How long a build waits for a read-write session (a notebook, DBeaver) to release the published
# warehouse: a cell that writes finishes in seconds, a session left open for hours must not hold
# the build that long (it is refused, naming the file). TASKMARTS_LOCK_WAIT sets other seconds.
LOCK_WAIT_SECONDS = 60.0
LOCK_POLL_SECONDS = 0.5  # how often the lock is tried while waiting


class BuildBusy(Exception):
    """Another build holds the lock of this warehouse (the message names its pid)."""


class PathTaken(ValueError):
    """An output path (warehouse, marts or validation folder) holds something taskmarts did
    not write; the message names it. Nothing is built or changed."""


class WarehouseLocked(ValueError):
    """The published warehouse stayed open read-write by another process for the whole wait;
    the message names the file and the process DuckDB reports."""


@dataclass(frozen=True)
class Store:
    """Where the versions of `warehouse` live and which user-facing paths point into them."""

    warehouse: Path
    marts_dir: Path | None = None  # needed only to publish (switch, check_user_paths)

    @property
    def root(self) -> Path:
        return self.warehouse.parent / f".{self.warehouse.name}.versions"

    @property
    def validation_dir(self) -> Path:
        """The link to this warehouse's validation folder: `validation` beside it, unless that
        is a link into another warehouse's versions folder (two warehouses in one folder): then
        `validation-<warehouse stem>`. Links are made once, so each keeps its name."""
        shared = self.warehouse.parent / "validation"
        own = self.warehouse.parent / f"validation-{self.warehouse.stem}"
        if own.is_symlink():
            return own
        if shared.is_symlink() and not os.readlink(shared).startswith(self.root.name + os.sep):
            return own
        return shared

    def version(self, build_id: str) -> Path:
        """The folder of one build's output (not created here)."""
        return self.root / f"{VERSION_PREFIX}{build_id}"

    def current(self) -> Path | None:
        """The published version folder, or None before the first versioned build."""
        link = self.root / CURRENT
        return self.root / os.readlink(link) if link.is_symlink() and link.resolve().is_dir() else None

    def published_warehouse(self) -> Path | None:
        """The warehouse file the user path shows now: the current version's, or a plain file
        left by a release before versions (None when there is none, or the file is missing)."""
        current = self.current()
        if current is not None:
            return current / "warehouse.duckdb" if (current / "warehouse.duckdb").is_file() else None
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


def write_locked(path: Path) -> bool:
    """True when another process holds a write lock on `path`: DuckDB's lock of a read-write
    session (read-only sessions share the file and do not count). False for a missing file."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return True
        raise
    finally:
        os.close(fd)  # releases the probe's lock


def lock_wait_seconds() -> float:
    """LOCK_WAIT_SECONDS, or TASKMARTS_LOCK_WAIT when set. Raises ValueError naming the
    variable when it is not a number."""
    value = os.environ.get("TASKMARTS_LOCK_WAIT")
    try:
        return float(value) if value else LOCK_WAIT_SECONDS
    except ValueError:
        raise ValueError(f"TASKMARTS_LOCK_WAIT must be a number of seconds, not {value!r}") from None


def wait_unlocked(path: Path, notify: Callable[[str], None]) -> None:
    """Return once no other process holds `path` open read-write, waiting lock_wait_seconds()
    at most; notify(text) is called once when the build has to wait. Raises WarehouseLocked
    naming the file and the process holding it after the wait."""
    if not write_locked(path):
        return
    seconds = lock_wait_seconds()
    notify(f"the published warehouse {path} is open read-write by another process (a notebook, a SQL "
           f"client): waiting up to {seconds:g} s for it to close; open it read-only to never block a build")
    deadline = time.monotonic() + seconds
    while write_locked(path):
        if time.monotonic() >= deadline:
            try:
                duckdb.connect(str(path), read_only=True).close()
                holder = "a process"
            except duckdb.Error as exc:  # DuckDB's message names the process: "... (PID 4237)"
                holder = str(exc).splitlines()[0]
            raise WarehouseLocked(f"the published warehouse {path} is open read-write by another process "
                                  f"({holder}); close that session (or open it read-only) and build again. "
                                  "Nothing was changed") from None
        time.sleep(LOCK_POLL_SECONDS)


def remove_stale_wal(store: Store) -> list[str]:
    """Delete write-ahead logs a crashed read-write session left beside the user path or the
    current version's file: DuckDB would replay them onto whatever file the path shows next.
    A log whose warehouse is held open read-write belongs to a live session and is kept.
    Returns one warning per file removed. Call under the lock, before anything is copied."""
    warnings = []
    current = store.current()
    for wal in {store.warehouse.with_name(store.warehouse.name + ".wal"),
                *([current / "warehouse.duckdb.wal"] if current else [])}:
        if wal.exists() and not write_locked(wal.with_name(wal.name[:-len(".wal")])):
            wal.unlink()
            warnings.append(f"removed a stale write-ahead log left by a crashed read-write session: {wal}")
    return warnings


def usable_previous(store: Store, notify: Callable[[str], None]) -> tuple[Path | None, str | None]:
    """(the published warehouse to start from, None) or, when it cannot be opened, (None, a
    warning): a copy of the damaged file is kept as damaged-<time>.duckdb in the store (the
    published version stays as it was) and the build starts from nothing (every document is
    parsed again). A read-write session holding the file is waited for (wait_unlocked; raises
    WarehouseLocked after the wait): a lock is never taken for damage."""
    previous = store.published_warehouse()
    if previous is None:
        return None, None
    wait_unlocked(previous, notify)
    try:
        duckdb.connect(str(previous), read_only=True).close()
        return previous, None
    except duckdb.Error as exc:
        if write_locked(previous):  # a session opened meanwhile
            wait_unlocked(previous, notify)
            return previous, None
        aside = store.root / f"damaged-{time.strftime('%Y%m%dT%H%M%S')}.duckdb"
        shutil.copyfile(previous, aside)
        reason = str(exc).splitlines()[0]
        return None, f"the published warehouse could not be opened ({reason}): set aside as {aside}; rebuilt from raw"


def copy_warehouse(previous: Path, dest: Path, notify: Callable[[str], None]) -> None:
    """Copy the published warehouse to dest while holding a shared lock on it, so no read-write
    session can change it during the copy (a session already holding it is waited for:
    wait_unlocked). Raises WarehouseLocked after the wait, OSError when a file cannot be
    read or written."""
    while True:
        wait_unlocked(previous, notify)
        with open(previous, "rb") as source:
            try:
                fcntl.lockf(source, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    continue  # a session opened between the wait and the lock
                raise
            with open(dest, "wb") as target:
                shutil.copyfileobj(source, target)
            return  # closing the source releases the lock


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


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    """fsync every file under folder, then each folder (deepest first): the data and the names
    are on disk before a link points at them."""
    for parent, _, files in os.walk(folder, topdown=False):
        for name in files:
            _fsync(Path(parent) / name)
        _fsync(Path(parent))


def _own_folder(path: Path, kind: str) -> bool:
    """True when the plain folder `path` holds only what taskmarts writes there (`kind` "marts":
    the Parquet file of each mart; "validation": VALIDATION_FILES): removing it loses nothing."""
    from pipeline.warehouse.dbt_runner import marts

    own = {f"{mart}.parquet" for mart in marts()} if kind == "marts" else VALIDATION_FILES
    return all(entry.is_file() and not entry.is_symlink() and entry.name in own for entry in path.iterdir())


def _own_warehouse(path: Path) -> bool:
    """True when the plain file `path` is a warehouse taskmarts wrote (a DuckDB database with a
    raw or marts schema, as a release before versions left it), or is held open read-write
    (the build waits for that session, see wait_unlocked)."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return bool(con.execute("select 1 from duckdb_schemas() where schema_name in ('raw', 'marts')")
                        .fetchall())
    except duckdb.Error:
        return write_locked(path)


def check_user_paths(store: Store) -> None:
    """Raise PathTaken naming the first output path that holds something taskmarts did not
    write: a folder, or a file that is no warehouse of taskmarts (_own_warehouse), at the
    warehouse path, a file at the marts or validation path, or a folder
    there holding other files than taskmarts writes (a user's reports). Links (ours, or a
    user's link, which is replaced, its target kept) and missing paths are fine. Changes nothing."""
    if store.warehouse.is_dir() and not store.warehouse.is_symlink():
        raise PathTaken(f"{store.warehouse} is a folder not created by taskmarts; --warehouse names the "
                        "database file to write: choose another path")
    if store.warehouse.is_file() and not store.warehouse.is_symlink() and not _own_warehouse(store.warehouse):
        raise PathTaken(f"{store.warehouse} is a file not created by taskmarts (not a DuckDB database with "
                        "its raw or marts schema); it is left as it is: choose another --warehouse")
    for path, kind, option in ((store.marts_dir, "marts", "--marts-dir"),
                               (store.validation_dir, "validation", None)):
        if path is None or path.is_symlink() or not path.exists():
            continue
        if path.is_dir() and _own_folder(path, kind):
            continue
        what = "a folder" if path.is_dir() else "a file"
        where = (f"choose another {option}" if option else
                 f"the build's validation report goes there beside {store.warehouse.name}: move it")
        raise PathTaken(f"{path} is {what} not created by taskmarts (it holds files taskmarts does not "
                        f"write); it is left as it is: {where}")


def _point_user_path(path: Path, target: Path, store: Store) -> None:
    """Make a user-facing path a link into `current` (once; later builds find it in place). A
    folder of taskmarts' own output left by a release before versions is replaced (its files
    are all in the new version); anything else was refused by check_user_paths."""
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


@contextlib.contextmanager
def signals_deferred():
    """SIGINT and SIGTERM are held back inside the block and delivered on leaving it (to the
    handlers that were there before), so the switch and the caller's record of it are never cut
    in two. Python runs signal handlers in the main thread whichever thread the system picks
    (DuckDB's and rich's threads do not block signals), so the handlers, not the signal mask,
    are swapped. Outside the main thread, where no handler runs, nothing needs holding."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    held = {signum: signal.signal(signum, lambda signum, frame: received.append(signum))
            for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in held.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)


def switch(store: Store, version: Path) -> None:
    """Publish `version` (a complete folder): its files are fsynced, `current` points to it in
    one rename, `previous` to the version it replaces; then the user paths are made links into
    `current` if they are not yet. Raises PathTaken, before anything changes, when an output
    path holds something taskmarts did not write. Call under the lock, inside
    signals_deferred() together with the caller's record that the version is published;
    remove_leftovers() afterwards."""
    check_user_paths(store)
    old = os.readlink(store.root / CURRENT) if (store.root / CURRENT).is_symlink() else None
    _fsync_tree(version)
    _link(store.root / CURRENT, version.name)
    _fsync(store.root)
    if old and old != version.name:
        _link(store.root / PREVIOUS, old)
    current = store.root / CURRENT
    _point_user_path(store.warehouse, current / "warehouse.duckdb", store)
    _point_user_path(store.marts_dir, current / "marts", store)
    _point_user_path(store.validation_dir, current / "validation", store)
