"""A table whose cells a web copy separated with "|" and whose line breaks it lost: the header's
cells and every row's run on one line ("任务 | 责任单位 | 时限 | 做好…公开。 | 市发改委 | 持续推进 | …").

The run-on line is cut at its cell marks into the one-cell-per-line form the same table has when
its breaks survive (a cell, then a line holding only "|"; an empty cell leaves two "|" lines in a
row), and cell_lines reads that, finding the rows from the header's column count, a 序号 cell, the
task numbering or the unit cell that ends each row. Every cut line keeps the number of the line
it came from, so tasks point into the file.
"""
from __future__ import annotations

from dataclasses import replace

from pipeline.parse.columns import column_of
from pipeline.parse.layouts import cell_lines
from pipeline.parse.layouts.base import Extraction
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules
from pipeline.parse.settings import CELL_STREAM_MIN_MARKS
from pipeline.parse.text import (
    PAGE_NUMBER_HEAD,
    PAGE_NUMBER_TAIL,
    is_page_number,
    run_on_line,
)

NEEDS = 'a run-on line of "|"-separated cells'  # named in the reason when this reader reads nothing


def _streams(lines: list[Line]) -> set[int]:
    """Line numbers of the run-on line (text.run_on_line) when it holds a cell stream of at least
    CELL_STREAM_MIN_MARKS marks (an ordinary pipe table's rows are short: pipe_table reads them)."""
    at = run_on_line([ln.text for ln in lines])
    return {lines[at].no} if at is not None and lines[at].text.count("|") >= CELL_STREAM_MIN_MARKS else set()


def probe(lines: list[Line]) -> bool:
    """Quick check before the full read: some run-on line holds a stream of cell marks."""
    return bool(_streams(lines))


def cut(lines: list[Line], rules: Rules) -> list[Line]:
    """`lines` with each cell-stream line cut into one line per cell and one "|" line per mark,
    each keeping the line's number; text before the first mark that ends in a header word is
    the notice run into the table: it keeps a line of its own. Example: [Line(3, "任务 | 单位 | | 做好公开 | 市发改委 |")] ->
    任务, |, 单位, |, |, 做好公开, |, 市发改委, | (all numbered 3)."""
    streams = _streams(lines)
    out: list[Line] = []
    for line in lines:
        if line.no not in streams:
            out.append(line)
            continue
        pieces = line.text.split("|")
        before, _, first = pieces[0].strip().rpartition(" ")
        if before and column_of(first, rules):  # the notice and title run into the first header cell
            out.append(Line(line.no, before))
            pieces[0] = first
        for k, piece in enumerate(pieces):
            cell = PAGE_NUMBER_HEAD.sub("", PAGE_NUMBER_TAIL.sub("", piece)).strip()  # "- 3 -" run in is no cell
            if cell and not is_page_number(cell):
                out.append(Line(line.no, cell))
            if k < len(pieces) - 1:
                out.append(Line(line.no, "|"))
    return out


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of a cell stream read as cell_lines reads one cell per line, or None when no run-on
    line holds one or cell_lines finds no header in it. body_start indexes `lines`."""
    cells = cut(lines, rules)
    found = cell_lines.extract(cells, rules)
    if found is None or not found.events:
        return None
    first = cells[found.body_start].no if found.body_start < len(cells) else lines[-1].no
    body_start = next(i for i, ln in enumerate(lines) if ln.no >= first)
    return replace(found, layout="cell_stream", body_start=body_start)
