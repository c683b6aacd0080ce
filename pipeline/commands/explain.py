"""`taskmarts explain FILE`: why one document reads the way it does, without building anything.

explain_file() decodes a file as staging does (pipeline.warehouse.decoding.read_document) and parses it
once; the parse keeps its own reading report (ParsedDocument.report: the lines read, the
competing readings per region, the winner, the runner-ups, every reader's reason), so what is
shown is what the build decided, never a second run of the readers. render() prints it with rich:
the document, the regions read and left unread, each reading's grid of cells, the runner-up,
the tasks, the warnings and, for a document with no task, every reader's reason. The tables
themselves are built in pipeline.commands.explain_tables.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from pipeline.commands.explain_tables import (
    cut,
    parts_table,
    print_grid,
    tasks_table,
    where,
)
from pipeline.parse import ParsedDocument, parse_document
from pipeline.parse.model import Heading, Line
from pipeline.parse.readings import Reading, ReadingReport
from pipeline.parse.text import squash
from pipeline.parse.traditional import NOTE, simplified
from pipeline.warehouse.decoding import UndecodableError, read_document


@dataclass
class Gap:
    """Lines no chosen reading spans: first and last non-blank line (1-based), where they stand
    ('preamble', 'between readings', 'closing' or 'whole document') and their first text."""

    start: int
    end: int
    kind: str
    first_text: str


@dataclass
class Explanation:
    """Everything `explain` shows about one file.

    path: the file; encoding / decode_warnings: how it was decoded (as staging does: repairs
    such as "NUL bytes removed" are listed); line_count: lines in the file; document: the
    ParsedDocument (status, layout, score, runner-up, meta, tasks, warnings) with its reading
    report (`report`: the lines read, the chosen readings in document order, the index of the
    whole document's winner among them, the other readings of the whole document best first,
    one reason per reader that read nothing there); gaps: the spans of non-blank lines no chosen
    reading covers.
    """

    path: Path
    encoding: str
    line_count: int
    document: ParsedDocument
    gaps: list[Gap] = field(default_factory=list)
    decode_warnings: list[str] = field(default_factory=list)

    @property
    def report(self) -> ReadingReport:
        """The parse's reading report (ParsedDocument.report)."""
        return self.document.report


