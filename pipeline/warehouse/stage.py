"""Stage raw documents into DuckDB: schema raw, tables documents (one row per distinct
document) and ingest_log (one row per entry of the raw folder, with what happened to it), and
the view lines (one row per line of each document, cut when read). This is the only step that
reads the raw folder; one bad file never stops the others.

A build starts from a copy of the previous warehouse: given the sha256 of every raw file
(`known`, from pipeline/warehouse/fingerprint.py), staging reads only the files whose bytes are new and
leaves the rows of the others in place, with the same result as staging everything again.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.warehouse.decoding import UndecodableError, read_document
from pipeline.warehouse.fingerprint import staging_fingerprint

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
# Characters a document id must not hold: C0 and C1 controls and DEL (a newline in a file name
# would split the id across lines of every report); see _doc_id.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The text digest (_text_digest) of every staged document, for duplicates across encodings between
# a file read now and one that is not read again; asked only when some file is read (it costs
# ~1.6 s for 390 MB of text on this machine)
TEXT_DIGESTS = "select doc_id, sha256(text) from raw.documents"
# Reason logged for a raw entry that is a file but not .txt (a README, a spreadsheet): expected in
# the folder, so it is logged but not a note (the summary names these files on one line).
NOT_TXT = "not a .txt file"
# ingest_log statuses of a file whose document is in raw.documents under its own name
STAGED = ("staged", "staged_with_warning")
# Rows staged by a previous build are reused only when that build ran the same staging code
# (pipeline/warehouse/fingerprint.py staging_fingerprint): a decoding fix must reach unchanged files too.
# The fingerprint is kept as raw.documents' table comment.
_CODE_LABEL = "staged by "


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
    try:
        mode = path.lstat().st_mode  # one system call per entry: links are not followed anyway
    except OSError:  # gone meanwhile: logged as not a regular file
        mode = 0
    if stat.S_ISLNK(mode):
        return "symbolic link: not followed"
    if stat.S_ISDIR(mode):
        return "sub-folder: only files directly in the raw folder are read"
    if path.suffix.lower() != ".txt":
        return NOT_TXT
    if not stat.S_ISREG(mode):  # reading a named pipe would block the build forever
        return "not a regular file (pipe, socket or device)"
    return None


def _name(path: Path) -> tuple[str, str | None]:
    """The entry's name as stored, and a warning when it had to be changed or is unfit for a
    document id: a name that is not valid UTF-8 (say GBK bytes from an unzipped archive) cannot
    be stored as text, so its bad bytes are shown as \\xNN escapes; a control character (a
    newline, a tab) is kept in the name but not in the document id (_doc_id)."""
    try:
        path.name.encode("utf-8")
        name, warning = path.name, None
    except UnicodeEncodeError:
        name = os.fsencode(path.name).decode("utf-8", "backslashreplace")
        warning = "file name is not valid UTF-8: stored with \\x escapes, rename the file"
    if _CONTROL.search(name):
        controlled = (f"file name holds a control character ({_CONTROL.search(name).group()!r}): "
                      "replaced by '_' in the document id, rename the file")
        warning = f"{warning}; {controlled}" if warning else controlled
    return name, warning


def _doc_id(name: str) -> str:
    """The document id of a .txt file's stored name: the name without its extension, each
    control character (newline, tab …: they would split the id across lines of every report and
    query result) replaced by '_'."""
    return _CONTROL.sub("_", name[:-len(".txt")])


def _document(data: bytes, name_warning: str | None) -> tuple[str, str, str, str | None]:
    """(encoding, text, status, reason) of a document's bytes (decoding.read_document: line ends
    made \\n, NUL bytes removed with a warning); a name warning and the repairs make the status
    staged_with_warning. Raises UndecodableError when the bytes are not text or hold nothing but
    whitespace."""
    document = read_document(data)
    warnings = [w for w in (name_warning, *document.repairs) if w]
    status = "staged_with_warning" if warnings else "staged"
    if document.encoding not in ("utf-8", "utf-8-sig"):  # recorded, not a warning
        warnings.append(f"decoded as {document.encoding}")
    return document.encoding, document.text, status, "; ".join(warnings) or None


def collect(raw_dir: Path, progress=None, quarantine: dict[str, str] | None = None,
            previous: dict[str, tuple[str, str, str | None]] | None = None,
            texts: dict[str, str] | None = None) -> tuple[dict[str, list], StageReport]:
    """Read and decode the documents of raw_dir; returns rows (tuples) for raw.documents and
    raw.ingest_log, and the report.

    quarantine: sha256 -> reason for documents a previous pass of this build found broken
    (see build.py); files with those bytes are logged as quarantined and not staged.
    previous: stored name -> (sha256, status, reason) of files that are not read: their bytes
    are known to be those of a document already in raw.documents under that name, and that
    status and reason were logged for them (see stage()). Such a file is checked for quarantine,
    duplicates and document ids like any other; when staged, its documents row holds only
    doc_id, source_file, sha256 and aliases (byte_size, encoding and text are None: they stay
    in the database).

    texts: document id -> text digest (_text_digest) of the documents of the files in
    `previous`, which are not read.

    Every entry of raw_dir gets one ingest_log row; files that are not .txt are logged as
    skipped and listed in report.ignored. Duplicates (same bytes, or the same text once decoded
    and its line ends made \\n: a UTF-8 and a GBK copy) are staged once, under the first name
    in sort order, with the other names as aliases. Files that are
    empty, whitespace only, binary or undecodable are rejected with a reason, and so is a file
    whose document id (its name without the extension) is already taken: a.txt and a.TXT. NUL
    bytes, an incomplete last character and a name that is not UTF-8 are repaired with a
    warning (staged_with_warning). Raises FileNotFoundError when raw_dir does not exist.
    """
    report = StageReport()
    docs: list[tuple] = []
    log: list[tuple] = []
    by_digest: dict[str, tuple] = {}
    by_text: dict[str, tuple] = {}
    by_id: dict[str, str] = {}
    previous, texts = previous or {}, texts or {}

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
        data = None
        if name in previous:
            digest = previous[name][0]
        else:
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
        doc_id = _doc_id(name)
        if doc_id in by_id:
            note(name, digest, "rejected", f"document id {doc_id!r} is already used by {by_id[doc_id]}: rename one")
            continue
        if data is None:
            row, (status, reason) = (doc_id, name, digest, None, None, [], None), previous[name][1:]
            text_digest = texts.get(doc_id)
        else:
            try:
                encoding, text, status, reason = _document(data, name_warning)
            except UndecodableError as exc:
                note(name, digest, "rejected", str(exc))
                continue
            row = (doc_id, name, digest, len(data), encoding, [], text)
            text_digest = _text_digest(text)
        if text_digest in by_text:
            first = by_text[text_digest]
            first[5].append(name)
            note(name, digest, "duplicate", f"same text as {first[1]} (other bytes: another encoding or line "
                                            "ends): kept once, this name recorded as an alias")
            continue
        by_digest[digest] = row
        if text_digest is not None:
            by_text[text_digest] = row
        by_id[doc_id] = name
        docs.append(row)
        note(name, digest, status, reason)
        report.staged.append(doc_id)
    return {"documents": docs, "ingest_log": log}, report


def _text_digest(text: str) -> str:
    """sha256 (hex) of a staged document's text (decoded, line ends \\n, NUL removed), the same
    as DuckDB's sha256(text) of raw.documents (TEXT_DIGESTS)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _reusable(con: duckdb.DuckDBPyConnection, known: dict[str, str | None] | None, code: str
              ) -> tuple[dict[str, tuple[str, str, str | None]], dict[str, list]] | None:
    """What staging may reuse from the raw tables in `con`: collect()'s `previous` (name ->
    (sha256, status, reason) of the files whose `known` digest is the sha256 logged for them as
    staged last time, with their document, doc id = name without extension and same sha256, in
    raw.documents) and doc_id -> [sha256, source_file, aliases] of every row of raw.documents.
    None when nothing may be reused (everything is staged again): known is None, or raw.documents
    is missing or was staged by other code (its comment holds the staging fingerprint, and DDL
    is part of that code)."""
    if known is None:
        return None
    comment = con.execute("select comment from duckdb_tables() where schema_name = 'raw' "
                          "and table_name = 'documents'").fetchone()
    if comment is None or comment[0] != _CODE_LABEL + code:
        return None
    documents = {doc_id: rest for doc_id, *rest in con.execute(
        "select doc_id, sha256, source_file, aliases from raw.documents").fetchall()}
    logged = con.execute("select source_file, sha256, status, reason from raw.ingest_log "
                         "where status in (?, ?)", list(STAGED)).fetchall()
    return {name: (digest, status, reason) for name, digest, status, reason in logged
            if digest is not None and known.get(name) == digest
            and documents.get(_doc_id(name), (None,))[0] == digest}, documents


