"""Plain-text tables whose cells are separated by runs of two or more spaces, one row per line.

Example:
    序号  工作任务            责任单位          完成时限
    1     做好预决算公开。    区财政局          2024年6月底前
    2     加强政策解读。      区政府办、区发改局  持续推进
A line with a single run of text continues the cell of the row above that sits in the same
display column (CJK characters count two columns); "一、" / "（一）" lines are headings.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.parse.columns import UNIT_COLUMNS, column_of, header_columns
from pipeline.parse.layouts.base import Extraction, align, cell_kind
from pipeline.parse.layouts.expanded_tabs import restore_tabs
from pipeline.parse.layouts.single_spaces import read_single_spaced
from pipeline.parse.layouts.tab_stops import restore_tab_stops
from pipeline.parse.layouts.unit_profile import settle_unit_cells
from pipeline.parse.model import Line, Row
from pipeline.parse.rules import Rules
from pipeline.parse.settings import SPLIT_CACHE
from pipeline.parse.text import heading_of, squash
from pipeline.parse.units import is_complete_name

NEEDS = "header row split at runs of spaces"  # named in the reason when this reader reads nothing


# display columns a wrapped line's first cell may stand left of the column after 序号 (a cell
# printed one space short of its column's start) and still be no 序号 cell
_SEQ_SLACK = 1
_GAP = re.compile(r" {2,}")  # tabs are the tab reader's: a tab row keeps its empty cells there

_CELL_START = re.compile(r"(?:(?<=\s\s)|(?<=\t)|^)(?=\S)")  # where a cell of a line starts


@lru_cache(maxsize=SPLIT_CACHE)
def space_cells(text: str) -> tuple[str, ...]:
    """The cells of a row split at runs of two or more spaces (cached; shared: a row's cells are
    copied into a list of its own where it is aligned): "1  推进…  县发改局" -> 3 cells."""
    return tuple(c for c in _GAP.split(text.strip()) if c)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _starts(text: str) -> list[int]:
    """Display column where each cell of the line starts."""
    return [_width(text[: m.start()]) for m in _CELL_START.finditer(text)]


def _continue(row: Row, text: str, header_starts: list[int], cols: list[str], rules: Rules) -> None:
    """Append a wrapped line to the row's cell in the column it starts under ("text" given with
    the spaces before it); a unit cell's next complete name after a complete one goes on a line of
    its own ("县水务局" / "县住建局": two names), a name's wrapped end ("市发展" / "和改革局") on the same."""
    offset = _width(text) - _width(text.lstrip())
    index = max((i for i, s in enumerate(header_starts) if s <= offset + 1), default=0)
    col = cols[min(index, len(cols) - 1)]
    k = next((k for k, (c, _) in enumerate(row.cells) if c == col), len(row.cells) - 1)
    c, value = row.cells[k]
    piece = text.strip()
    names = c in UNIT_COLUMNS and is_complete_name(value.split("\n")[-1], rules) and is_complete_name(piece, rules)
    row.cells[k] = (c, value + ("\n" if names else "") + piece)


def _past_seq(text: str, starts: list[int], cols: list[str]) -> bool:
    """True when the table has a 序号 column and the line's first cell starts right of it (under
    the next column, _SEQ_SLACK aside; starts: the header cells' display columns): a line of
    wrapped cells, no row of its own."""
    at = cols.index("seq") + 1 if "seq" in cols else len(starts)
    return at < len(starts) and _starts(text)[0] > starts[at] - _SEQ_SLACK


def _split_joined(cells: list[str], rules: Rules) -> list[str]:
    """A header's cells with every cell that is two column words apart by one space split in two:
    "序号 工作任务" (the ideographic space between them printed as one space) -> "序号", "工作任务"."""
    out = []
    for cell in cells:
        parts = cell.split(" ")
        whole = len(parts) == 2 and all(column_of(p, rules) for p in parts)
        out += parts if whole else [cell]
    return out


_KINDS_APART = ("seq", "units", "deadline")  # kinds of cell one space may stand between in a short row


def _split_kinds(cells: list[str], rules: Rules) -> list[str]:
    """A row shorter than its header with a cell that is two cells of different kinds apart by
    one space split in two: "县大数据中心 2025年12月" (an ideographic space printed as one space)
    -> "县大数据中心", "2025年12月". Names apart by a space ("县发改局 县财政局") stay one cell."""
    out = []
    for cell in cells:
        parts = cell.split(" ")
        kinds = [cell_kind(p, rules) for p in parts]
        apart = len(parts) == 2 and kinds[0] != kinds[1] and all(k in _KINDS_APART for k in kinds)
        out += parts if apart else [cell]
    return out


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of a space-separated table, or None unless a header row splits into known column
    names at runs of spaces and most body lines split into several cells the same way, or a
    header split at single spaces is found (layouts/single_spaces.py). A tab
    table whose tabs were printed as spaces is tab_table's (expanded_tabs.restore_tabs,
    tab_stops.restore_tab_stops): None."""
    cells_of = [space_cells(ln.text) for ln in lines]  # each line split once
    start = next((i for i, cells in enumerate(cells_of) if len(cells) >= 2 and header_columns(cells, rules)), None)
    if start is None:
        return read_single_spaced(lines, rules)  # cells split at single spaces
    if restore_tabs(lines, rules) or restore_tab_stops(lines, rules):
        return None
    cols = header_columns(_split_joined(cells_of[start], rules), rules) or []
    # each body line with whether a blank line stands before it (the lines list, not the line
    # numbers, says so: a double-spaced text's spacing lines are gone, text.undouble)
    body = [(ln, cells, not squash(lines[k - 1].text))
            for k, (ln, cells) in enumerate(zip(lines, cells_of)) if k > start and squash(ln.text)]
    split = sum(1 for _, cells, _ in body if len(cells) >= 2)
    if split < max(1, len(body) // 2):
        return None
    events: list = []
    header_starts = _starts(lines[start].text)  # the display column each header cell starts at
    for line, cells, after_blank in body:
        if rules.stop_re.match(line.text):
            break
        if header_columns(cells, rules):
            continue  # header repeated at a page break
        wraps = not after_blank and events and isinstance(events[-1], Row) and _past_seq(line.text, header_starts, cols)
        if len(cells) >= 2 and wraps:  # the 序号 column blank: the row's cells wrapped within their columns
            for at, cell in zip(_starts(line.text), cells):
                _continue(events[-1], " " * at + cell, header_starts, cols, rules)
            events[-1].line_end = line.no
        elif len(cells) >= 2:
            cells = _split_kinds(list(cells), rules) if len(cells) < len(cols) else list(cells)
            events.append(Row(align(cells, cols, rules), line.no, line.no))
        elif heading_of(line.text, line.no):
            events.append(heading_of(line.text, line.no))
        elif events and isinstance(events[-1], Row) and not after_blank:
            _continue(events[-1], line.text, header_starts, cols, rules)
            events[-1].line_end = line.no
        elif events:
            break  # a single run of text after a blank line: the table has ended
    # a run of spaces hides an empty cell: a row with fewer unit cells than the header follows its names
    return Extraction("space_table", settle_unit_cells(events, cols), start) if events else None
