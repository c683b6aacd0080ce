"""Nothing lost, nothing mixed (issue 9): the warehouse, the Parquet marts and the validation
results of a build are published together by one switch, or not at all.

- A stale DuckDB write-ahead log left by a crashed read-write session is removed, not replayed.
- A raw folder with no document (or one holding only .md / .csv files) does not publish empty
  marts over good ones unless --allow-shrink (without it the build stops at once, exit 2).
- SIGKILL at each boundary between a build's phases (lock taken, staged, dbt built, validated,
  exported, switched, finished) and at a few random moments across whole builds: the published
  warehouse, Parquet marts and validation folder always come from one version and agree (same
  documents, same task count); before the switch the previous build stays published.
- A crash between the switch and the clean-up leaves a whole version published.
- Two builds of one warehouse: the second exits 2 naming the first one's pid.
- SIGTERM and Ctrl-C stop dbt and the GX worker, remove the build's folder, print one line.
- A damaged (0-byte) warehouse is set aside and rebuilt from raw, with one line saying so;
  a rebuild from nothing gives byte-identical Parquet files.
"""
from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.warehouse import publish
from tests.helpers.builds import (
    DELETED,
    MARTS,
    Build,
    agree,
    changed_raw,
    copy_previous,
    digests,
    my_version,
    parquet,
    run_build,
    skip_if_parser_changed,
    versions,
)
from tests.helpers.paths import ROOT


def group_gone(pgid: int, timeout: float = 30) -> bool:
    """True once no process of the group is left (dbt, the GX worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


# ---------------------------------------------------------------- stale write-ahead log

CRASHING_SESSION = """
import os, sys, duckdb
con = duckdb.connect(sys.argv[1])          # an analyst's read-write session
con.execute("drop table marts.units")
os.kill(os.getpid(), 9)                     # crashes before any checkpoint
"""


def test_stale_wal_is_removed_not_replayed(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    subprocess.run([sys.executable, "-c", CRASHING_SESSION, str(out / "w.duckdb")], cwd=ROOT)
    wal = Path(os.path.realpath(out / "w.duckdb") + ".wal")  # DuckDB puts it beside the real file
    assert wal.exists(), "the crashed session left its log"

    proc = run_build(out / "raw", out)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "stale write-ahead log" in proc.stdout
    assert not wal.exists()
    assert agree(out) == (5, 156)
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        units = con.execute("select count(*) from marts.units").fetchone()[0]
    finally:
        con.close()
    assert units == pl.read_parquet(out / "marts" / "units.parquet").height > 0


# ---------------------------------------------------------------- a build that lost everything

def test_empty_raw_folder_does_not_publish_over_good_marts(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    before = digests(out)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.md").write_text("# 说明\n", encoding="utf-8")
    (raw / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")

    proc = run_build(raw, out)

    assert proc.returncode == 2, proc.stdout + proc.stderr  # refused at once (issue 21, item 7)
    assert f"no .txt files in {raw}" in proc.stderr and "--allow-shrink" in proc.stderr
    assert digests(out) == before

    forced = run_build(raw, out, "--allow-shrink")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert agree(out) == (0, 0)


# ---------------------------------------------------------------- kills at phase boundaries and at random

def when_version_made(build: Build, out: Path) -> None:
    """The build holds the lock and has made its version folder: staging starts."""
    deadline = time.monotonic() + 120
    while not my_version(build, out).exists():
        assert time.monotonic() < deadline and build.proc.poll() is None, "no version folder seen"
        time.sleep(0.01)


def when_line(prefix: str):
    """The moment a step's closing line is printed: that step is done, the next one starts."""
    def wait(build: Build, out: Path) -> None:
        build.wait_for(prefix)
    wait.__name__ = f"after {prefix.strip()}"
    return wait


def when_marts_written(build: Build, out: Path) -> None:
    """Every Parquet mart the published build has is in the version folder: the switch comes next."""
    marts = len(list((out / "marts").glob("*.parquet")))
    build.wait_for("  validate:")
    deadline = time.monotonic() + 120
    while len(list((my_version(build, out) / "marts").glob("*.parquet"))) < marts:
        assert time.monotonic() < deadline and build.proc.poll() is None, "no export seen"


