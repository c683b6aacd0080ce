"""Running the real `taskmarts build` from tests, and looking at what it published.

A build's output folder `out` holds the warehouse link w.duckdb, the marts link marts/, the
version store .w.duckdb.versions/ (pipeline/warehouse/publish.py) and, for copies of the seed build, the
raw folder raw/."""
from __future__ import annotations

import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.helpers.paths import ROOT

# The edit changed_raw makes to the seed raw folder: one task title of CHANGED gains a suffix,
# DELETED is removed.
CHANGED = "004_78c1b2ca7f5e9521"
DELETED = "003_0c5d3fa26a0cc915"
OLD_TITLE = "出台基层政务公开标准目录落实意见"
NEW_TITLE = OLD_TITLE + "（修订稿）"


def build_command(raw_dir: Path, out: Path, *options: str) -> list[str]:
    """argv of `taskmarts build` from raw_dir into out/ (warehouse w.duckdb, marts in marts/)."""
    return [sys.executable, "-m", "pipeline.cli", "build", "--raw-dir", str(raw_dir),
            "--warehouse", str(out / "w.duckdb"), "--marts-dir", str(out / "marts"), *options]


def run_build(raw_dir: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """Run the real `taskmarts build` command into out/ (warehouse w.duckdb, marts in marts/),
    with the build options given (e.g. "--force"); returns the finished process (text output)."""
    return subprocess.run(build_command(raw_dir, out, *options), capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def copy_previous(seed_build: tuple[Path, object], out: Path) -> Path:
    """out/ with a copy of the seed build (its version store and the links into it, its raw
    folder); returns out."""
    shutil.copytree(seed_build[0], out, symlinks=True)
    return out


def versions(out: Path) -> Path:
    """The version store of the build in out/."""
    return out / ".w.duckdb.versions"


def my_version(build: "Build", out: Path) -> Path:
    """The version folder the running build writes (v-<time>-<pid>)."""
    found = list(versions(out).glob(f"v-*-{build.proc.pid}"))
    return found[0] if found else versions(out) / "not-yet"


def digests(out: Path) -> dict[str, str]:
    """sha256 of the warehouse and of every visible file in marts/, by file name."""
    files = [out / "w.duckdb", *sorted(p for p in (out / "marts").iterdir() if not p.name.startswith("."))]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def changed_raw(src: Path, dst: Path) -> Path:
    """dst/: a copy of the seed raw folder src with CHANGED edited and DELETED removed."""
    shutil.copytree(src, dst)
    path = dst / f"{CHANGED}.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count(OLD_TITLE) == 1
    path.write_text(text.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
    (dst / f"{DELETED}.txt").unlink()
    return dst


def agree(out: Path) -> tuple[int, int]:
    """(documents, tasks) of the published build, after checking that the warehouse, every
    Parquet mart and the validation folder come from one version and tell the same."""
    homes = {Path(os.path.realpath(out / name)).parent for name in ("w.duckdb", "marts", "validation")}
    assert len(homes) == 1, f"published paths point into different versions: {homes}"
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        counts = con.execute("select (select count(*) from marts.documents), (select count(*) from marts.tasks)").fetchone()
        ids = sorted(r[0] for r in con.execute("select doc_id from marts.documents").fetchall())
    finally:
        con.close()
    marts = out / "marts"
    assert sorted(pl.read_parquet(marts / "documents.parquet").get_column("doc_id").to_list()) == ids
    assert pl.read_parquet(marts / "tasks.parquet").height == counts[1]
    assert (out / "validation" / "results.json").is_file() and (out / "validation" / "report.html").is_file()
    return counts


class Build:
    """`taskmarts build` running in the background, its stdout lines read by a thread."""

    def __init__(self, raw: Path, out: Path):
        self.proc = subprocess.Popen(build_command(raw, out), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, encoding="utf-8", cwd=ROOT, start_new_session=True,
                                     env=dict(os.environ, PYTHONUNBUFFERED="1"))
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, prefix: str, timeout: float = 300) -> None:
        """Block until a stdout line starts with prefix (a step line such as '  stage:')."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, f"build ended before {prefix!r}:\n{''.join(self.seen)}"
            self.seen.append(line)
            if line.startswith(prefix):
                return

    def steps_done(self) -> list[str]:
        """Names of the steps whose closing line ("  stage: 5 items in 1.2 s") was printed."""
        time.sleep(0.2)
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.seen.append(line)
        return [m.group(1) for m in map(re.compile(r"  (\w[\w ]*): .* in [\d.]+ s$").match, self.seen) if m]

    def kill(self) -> None:
        """SIGKILL the build process only (its dbt child and GX worker are orphaned, as after an
        OOM kill), then, once the caller has checked, the rest of its process group."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def kill_group(self) -> None:
        """SIGKILL whatever is left of the build's process group (dbt, the GX worker)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


MARTS = ["citations", "documents", "hierarchy", "ingest_log", "lineage_coverage", "numbering_issues", "task_links",
         "task_units", "tasks", "units"]
# marts a build may leave empty: no numbering anomaly, or no document citing another one of the corpus
MAY_BE_EMPTY = ("numbering_issues", "task_links", "lineage_coverage")


def parquet(out: Path, mart: str) -> pl.DataFrame:
    frame = pl.read_parquet(out / "marts" / f"{mart}.parquet")
    return frame.sort([c for c, t in frame.schema.items() if not t.is_nested()])


def readable(out: Path) -> int:
    """Open the warehouse and every Parquet mart; returns the number of tasks."""
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        tasks = con.execute("select count(*) from marts.tasks").fetchone()[0]
    finally:
        con.close()
    for mart in MARTS:
        assert parquet(out, mart).height > 0 or mart in MAY_BE_EMPTY
    assert parquet(out, "tasks").height == tasks
    return tasks


def skip_if_parser_changed(previous: Path, out: Path) -> None:
    """Comparisons with the previous build only hold for the same parser: skip (saying so) when
    its source was edited while the tests ran, which makes every document parse again."""
    versions = []
    for path in (previous / "w.duckdb", out / "w.duckdb"):
        con = duckdb.connect(str(path), read_only=True)
        try:
            versions.append(con.execute("select min(parser_version) from intermediate.int_parsed_documents "
                                        "join marts.documents using (doc_id, sha256)").fetchone()[0])
        finally:
            con.close()
    if versions[0] != versions[1]:
        pytest.skip(f"parser source changed during the test run ({versions[0]} -> {versions[1]})")
