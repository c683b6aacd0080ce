"""A build with nothing changed does nothing (pipeline/warehouse/fingerprint.py).

- Unchanged raw files, parser, vocabulary and dbt project: `taskmarts build` says "up to date",
  exits 0 and leaves every published file (warehouse, Parquet marts, validation) byte for byte
  and time for time as it was; no version folder is added.
- A raw file touched without a change of content is still up to date; `--force` builds anyway
  (with --debug after the subcommand), leaving no `__dbt_tmp` relation.
- A change of content (even with size and mtime restored), of the dbt project or of the
  vocabulary is seen; a version without a recorded clean build (quarantined, failed, older
  release) or with a published file modified is never up to date.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipeline.warehouse import fingerprint, publish
from tests.helpers.builds import run_build
from tests.helpers.paths import ROOT

DOC = "002_02af6b1906b9e9a1.txt"


def build(out: Path, *options: str) -> subprocess.CompletedProcess:
    return run_build(out / "raw", out, *options)


def published_files(out: Path) -> dict[str, tuple[str, int]]:
    """relative path -> (sha256, mtime_ns) of every file in the version store but the lock."""
    root = out / ".w.duckdb.versions"
    return {p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()
            and p.name not in ("build.lock", fingerprint.FILE)}


def store_of(out: Path) -> publish.Store:
    return publish.Store(out / "w.duckdb", out / "marts")


@pytest.fixture(scope="module")
def site(seed_build, tmp_path_factory) -> Path:
    """A copy of the session's seed build (version store, links and raw folder)."""
    out = tmp_path_factory.mktemp("noop") / "out"
    shutil.copytree(seed_build[0], out, symlinks=True)
    return out


