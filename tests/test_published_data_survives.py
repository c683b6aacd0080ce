"""Published data survives a new user's mistakes (issue 21; item numbers in the section titles).

- 1. A folder of the user's at --marts-dir, or at validation/ beside the warehouse, is refused
  at once (exit 2, the path named) and never deleted.
- 2. SIGTERM while `current` is being switched: one whole version stays published, and the
  message says which.
- 3. A read-write DuckDB session on the published warehouse is a lock, not damage: the build
  waits for it (then builds) or refuses after the wait; the warehouse is never set aside and
  the session's write-ahead log is kept.
- 4. `taskmarts stage` never writes into the published warehouse; it stages into a scratch
  copy, under the build lock.
- 6, 7, 10. A raw folder without .txt files stops at once (exit 2); the shrink guard counts
  documents as well as tasks, and stays on after a damaged warehouse was set aside; a failed
  build prints only paths that exist.
- 8, 9, 11, 12. Signals in the export, children that die with the build and are reaped, files
  fsynced before the switch, one validation report per warehouse, nothing on stderr.
- 13, 14, 15. Traditional (Big5) copies, one text in two encodings, a newline in a file name.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from filelock import FileLock

from pipeline import cli
from pipeline.warehouse import build as build_module
from pipeline.warehouse import publish, shrink_guard
from tests.helpers.builds import (
    Build,
    agree,
    changed_raw,
    copy_previous,
    digests,
    run_build,
    versions,
)
from tests.helpers.paths import ROOT, SEEDS


def taskmarts(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `taskmarts` command with args (and env added to the environment)."""
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=dict(os.environ, **(env or {})))


# ---------------------------------------------------------------- 1. the user's folders

@pytest.mark.parametrize("where", ["marts", "validation"])
def test_users_folder_at_an_output_path_is_refused_not_deleted(tmp_path, where):
    raw = shutil.copytree(SEEDS, tmp_path / "raw")
    folder = tmp_path / where
    folder.mkdir()
    (folder / "q3_summary.docx").write_text("the user's own report", encoding="utf-8")

    proc = run_build(raw, tmp_path)

    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert str(folder) in proc.stderr and "not created by taskmarts" in proc.stderr, proc.stderr
    assert "stage:" not in proc.stdout, "refused before anything was built"
    assert not folder.is_symlink()
    assert (folder / "q3_summary.docx").read_text(encoding="utf-8") == "the user's own report"


@pytest.mark.parametrize("content", [b"PK\x03\x04 the user's spreadsheet", None], ids=["file", "folder"])
def test_users_file_or_folder_at_the_warehouse_path_is_refused(tmp_path, content):
    raw = shutil.copytree(SEEDS, tmp_path / "raw")
    path = tmp_path / "w.duckdb"
    if content is None:
        path.mkdir()
        (path / "notes.txt").write_text("mine", encoding="utf-8")
    else:
        path.write_bytes(content)

    proc = run_build(raw, tmp_path)

    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert str(path) in proc.stderr and "not created by taskmarts" in proc.stderr, proc.stderr
    assert not path.is_symlink()
    assert (path / "notes.txt").is_file() if content is None else path.read_bytes() == content


def test_switch_never_deletes_a_folder_it_did_not_make(tmp_path):
    """The check inside the switch itself (a folder made after the build started)."""
    store = publish.Store(tmp_path / "w.duckdb", tmp_path / "marts")
    version = store.version("1")
    (version / "marts").mkdir(parents=True)
    (version / "validation").mkdir()
    (version / "warehouse.duckdb").write_text("new")
    (tmp_path / "marts").mkdir()
    (tmp_path / "marts" / "notes.txt").write_text("mine")

    with pytest.raises(publish.PathTaken, match="marts"):
        publish.switch(store, version)
    assert (tmp_path / "marts" / "notes.txt").read_text() == "mine"


