"""ParsedDocument -> one nested Arrow row per document, the shape the dbt Python model returns.

Tasks, units and headings travel as list<struct> columns, so the SQL models shape every mart
with unnest() and parsing runs exactly once per document. Documents stream through the parse in
batches (parse_batches): only a few batches of texts and results are in memory at a time, and
from PARALLEL_FROM documents on, one process per core parses them.
"""
from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator

import pyarrow as pa

from pipeline.parse import ParsedDocument, parse_document
from pipeline.parse.numerals import read_number
from pipeline.parse.text import outline_parts
from pipeline.warehouse.fingerprint import parser_fingerprint

PARALLEL_FROM = 200  # below this many documents, starting worker processes costs more than it saves
# Documents per batch: ~128 x 15 KB = 2 MB of text, about half a second of parsing. Large enough
# that sending a batch to a worker and building its Arrow rows cost little beside the parse;
# small enough that only a few batches (texts and results) are held at once and that the last
# batches keep every core busy to the end instead of leaving one long batch to one core.
BATCH_DOCUMENTS = 128
# Parse processes: one per core this process may use; TASKMARTS_PARSE_WORKERS overrides (1 parses
# in the building process itself). Each worker holds the parser and one batch (~250 MB measured).
WORKERS_ENV = "TASKMARTS_PARSE_WORKERS"
MILESTONE = pa.struct([("due_text", pa.string()), ("due_date", pa.date32())])
UNIT = pa.struct([("name", pa.string()), ("role", pa.string()), ("position", pa.int32())])
# an ordinal (the value of a printed number, read by pipeline/parse/numerals.py) in an int32 field;
# a longer run of digits is a code, not a count: NULL, which numbering_issues reports as unreadable
ORDINAL_MAX = 2**31 - 1
HEADING = pa.struct([
    ("heading_index", pa.int32()), ("level", pa.int32()), ("numeral", pa.string()), ("ordinal", pa.int32()),
    ("title", pa.string()), ("line_no", pa.int32()), ("parent_index", pa.int32())])
TASK = pa.struct([
    ("seq", pa.int32()), ("task_no", pa.string()), ("task_ordinal", pa.int32()),
    ("l1_no", pa.string()), ("l1_ordinal", pa.int32()), ("l1_title", pa.string()),
    ("l2_no", pa.string()), ("l2_ordinal", pa.int32()), ("l2_title", pa.string()), ("section_index", pa.int32()),
    ("title", pa.string()), ("requirement", pa.string()), ("deadline", pa.string()),
    ("line_start", pa.int32()), ("line_end", pa.int32()), ("units", pa.list_(UNIT)), ("leaders", pa.string()),
    ("due_text", pa.string()), ("due_date", pa.date32()), ("due_kind", pa.string()),
    ("milestones", pa.list_(MILESTONE)), ("task_no_inherited", pa.bool_())])
CITATION = pa.struct([("number", pa.string()), ("title", pa.string()), ("relation", pa.string()),
                      ("line_no", pa.int32())])
SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("sha256", pa.string()), ("parser_version", pa.string()),
    ("parse_run", pa.string()), ("layout", pa.string()), ("title", pa.string()), ("issuer", pa.string()),
    ("doc_number", pa.string()), ("signed_date", pa.date32()), ("published_date", pa.date32()), ("year", pa.int32()),
    ("warnings", pa.list_(pa.string())), ("headings", pa.list_(HEADING)), ("tasks", pa.list_(TASK)),
    ("parse_status", pa.string()), ("parse_score", pa.float64()), ("runner_up_layout", pa.string()),
    ("runner_up_score", pa.float64()), ("parse_reasons", pa.list_(pa.string())),
    ("jurisdiction", pa.string()), ("adcode", pa.string()), ("admin_level", pa.string()),
    ("jurisdiction_source", pa.string()), ("citations", pa.list_(CITATION))])


def _ordinal(number: str | None) -> int | None:
    """The value of a printed section or task number ("十二" -> 12, "07" -> 7; an outline number's
    last part: "2.3" -> 3, its place under 2), None when it reads as none or exceeds ORDINAL_MAX."""
    parts = outline_parts(number) if number else None
    number = parts[-1] if parts else number
    value = read_number(number)
    return value if value is not None and value <= ORDINAL_MAX else None


def _headings(doc: ParsedDocument) -> list[dict]:
    out, last_l1 = [], None
    for i, h in enumerate(doc.headings):
        parent = None if h.level == 1 else last_l1
        if h.level == 1:
            last_l1 = i
        out.append(dict(heading_index=i, level=h.level, numeral=h.numeral, ordinal=_ordinal(h.numeral), title=h.title,
                        line_no=h.line, parent_index=parent))
    return out