def when_switched(build: Build, out: Path) -> None:
    """`current` names the build's version: published, the clean-up not yet done."""
    build.wait_for("  validate:")
    current = versions(out) / publish.CURRENT
    deadline = time.monotonic() + 120
    while not (current.is_symlink() and os.readlink(current) == my_version(build, out).name):
        assert time.monotonic() < deadline and build.proc.poll() is None, "no switch seen"


# One kill at each boundary between the phases of a build, in order: taken the lock, staged, dbt
# built, validated, exported, switched, finished (cleaned up; the summary not yet printed).
PHASE_KILLS = [when_version_made, when_line("  stage:"), when_line("  dbt build:"), when_line("  validate:"),
               when_marts_written, when_switched, when_line("  export:")]
# Kills at random moments besides (20 before the phase kills, then 4): the phase kills carry the
# coverage of each phase boundary, these keep looking between the boundaries, one in each half of
# a build (stratified; a new seed each run, printed on failure).
RANDOM_KILLS = 2


def kill_setup(seed_build, base: Path) -> tuple[Path, list[Path], set[tuple[int, int]]]:
    """(out: a copy of the seed build, [changed raw folder, seed raw folder], the (documents,
    tasks) a build of each publishes)."""
    out = copy_previous(seed_build, base / "out")
    raws = [changed_raw(out / "raw", base / "raw_changed"), out / "raw"]
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        gone = con.execute("select count(*) from marts.tasks where doc_id = ?", [DELETED]).fetchone()[0]
    finally:
        con.close()
    seeds = agree(out)
    return out, raws, {(seeds[0] - 1, seeds[1] - gone), seeds}


def kill(build: Build) -> None:
    """SIGKILL the build, then what is left of its process group."""
    try:
        os.kill(build.proc.pid, signal.SIGKILL)
        build.proc.wait(timeout=30)
    finally:
        build.kill_group()


# the steps a build has printed as done when killed at each of the first PRE_SWITCH boundaries
STEPS_BEFORE_SWITCH = [[], ["stage"], ["stage", "dbt build"], ["stage", "dbt build", "validate"],
                       ["stage", "dbt build", "validate"]]
PRE_SWITCH = len(STEPS_BEFORE_SWITCH)
# of those, the kills that cannot be late for the switch (up to dbt's end): the files published
# stay byte for byte; the validated and exported ones, within ~0.1 s of the switch, may be late
# on a loaded machine, and then show the killed build's input whole
NEVER_LATE = 3


@pytest.fixture(scope="module")
def phase_kills(seed_build, tmp_path_factory):
    """Builds SIGKILLed at each phase boundary (PHASE_KILLS), all of the changed raw folder (so
    a kill before the switch that published would show) but the last, of the seed folder again.
    The build process is killed alone first (its dbt child and GX worker orphaned, as after an
    OOM kill), then what is left of its group. Returns ([Kill], counts of the two inputs, out)."""
    out, raws, expected = kill_setup(seed_build, tmp_path_factory.mktemp("phase_kills"))
    seen = []
    for i, when in enumerate(PHASE_KILLS):
        before = digests(out)
        build = Build(raws[1 if i == len(PHASE_KILLS) - 1 else 0], out)
        try:
            when(build, out)
            build.kill()
            steps, at_kill = build.steps_done(), digests(out)
            build.kill_group()  # the orphans: nothing they were doing may change the picture
            seen.append(Kill(when.__name__, agree(out), steps, at_kill == before, digests(out) == at_kill))
        finally:
            build.kill_group()
    return seen, expected, out


@dataclass
class Kill:
    """One phase kill: the boundary, the (documents, tasks) published after it, the steps the
    build had printed as done, whether the published files were unchanged at the kill and
    whether the orphans left them as they were at the kill."""

    boundary: str
    published: tuple[int, int]
    steps: list[str]
    unchanged: bool
    orphans_harmless: bool


