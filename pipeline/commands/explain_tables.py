"""Tables and cells of `taskmarts explain` (see pipeline.commands.explain): a reading's grid of cells, two
readings' score parts side by side, a document's tasks. Cells are cut to a few dozen characters
with "…" and never wrap, so a narrow console shortens them instead of breaking rows.
"""
from __future__ import annotations

import re

from rich import box
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from pipeline.parse import ParsedDocument
from pipeline.parse.columns import column_of, split_header_text
from pipeline.parse.model import (
    COOPERATING,
    LEAD,
    RESPONSIBLE,
    ROLES,
    Heading,
    Line,
    Row,
)
from pipeline.parse.readings import Reading
from pipeline.parse.rules import load_rules
from pipeline.parse.text import squash

GRID_ROWS = 15  # extraction events shown per reading
ROLE_LABELS = {LEAD: "lead", RESPONSIBLE: "resp", COOPERATING: "coop"}  # each of ROLES, shortened


def cut(text: str | None, width: int) -> str:
    """One line of at most `width` characters, "…" marking a cut."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _cell(text: str | None, width: int) -> Text:
    """A table cell cut to `width` characters that stays on one line per printed line: a
    narrow console ends it with "…" rather than wrapping it."""
    return Text("\n".join(cut(part, width) for part in (text or "").split("\n")),
                no_wrap=True, overflow="ellipsis")


def _lines(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}-{b}"


def where(a: int, b: int) -> str:
    """A line range in words: "line 7" or "lines 3-21"."""
    return f"line {a}" if a == b else f"lines {a}-{b}"


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


def _header(reading: Reading, lines: list[Line], most: int = 8) -> list[Line]:
    """The last `most` lines with text of a reading's span above its first event (a table's
    header, maybe under its title); lines holding only "|" are left out."""
    events = reading.extraction.events
    first = min((e.line if isinstance(e, Heading) else e.line_start for e in events), default=reading.span[0])
    return [ln for ln in lines if reading.span[0] <= ln.no < first and squash(ln.text).strip("|")][-most:]


def _mapping(text: str) -> str:
    """A header line's cells with the column each means ("牵头单位 → lead", "考核 → ?"), or the
    line itself when no cell reads as a known header (a table title)."""
    rules = load_rules()
    cells = [c for c in re.split(r"\t|\|", text) if c.strip()]
    if len(cells) < 2:
        cells = split_header_text(text, rules) or cells
    found = [(squash(c), column_of(c, rules)) for c in cells]
    if not any(col for _, col in found):
        return cut(text, 100)
    return " | ".join(f"{cell} → {col or '?'}" for cell, col in found)


def print_grid(reading: Reading, lines: list[Line], console: Console) -> None:
    """Print a reading's column mapping and its first GRID_ROWS extraction events as a table.

    reading: a chosen Reading; lines: the document's cleaned lines (for the header lines above
    the first event, each cell shown with the column it means); console: where to print. The
    table has a "lines" column, then one column per column name in order of first appearance;
    a heading event is a row "§ 一 title" ("§ （一） title" at level 2); a column named twice
    in a row shows both cells joined by " ‖ ". Returns None.
    """
    cols = _columns(reading) or ["cells"]
    for ln in _header(reading, lines):
        console.print(Text(f"header line {ln.no}: {_mapping(ln.text)}"))
    console.print(Text(f"columns read: {', '.join(cols)}"))
    table = Table(_col("lines", 9), *map(_col, cols), box=box.SIMPLE_HEAD)
    events = reading.extraction.events
    for e in events[:GRID_ROWS]:
        if isinstance(e, Heading):
            number = e.numeral if e.level == 1 else f"（{e.numeral}）"
            table.add_row(str(e.line), _cell(f"§ {number} {e.title}", 40), *[""] * (len(cols) - 1))
            continue
        cells: dict[str, list[str]] = {}
        for c, v in e.cells:
            cells.setdefault(c, []).append(v)
        table.add_row(_lines(e.line_start, e.line_end),
                      *[_cell(" ‖ ".join(" ".join(v.split()) for v in cells.get(c, [])), 28) for c in cols])
    console.print(table)
    if len(events) > GRID_ROWS:
        console.print(f"… {len(events) - GRID_ROWS} more rows/headings")


def parts_table(pairs: list[tuple[str, Reading]]) -> Table:
    """A table with one column per (label, reading): its score, span, task count and each part
    of its score (units, organisations, clean, numbering, coverage)."""
    keys = list(dict.fromkeys(k for _, r in pairs for k in r.parts))
    table = Table("", *[f"{label}: {r.layout}" for label, r in pairs], box=box.SIMPLE_HEAD)
    table.add_row("score", *[f"{r.score:.4f}" for _, r in pairs])
    table.add_row("span", *[where(*r.span) for _, r in pairs])
    table.add_row("tasks", *[str(len(r.tasks)) for _, r in pairs])
    for k in keys:
        table.add_row(k, *[f"{r.parts[k]:.3f}" if k in r.parts else "" for _, r in pairs])
    return table


def _who(task) -> Text:
    """One line per role that has units, then the leaders: "lead: 省发改委、省商务厅"."""
    rows = [f"{ROLE_LABELS[role]}: {'、'.join(u.name for u in task.units if u.role == role)}"
            for role in ROLES if any(u.role == role for u in task.units)]
    rows += [f"leaders: {task.leaders}"] if task.leaders else []
    return _cell("\n".join(rows) or "-", 40)


def tasks_table(doc: ParsedDocument) -> Table:
    """A table of a parsed document's tasks: seq, task_no, section (l1/l2 numerals), title, the
    units by role and the leaders (one line each), deadline and source lines."""
    table = Table(_col("seq", 4), _col("no", 4), _col("section", 7), _col("title"), _col("units and leaders"),
                  _col("deadline"), _col("lines", 9), box=box.SIMPLE_HEAD)
    for t in doc.tasks:
        section = "/".join(n for n in (t.l1_no, t.l2_no) if n)
        table.add_row(str(t.seq), t.task_no or "", section, _cell(t.title, 40), _who(t),
                      _cell(t.deadline, 14), _lines(t.line_start, t.line_end))
    return table
