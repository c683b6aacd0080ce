"""Stage raw documents into DuckDB: schema raw, tables documents (one row per distinct
document), lines (one row per line) and ingest_log (one row per entry of the raw folder, with
what happened to it). This is the only step that reads the raw folder; one bad file never stops
the others.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipeline.decoding import UndecodableError, decode

DDL = """
create schema if not exists raw;
create or replace table raw.documents (
    doc_id varchar primary key, source_file varchar, sha256 varchar, byte_size bigint,
    encoding varchar, aliases varchar[], text varchar);
create or replace table raw.lines (doc_id varchar, line_no integer, text varchar);
create or replace table raw.ingest_log (
    source_file varchar, sha256 varchar, status varchar, reason varchar);
"""
_SCHEMAS = {
    "documents": [("doc_id", pl.Utf8), ("source_file", pl.Utf8), ("sha256", pl.Utf8),
                  ("byte_size", pl.Int64), ("encoding", pl.Utf8), ("aliases", pl.List(pl.Utf8)),
                  ("text", pl.Utf8)],
    "lines": [("doc_id", pl.Utf8), ("line_no", pl.Int32), ("text", pl.Utf8)],
    "ingest_log": [("source_file", pl.Utf8), ("sha256", pl.Utf8), ("status", pl.Utf8), ("reason", pl.Utf8)],
}


@dataclass
class StageReport:
    """What staging did: doc ids staged, and (file, status, reason) for every file that was not
    staged cleanly (rejected, skipped, duplicate, or staged with a warning)."""

    staged: list[str] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def rejected(self) -> list[tuple[str, str]]:
        """(file, reason) for files that were not staged at all."""
        return [(f, r) for f, s, r in self.notes if s in ("rejected", "skipped")]


def raw_entries(raw_dir: Path) -> list[Path]:
    """Every entry directly in raw_dir, sorted by name. Raises FileNotFoundError naming the
    folder when it does not exist."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    return sorted(raw_dir.iterdir(), key=lambda p: p.name)


def _skip_reason(path: Path) -> str | None:
    if path.is_symlink():
        return "symbolic link: not followed"
    if path.is_dir():
        return "sub-folder: only files directly in the raw folder are read"
    if path.suffix.lower() != ".txt":
        return "not a .txt file"
    return None


def _read(path: Path, log: list, report: StageReport) -> tuple[bytes, str] | None:
    """The file's bytes and sha256, or None (logged) when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.append((path.name, None, "rejected", f"unreadable: {exc.strerror or exc}"))
        report.notes.append((path.name, "rejected", log[-1][3]))
        return None
    return data, hashlib.sha256(data).hexdigest()


def collect(raw_dir: Path, progress=None) -> tuple[dict[str, list], StageReport]:
    """Read and decode every document of raw_dir; returns rows per raw table and the report.

    Duplicates (same bytes under another name) are staged once, under the first name in sort
    order, with the other names as aliases. Files that are empty, whitespace only, binary or
    undecodable are rejected with a reason; NUL bytes are removed with a warning.
    """
    report = StageReport()
    docs: list[tuple] = []
    lines: list[tuple] = []
    log: list[tuple] = []
    by_digest: dict[str, tuple] = {}
    for path in raw_entries(raw_dir):
        if progress:
            progress(path)
        skip = _skip_reason(path)
        if skip:
            if skip != "not a .txt file":
                log.append((path.name, None, "skipped", skip))
                report.notes.append((path.name, "skipped", skip))
            continue
        read = _read(path, log, report)
        if read is None:
            continue
        data, digest = read
        if digest in by_digest:
            by_digest[digest][5].append(path.name)
            reason = f"same content as {by_digest[digest][1]}: kept once, this name recorded as an alias"
            log.append((path.name, digest, "duplicate", reason))
            report.notes.append((path.name, "duplicate", reason))
            continue
        try:
            decoded = decode(data)
            if not decoded.text.strip():
                raise UndecodableError("empty or whitespace-only file")
        except UndecodableError as exc:
            log.append((path.name, digest, "rejected", str(exc)))
            report.notes.append((path.name, "rejected", str(exc)))
            continue
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        status, reason = "staged", None
        if "\x00" in text:
            text = text.replace("\x00", "")
            status, reason = "staged_with_warning", "NUL bytes removed"
            report.notes.append((path.name, status, reason))
        if decoded.encoding not in ("utf-8", "utf-8-sig"):
            reason = "; ".join(filter(None, [reason, f"decoded as {decoded.encoding}"]))
        row = (path.stem, path.name, digest, len(data), decoded.encoding, [], text)
        by_digest[digest] = row
        docs.append(row)
        lines.extend((path.stem, no, line) for no, line in enumerate(text.split("\n"), 1))
        log.append((path.name, digest, status, reason))
        report.staged.append(path.stem)
    return {"documents": docs, "lines": lines, "ingest_log": log}, report


def stage(raw_dir: Path, con: duckdb.DuckDBPyConnection, progress=None) -> StageReport:
    """Replace the raw schema in `con` with the documents of raw_dir, in one transaction.

    progress: optional callable(path) called once per raw entry. Returns the StageReport.
    """
    rows, report = collect(raw_dir, progress)
    con.execute("begin transaction")
    con.execute(DDL)
    for table, data in rows.items():
        frame = pl.DataFrame(data, orient="row", schema=_SCHEMAS[table])
        con.register("staged_frame", frame)  # bulk insert: executemany is far too slow at scale
        con.execute(f"insert into raw.{table} select * from staged_frame")
        con.unregister("staged_frame")
    con.execute("commit")
    return report
