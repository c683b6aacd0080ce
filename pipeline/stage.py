"""Stage raw documents into DuckDB: schema raw, tables documents (one row per distinct
document) and ingest_log (one row per entry of the raw folder, with what happened to it), and
the view lines (one row per line of each document, cut when read). This is the only step that
reads the raw folder; one bad file never stops the others.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.decoding import UndecodableError, decode

DDL = """
create schema if not exists raw;
create or replace table raw.documents (
    doc_id varchar primary key, source_file varchar, sha256 varchar, byte_size bigint,
    encoding varchar, aliases varchar[], text varchar);
create or replace table raw.ingest_log (
    source_file varchar, sha256 varchar, status varchar, reason varchar);
"""
_SCHEMAS = {
    "documents": pa.schema([("doc_id", pa.string()), ("source_file", pa.string()), ("sha256", pa.string()),
                            ("byte_size", pa.int64()), ("encoding", pa.string()), ("aliases", pa.list_(pa.string())),
                            ("text", pa.string())]),
    "ingest_log": pa.schema([("source_file", pa.string()), ("sha256", pa.string()), ("status", pa.string()),
                             ("reason", pa.string())]),
}
# raw.lines is a view cutting raw.documents into lines when it is read: no model reads it (analysts
# and tests look lines up), and storing it cost more than the texts (3 million rows, ~8 s of a
# 10,000-document staging). string_split on '\n' cuts as str.split does; line_no is 1-based.
LINES_SQL = """
create or replace view raw.lines as
select doc_id, cast(generate_subscripts(parts, 1) as integer) as line_no, unnest(parts) as text
from (select doc_id, string_split(text, chr(10)) as parts from raw.documents)
"""
# a warehouse staged by an earlier release holds raw.lines as a table, which a view cannot replace
DROP_LINES_TABLE = """
select 'drop table raw.lines' from duckdb_tables() where schema_name = 'raw' and table_name = 'lines'
"""
# Reason logged for a raw entry that is a file but not .txt (a README, a spreadsheet): expected in
# the folder, so it is logged but not a note (the summary names these files on one line).
NOT_TXT = "not a .txt file"


@dataclass
class StageReport:
    """What staging did: doc ids staged; (file, status, reason) for every file that was not
    staged cleanly (rejected, skipped, duplicate, or staged with a warning), except files that
    are not .txt: those are only named in `ignored` (all are in ingest_log)."""

    staged: list[str] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> list[tuple[str, str]]:
        """(file, reason) for files that were not staged at all."""
        return [(f, r) for f, s, r in self.notes if s in ("rejected", "skipped", "quarantined")]


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
        return NOT_TXT
    if not path.is_file():  # reading a named pipe would block the build forever
        return "not a regular file (pipe, socket or device)"
    return None


def _name(path: Path) -> tuple[str, str | None]:
    """The entry's name as stored, and a warning when it had to be changed: a name that is not
    valid UTF-8 (say GBK bytes from an unzipped archive) cannot be stored as text, so its bad
    bytes are shown as \\xNN escapes."""
    try:
        path.name.encode("utf-8")
        return path.name, None
    except UnicodeEncodeError:
        name = os.fsencode(path.name).decode("utf-8", "backslashreplace")
        return name, "file name is not valid UTF-8: stored with \\x escapes, rename the file"


def collect(raw_dir: Path, progress=None, quarantine: dict[str, str] | None = None
            ) -> tuple[dict[str, list], StageReport]:
    """Read and decode every document of raw_dir; returns rows (tuples) for raw.documents and
    raw.ingest_log, and the report.

    quarantine: sha256 -> reason for documents a previous pass of this build found broken
    (see build.py); files with those bytes are logged as quarantined and not staged.

    Every entry of raw_dir gets one ingest_log row; files that are not .txt are logged as
    skipped and listed in report.ignored. Duplicates (same bytes under another name) are staged
    once, under the first name in sort order, with the other names as aliases. Files that are
    empty, whitespace only, binary or undecodable are rejected with a reason, and so is a file
    whose document id (its name without the extension) is already taken: a.txt and a.TXT. NUL
    bytes, an incomplete last character and a name that is not UTF-8 are repaired with a
    warning (staged_with_warning).
    """
    report = StageReport()
    docs: list[tuple] = []
    log: list[tuple] = []
    by_digest: dict[str, tuple] = {}
    by_id: dict[str, str] = {}

    def note(name: str, digest: str | None, status: str, reason: str | None) -> None:
        log.append((name, digest, status, reason))
        if status != "staged" or reason:  # "decoded as gb18030" is worth a summary line too
            report.notes.append((name, status, reason))

    for path in raw_entries(raw_dir):
        if progress:
            progress(path)
        name, name_warning = _name(path)
        skip = _skip_reason(path)
        if skip == NOT_TXT:
            log.append((name, None, "skipped", skip))
            report.ignored.append(name)
            continue
        if skip:
            note(name, None, "skipped", skip)
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            note(name, None, "rejected", f"unreadable: {exc.strerror or exc}")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if quarantine and digest in quarantine:
            note(name, digest, "quarantined", quarantine[digest])
            continue
        if digest in by_digest:
            by_digest[digest][5].append(name)
            note(name, digest, "duplicate",
                 f"same content as {by_digest[digest][1]}: kept once, this name recorded as an alias")
            continue
        doc_id = Path(name).stem
        if doc_id in by_id:
            note(name, digest, "rejected", f"document id {doc_id!r} is already used by {by_id[doc_id]}: rename one")
            continue
        try:
            decoded = decode(data)
            if not decoded.text.strip():
                raise UndecodableError("empty or whitespace-only file")
        except UndecodableError as exc:
            note(name, digest, "rejected", str(exc))
            continue
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        warnings = [w for w in (name_warning, decoded.warning) if w]
        if "\x00" in text:
            text = text.replace("\x00", "")
            warnings.append("NUL bytes removed")
        status = "staged_with_warning" if warnings else "staged"
        if decoded.encoding not in ("utf-8", "utf-8-sig"):  # recorded, not a warning
            warnings.append(f"decoded as {decoded.encoding}")
        row = (doc_id, name, digest, len(data), decoded.encoding, [], text)
        by_digest[digest] = row
        by_id[doc_id] = name
        docs.append(row)
        note(name, digest, status, "; ".join(warnings) or None)
        report.staged.append(doc_id)
    return {"documents": docs, "ingest_log": log}, report


def stage(raw_dir: Path, con: duckdb.DuckDBPyConnection, progress=None,
          quarantine: dict[str, str] | None = None) -> StageReport:
    """Replace the raw schema in `con` with the documents of raw_dir, in one transaction.

    progress: optional callable(path) called once per raw entry; quarantine: see collect().
    Returns the StageReport.
    """
    rows, report = collect(raw_dir, progress, quarantine)
    con.execute("begin transaction")
    for (drop,) in con.execute(DROP_LINES_TABLE).fetchall():
        con.execute(drop)
    con.execute(DDL)
    for table in list(rows):
        data, schema = rows.pop(table), _SCHEMAS[table]  # each table's rows freed once inserted
        columns = list(zip(*data)) or [()] * len(schema)
        del data
        frame = pa.Table.from_arrays([pa.array(columns.pop(0), type=f.type) for f in schema], schema=schema)
        con.register("staged_frame", frame)  # bulk insert: executemany is far too slow at scale
        con.execute(f"insert into raw.{table} select * from staged_frame")
        con.unregister("staged_frame")
        del frame
    con.execute(LINES_SQL)
    con.execute("commit")
    return report