# ---------------------------------------------------------------- 2. a signal at the switch

def test_sigterm_during_the_switch_leaves_one_whole_version(seed_build, tmp_path, monkeypatch, capsys):
    out = copy_previous(seed_build, tmp_path / "out")
    seed_version = Path(os.path.realpath(out / "w.duckdb")).parent

    def fake_build_version(raw_dir, previous, version, *rest):
        for name in ("marts", "validation"):
            shutil.copytree(seed_version / name, version / name)
        shutil.copyfile(seed_version / "warehouse.duckdb", version / "warehouse.duckdb")
        return True

    real_link = publish._link

    def link_then_sigterm(path, target):
        real_link(path, target)
        if path.name == publish.CURRENT:
            os.kill(os.getpid(), signal.SIGTERM)  # `kill PID` right after current moved

    monkeypatch.setenv("TASKMARTS_BUILD_ID", "test")  # build() sets it: restored afterwards
    monkeypatch.setattr(build_module, "_build_version", fake_build_version)
    monkeypatch.setattr(publish, "_link", link_then_sigterm)

    code = cli.main(["build", "--raw-dir", str(out / "raw"), "--warehouse", str(out / "w.duckdb"),
                     "--marts-dir", str(out / "marts"), "--force"])

    err = capsys.readouterr().err
    assert code == 143, err
    current = versions(out) / os.readlink(versions(out) / "current")
    assert current.is_dir() and current != seed_version, "the new version is published and kept"
    assert re.search(r"terminated; the new build was published \(v-", err), err
    assert agree(out) == (5, 156)


# ---------------------------------------------------------------- 3. a read-write session

