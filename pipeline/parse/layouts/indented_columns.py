"""Indented column text: every cell starts on a tab-indented line; unindented lines continue it.

Example (3 columns):
    \\t1.主动公开科技相关规划。
    \\t按照“应公开尽公开”原则，公开…规划。
    \\t规划与政策处牵头，各处室（局）及直属单位配合
The header is one tab-indented line per column; rows are found from their 序号 cells, their
numbering or the cells' kinds (rows.group_rows).
Tabs printed as spaces, and cells whose opening line was lost, are read too (cell_openers.py).
"""
from __future__ import annotations

from pipeline.parse.columns import header_columns, header_shaped
from pipeline.parse.items import task_number
from pipeline.parse.layouts.base import Extraction, joined_text
from pipeline.parse.layouts.cell_openers import (
    SPACE_INDENT_MIN,
    cell_opener,
    opens_lost_cell,
)
from pipeline.parse.layouts.rows import drop_header_repeats, group_rows
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules
from pipeline.parse.text import heading_of, squash

NEEDS = "tab-indented header lines"  # named in the reason when this reader reads nothing


def _find_header(lines: list[Line], rules: Rules, opener: str) -> tuple[int, list[str]] | None:
    for i, line in enumerate(lines):
        if not line.text.startswith(opener):
            continue
        # the run of indented lines from i, up to the first that no header cell could be
        # (header_columns refuses every longer run: a prose line ends the header search early)
        run = []
        for nxt in (lines[k].text for k in range(i, len(lines))):
            if not nxt.startswith(opener) or not squash(nxt) or not header_shaped(squash(nxt).rstrip(":：")):
                break
            run.append(nxt)
        for n in range(len(run), 1, -1):
            cols = header_columns(run[:n], rules)
            if cols and len(cols) == n:
                return i + n, cols
    return None


def probe(lines: list[Line]) -> bool:
    """Quick check before the full read: some line starts with a tab or SPACE_INDENT_MIN spaces."""
    text, indent = joined_text(lines), " " * SPACE_INDENT_MIN  # a line's start: the text's, or after a "\n"
    return text.startswith(("\t", indent)) or "\n\t" in text or "\n" + indent in text


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of indented column text, or None when no indented header is found."""
    opener = cell_opener(lines)
    found = _find_header(lines, rules, opener) if opener else None
    if not found:
        return None
    body, cols = found
    cells: list[tuple[str, int, int]] = []  # text, first line, last line
    row: list[str] = []  # the open row's cells (from its task cell, or a heading cell alone)
    last_no = None  # the number of the last task cell
    for line in lines[body:]:
        if rules.stop_re.match(line.text):
            break
        text = line.text.strip()
        if line.text.startswith(opener) or (squash(text) and opens_lost_cell(row, last_no, text, len(cols), rules)):
            cells.append((text, line.no, line.no))
            number = task_number(text)
            if number is not None or heading_of(text, line.no):
                row, last_no = [text], (last_no if number is None else number)
            else:
                row.append(text)
        elif squash(text) and cells:
            above, first, _ = cells[-1]
            cells[-1] = ((above + "\n" if squash(above) else "") + text, first, line.no)
            if row:
                row[-1] = cells[-1][0]
    header = [ln.text for ln in lines[body - len(cols):body]]
    events = group_rows(drop_header_repeats(cells, header), cols, rules)
    return Extraction("indented_columns", events, body - len(cols)) if events else None
