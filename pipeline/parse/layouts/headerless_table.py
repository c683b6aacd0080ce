"""Tables printed without a header row: the columns are read from what their cells hold.

A run of rows with as many cells each (split at tabs, pipes or runs of two or more spaces), whose columns each read as one kind (bare numbers, unit lists, deadlines, prose), is a
table whose header was left off: a table pasted without its first row, an attachment continued
from a previous page. Example:
    "1\\t县城污水处理厂提标改造\\t县住建局\\t2025年12月" -> seq | task | responsible | deadline.
The units of a column no header names are responsible (SCHEMA: a unit column gives responsible
units unless its cells mark roles themselves). A row printed over several lines is joined first,
as the readers of headed tables join it (a quoted cell, a Word row broken inside a cell, a
wrapped "| … |" row). A run holding a header row is the other table readers' (near miss: None).
"""
from __future__ import annotations

from collections import Counter

from pipeline.parse.columns import header_columns, header_shaped
from pipeline.parse.layouts.base import Extraction, cell_kind, joined_text
from pipeline.parse.layouts.broken_cells import join_broken_rows
from pipeline.parse.layouts.pipe_table import pipe_cells, wrapped_row
from pipeline.parse.layouts.quoted_cells import join_quoted
from pipeline.parse.layouts.space_table import space_cells
from pipeline.parse.layouts.tab_table import tab_cells
from pipeline.parse.model import RESPONSIBLE, Heading, Line, Row
from pipeline.parse.rules import Rules
from pipeline.parse.settings import COLUMN_EVIDENCE_SHARE, HEADERLESS_MIN_ROWS
from pipeline.parse.text import heading_of, squash

NEEDS = f"{HEADERLESS_MIN_ROWS} or more rows of cells whose columns read as a table's"  # named when it reads nothing

# what a column of each kind of cell is; prose columns are the task, then the requirement
_COLUMN_OF_KIND = {"seq": "seq", "units": RESPONSIBLE, "deadline": "deadline"}
_PROSE = ("task", "requirement")


def row_cells(text: str) -> list[str] | None:
    """The cells of one printed row, split at tabs, else pipes ("| 1 | … |"), else runs of two or
    more spaces; None for a line with no such separator. Example: "1  推进…  县住建局" -> 3 cells."""
    body = text.strip()
    if "\t" not in body and "|" not in body and "  " not in body:
        return None  # no separator at all: most lines (a quick test before the splits)
    # each split as its own reader splits it; commas are not cut: prose printed with "," has them
    if "\t" in body:
        cells = tab_cells(text.strip(" \u3000"))  # a row's empty last cell ("2\t落实…\t") is a cell
    elif body.count("|") >= 2:
        cells = pipe_cells(body)
    else:
        cells = list(space_cells(body))
    return cells if len(cells) >= 2 else None


def probe(lines: list[Line]) -> bool:
    """Quick check: HEADERLESS_MIN_ROWS lines split into cells."""
    text = joined_text(lines)
    if "\t" not in text and "|" not in text and "  " not in text:
        return False  # no separator anywhere (one test of the region's text)
    return sum(1 for ln in lines if row_cells(ln.text)) >= HEADERLESS_MIN_ROWS


def columns_by_content(rows: list[list[str]], rules: Rules) -> list[str] | None:
    """The columns of headerless rows (each a list of cell texts), or None when they read as no
    table: fewer than HEADERLESS_MIN_ROWS rows, rows of different lengths, a column whose
    non-empty cells are not COLUMN_EVIDENCE_SHARE of one kind, or no task or unit column.
    Example: [["1", "推进…", "县住建局", "2025年12月"], …] -> ["seq", "task", "responsible", "deadline"];
    a third prose column and a column of empty cells are "other"."""
    if len(rows) < HEADERLESS_MIN_ROWS or len({len(r) for r in rows}) != 1:
        return None
    cols, prose = [], list(_PROSE)
    for j in range(len(rows[0])):
        kinds = Counter(cell_kind(r[j], rules) for r in rows)
        kinds.pop("empty", None)
        kind, n = kinds.most_common(1)[0] if kinds else ("empty", 0)
        if kinds and n < COLUMN_EVIDENCE_SHARE * sum(kinds.values()):
            return None  # a column of mixed cells: no table's column
        cols.append((prose.pop(0) if prose else "other") if kind == "text" else _COLUMN_OF_KIND.get(kind, "other"))
    return cols if "task" in cols and RESPONSIBLE in cols else None


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """The rows of the first run of rows (with the section headings above and between them) whose columns
    read from their cells (columns_by_content), or None. The run is the rows as long as the first
    one, from it to the first other line; a header row inside it or opening it (every cell short,
    no sentence, no number: column words the vocabulary may not list) leaves the table to the
    readers of headers (None)."""
    lines, ends = _joined_rows(lines, rules)
    cells_of = [row_cells(ln.text) for ln in lines]  # each line split once
    i = 0
    while i < len(lines):
        first = cells_of[i]
        if first is None or _heading(lines[i], first) is not None:
            i += 1
            continue
        run = _run(lines, cells_of, i, len(first))
        rows = [cells for _, cells in run if cells is not None]
        if any(header_columns(cells, rules) for cells in rows) or all(header_shaped(squash(c)) for c in first):
            return None  # a header row (known, or of words no vocabulary lists: "联系人"): not headerless
        cols = columns_by_content(rows, rules)
        if cols is None:
            # a run too short stays too short from any of its rows: go on after it
            i = run[-1][0] + 1 if len(rows) < HEADERLESS_MIN_ROWS else i + 1
            continue
        top = i
        while top and heading_of(lines[top - 1].text.strip(), lines[top - 1].no):
            top -= 1  # "一、教育" right above the first row opens its section
        events = [heading_of(ln.text.strip(), ln.no) for ln in lines[top:i]]
        events += [Row(list(zip(cols, cells)), lines[k].no, ends.get(lines[k].no, lines[k].no)) if cells is not None
                   else _heading(lines[k], cells_of[k]) for k, cells in run]
        return Extraction("headerless_table", events, top,
                          [f"no header row: columns read from their cells ({' | '.join(cols)})"])
    return None


