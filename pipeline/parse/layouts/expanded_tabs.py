"""Tab tables whose tabs were printed as spaces: an editor that turns every tab into the same
number of spaces leaves a tab table (layouts/tab_table.py) as lines whose cells stand apart by
runs of that many spaces, two or more runs together where a cell between them was empty.

    工 作 任 务    工 作 要 求    牵 头 单 位    责 任 单 位
    5. 及时公开…落实举措。        省发改委    省直有关部门

Here the runs are multiples of the header's one gap (4): the 8 spaces after the first cell are
two tabs, an empty 工作要求 cell. A space table padded to its columns (layouts/space_table.py)
has runs of every length, and no such common gap.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from pipeline.parse.columns import header_columns
from pipeline.parse.layouts.base import joined_text
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules

# a run of this many spaces or more separates cells (as in space tables); one space is a word gap
# or letter spacing ("工 作 任 务")
GAP_MIN = 2
_GAP = re.compile(" {%d,}" % GAP_MIN)
# share of the runs below the header that must be whole multiples of the tab width; the others
# hold a space printed beside a tab ("。 \t", or the space HTML markup's </p> leaves), and a few
# of those (two of ~100 runs in a real copy) do not make the spacing another table's padding
MULTIPLE_SHARE = 0.8
# share of the rows below the header whose cells all start at columns most rows start cells at,
# at or above which the spacing is padding: a space table pads every cell to its column, while a
# tab printed as spaces starts the next cell wherever the text before it ends
ALIGNED_SHARE = 0.5


def has_gaps(lines: list[Line]) -> bool:
    """Quick check before restore_tabs: some line holds a run of GAP_MIN spaces after its text."""
    gap = " " * GAP_MIN  # a substring test: _GAP's run, without a regex call per line
    return gap in joined_text(lines) and any(gap in ln.text.lstrip(" ") for ln in lines)


_LAST: list = [None, None]  # the lines last asked about and the answer (tab_table and space_table ask alike)


def restore_tabs(lines: list[Line], rules: Rules) -> list[Line] | None:
    """The lines with their tabs restored, or None when they show no tabs printed as spaces.

    lines: a region's lines (no tab anywhere, else None). The header is the first line whose
    text splits at runs of GAP_MIN or more spaces into header columns (columns.header_columns,
    one per cell) with every run a multiple of the shortest, the tab width (a longer run holds
    an empty header cell, as over a two-row header's merged cells); the tabs show when at least
    MULTIPLE_SHARE of the runs inside the later lines are multiples of that width and the later
    lines do not start their cells at shared columns (is_padded). A run of n
    spaces (n >= width, inside a line, or opening it beyond the shallowest indent of the lines
    from the header on: a paragraph indent before every line is no empty cell) then becomes
    n // width tabs; shorter runs stay. Line numbers are kept. Serves tab_table.
    Example (width 4): "5. 及时公开…。        省发改委" -> "5. 及时公开…。\\t\\t省发改委".
    """
    if _LAST[0] is not lines:
        _LAST[:] = [lines, _restore(lines, rules)]
    return _LAST[1]


def _restore(lines: list[Line], rules: Rules) -> list[Line] | None:
    if any("\t" in ln.text for ln in lines):
        return None
    for i, line in enumerate(lines):
        body = line.text.strip(" ")
        runs = [len(run) for run in _GAP.findall(body)]
        width = min(runs, default=0)
        if not runs or any(n % width for n in runs):
            continue
        cells = _GAP.split(body)
        cols = header_columns(cells, rules)
        if not cols or len(cols) != len(cells):
            continue
        inner = [len(run) for ln in lines[i + 1:] for run in _GAP.findall(ln.text.strip(" "))]
        if sum(n % width == 0 for n in inner) < MULTIPLE_SHARE * len(inner) or is_padded(body, lines[i + 1:], rules):
            return None  # spaces that pad a space table, not tabs
        base = min(len(ln.text) - len(ln.text.lstrip(" ")) for ln in lines[i:] if ln.text.strip(" "))
        return lines[:i] + [Line(ln.no, _to_tabs(ln.text[base:] if ln.text.strip(" ") else ln.text, width))
                            for ln in lines[i:]]
    return None


def is_padded(header: str, lines: list[Line], rules: Rules) -> bool:
    """True when at least ALIGNED_SHARE of the rows (lines split into cells that are no header
    row repeated) start every cell at a column start: a display column where more than
    ALIGNED_SHARE of those rows and the header start a cell (a space table padded to its
    columns; the header may stand apart from them, as when a character's width was counted
    otherwise)."""
    texts = [ln.text.strip(" ") for ln in lines]
    rows = [_starts(t) for t in texts if _GAP.search(t) and not header_columns(_GAP.split(t), rules)]
    counts = Counter(start for row in [_starts(header)] + rows for start in set(row))
    columns = {start for start, n in counts.items() if n > ALIGNED_SHARE * (len(rows) + 1)}
    return bool(rows) and sum(set(row) <= columns for row in rows) >= ALIGNED_SHARE * len(rows)


def _starts(text: str) -> list[int]:
    """Display columns (CJK characters two wide) where the cells after the first start."""
    return [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text[:m.end()])
            for m in _GAP.finditer(text)]


def _to_tabs(text: str, width: int) -> str:
    return _GAP.sub(lambda m: "\t" * (len(m.group()) // width) or m.group(), text)
