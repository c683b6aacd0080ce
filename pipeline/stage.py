"""Stage raw documents into DuckDB: schema raw, tables documents (one row per file) and lines
(one row per line). This is the only step that reads the raw folder."""
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
    encoding varchar, text varchar);
create or replace table raw.lines (doc_id varchar, line_no integer, text varchar);
create or replace table raw.ingest_log (
    source_file varchar, sha256 varchar, status varchar, reason varchar);
"""


@dataclass
class StageReport:
    """What staging did: documents staged, and (file, reason) for each file rejected."""

    staged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


def raw_files(raw_dir: Path) -> list[Path]:
    """The *.txt files directly in raw_dir, sorted by name. Raises FileNotFoundError naming the
    folder when it does not exist."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory not found: {raw_dir}")
    return sorted(p for p in raw_dir.glob("*.txt") if p.is_file())


def stage(raw_dir: Path, con: duckdb.DuckDBPyConnection, progress=None) -> StageReport:
    """Replace the raw schema in `con` with the documents of raw_dir, in one transaction.

    Each file becomes one raw.documents row (doc_id = file stem) and its lines raw.lines rows
    (line_no 1-based, LF, CRLF and CR all end a line). A file that cannot be decoded is left out
    of the documents and recorded in raw.ingest_log with the reason; the others still stage.
    progress: optional callable(path) called once per file.
    """
    report = StageReport()
    docs, lines, log = [], [], []
    for path in raw_files(raw_dir):
        if progress:
            progress(path)
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        try:
            decoded = decode(data)
        except UndecodableError as exc:
            report.rejected.append((path.name, str(exc)))
            log.append((path.name, digest, "rejected", str(exc)))
            continue
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        docs.append((path.stem, path.name, digest, len(data), decoded.encoding, text))
        lines.extend((path.stem, no, line) for no, line in enumerate(text.split("\n"), 1))
        log.append((path.name, digest, "staged", None))
        report.staged.append(path.stem)
    frames = {
        "documents": pl.DataFrame(docs, orient="row", schema=[
            ("doc_id", pl.Utf8), ("source_file", pl.Utf8), ("sha256", pl.Utf8),
            ("byte_size", pl.Int64), ("encoding", pl.Utf8), ("text", pl.Utf8)]),
        "lines": pl.DataFrame(lines, orient="row", schema=[
            ("doc_id", pl.Utf8), ("line_no", pl.Int32), ("text", pl.Utf8)]),
        "ingest_log": pl.DataFrame(log, orient="row", schema=[
            ("source_file", pl.Utf8), ("sha256", pl.Utf8), ("status", pl.Utf8), ("reason", pl.Utf8)]),
    }
    con.execute("begin transaction")
    con.execute(DDL)
    for table, frame in frames.items():
        con.register("staged_frame", frame)  # bulk insert: executemany is far too slow at scale
        con.execute(f"insert into raw.{table} select * from staged_frame")
        con.unregister("staged_frame")
    con.execute("commit")
    return report