def _joined_rows(lines: list[Line], rules: Rules) -> tuple[list[Line], dict[int, int]]:
    """The lines with each row printed over several lines made one, as the readers of headed
    tables join them: a quoted cell holding line breaks (an Excel copy: quoted_cells), a tab row
    broken inside a cell (a Word copy: broken_cells, at the width most tab rows have), a "| … |"
    row whose cell wraps onto the next lines (pipe_table.wrapped_row). Returns (lines, {first
    line number: last line number} of each joined row); `lines` is not changed."""
    ends: dict[int, int] = {}
    if any("\t" in ln.text for ln in lines):
        lines, ends = join_quoted(lines, "\t")
        tab_rows = [tab_cells(ln.text) for ln in lines if "\t" in ln.text]  # "一、教育\t\t" too
        if tab_rows:
            width = _full_width([len(r) for r in tab_rows])
            seqs = sum(cell_kind(r[0], rules) == "seq" for r in tab_rows)
            lines = join_broken_rows(lines, width, 2 * seqs >= len(tab_rows), ends, rules)
    if any(ln.text.strip().startswith("|") and not ln.text.rstrip().endswith("|") for ln in lines):
        closed = [len(pipe_cells(ln.text)) for ln in lines if ln.text.strip().startswith("|") and ln.text.rstrip().endswith("|")]
        width = _full_width(closed) if closed else len(lines)  # every row wrapped: any width
        out, i = [], 0
        while i < len(lines):
            wrapped = wrapped_row(lines, i, width)
            if wrapped:  # "| 1 | 完善决策程序，" / "落实公众参与 | 县司法局 |": one row
                out.append(Line(lines[i].no, wrapped[0]))
                ends[lines[i].no] = lines[wrapped[1]].no
                i = wrapped[1] + 1
            else:
                out.append(lines[i])
                i += 1
        lines = out
    return lines, ends


def _full_width(counts: list[int]) -> int:
    """A table's width from the cell counts of its lines: the largest count two lines share (the
    rows that did not break; a row broken inside a cell prints fewer cells a line), else the
    most common. Example: [3, 2, 2, 3, 2, 2] -> 3."""
    seen = Counter(counts)
    return max((n for n, k in seen.items() if k >= 2), default=seen.most_common(1)[0][0])


def _heading(line: Line, cells: list[str] | None) -> Heading | None:
    """The section heading a line between rows prints: the line itself ("一、教育"), a row whose
    one filled cell is a heading ("一、教育\t\t\t"), or whose two filled cells are a numeral and
    a title ("(二)\t加快绿色转型\t"); None for a row of cells ("| (一)地区生产总值增长7% | 区发改局 |"
    is a row, its task numbered 一, though it opens like a heading)."""
    if cells is None:
        return heading_of(line.text.strip(), line.no)
    filled = [c for c in cells if c.strip()]
    if len(filled) == 2 and (numeral := heading_of(filled[0], line.no)) and not numeral.title:
        return heading_of(filled[0] + filled[1], line.no)  # "(二)\t加快绿色转型\t": the numeral in the 序号 cell
    return heading_of(filled[0], line.no) if len(filled) == 1 else None


def _run(lines: list[Line], cells_of: list[list[str] | None], start: int, width: int) -> list[tuple[int, list[str] | None]]:
    """The lines of the run of rows `width` cells wide from lines[start] (cells_of: each line's
    cells): (index, cells) for a row, (index, None) for a section heading between rows ("一、教育");
    blank lines are skipped; the run ends at any other line."""
    run: list[tuple[int, list[str] | None]] = []
    for k in range(start, len(lines)):
        line, cells = lines[k], cells_of[k]
        if not squash(line.text):
            continue
        if _heading(line, cells) is not None:
            run.append((k, None))
        elif cells is not None and len(cells) == width:
            run.append((k, cells))
        else:
            break
    while run and run[-1][1] is None:
        run.pop()  # a heading after the last row opens what follows the table
    return run