def document_record(doc_id: str, text: str) -> dict:
    """Parse one document into a dict matching SCHEMA (signed_date and published_date as ISO strings; sha256,
    parser_version and parse_run are filled by parse_batch)."""
    # imported here: cn2an takes ~0.3 s to import, and importing this module for SCHEMA alone
    # (a build with nothing to do) must not pay for it
    from pipeline.parse.due_dates import due, milestones

    doc = parse_document(text)
    tasks = []
    for t in doc.tasks:
        units = [dict(name=u.name, role=u.role, position=p) for p, u in enumerate(t.units, 1)]
        leaders = t.leaders if t.leaders and t.leaders.strip() else None  # NULL, never '', when none
        deadline = due(t.deadline, t.requirement, t.title, doc.meta.year)
        tasks.append(dict(seq=t.seq, task_no=t.task_no, task_ordinal=_ordinal(t.task_no), l1_no=t.l1_no,
                          l1_ordinal=_ordinal(t.l1_no), l1_title=t.l1_title, l2_no=t.l2_no,
                          l2_ordinal=_ordinal(t.l2_no), l2_title=t.l2_title, section_index=t.section_index, title=t.title,
                          requirement=t.requirement, deadline=t.deadline, line_start=t.line_start,
                          line_end=t.line_end, units=units, leaders=leaders, due_text=deadline.text,
                          due_date=deadline.date, due_kind=deadline.kind,
                          milestones=[dict(due_text=text, due_date=date)
                                      for text, date in milestones(t.deadline, t.requirement, t.title, doc.meta.year)],
                          task_no_inherited=t.task_no_inherited))
    m = doc.meta
    # a document with tasks is parsed whatever the parser left in status (its default is no_tasks)
    status = "parsed" if doc.tasks else doc.status
    place = doc.jurisdiction
    return dict(doc_id=doc_id, layout=doc.layout, title=m.title, issuer=m.issuer,
                doc_number=m.doc_number, signed_date=m.signed_date, published_date=m.published_date, year=m.year,
                warnings=[f"{doc_id}: {w}" for w in doc.warnings], headings=_headings(doc), tasks=tasks,
                parse_status=status, parse_score=doc.score, runner_up_layout=doc.runner_up,
                runner_up_score=doc.runner_up_score, parse_reasons=list(doc.reasons),
                jurisdiction=place and place.name, adcode=place and place.adcode,
                admin_level=place and place.admin_level, jurisdiction_source=place and place.source,
                citations=[dict(number=c.number, title=c.title, relation=c.relation, line_no=c.line)
                           for c in doc.citations])


def parse_workers() -> int:
    """How many processes parse: $TASKMARTS_PARSE_WORKERS, else the cores this process may use.
    Raises ValueError naming the variable when it is not a whole number >= 1."""
    configured = os.environ.get(WORKERS_ENV)
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise ValueError(f"{WORKERS_ENV}={configured!r}: expected a whole number of processes, 1 or more")
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse_batch(ids: list[str], digests: list[str], texts: list[str], run: str) -> pa.RecordBatch:
    """Parse one batch: ids, digests (sha256) and texts are parallel lists; run is the build id.
    A text in traditional characters is parsed through a conversion to simplified ones
    (pipeline/parse/traditional.py), with a warning saying so. Returns a RecordBatch of SCHEMA, one
    row per document, in the order given."""
    from pipeline.parse.traditional import NOTE, simplified

    rows = []
    for doc_id, sha256, text in zip(ids, digests, texts):
        text, converted = simplified(text)  # the parser reads simplified characters; raw keeps the original
        row = document_record(doc_id, text)
        row["warnings"] = [f"{doc_id}: {NOTE}", *row["warnings"]] if converted else row["warnings"]
        for field in ("signed_date", "published_date"):
            row[field] = dt.date.fromisoformat(row[field]) if row[field] else None
        row.update(sha256=sha256, parser_version=parser_fingerprint(), parse_run=run)
        rows.append(row)
    # one pa.array per column: the same batch as RecordBatch.from_pylist, ~4x faster (measured on
    # batches of the seeds: 0.20 s -> 0.06 s for 300 documents, nested tasks and units included)
    return pa.RecordBatch.from_arrays([pa.array([row[f.name] for row in rows], type=f.type) for f in SCHEMA],
                                      schema=SCHEMA)


def _batches(documents: Iterable[pa.RecordBatch], run: str) -> Iterator[tuple]:
    """(ids, digests, texts, run) per BATCH_DOCUMENTS documents, read from documents as needed."""
    for batch in documents:
        for start in range(0, batch.num_rows, BATCH_DOCUMENTS):
            part = batch.slice(start, BATCH_DOCUMENTS)
            yield (*(part.column(c).to_pylist() for c in ("doc_id", "sha256", "text")), run)


def parse_batches(documents: Iterable[pa.RecordBatch], count: int) -> pa.RecordBatchReader:
    """Parse a stream of documents lazily: documents yields RecordBatches with doc_id, sha256 and
    text columns (a RecordBatchReader, say); count is how many documents it holds. Returns a
    RecordBatchReader of SCHEMA, one row per document in the order read, parsing as it is read:
    in this process below PARALLEL_FROM documents, else in parse_workers() processes, each given
    one batch at a time. parse_run is TASKMARTS_BUILD_ID (set by `taskmarts build`) or "manual".
    Raises what the parser raises, and ValueError for a bad TASKMARTS_PARSE_WORKERS."""
    run = os.environ.get("TASKMARTS_BUILD_ID", "manual")
    workers = parse_workers() if count >= PARALLEL_FROM else 1
    work = _batches(documents, run)
    if workers == 1:
        return pa.RecordBatchReader.from_batches(SCHEMA, itertools.starmap(parse_batch, work))
    return pa.RecordBatchReader.from_batches(SCHEMA, _in_pool(work, workers))


def _in_pool(work: Iterator[tuple], workers: int) -> Iterator[pa.RecordBatch]:
    # parsing is pure Python: separate processes use every core (spawn: the dbt process holds a
    # DuckDB connection that a forked child must not inherit). imap hands out one batch per free
    # worker and yields results in order; the pool ends when the stream is read or dropped.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(_parse_packed, work)


def _parse_packed(args: tuple) -> pa.RecordBatch:
    return parse_batch(*args)
