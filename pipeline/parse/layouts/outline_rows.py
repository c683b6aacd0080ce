"""Table rows numbered as sections are sections.

Two numberings mark a table's section rows. An outline: a table numbered 1 / 1.1 / 1.2 / 2 / 2.1
(or 1-1) prints each section as a row of its own: a number and a title, no unit, under which the rows numbered below it stand. Such a row is a section
heading, level 1 for "1" and level 2 for "1.1" above "1.1.1" (SCHEMA.md: sections hold tasks;
a row with only a title is a section).

Example (tab table):
    1	经济发展
    1.1	地区生产总值增长6%	县发改局
-> Heading(1, "1", "经济发展"), then the task 1.1.

A section numeral in a cell of its own, beside the section's title alone, above rows numbered deeper
(arabic, or "（一）" below "一"): "一" / "一、" / "第一部分" rows are level 1, "（一）" rows level 2
(SCHEMA.md convention A, with the numeral in a cell of its own).

Example (tab table):
    一	政策公开
    1	推进政策文件集中公开	县司法局
-> Heading(1, "一", "政策公开"), then the task 1.
"""
from __future__ import annotations

import re

from pipeline.parse.columns import NAMING_CELLS
from pipeline.parse.items import task_number
from pipeline.parse.model import Heading, Row
from pipeline.parse.text import CN_DIGITS, heading_of, outline_parts, squash

# an outline's sections are levels 1 and 2; a deeper parent ("1.1.1" above "1.1.1.1") stays a row
OUTLINE_SECTION_DEPTH = 2


def _cell(row: Row, column: str) -> str:
    return next((squash(text) for col, text in row.cells if col == column), "")


_SECTION_START = re.compile(f"(?:第|[（(［\\[〔【])?[{CN_DIGITS}]")  # "一…", "（一）…", "第一部分…": a section numeral first
_BARE_NUMERAL = re.compile(f"[{CN_DIGITS}]+")  # "一" alone in a 序号 cell: a level-1 numeral


def section_rows(events: list) -> None:
    """Replace, in place, the Rows of `events` (a layout's Heading and Row events, in order) that
    are section rows by their numbering (an outline's parents, section numerals; the module
    docstring) by section Headings. Returns None."""
    rows = [e for e in events if isinstance(e, Row)]
    _outline_sections(events, rows)
    _numeral_sections(events, rows)


def _numeral_sections(events: list, rows: list[Row]) -> None:
    """A row of two cells, a section numeral ("一" / "一、" / "（一）") and a title, naming no unit,
    in a table whose rows naming units are numbered deeper in their 序号 cells (arabic, or "（一）"
    below "一"), becomes a section Heading of that level."""
    # the numeral and the title, the row's only cells: in the 序号 and task cells, or wherever a
    # flattening that lost the empty cells aligned them ("一、" | "围绕…" as task | deadline)
    found = [(i, filled) for i, e in enumerate(events) if isinstance(e, Row)
             and len(filled := [text.strip() for _, text in e.cells if text.strip()]) == 2
             and _SECTION_START.match(filled[0])]
    if not found:
        return  # no such row (a quick test: most tables)
    # the deepest level a row numbers tasks at: 3 arabic ("1"), 2 "（一）" naming units, else none
    deepest = max((_level(_cell(r, "seq")) for r in rows if any(_cell(r, col) for col in NAMING_CELLS)), default=0)
    for i, (number, title) in found:
        event = events[i]
        if any(_cell(event, col) for col in NAMING_CELLS):
            continue
        number, title = squash(number), squash(title)
        heading = Heading(1, number, title, event.line_start) if _BARE_NUMERAL.fullmatch(number) \
            else heading_of(number + title, event.line_start)
        # a section stands above the rows that number tasks deeper: "一" above "1" or "（一）" rows
        if heading is not None and heading.title == title and heading.level < deepest:
            events[i] = heading


def _level(number: str) -> int:
    """How deep a 序号 cell numbers: 3 arabic ("1", "1、", "（1）"), 2 "（一）", 1 "一" / "一、", 0 none."""
    if number.isdigit() or task_number(number) is not None:
        return 3
    heading = heading_of(number + "…", 0) if number else None
    return heading.level if heading is not None else 1 if _BARE_NUMERAL.fullmatch(number) else 0


def _outline_sections(events: list, rows: list[Row]) -> None:
    """Replace, in place, every Row of `events` (a layout's Heading and Row events, in order)
    whose "seq" cell is the parent of the next row's outline number ("1" above "1.1", "1.1"
    above "1.1.1") and which names no unit, by a section Heading of its number and task text.
    Returns None; events that are not such rows are left as they are."""
    if not any(outline_parts(text) for row in rows for col, text in row.cells
               if col == "seq" and any(mark in text for mark in ".．-－")):
        return  # no outline number in the table (a quick test: most tables)
    at = [i for i, e in enumerate(events) if isinstance(e, Row)]
    for i, j in zip(at, at[1:]):
        row, below = events[i], events[j]
        number, child = _cell(row, "seq"), _cell(below, "seq")
        parts = outline_parts(child)
        if not number or parts is None or parts[:-1] != (outline_parts(number) or [number]):
            continue
        depth = len(parts) - 1
        if depth > OUTLINE_SECTION_DEPTH or any(_cell(row, col) for col in NAMING_CELLS):
            continue
        title = _cell(row, "task") or _cell(row, "requirement")
        if title:
            events[i] = Heading(depth, number, title, row.line_start)