READ_WRITE_SESSION = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])       # a notebook's read-write connection
con.execute("create table main.scratch as select 42 as answer")  # in its write-ahead log, not yet checkpointed
print("open", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
time.sleep(600)
"""


@contextlib.contextmanager
def read_write_session(path: Path, seconds: float):
    """A process holding `path` open read-write for `seconds` (its write in the log), stopped on
    leaving the block."""
    session = subprocess.Popen([sys.executable, "-c", READ_WRITE_SESSION, str(path), str(seconds)],
                               stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert session.stdout.readline().strip() == "open"
        yield session
    finally:
        session.kill()
        session.wait()


def test_read_write_session_is_refused_after_the_wait_not_set_aside(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    with read_write_session(out / "w.duckdb", 600):
        before = digests(out)
        wal = Path(os.path.realpath(out / "w.duckdb") + ".wal")
        assert wal.exists(), "the session's write is in its log"
        proc = run_build_env(out, {"TASKMARTS_LOCK_WAIT": "1"}, "--force")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "open read-write by another process" in proc.stdout + proc.stderr
    assert "w.duckdb" in proc.stderr, proc.stderr
    assert not list(versions(out).glob("damaged-*")), "a locked warehouse is not damaged"
    assert wal.exists(), "a live session's log is not stale"
    assert digests(out) == before
    assert agree(out) == (5, 156)


def test_build_waits_for_a_read_write_session_to_close(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    with read_write_session(out / "w.duckdb", 3):
        proc = run_build_env(out, {"TASKMARTS_LOCK_WAIT": "120"}, "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "waiting" in proc.stdout + proc.stderr
    assert not list(versions(out).glob("damaged-*"))
    assert agree(out) == (5, 156)


def run_build_env(out: Path, env: dict, *options: str) -> subprocess.CompletedProcess:
    return taskmarts("build", "--raw-dir", str(out / "raw"), "--warehouse", str(out / "w.duckdb"),
                     "--marts-dir", str(out / "marts"), *options, env=env)


# ---------------------------------------------------------------- 4. taskmarts stage

def test_stage_never_writes_the_published_warehouse(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    before = digests(out)
    raw = tmp_path / "raw_one"
    raw.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), raw)

    proc = taskmarts("stage", "--raw-dir", str(raw), "--warehouse", str(out / "w.duckdb"))

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert digests(out) == before, "the published warehouse is untouched"
    scratch = out / "w.staged.duckdb"
    assert str(scratch) in proc.stdout and "the published warehouse is unchanged" in proc.stdout
    con = duckdb.connect(str(scratch), read_only=True)
    try:
        assert con.execute("select count(*) from raw.documents").fetchone()[0] == 1
        assert con.execute("select count(*) from marts.documents").fetchone()[0] == 5, "a copy of the published one"
    finally:
        con.close()


def test_stage_waits_for_no_build(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    with FileLock(str(versions(out) / "build.lock")):
        proc = taskmarts("stage", "--raw-dir", str(out / "raw"), "--warehouse", str(out / "w.duckdb"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "another build is running" in proc.stderr
    assert not (out / "w.staged.duckdb").exists()


# ---------------------------------------------------------------- 7. no .txt at all

def test_raw_folder_without_txt_files_stops_at_once(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    before = digests(out)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.md").write_text("# 说明\n", encoding="utf-8")
    started = time.monotonic()
    proc = run_build(raw, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"no .txt files in {raw}" in proc.stderr
    assert "stage:" not in proc.stdout and time.monotonic() - started < 15
    assert digests(out) == before


# ---------------------------------------------------------------- 6. and 10. the shrink guard

def fake_warehouse(path: Path, documents: int, tasks: int) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        con.execute(f"create table marts.documents as select range as doc_id from range({documents})")
        con.execute(f"create table marts.tasks as select range as task_id from range({tasks})")
    finally:
        con.close()
    return path


def test_shrink_guard_counts_documents(tmp_path):
    new = fake_warehouse(tmp_path / "new.duckdb", documents=2, tasks=90)  # 80% of documents gone
    assert shrink_guard.shrinks((10, 100), new) is not None
    assert "2 document(s)" in shrink_guard.shrinks((10, 100), new)
    assert shrink_guard.shrinks((10, 100), fake_warehouse(tmp_path / "ok.duckdb", 9, 90)) is None


def test_shrink_guard_stays_on_after_a_damaged_warehouse_and_names_only_existing_paths(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    (out / "w.duckdb").write_bytes(b"")  # damaged: set aside, the build starts from raw
    raw = tmp_path / "raw_one"
    raw.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), raw)

    proc = run_build(raw, out)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "set aside as" in proc.stdout
    assert re.search(r"not published: this build has 1 document\(s\) .* the published one 5 and 156", proc.stdout)
    page = re.search(r"validation report: (\S+)", proc.stdout)
    assert page and Path(page.group(1)).is_file(), proc.stdout


# ---------------------------------------------------------------- 12. a quiet end

def test_clean_build_prints_nothing_on_stderr(seed_build):
    """No 'leaked semaphore' warning of multiprocessing's resource tracker (GX's tqdm lock in
    the validation worker) after a build (a rebuild over a previous one: tests/test_noop_build.py)."""
    assert seed_build[1].stderr == ""


# ---------------------------------------------------------------- 9. on disk before the switch

def test_switch_fsyncs_every_file_before_current_moves(tmp_path, monkeypatch):
    store = publish.Store(tmp_path / "w.duckdb", tmp_path / "marts")
    version = store.version("1")
    (version / "marts").mkdir(parents=True)
    (version / "validation").mkdir()
    files = [version / "warehouse.duckdb", version / "marts" / "tasks.parquet", version / "validation" / "report.html"]
    for path in files:
        path.write_text("x")
    events: list = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real_fsync(fd)

    def replace(source, dest):
        events.append(("replace", str(dest)))
        return real_replace(source, dest)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    publish.switch(store, version)

    switched = events.index(("replace", str(store.root / "current")))
    assert {str(path) for path in files} <= set(events[:switched]), events


# ---------------------------------------------------------------- 8. signals in export, orphans

def test_sigterm_during_export_exits_143_saying_terminated(seed_build, tmp_path, monkeypatch, capsys):
    """DuckDB turns the SIGTERM handler's exception into RuntimeError('Query interrupted')."""
    out = copy_previous(seed_build, tmp_path / "out")

    def exporting_build_version(raw_dir, previous, version, result, say, *rest):
        say.step("export")
        threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM)).start()
        duckdb.connect().sql("select count(*) from range(100000000000)").fetchall()  # a long export query
        return True

    monkeypatch.setenv("TASKMARTS_BUILD_ID", "test")
    monkeypatch.setattr(build_module, "_build_version", exporting_build_version)
    before = digests(out)

    code = cli.main(["build", "--raw-dir", str(out / "raw"), "--warehouse", str(out / "w.duckdb"),
                     "--marts-dir", str(out / "marts"), "--force"])

    err = capsys.readouterr().err
    assert code == 143, err
    assert "taskmarts: terminated; nothing was published, the previous build is unchanged" in err
    assert "Query interrupted" not in err
    assert digests(out) == before


