"""Tab rows whose cell holds a line break that was not quoted (a Word table copied as text): the
row goes on over the next lines, the break inside the cell.

    序号	工作任务	责任单位	完成时限
    1	推进决策公开，
    完善公众参与制度	县司法局	2024年底
-> one row: "1", "推进决策公开，完善公众参与制度", "县司法局", "2024年底". An Excel copy quotes such a
cell instead (quoted_cells.py).
"""
from __future__ import annotations

from pipeline.parse.items import ARABIC_STYLES, item_style
from pipeline.parse.layouts.base import cell_kind
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules
from pipeline.parse.text import heading_of, squash

# what ends a line broken inside a row's first cell: a clause mark (a heading or a sentence ends otherwise)
_CLAUSE_MARKS = ("，", ",", "、", "；", ";")
# the numbers a task opens its cell with: arabic ("1." "（1）" "1.1") or "（一）"; "一、" opens a section
_TASK_STYLES = ARABIC_STYLES | {"(cn)"}


def join_broken_rows(lines: list[Line], n_cols: int, numbered: bool, ends: dict[int, int],
                     rules: Rules) -> list[Line]:
    """The body lines of a tab table (below its header) with each row that breaks inside a cell
    joined into one line: a line of tab cells with fewer than `n_cols` cells (or, broken inside its
    first cell, a line with no tab that ends in a clause mark or opens with a task's number), and
    the lines after it that complete it to exactly `n_cols` cells, the first cell of each
    continuing the last cell before it. A line that opens a row (a 序号 cell when the table is
    `numbered`, an item number), a heading or a blank line is never a continuation; lines that
    complete no row exactly stay as printed.
    The joined line keeps the first line's number; ends[first] becomes the last line's number.
    Returns the new list; `lines` is not changed."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        count = len(line.text.split("\t"))
        if count < n_cols and ("\t" in line.text or _opens_broken_cell(line.text)):
            text, j, last = line.text, i + 1, line.no
            while j < len(lines) and count < n_cols and _continues(lines[j].text, numbered, rules):
                more = len(lines[j].text.split("\t")) - 1
                if count + more > n_cols:
                    break
                text, count, last, j = text + "\n" + lines[j].text, count + more, lines[j].no, j + 1
            if count == n_cols and j > i + 1:
                out.append(Line(line.no, text))
                ends[line.no] = last
                i = j
                continue
        out.append(line)
        i += 1
    return out


def _opens_broken_cell(text: str) -> bool:
    """A line with no tab that may be the first part of a row's first cell: it ends in a clause
    mark, or opens with a task's number ("1.进一步落实…建材与", "（一）…"), not a section's ("一、…")."""
    start = item_style(text.strip())
    return text.rstrip().endswith(_CLAUSE_MARKS) or (start is not None and start.style in _TASK_STYLES)


def _continues(text: str, numbered: bool, rules: Rules) -> bool:
    """Whether a line may continue a broken row: no blank line, heading or row start. In a
    `numbered` table a row opens with its 序号 cell, so an item inside a cell ("2.每季度更新…",
    a requirement's own list) continues it; elsewhere an item opens a row of its own."""
    if not squash(text) or heading_of(text, 0) is not None:
        return False
    if numbered:
        return cell_kind(text.split("\t")[0], rules) != "seq"
    return item_style(text.strip()) is None
