"""A table row whose line breaks were lost, read inside a numbered item.

A web copy that loses its line breaks runs a table's rows into one line; the item grammar still
finds each row by its number, and the row keeps the cell marks the copy printed ("|", a tab,
or a tab printed as spaces: a run of two or more).
The item's own cells then follow its text and take the columns of the header printed above:
from the task column on, or aligned from the right when the row's first cells vanished (a
merged section cell), whichever puts unit-like cells under unit columns; a cell with no header
above it is a unit cell when it reads as a unit list. A copy that printed no cell mark at all
(cells separated by a space) is split at spaces by the header's columns (_spaced), kept only
where every cell under a unit column reads as units (item_walk also asks that most rows do).

Example: "工作任务 | 具体要求 | 责任部门 | 一、做好财政信息公开。 | 1.推进预算公开。 | 财务科 |" ->
item 1: title 推进预算公开。, responsible 财务科.
"""
from __future__ import annotations

import re

from pipeline.parse.columns import NAMING_CELLS, PROSE_COLUMNS, UNIT_COLUMNS, column_of
from pipeline.parse.layouts.base import looks_like_units
from pipeline.parse.layouts.expanded_tabs import GAP_MIN
from pipeline.parse.rules import Rules, memoised
from pipeline.parse.text import PAGE_NUMBER_TAIL, is_page_number, squash

CELL_MARK = re.compile(r"[ \u3000]*[|\t][ \u3000]*")
# a row whose tabs were printed as spaces: runs of this many spaces or more are its cell marks
# (one space is a word gap; expanded_tabs.GAP_MIN)
GAP_MARK = re.compile(r" {%d,}" % GAP_MIN)
SPACE_RUN = re.compile(r"[ \u3000]+")  # a row with no cell mark: its cells split at spaces (_spaced)
# the columns a flattened row's cell is kept for; the others (progress, phone, a second task
# column) are dropped as the table readers drop them
KEPT = (*UNIT_COLUMNS, "requirement", "deadline")


def flat_cells(text: str, columns: list[str] | None, rules: Rules) -> tuple[tuple[str, str], ...] | None:
    """The cells of an item's text that holds cell marks: (("task", its first cell), (column,
    cell) …), the columns from `columns` (the header printed above, None when none: a cell that
    reads as units is then "units", a second cell that does not the requirement). A text with no
    "|" or tab is marked by its runs of GAP_MIN or more spaces (tabs printed as spaces: "1.推进
    公开。    通过专栏发布。    县发改局"), else split by `columns` at single spaces. Returns None
    when the text has no cell mark or no cell names a unit (the item is then read as prose).
    Memoised: item_walk decides whether a run-on table's rows split, and the reading then reads
    them, from the same split.
    Example: ("推进预算公开。 | 财务科 |", ["task", "requirement", "responsible"]) ->
    (("task", "推进预算公开。"), ("responsible", "财务科"))."""
    key = ("flat_cells", text, tuple(columns) if columns else None)
    return memoised(rules, key, lambda: _flat_cells(text, columns, rules))


def _flat_cells(text: str, columns: list[str] | None, rules: Rules) -> tuple[tuple[str, str], ...] | None:
    marked = "|" in text or "\t" in text
    mark = CELL_MARK if marked else GAP_MARK if GAP_MARK.search(text.strip(" \u3000")) else None
    marked = mark is not None
    if not marked and not columns:
        return None
    split = mark.split(text.strip(" \u3000")) if mark else _spaced(PAGE_NUMBER_TAIL.sub("", text), columns)
    cells = [PAGE_NUMBER_TAIL.sub("", c) for c in split]
    cells = cells[:1] + _without_noise(cells[1:], rules)
    if text.rstrip(" \u3000").endswith("|") and len(cells) > 1 and not squash(cells[-1]):
        cells.pop()  # the mark that closes a pipe row
    rest = cells[1:]
    aligned = _aligned(rest, columns, rules) if columns else None
    out = [("task", squash(cells[0]))]
    for i, cell in enumerate(rest):
        if not squash(cell):
            continue
        if aligned is not None:
            column = aligned[i] if i < len(aligned) else None
        else:
            column = "units" if looks_like_units(cell, rules) else "requirement" if i == 0 else None
        if column == "task" and not out[0][1]:  # "1 | 做好…公开 | …": the number was the item's own cell
            out[0] = ("task", squash(cell))
        elif column in KEPT or column == "units":  # a unit cell keeps the spaces that separate its names
            out.append((column, " ".join(cell.split()) if column in NAMING_CELLS else squash(cell)))
    if not marked and (aligned is None or any(column in UNIT_COLUMNS and not looks_like_units(cell, rules)
                                              for column, cell in zip(aligned, rest))):
        return None  # spaces alone say little: every cell under a unit column must read as units
    return tuple(out) if any(column in NAMING_CELLS for column, _ in out) else None


def _spaced(text: str, columns: list[str]) -> list[str]:
    """The cells of a row that only spaces separate (the header printed above, on the same run-on
    line, was split so too), from the task column on: prose has spaces of its own, the unit and
    date cells around it have none, so the columns right of the prose cell (the requirement, else
    the task) take one word each from the right, those left of it one each from the left, and
    the prose cell what is left; a second task column takes none (it is dropped, as the table
    readers drop it). Example: ("推进公开 办公室 各处室 坚持 公开", [task, lead, responsible,
    requirement]) -> ["推进公开", "办公室", "各处室", "坚持 公开"]."""
    words = SPACE_RUN.split(text.strip(" \u3000"))
    row = columns[columns.index("task"):] if "task" in columns else columns
    prose = max((i for i, column in enumerate(row) if column == "requirement"), default=0)
    takes = [column not in PROSE_COLUMNS for column in row[prose + 1:]]
    right = len(words) - sum(takes)
    if right <= prose:
        return words  # fewer words than cells: as printed
    tail = iter(words[right:])
    return words[:prose] + [" ".join(words[prose:right])] + [next(tail) if take else "" for take in takes]


def _without_noise(cells: list[str], rules: Rules) -> list[str]:
    """The cells but page numbers ("- 3 -") and a header row printed again between rows: header
    cells next to another header cell (one header word alone may be a unit's name: 局主办科室)."""
    header = [bool(column_of(c, rules)) for c in cells] + [False]
    repeated = {i for i in range(len(cells)) if header[i] and ((i > 0 and header[i - 1]) or header[i + 1])}
    return [c for i, c in enumerate(cells) if i not in repeated and not is_page_number(c)]


def _aligned(rest: list[str], columns: list[str], rules: Rules) -> list[str] | None:
    """The columns of the cells after an item's text: those after the header's task column
    (cells that do not fit are left without a column), or the header's last ones for the cells
    left when trailing empty cells are dropped; the one that puts unit-like cells under unit
    columns and the others elsewhere more often (the first on a tie). None when neither fits."""
    after = columns[columns.index("task") + 1:] if "task" in columns else columns[1:]
    filled = len(rest)
    while filled and not squash(rest[filled - 1]):
        filled -= 1
    candidates = [after[:len(rest)] if filled <= len(after) else None,
                  columns[len(columns) - filled:] if 0 < filled < len(columns) else None]
    scored = [(sum((col in UNIT_COLUMNS) == looks_like_units(cell, rules)
                   for col, cell in zip(cand, rest) if squash(cell)), -k, cand)
              for k, cand in enumerate(candidates) if cand is not None]
    return max(scored)[2] if scored else None