@pytest.fixture(scope="module")
def random_kills(seed_build, tmp_path_factory):
    """RANDOM_KILLS builds killed at random moments spread over a whole build's duration,
    alternating between the changed raw folder and the seed one so each build has something to
    publish. Returns (out, [(moment, published counts after the kill)], counts of the two
    inputs, seed)."""
    out, raws, expected = kill_setup(seed_build, tmp_path_factory.mktemp("random_kills"))
    # a build of the changed folder takes about as long as the seed build (both parse and build
    # the five seeds' size; dbt's work does not depend on how many documents changed)
    duration = seed_build[1].duration
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    seen = []
    for i in range(RANDOM_KILLS):
        # stratified: kill i lands in the i-th part of a build (a little past its end too)
        moment = (i + rng.random()) * duration * 1.05 / RANDOM_KILLS
        build = Build(raws[i % 2], out)
        try:
            time.sleep(moment)
        finally:
            kill(build)
        seen.append((round(moment, 2), agree(out)))
    return out, seen, expected, seed


@pytest.mark.xdist_group("phase_kills")
def test_sigkill_at_each_phase_boundary_never_mixes(phase_kills):
    seen, expected, _ = phase_kills
    assert len(seen) == len(PHASE_KILLS)
    changed, seeds = sorted(expected)
    published = [kill.published for kill in seen]
    assert all(counts in expected for counts in published), seen
    # before the switch nothing is published, from the switch on the killed build's input is:
    # the kills up to dbt's end cannot be late for the switch (NEVER_LATE), the last two come after it
    assert published[:NEVER_LATE] == [seeds] * NEVER_LATE and published[PRE_SWITCH:] == [changed, seeds], seen
    assert all(kill.orphans_harmless for kill in seen), seen
    for kill, steps in zip(seen[:NEVER_LATE], STEPS_BEFORE_SWITCH):
        assert kill.steps == steps and kill.unchanged, f"{kill}: killed in the step meant, published files byte for byte"
    for kill, steps in zip(seen[NEVER_LATE:PRE_SWITCH], STEPS_BEFORE_SWITCH[NEVER_LATE:]):
        assert kill.steps[:len(steps)] == steps, kill
        assert kill.unchanged or kill.published == changed, f"{kill}: a late kill shows the new input whole"


@pytest.mark.xdist_group("phase_kills")
def test_build_after_phase_kills_succeeds_and_is_idempotent(phase_kills, seed_build):
    """The seed folder again after the kills (the last kill, after the switch, published it),
    built with --force (without it the build has nothing to do: tests/test_noop_build.py):
    the build succeeds, parses nothing, removes what the killed builds left (their version
    folders), and its Parquet marts equal the seed build's row for row."""
    out = phase_kills[2]
    previous = seed_build[0]
    proc = run_build(out / "raw", out, "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    skip_if_parser_changed(previous, out)
    assert re.search(r"parsed this build +0\b", proc.stdout)
    for mart in MARTS:
        assert parquet(out, mart).equals(parquet(previous, mart)), mart
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".w.duckdb.versions"]
    store = sorted(p.name for p in versions(out).iterdir())
    kept = sorted(os.readlink(versions(out) / n) for n in ("current", "previous"))
    # dbt's target/ (partial parsing) is kept beside the versions
    assert store == sorted(["build.lock", "current", "dbt", "previous", *kept]), "only the two last versions stay"
    assert sorted(p.name for p in (out / "marts").iterdir()) == sorted(f"{m}.parquet" for m in MARTS)


@pytest.mark.xdist_group("random_kills")
def test_sigkill_at_random_moments_never_mixes(random_kills):
    out, seen, expected, seed = random_kills
    assert len(seen) == RANDOM_KILLS
    for moment, counts in seen:
        assert counts in expected, f"kill at {moment} s (seed {seed}): published {counts}, expected one of {expected}"