def _frame(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    """An Arrow table of `schema` from row tuples; each column's values are freed once it is
    built (rows itself is emptied)."""
    columns = list(zip(*rows)) or [()] * len(schema)
    rows.clear()
    return pa.Table.from_arrays([pa.array(columns.pop(0), type=f.type) for f in schema], schema=schema)


def stage(raw_dir: Path, con: duckdb.DuckDBPyConnection, progress=None,
          quarantine: dict[str, str] | None = None, known: dict[str, str | None] | None = None) -> StageReport:
    """Make the raw schema in `con` hold the documents of raw_dir, in one transaction.

    progress: optional callable(path) called once per raw entry; quarantine: see collect().
    known: stored entry name -> sha256 (hex) of that file's bytes, measured by this build
    (pipeline/warehouse/fingerprint.py raw_state()), or None. With it, a file whose digest is the one
    logged for it as staged in the raw.ingest_log of `con` (a copy of the previous warehouse),
    its document still in raw.documents, is not read: its row stays, only its source_file and
    aliases are updated, and its ingest_log status and reason are reused. Rows of documents no
    longer staged are deleted, new ones inserted, raw.ingest_log is written again whole. The
    tables end exactly as staging every file again would leave them. Without `known`, or when
    the raw tables are missing or were staged by other code (_reusable),
    both tables are created again from every file.
    Returns the StageReport. Raises FileNotFoundError when raw_dir does not exist, and
    duckdb.Error when the database cannot be written (the transaction is then not committed).
    """
    code = staging_fingerprint()
    reusable = _reusable(con, known, code)
    previous, documents = reusable or ({}, {})
    # a file read now may hold the text of one that is not read: their digests are needed then only
    fresh = previous and any(_name(path)[0] not in previous and path.name.lower().endswith(".txt")
                             for path in raw_entries(raw_dir))
    texts = dict(con.execute(TEXT_DIGESTS).fetchall()) if fresh else {}
    rows, report = collect(raw_dir, progress, quarantine, previous, texts)
    kept = [row for row in rows["documents"] if row[6] is None]  # texts of these stay in the database
    rows["documents"] = [row for row in rows["documents"] if row[6] is not None]
    kept_ids = {row[0] for row in kept}
    stale = [doc_id for doc_id in documents if doc_id not in kept_ids]  # kept: same doc id and sha256
    moved = [row for row in kept if documents[row[0]][1:] != [row[1], row[5]]]  # new source_file or aliases
    con.execute("begin transaction")
    if reusable is None:
        con.execute(DDL)
    else:
        con.execute("delete from raw.documents where list_contains(?, doc_id)", [stale])
        if moved:
            con.register("moved_frame", _frame(moved, _SCHEMAS["documents"]))
            con.execute("update raw.documents d set source_file = m.source_file, aliases = m.aliases "
                        "from moved_frame m where d.doc_id = m.doc_id")
            con.unregister("moved_frame")
        con.execute("delete from raw.ingest_log")
    for table in list(rows):
        frame = _frame(rows.pop(table), _SCHEMAS[table])  # each table's rows freed once inserted
        con.register("staged_frame", frame)  # bulk insert: executemany is far too slow at scale
        con.execute(f"insert into raw.{table} select * from staged_frame")
        con.unregister("staged_frame")
        del frame
    con.execute(f"comment on table raw.documents is '{_CODE_LABEL}{code}'")  # hex digest: nothing to quote
    con.execute(LINES_SQL)
    con.execute("commit")
    return report