@pytest.mark.xdist_group("noop_site")
def test_unchanged_build_is_up_to_date_and_touches_nothing(site):
    before, current = published_files(site), os.readlink(site / ".w.duckdb.versions" / "current")
    proc = build(site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "up to date" in proc.stdout and "parsed this build" not in proc.stdout
    assert published_files(site) == before
    assert os.readlink(site / ".w.duckdb.versions" / "current") == current


@pytest.mark.xdist_group("noop_site")
def test_touched_file_with_the_same_bytes_is_up_to_date(site):
    before = published_files(site)
    os.utime(site / "raw" / DOC, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    proc = build(site)
    assert proc.returncode == 0 and "up to date" in proc.stdout, proc.stdout + proc.stderr
    assert published_files(site) == before
    recorded = fingerprint.read(store_of(site).current())
    assert recorded["raw"][DOC][2] == 1_700_000_000_000_000_000, "the new mtime is remembered"


@pytest.mark.xdist_group("noop_site")
def test_force_builds_anyway(site):
    """--force rebuilds an unchanged site: a second (incremental) build of the seed build, which
    accepts --debug after the subcommand and leaves no `__dbt_tmp` relation behind."""
    current = os.readlink(site / ".w.duckdb.versions" / "current")
    proc = build(site, "--force", "--debug")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == "", "a rebuild over a previous version prints nothing on stderr"
    assert "up to date" not in proc.stdout and re.search(r"parsed this build +0\b", proc.stdout)
    assert os.readlink(site / ".w.duckdb.versions" / "current") != current
    with duckdb.connect(str(site / "w.duckdb"), read_only=True) as con:
        leftovers = con.sql("select table_name from duckdb_tables() where table_name like '%dbt_tmp%' union all "
                            "select view_name from duckdb_views() where view_name like '%dbt_tmp%'").fetchall()
    assert leftovers == []


@pytest.mark.xdist_group("noop_site")
def test_changed_bytes_with_size_and_mtime_restored_are_seen(site, tmp_path):
    store = store_of(site)
    recorded = fingerprint.read(store.current())
    raw = tmp_path / "raw"
    shutil.copytree(site / "raw", raw)
    path = raw / DOC
    st = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace("一".encode(), "二".encode(), 1))  # same length in UTF-8
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    assert not fingerprint.unchanged(recorded, fingerprint.take(raw, recorded), store.current())
    path.write_bytes(data)
    assert fingerprint.unchanged(recorded, fingerprint.take(raw, recorded), store.current())


def test_unmoved_files_are_not_read_again(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "b.txt"):
        (raw / name).write_text(f"{name}\n", encoding="utf-8")
        os.utime(raw / name, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    first = fingerprint.raw_state(raw)
    hashed = []
    real = fingerprint._hash_file
    monkeypatch.setattr(fingerprint, "_hash_file", lambda path, *a: hashed.append(path.name) or real(path, *a))
    (raw / "b.txt").write_text("b.txt changed\n", encoding="utf-8")
    again = fingerprint.raw_state(raw, first, recorded_ns=os.stat(raw / "a.txt").st_ctime_ns + 10 * fingerprint.RACY_NS)
    assert hashed == ["b.txt"] and again["a.txt"] == first["a.txt"] and again["b.txt"][4] != first["b.txt"][4]
    hashed.clear()
    fingerprint.raw_state(raw, again, recorded_ns=os.stat(raw / "b.txt").st_ctime_ns)
    assert "b.txt" in hashed, "a file changed just before the fingerprint was taken is hashed again"


def test_dbt_project_and_vocabulary_are_part_of_the_fingerprint(tmp_path, monkeypatch):
    project, rules = tmp_path / "dbt_project", tmp_path / "rules"
    shutil.copytree(ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    shutil.copytree(ROOT / "pipeline" / "rules", rules)
    monkeypatch.setenv("TASKMARTS_DBT_PROJECT", str(project))
    monkeypatch.setenv("TASKMARTS_RULES_DIR", str(rules))
    base = fingerprint.code_fingerprint()
    (project / "target").mkdir()
    (project / "target" / "manifest.json").write_text("{}", encoding="utf-8")
    (project / "logs").mkdir()
    (project / "logs" / "dbt.log").write_text("run", encoding="utf-8")
    assert fingerprint.code_fingerprint() == base, "what dbt writes is not an input"
    model = next((project / "models" / "marts").glob("*.sql"))
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    edited_model = fingerprint.code_fingerprint()
    assert edited_model != base
    vocabulary = rules / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert fingerprint.code_fingerprint() != edited_model


@pytest.mark.xdist_group("noop_site")
def test_a_version_without_a_clean_record_or_with_a_modified_file_is_never_up_to_date(site, tmp_path):
    current = store_of(site).current()
    recorded = fingerprint.read(current)
    inputs = fingerprint.take(site / "raw", recorded)
    assert fingerprint.unchanged(recorded, inputs, current)
    copy = tmp_path / "version"
    shutil.copytree(current, copy)
    (copy / fingerprint.FILE).unlink()  # as a quarantined or failed build leaves it
    assert fingerprint.read(copy) is None and not fingerprint.unchanged(None, inputs, copy)
    shutil.copy2(current / fingerprint.FILE, copy / fingerprint.FILE)
    assert fingerprint.unchanged(fingerprint.read(copy), inputs, copy)
    with open(copy / "marts" / "tasks.parquet", "ab") as f:
        f.write(b"\0")
    assert not fingerprint.unchanged(fingerprint.read(copy), inputs, copy)


@pytest.fixture
def uncached_parser_fingerprint():
    """parser_fingerprint computed afresh in the test and again after it (it is cached per process)."""
    fingerprint.parser_fingerprint.cache_clear()
    yield
    fingerprint.parser_fingerprint.cache_clear()


def test_parser_and_staging_fingerprints_follow_their_own_modules(tmp_path, monkeypatch, uncached_parser_fingerprint):
    # a module of each scope, outside the package: editing it moves that fingerprint alone
    (tmp_path / "parser_part.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "staging_part.py").write_text("Y = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(fingerprint, "PARSER_MODULES", ("parser_part",))
    monkeypatch.setattr(fingerprint, "STAGING_MODULES", ("staging_part",))
    parser, staging = fingerprint.parser_fingerprint(), fingerprint.staging_fingerprint()
    assert len(parser) == fingerprint.PARSER_DIGITS
    (tmp_path / "staging_part.py").write_text("Y = 2\n", encoding="utf-8")
    fingerprint.parser_fingerprint.cache_clear()
    assert fingerprint.parser_fingerprint() == parser and fingerprint.staging_fingerprint() != staging
    (tmp_path / "parser_part.py").write_text("X = 2\n", encoding="utf-8")
    fingerprint.parser_fingerprint.cache_clear()
    assert fingerprint.parser_fingerprint() != parser


def test_a_fingerprinted_module_that_moved_is_named(monkeypatch):
    monkeypatch.setattr(fingerprint, "STAGING_MODULES", ("pipeline.no_such_module",))
    with pytest.raises(ModuleNotFoundError, match="pipeline.no_such_module"):
        fingerprint.staging_fingerprint()


def test_every_fingerprinted_module_exists(uncached_parser_fingerprint):
    # a module moved or renamed without its entry in PARSER_MODULES / STAGING_MODULES fails here
    assert len(fingerprint.parser_fingerprint()) == fingerprint.PARSER_DIGITS
    assert len(fingerprint.staging_fingerprint()) == 64
