"""`taskmarts explain FILE`: why one document reads the way it does, without building anything.

explain_file() decodes a file as staging does and runs the parser's steps one by one (clean
lines, competing readings per region, the final parse); render() prints the result with rich:
the document, the regions read and left unread, each reading's grid of cells, the runner-up,
the tasks, the warnings and, for a document with no task, every reader's reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Column, Table
from rich.text import Text

from pipeline.decoding import UndecodableError, decode
from pipeline.parse import ParsedDocument, parse_document
from pipeline.parse.document import read_regions
from pipeline.parse.model import Heading, Line, Row
from pipeline.parse.readings import Reading, read_region
from pipeline.parse.rules import load_rules
from pipeline.parse.text import clean_lines, squash

GRID_ROWS = 15  # extraction events shown per reading
ROLES = ("lead", "responsible", "cooperating")  # Unit.role values, in display order


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
    such as "NUL bytes removed" are listed); line_count: lines in the file; lines: the cleaned
    lines (pipeline.parse.text.clean_lines); document: the final ParsedDocument (status, layout,
    score, runner-up, meta, tasks, warnings); chosen: the readings kept, in document order (empty
    when nothing read as tasks); winner: index in `chosen` of the reading that won the whole
    document's competition (None when chosen is empty); runner_ups: the other readings of the
    whole document, best first; reasons: one line per reader that read nothing there; gaps: the
    spans of non-blank lines no chosen reading covers.
    """

    path: Path
    encoding: str
    line_count: int
    lines: list[Line]
    document: ParsedDocument
    chosen: list[Reading] = field(default_factory=list)
    winner: int | None = None
    runner_ups: list[Reading] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    decode_warnings: list[str] = field(default_factory=list)


def _read_text(path: Path) -> tuple[str, str, list[str]]:
    """(text, encoding, repairs) of one file, decoded and repaired as stage.collect() does."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if not path.is_file():
        raise ValueError(f"{path}: not a regular file")
    try:
        decoded = decode(path.read_bytes())
        if not decoded.text.strip():
            raise UndecodableError("empty or whitespace-only file")
    except UndecodableError as exc:
        raise ValueError(f"{path}: cannot be read as text: {exc}") from None
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    repairs = [decoded.warning] if decoded.warning else []
    if "\x00" in text:
        text = text.replace("\x00", "")
        repairs.append("NUL bytes removed")
    return text, decoded.encoding, repairs


def _gaps(lines: list[Line], chosen: list[Reading]) -> list[Gap]:
    """Runs of lines outside every chosen reading's span, trimmed to their non-blank lines."""
    spans = sorted(r.span for r in chosen)
    bounds = [0] + [n for s in spans for n in s] + [len(lines) + 1]
    gaps = []
    for i in range(0, len(bounds), 2):
        inside = [ln for ln in lines if bounds[i] < ln.no < bounds[i + 1] and squash(ln.text)]
        if not inside:
            continue
        last = i + 2 >= len(bounds)
        kind = ("whole document" if not spans else "preamble" if i == 0 else "closing" if last
                else "between readings")
        gaps.append(Gap(inside[0].no, inside[-1].no, kind, inside[0].text.strip()))
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
    rules = load_rules()
    lines = clean_lines(text)
    chosen, runner_ups, reasons = read_regions(lines, rules)
    top, _ = read_region(lines, rules)  # the whole document's competition: its winner is top[0]
    winner = next((i for i, r in enumerate(chosen) if top and r == top[0]), 0 if chosen else None)
    count = text.count("\n") + (not text.endswith("\n"))
    return Explanation(path, encoding, count, lines, parse_document(text), chosen, winner,
                       runner_ups, reasons, _gaps(lines, chosen), repairs)


# --- rendering ------------------------------------------------------------------------------

def _cut(text: str | None, width: int) -> str:
    """One line of at most `width` characters, "…" marking a cut."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _cell(text: str | None, width: int) -> Text:
    """A table cell cut to `width` characters that stays on one line per printed line: a
    narrow console ends it with "…" rather than wrapping it."""
    return Text("\n".join(_cut(part, width) for part in (text or "").split("\n")),
                no_wrap=True, overflow="ellipsis")


def _lines(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}-{b}"


def _col(name: str, width: int | None = None) -> Column:
    """A fixed-width column for short values (never squeezed to nothing on a narrow console),
    or, without width, a text column that shrinks first and ends a cut cell with "…"."""
    return Column(name, width=width, no_wrap=width is not None, overflow="ellipsis")


def _columns(reading: Reading) -> list[str]:
    """Column names in order of first appearance over all the reading's rows."""
    cols = {}
    for e in reading.extraction.events:
        if isinstance(e, Row):
            cols.update((c, None) for c, _ in e.cells)
    return list(cols)


def _header(reading: Reading, lines: list[Line]) -> list[Line]:
    """The non-blank lines of a reading's span above its first event (a table's header)."""
    events = reading.extraction.events
    first = min((e.line if isinstance(e, Heading) else e.line_start for e in events), default=reading.span[0])
    return [ln for ln in lines if reading.span[0] <= ln.no < first and squash(ln.text)]


