"""Pipe tables flattened one row per line: "工作任务 | 具体要求 | 责任部门 |".

Handles a leading "|", the empty cell after the last "|", markdown rule rows ("|---|"), header
rows broken over two lines ("工作 | 责任 |" / "任务 | 单位 |"), header rows repeated at page
breaks, and rows that lack leading merged cells ("3.及时反馈… | 各科室 | |").
"""
from __future__ import annotations

import re

from pipeline.parse.columns import (
    header_columns,
    header_shaped,
    join_split_header,
    known_columns,
    merge_sub_header,
)
from pipeline.parse.layouts.base import (
    Extraction,
    align,
    continue_last_cell,
    joined_text,
)
from pipeline.parse.layouts.grid_blocks import has_grid, join_grid_blocks
from pipeline.parse.model import Line, Row
from pipeline.parse.rules import Rules
from pipeline.parse.text import squash

NEEDS = 'a "|"-separated header row'  # named in the reason when this reader reads nothing


_RULE_ROW = re.compile(r"^[\s|:：\-—=+]+$")
# lines a cell's text may wrap onto inside a "| … |" row (a tall requirement cell of a converted PDF
# table runs to ~10 lines) before the row is read line by line instead
WRAPPED_ROW_LINES = 12


def _is_pipe_row(text: str) -> bool:
    return text.count("|") >= 2 and bool(squash(text.replace("|", "")))


def pipe_cells(text: str) -> list[str]:
    """The cells of a "|"-separated row, the empty cell before a leading bar and after a trailing
    one left out: "| 1 | 推进… | 县发改局 |" -> ["1", "推进…", "县发改局"]."""
    parts = [p.strip() for p in text.strip().split("|")]
    if text.strip().startswith("|"):
        parts = parts[1:]
    if parts and not parts[-1]:
        parts = parts[:-1]
    return parts


def _header_at(lines: list[Line], i: int, rules: Rules) -> tuple[list[str], int] | None:
    """Header columns starting at line i and how many lines the header takes (1 or 2).

    A header broken over two lines is either split inside its cells ("工作 | 责任 |" /
    "任务 | 单位 |": joined cell by cell) or split between cells ("工作任务 | 具体要求" /
    "| 责任单位 |": the second line's cells follow the first's)."""
    first = pipe_cells(lines[i].text)
    if i + 1 < len(lines) and "|" in lines[i + 1].text:
        merged = merge_sub_header(first, pipe_cells(lines[i + 1].text), rules)
        cols = header_columns(merged, rules) if merged else None
        if cols and len(cols) == len(merged):  # "责任单位" over "牵头 | 配合": one column per lower cell
            return cols, 2
    cols = header_columns(first, rules)
    if cols and len(cols) == len([c for c in first if squash(c)]):
        return cols, 1
    if i + 1 < len(lines) and "|" in lines[i + 1].text:
        second = pipe_cells(lines[i + 1].text)
        if not all(header_shaped(squash(c)) for c in first + second if squash(c)):
            return None  # a body row next to a header line is not half of a header
        joined = join_split_header(first, second, rules)
        candidates = ([joined] if joined else []) + [first + second]
        # a row above a whole header is no half of it: the two lines must read more than the second
        alone = known_columns(header_columns([c for c in second if squash(c)], rules) or [])
        for cells in candidates:
            cells = [c for c in cells if squash(c)]
            cols = header_columns(cells, rules)
            if cols and len(cols) == len(cells) and known_columns(cols) > alone:
                return cols, 2
    return None


def wrapped_row(lines: list[Line], i: int, width: int) -> tuple[str, int] | None:
    """(the row's text, index of its last line) when line i opens a "| … |" row that it does not
    close and the next lines close it within WRAPPED_ROW_LINES (a cell's text wrapped onto new
    lines, joined without a break) into at most `width` cells; None otherwise."""
    text = lines[i].text.strip()
    if not text.startswith("|") or text.endswith("|"):
        return None
    for k in range(i + 1, min(i + 1 + WRAPPED_ROW_LINES, len(lines))):
        more = lines[k].text.strip()
        if not more or more.startswith("|"):
            return None  # a blank line or a new row: the line was a row of its own
        text += more
        if more.endswith("|"):
            return (text, k) if len(pipe_cells(text)) <= width else None
    return None


def probe(lines: list[Line]) -> bool:
    """Quick check before the full read: some line holds a "|" between two cells."""
    return "|" in joined_text(lines) and any("|" in ln.text and "|" in ln.text.strip().strip("|") for ln in lines)


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of a row-per-line pipe table, or None when no pipe header row exists. A grid table's
    blocks ("+---+" rule lines between rows) are first made one row each (grid_blocks.py)."""
    lines, ends = join_grid_blocks(lines) if has_grid(lines) else (lines, {})
    start = None
    for i, line in enumerate(lines):
        if "|" in line.text and _header_at(lines, i, rules):
            start = i
            break
    if start is None:
        return None
    cols, height = _header_at(lines, start, rules)  # type: ignore[misc]
    closed = all(lines[k].text.strip().startswith("|") and lines[k].text.rstrip().endswith("|")
                 for k in range(start, start + height))  # rows printed "| … |": an open one wraps
    events: list = []
    i = start + height
    blank = False
    while i < len(lines):
        line = lines[i]
        if rules.stop_re.match(line.text):
            break
        if _RULE_ROW.match(line.text) or not squash(line.text):
            blank = blank or not squash(line.text)
            i += 1
            continue
        repeat = _is_pipe_row(line.text) and _header_at(lines, i, rules)
        if repeat:
            i += repeat[1]
            continue
        wrapped = wrapped_row(lines, i, len(cols)) if closed else None
        if wrapped:  # "| 1 | 完善决策程序，" / "落实公众参与 | 县司法局 |": one row
            text, last = wrapped
            events.append(Row(align(pipe_cells(text), cols, rules), line.no, lines[last].no))
            blank, i = False, last + 1
            continue
        if _is_pipe_row(line.text) or (events and line.text.rstrip().endswith("|") and squash(line.text.replace("|", ""))):
            # inside a table a line that ends in "|" is a row, even of one cell: "2.做好… |"
            cells = pipe_cells(line.text)
            while len(cells) > 1 and not squash(cells[0]) and any(squash(c) for c in cells):
                cells = cells[1:]  # empty leading cells are merged cells
            events.append(Row(align(cells, cols, rules), line.no, ends.get(line.no, line.no)))
            blank = False
        elif events and isinstance(events[-1], Row) and not continue_last_cell(events[-1], line.text, line.no, rules, blank):
            break
        i += 1
    return Extraction("pipe_table", events, start) if events else None