@pytest.mark.xdist_group("random_kills")
def test_build_after_random_kills_cleans_up(random_kills):
    out = random_kills[0]
    # --force: when no killed build got as far as publishing, the inputs are those of the
    # published build and it would be "up to date" (tests/test_noop_build.py) without building
    proc = run_build(out / "raw", out, "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert agree(out) == (5, 156)
    store = versions(out)
    kept = {os.readlink(store / n) for n in ("current", "previous")}
    assert {p.name for p in store.glob("v-*")} == kept, "killed builds' folders are removed"


def test_crash_between_switch_and_cleanup_leaves_one_whole_version(tmp_path, monkeypatch):
    """publish.switch dying right after `current` moved: the user paths (links made by an
    earlier build) show the new version whole; the next clean-up removes the stale folders."""
    store = publish.Store(tmp_path / "w.duckdb", tmp_path / "marts")

    def version(build_id: str, text: str) -> Path:
        folder = store.version(build_id)
        (folder / "marts").mkdir(parents=True)
        (folder / "validation").mkdir()
        (folder / "warehouse.duckdb").write_text(text)
        (folder / "marts" / "tasks.parquet").write_text(text)
        return folder

    publish.switch(store, version("1", "old"))
    version("2", "new")
    version("3", "killed")

    def die(*args):
        raise SystemExit("killed")

    monkeypatch.setattr(publish, "_point_user_path", die)
    with pytest.raises(SystemExit):
        publish.switch(store, store.version("2"))
    assert (tmp_path / "w.duckdb").read_text() == (tmp_path / "marts" / "tasks.parquet").read_text() == "new"
    assert store.version("3").exists()

    publish.remove_leftovers(store)
    assert sorted(p.name for p in store.root.glob("v-*")) == ["v-1", "v-2"]
    assert (tmp_path / "w.duckdb").read_text() == "new"


# ---------------------------------------------------------------- one build at a time, stopping

@pytest.fixture
def running_build(seed_build, tmp_path):
    """A build of the changed raw folder, started and past staging (dbt running)."""
    out = copy_previous(seed_build, tmp_path / "out")
    build = Build(changed_raw(out / "raw", tmp_path / "raw_changed"), out)
    try:
        build.wait_for("  stage:")
        yield out, build
    finally:
        build.kill_group()


def test_second_build_exits_2_naming_the_first(running_build):
    out, build = running_build
    before = digests(out)
    proc = run_build(out / "raw", out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"another build is running (pid {build.proc.pid})" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert digests(out) == before, "the refused build touched nothing"


@pytest.mark.parametrize("sig, code, word", [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_sigterm_and_ctrl_c_stop_everything(running_build, sig, code, word):
    out, build = running_build
    before = digests(out)
    if sig == signal.SIGINT:
        os.killpg(build.proc.pid, sig)  # Ctrl-C reaches the whole foreground group
    else:
        os.kill(build.proc.pid, sig)  # `kill PID`: the build alone
    build.proc.wait(timeout=60)
    build.steps_done()
    output = "".join(build.seen)
    assert build.proc.returncode == code, output
    assert f"taskmarts: {word}; nothing was published" in output
    assert "Traceback" not in output
    assert group_gone(build.proc.pid), "dbt and the GX worker stopped with the build"
    assert not my_version(build, out).exists(), "the build's folder is removed"
    assert digests(out) == before


# ---------------------------------------------------------------- damaged warehouse, determinism

def test_damaged_warehouse_is_set_aside_and_rebuilt_identically(seed_build, tmp_path):
    out = copy_previous(seed_build, tmp_path / "out")
    (out / "w.duckdb").write_bytes(b"")  # through the link: the published file itself

    proc = run_build(out / "raw", out)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"published warehouse could not be opened .*set aside as .*damaged-.*rebuilt from raw",
                     proc.stdout)
    assert re.search(r"parsed this build +5\b", proc.stdout), "every document parsed again"
    assert agree(out) == (5, 156)

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    for path in sorted((seed_build[0] / "marts").glob("*.parquet")):
        assert digest(out / "marts" / path.name) == digest(path), f"{path.name} differs from a build of the same input"


def test_copy_of_a_store_that_followed_links_still_builds(seed_build, tmp_path):
    """A copy made without keeping links (cp -r, a zip) holds plain files where the links were:
    the build takes the plain warehouse as the previous one and makes the links again."""
    out = tmp_path / "out"
    shutil.copytree(seed_build[0], out, ignore=shutil.ignore_patterns("validation"))
    proc = run_build(out / "raw", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / "w.duckdb").is_symlink() and (out / "marts").is_symlink()
    assert agree(out) == (5, 156)