def _grid(reading: Reading, lines: list[Line], console: Console) -> None:
    cols = _columns(reading) or ["cells"]
    console.print(Text(f"columns found: {', '.join(cols) or '(none)'}"))
    for ln in _header(reading, lines):
        console.print(Text(f"header line {ln.no}: {_cut(ln.text.replace(chr(9), ' | '), 100)}"))
    table = Table(_col("lines", 9), *map(_col, cols), box=box.SIMPLE_HEAD)
    events = reading.extraction.events
    for e in events[:GRID_ROWS]:
        if isinstance(e, Heading):
            table.add_row(str(e.line), _cell(f"§ {e.numeral} {e.title}", 40), *[""] * (len(cols) - 1))
            continue
        cells: dict[str, list[str]] = {}
        for c, v in e.cells:
            cells.setdefault(c, []).append(v)
        table.add_row(_lines(e.line_start, e.line_end),
                      *[_cell(" ‖ ".join(" ".join(v.split()) for v in cells.get(c, [])), 28) for c in cols])
    console.print(table)
    if len(events) > GRID_ROWS:
        console.print(f"… {len(events) - GRID_ROWS} more rows/headings")


def _parts_table(pairs: list[tuple[str, Reading]]) -> Table:
    keys = list(dict.fromkeys(k for _, r in pairs for k in r.parts))
    table = Table("", *[f"{label}: {r.layout}" for label, r in pairs], box=box.SIMPLE_HEAD)
    table.add_row("score", *[f"{r.score:.4f}" for _, r in pairs])
    table.add_row("span", *[f"lines {_lines(*r.span)}" for _, r in pairs])
    table.add_row("tasks", *[str(len(r.tasks)) for _, r in pairs])
    for k in keys:
        table.add_row(k, *[f"{r.parts[k]:.3f}" if k in r.parts else "" for _, r in pairs])
    return table


def _who(task) -> Text:
    """One line per role that has units, then the leaders: "lead: 省发改委、省商务厅"."""
    rows = [f"{role}: {'、'.join(u.name for u in task.units if u.role == role)}"
            for role in ROLES if any(u.role == role for u in task.units)]
    rows += [f"leaders: {task.leaders}"] if task.leaders else []
    return _cell("\n".join(rows) or "-", 40)


def _tasks(doc: ParsedDocument) -> Table:
    table = Table(_col("seq", 4), _col("no", 4), _col("section", 7), _col("title"), _col("units and leaders"),
                  _col("deadline"), _col("lines", 9), box=box.SIMPLE_HEAD)
    for t in doc.tasks:
        section = "/".join(n for n in (t.l1_no, t.l2_no) if n)
        table.add_row(str(t.seq), t.task_no or "", section, _cell(t.title, 40), _who(t),
                      _cell(t.deadline, 14), _lines(t.line_start, t.line_end))
    return table


def render(expl: Explanation, console: Console) -> None:
    """Print an Explanation on `console` (rich tables and panels; meaning never rests on colour).

    Prints the document summary and metadata, the REGIONS (readings and unread spans), a GRID per
    chosen reading (first GRID_ROWS events), the RUNNER-UP beside the winner with both readings'
    score parts, the TASKS, the WARNINGS and the READERS THAT READ NOTHING. Returns None.
    """
    doc, meta = expl.document, expl.document.meta
    score = "-" if doc.score is None else f"{doc.score:.4f}"
    head = Text()
    head.append(f"{expl.path.name}: {expl.line_count} lines, encoding {expl.encoding}\n")
    head.append(f"status {doc.status}, layout {doc.layout}, score {score}, {len(doc.tasks)} tasks\n")
    for label, value in (("title", meta.title), ("issuer", meta.issuer), ("doc number", meta.doc_number),
                         ("date", meta.signed_date)):
        head.append(f"{label:<10} {_cut(value, 70) if value else '-'}\n")
    head.rstrip()
    console.print(Panel(head, title="DOCUMENT", box=box.SQUARE, expand=False))

    console.print(Text("REGIONS", style="bold"))
    spans = [(r.span[0], f"lines {_lines(*r.span)}: {r.layout} reading, {len(r.tasks)} tasks, score "
              f"{r.score:.4f}" + (" (winner)" if i == expl.winner else "")) for i, r in enumerate(expl.chosen)]
    spans += [(g.start, f"lines {_lines(g.start, g.end)}: {g.kind} (not read as tasks): {_cut(g.first_text, 40)}")
              for g in expl.gaps]
    for _, line in sorted(spans):
        console.print(Text("  " + line))

    for r in expl.chosen:
        console.print(Text(f"\nGRID {r.layout}, lines {_lines(*r.span)}", style="bold"))
        _grid(r, expl.lines, console)

    console.print(Text("\nRUNNER-UP", style="bold"))
    if expl.winner is None:
        console.print("  no reading: nothing to compare")
    elif not expl.runner_ups:
        console.print(Text(f"  none: no other reader read lines {_lines(*expl.chosen[expl.winner].span)}"))
    else:
        best, second = expl.chosen[expl.winner], expl.runner_ups[0]
        console.print(Text(f"  {best.layout} {best.score:.4f} chosen over {second.layout} {second.score:.4f}"
                           + (" (tie: reader order decides)" if best.score == second.score else "")))
        console.print(_parts_table([("winner", best), ("runner-up", second)]))
        for other in expl.runner_ups[1:]:
            console.print(Text(f"  also: {other.layout} {other.score:.4f}"))

    if doc.tasks:
        console.print(Text(f"\nTASKS ({len(doc.tasks)})", style="bold"))
        console.print(_tasks(doc))
    warnings = expl.decode_warnings + doc.warnings
    console.print(Text(f"\nWARNINGS ({len(warnings)})", style="bold"))
    for w in warnings:
        console.print(Text(f"  - {_cut(w, 200)}"))
    title = "WHY NO TASK" if not doc.tasks else "READERS THAT READ NOTHING"
    console.print(Text(f"\n{title}" + (f": status {doc.status}" if not doc.tasks else ""), style="bold"))
    for reason in expl.reasons:
        console.print(Text(f"  {reason}"))