def live_processes(pgid: int, zombies: bool = False) -> list[str]:
    """Processes of the group, '<pid> <state> <command>': those not zombies, or all of them."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and (zombies or fields[0] != "Z"):
            live.append(f"{stat.parent.name} {fields[0]} {(stat.parent / 'cmdline').read_bytes()[:120]!r}")
    return live


# the kernel kills the children with the build (PR_SET_PDEATHSIG): well under a second here
CHILDREN_GONE_S = 2


def test_children_die_with_a_killed_build(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    build = Build(changed_raw(out / "raw", tmp_path / "raw_changed"), out)
    try:
        build.wait_for("  stage:")  # dbt and the GX worker running
        assert len(live_processes(build.proc.pid)) >= 3, "build, dbt and the GX worker"
        build.kill()  # SIGKILL the build alone, as the OOM killer does
        # at once: left alone, dbt goes on building (~10 s) and the worker importing GX (~6 s)
        deadline = time.monotonic() + CHILDREN_GONE_S
        while live_processes(build.proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert live_processes(build.proc.pid) == [], "dbt and the GX worker outlived the build"
    finally:
        build.kill_group()


def test_a_stopped_build_leaves_no_zombie(seed_build, tmp_path):
    """SIGTERM in the validate step: every child (dbt's, the GX worker, multiprocessing's
    resource trackers) is reaped by the build, none is left to an init that may not reap."""
    out = copy_previous(seed_build, tmp_path / "out")
    build = Build(changed_raw(out / "raw", tmp_path / "raw_changed"), out)
    try:
        build.wait_for("  dbt build:")
        time.sleep(0.1)
        os.kill(build.proc.pid, signal.SIGTERM)
        assert build.proc.wait(timeout=60) == 143
        # at its exit: what the build did not reap is left to init (here one that reaps late)
        assert live_processes(build.proc.pid, zombies=True) == []
    finally:
        build.kill_group()


# ---------------------------------------------------------------- 11. one report per warehouse

def test_two_warehouses_in_one_folder_keep_their_own_validation(tmp_path):
    def publish_fake(name: str, build_id: str = "1") -> publish.Store:
        store = publish.Store(tmp_path / f"{name}.duckdb", tmp_path / f"marts_{name}")
        version = store.version(build_id)
        (version / "marts").mkdir(parents=True)
        (version / "validation").mkdir()
        (version / "warehouse.duckdb").write_text(name)
        (version / "validation" / "report.html").write_text(f"report of {name}")
        publish.switch(store, version)
        return store

    first, second = publish_fake("a"), publish_fake("b")

    assert (first.validation_dir / "report.html").read_text() == "report of a"
    assert (second.validation_dir / "report.html").read_text() == "report of b"
    assert first.validation_dir == tmp_path / "validation", "the first warehouse keeps the usual name"
    assert publish_fake("a", "2").validation_dir == first.validation_dir, "stable across builds"


# ---------------------------------------------------------------- 15. a newline in a file name

def test_newline_in_a_file_name_is_warned_and_kept_out_of_the_doc_id(tmp_path):
    from pipeline.warehouse.stage import collect

    (tmp_path / "通知\n附件.txt").write_bytes(next(SEEDS.glob("*.txt")).read_bytes())

    rows, report = collect(tmp_path)

    assert report.staged == ["通知_附件"]
    (doc_id, source_file, *_), = rows["documents"]
    assert (doc_id, source_file) == ("通知_附件", "通知\n附件.txt"), "the file's own name is kept"
    (name, status, reason), = report.notes
    assert status == "staged_with_warning" and "control character" in reason, reason


# ---------------------------------------------------------------- 14. one text, two encodings

def test_same_document_in_utf8_and_gbk_is_staged_once(tmp_path):
    from pipeline.warehouse.stage import collect

    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))  # a Windows copy

    rows, report = collect(tmp_path)

    assert report.staged == ["a"]
    assert rows["documents"][0][5] == ["b.txt"], "listed as an alias"
    (name, status, reason), = [note for note in report.notes if note[1] == "duplicate"]
    assert name == "b.txt" and "same text as a.txt" in reason, reason


def test_text_duplicate_of_an_unchanged_document_is_found_when_staging_incrementally(tmp_path):
    from pipeline.warehouse import fingerprint
    from pipeline.warehouse.stage import stage

    raw = tmp_path / "raw"
    raw.mkdir()
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    (raw / "a.txt").write_bytes(text.encode("utf-8"))
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        stage(raw, con)
        (raw / "b.txt").write_bytes(text.encode("gb18030"))
        known = {name: entry[4] for name, entry in fingerprint.raw_state(raw).items()}
        report = stage(raw, con, known=known)  # a.txt is not read again
        assert report.staged == ["a"]
        assert con.execute("select aliases from raw.documents").fetchall() == [(["b.txt"],)]


# ---------------------------------------------------------------- 13. Big5, traditional characters

def test_big5_traditional_copy_is_read_like_the_original(tmp_path):
    from opencc import OpenCC

    from pipeline.warehouse.records import parse_batch
    from pipeline.warehouse.stage import collect

    original = (SEEDS / "002_02af6b1906b9e9a1.txt").read_text(encoding="utf-8")
    traditional = OpenCC("s2t").convert(original)
    (tmp_path / "mirror.txt").write_bytes(traditional.encode("big5", errors="replace"))

    rows, report = collect(tmp_path)
    (doc_id, _, _, _, encoding, _, text), = rows["documents"]
    assert encoding in ("big5", "cp950", "big5hkscs"), encoding
    assert "廳" in text and "厅" not in text, "raw keeps the traditional text"

    mirror, seed = parse_batch([doc_id, "seed"], ["", ""], [text, original], "test").to_pylist()

    assert mirror["parse_status"] == "parsed", mirror["parse_reasons"]
    assert [t["title"] for t in mirror["tasks"]] == [t["title"] for t in seed["tasks"]]
    assert any("traditional" in w for w in mirror["warnings"]), mirror["warnings"]


def test_explain_reads_a_traditional_copy_as_the_build_does(tmp_path):
    from opencc import OpenCC

    from pipeline.commands.explain import explain_file

    seed = SEEDS / "002_02af6b1906b9e9a1.txt"
    mirror = tmp_path / "mirror.txt"
    mirror.write_bytes(OpenCC("s2t").convert(seed.read_text(encoding="utf-8")).encode("big5", errors="replace"))

    explained = explain_file(mirror)

    assert len(explained.document.tasks) == len(explain_file(seed).document.tasks)
    assert any("traditional" in w for w in explained.decode_warnings)
