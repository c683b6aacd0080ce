"""Table rows numbered as an outline's parents are its sections.

A table numbered 1 / 1.1 / 1.2 / 2 / 2.1 prints each section as a row of its own: a number
and a title, no unit, under which the rows numbered below it stand. Such a row is a section
heading, level 1 for "1" and level 2 for "1.1" above "1.1.1" (SCHEMA.md: sections hold tasks;
a row with only a title is a section).

Example (tab table):
    1	经济发展
    1.1	地区生产总值增长6%	县发改局
-> Heading(1, "1", "经济发展"), then the task 1.1.
"""
from __future__ import annotations

from pipeline.parse.columns import NAMING_CELLS
from pipeline.parse.model import Heading, Row
from pipeline.parse.text import outline_parts, squash

# an outline's sections are levels 1 and 2; a deeper parent ("1.1.1" above "1.1.1.1") stays a row
OUTLINE_SECTION_DEPTH = 2


def _cell(row: Row, column: str) -> str:
    return next((squash(text) for col, text in row.cells if col == column), "")


def outline_sections(events: list) -> None:
    """Replace, in place, every Row of `events` (a layout's Heading and Row events, in order)
    whose "seq" cell is the parent of the next row's outline number ("1" above "1.1", "1.1"
    above "1.1.1") and which names no unit, by a section Heading of its number and task text.
    Returns None; events that are not such rows are left as they are."""
    rows = [i for i, e in enumerate(events) if isinstance(e, Row)]
    if not any("." in text or "．" in text for i in rows for col, text in events[i].cells if col == "seq"):
        return  # no outline number in the table (a quick test: most tables)
    for i, j in zip(rows, rows[1:]):
        row, below = events[i], events[j]
        number, child = _cell(row, "seq"), _cell(below, "seq")
        parts = outline_parts(child)
        if not number or parts is None or ".".join(parts[:-1]) != number.replace("．", "."):
            continue
        depth = len(parts) - 1
        if depth > OUTLINE_SECTION_DEPTH or any(_cell(row, col) for col in NAMING_CELLS):
            continue
        title = _cell(row, "task") or _cell(row, "requirement")
        if title:
            events[i] = Heading(depth, number, title, row.line_start)