def _read_text(path: Path) -> tuple[str, str, list[str]]:
    """(text, encoding, repairs) of one file, decoded and repaired as stage.collect() does, and
    read through a traditional -> simplified conversion when it looks traditional, as the
    build's parse does (the conversion is then listed with the repairs)."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if not path.is_file():
        raise ValueError(f"{path}: not a regular file")
    try:
        document = read_document(path.read_bytes())
    except UndecodableError as exc:
        raise ValueError(f"{path}: cannot be read as text: {exc}") from None
    text, converted = simplified(document.text)  # as the build's parse reads it (pipeline/warehouse/records.py)
    return text, document.encoding, [*document.repairs, *([NOTE] if converted else [])]


def _gaps(lines: list[Line], chosen: list[Reading]) -> list[Gap]:
    """Runs of non-blank lines that no chosen reading spans or reads (a heading just above a
    reading's span is read); blank lines neither open nor close a run."""
    read = {n for r in chosen for n in range(r.span[0], r.span[1] + 1)}
    for r in chosen:
        for e in r.extraction.events:
            read.update([e.line] if isinstance(e, Heading) else range(e.line_start, e.line_end + 1))
    first, last = (min(read), max(read)) if read else (0, 0)
    runs: list[list[Line]] = []
    for ln in lines:
        if ln.no in read:
            runs.append([])
        elif squash(ln.text):
            if not runs:
                runs.append([])
            runs[-1].append(ln)
    gaps = []
    for run in filter(None, runs):
        kind = ("whole document" if not read else "preamble" if run[0].no < first
                else "closing" if run[0].no > last else "between readings")
        gaps.append(Gap(run[0].no, run[-1].no, kind, run[0].text.strip()))
    return gaps


def explain_file(path: Path) -> Explanation:
    """Explain how the parser reads one file.

    path: a text file in any encoding staging accepts. Returns an Explanation (see its fields).
    Raises FileNotFoundError when the file does not exist, PermissionError when it cannot be
    read, and ValueError naming the file when it is not a regular file, is binary, undecodable
    or empty. Never builds or writes anything.
    """
    path = Path(path)
    text, encoding, repairs = _read_text(path)
    document = parse_document(text)
    count = text.count("\n") + (not text.endswith("\n"))
    return Explanation(path, encoding, count, document, _gaps(document.report.lines, document.report.chosen),
                       repairs)


def render(expl: Explanation, console: Console) -> None:
    """Print an Explanation on `console` (rich tables and panels; meaning never rests on colour).

    Prints the document summary and metadata, the REGIONS (readings and unread spans), a GRID per
    chosen reading (its first explain_tables.GRID_ROWS events), the RUNNER-UP beside the winner with both readings'
    score parts, the TASKS, the WARNINGS and the READERS THAT READ NOTHING. Returns None.
    """
    doc, meta, report = expl.document, expl.document.meta, expl.report
    score = "-" if doc.score is None else f"{doc.score:.4f}"
    head = Text()
    head.append(f"{expl.path.name}: {expl.line_count} lines, encoding {expl.encoding}\n")
    head.append(f"status {doc.status}, layout {doc.layout}, score {score}, {len(doc.tasks)} tasks\n")
    for label, value in (("title", meta.title), ("issuer", meta.issuer), ("doc number", meta.doc_number),
                         ("date", meta.signed_date), ("published", meta.published_date),
                         ("year", meta.year and str(meta.year))):
        head.append(f"{label:<10} {cut(value, 70) if value else '-'}\n")
    head.rstrip()
    console.print(Panel(head, title="DOCUMENT", box=box.SQUARE, expand=False))

    console.print(Text("REGIONS", style="bold"))
    spans = [(r.span[0], f"{where(*r.span)}: {r.layout} reading, {len(r.tasks)} tasks, score "
              f"{r.score:.4f}" + (" (winner)" if i == report.winner else "")) for i, r in enumerate(report.chosen)]
    spans += [(g.start, f"{where(g.start, g.end)}: {g.kind} (not read as tasks): {cut(g.first_text, 30)}")
              for g in expl.gaps]
    for _, line in sorted(spans):
        console.print(Text("  " + line))

    for r in report.chosen:
        console.print(Text(f"\nGRID {r.layout}, {where(*r.span)}", style="bold"))
        print_grid(r, report.lines, console)

    console.print(Text("\nRUNNER-UP", style="bold"))
    if report.winner is None:
        console.print("  no reading: nothing to compare")
    elif not report.runner_ups:
        console.print(Text(f"  none: no other reader read {where(*report.chosen[report.winner].span)}"))
    else:
        best, second = report.chosen[report.winner], report.runner_ups[0]
        console.print(Text(f"  {best.layout} {best.score:.4f} chosen over {second.layout} {second.score:.4f}"
                           + (" (tie: reader order decides)" if best.score == second.score else "")))
        console.print(parts_table([("winner", best), ("runner-up", second)]))
        for other in report.runner_ups[1:]:
            console.print(Text(f"  also: {other.layout} {other.score:.4f}"))

    if doc.tasks:
        console.print(Text(f"\nTASKS ({len(doc.tasks)})", style="bold"))
        console.print(tasks_table(doc))
    warnings = expl.decode_warnings + doc.warnings
    console.print(Text(f"\nWARNINGS ({len(warnings)})", style="bold"))
    for w in warnings:
        console.print(Text(f"  - {cut(w, 200)}"))
    title = "WHY NO TASK" if not doc.tasks else "READERS THAT READ NOTHING"
    console.print(Text(f"\n{title}" + (f": status {doc.status}" if not doc.tasks else ""), style="bold"))
    for reason in report.reasons:
        console.print(Text(f"  {reason}"))


def run(args: argparse.Namespace, console: Console) -> int:
    """`taskmarts explain FILE`: render(explain_file(args.file)). Returns 0; raises as
    explain_file does (FileNotFoundError, ValueError for an undecodable file)."""
    render(explain_file(args.file), console)
    return 0
