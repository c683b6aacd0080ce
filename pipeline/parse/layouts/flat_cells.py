"""A table row whose line breaks were lost, read inside a numbered item.

A web copy that loses its line breaks runs a table's rows into one line; the item grammar still
finds each row by its number, and the row keeps the cell marks the copy printed ("|", a tab).
The item's own cells then follow its text: they take the columns of the header printed above,
aligned from the right (the first columns of a row may hold a section heading or vanish), and a
cell with no header above it is a unit cell when it reads as a unit list.

Example: "工作任务 | 具体要求 | 责任部门 | 一、做好财政信息公开。 | 1.推进预算公开。 | 财务科 |" ->
item 1: title 推进预算公开。, responsible 财务科.
"""
from __future__ import annotations

import re

from pipeline.parse.columns import NAMING_CELLS, UNIT_COLUMNS
from pipeline.parse.layouts.base import looks_like_units
from pipeline.parse.rules import Rules
from pipeline.parse.text import squash

CELL_MARK = re.compile(r"[ \u3000]*[|\t][ \u3000]*")
# the columns a flattened row's cell is kept for; the others (progress, phone, a second task
# column) are dropped as the table readers drop them
KEPT = (*UNIT_COLUMNS, "requirement", "deadline")


def flat_cells(text: str, columns: list[str] | None, rules: Rules) -> list[tuple[str, str]] | None:
    """The cells of an item's text that holds cell marks: [("task", its first cell), (column,
    cell) …], the columns from `columns` (the header printed above, None when none) aligned
    from the right, else "units" for a cell that reads as units and "requirement" for a second
    cell that does not. Returns None when the text has no cell mark or no cell names a unit (the
    item is then read as prose). Example: ("推进预算公开。 | 财务科 |", ["task", "requirement",
    "responsible"]) -> [("task", "推进预算公开。"), ("responsible", "财务科")]."""
    if "|" not in text and "\t" not in text:
        return None
    cells = CELL_MARK.split(text.strip(" \u3000"))
    while len(cells) > 1 and not squash(cells[-1]):
        cells.pop()  # the mark that closes the row, and the empty first cells of the next one
    rest = cells[1:]
    aligned = columns[-len(rest):] if columns and rest and len(columns) > len(rest) else None
    out = [("task", squash(cells[0]))]
    for i, cell in enumerate(rest):
        if not squash(cell):
            continue
        column = aligned[i] if aligned else (
            "units" if looks_like_units(cell, rules) else "requirement" if i == 0 else None)
        if column in KEPT or column == "units":
            out.append((column, squash(cell)))
    return out if any(column in NAMING_CELLS for column, _ in out) else None
