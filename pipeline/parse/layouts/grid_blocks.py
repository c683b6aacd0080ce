"""Grid tables drawn with rule lines, as pandoc, psql or a text export prints them: each row is a
block of "|"-separated lines between two "+---+" lines, every cell wrapped inside its column.

    +----------------+------------+
    | 1.深化重大决策 | 县司法局牵 |
    | 预公开         | 头         |
    +----------------+------------+
-> one row "| 1.深化重大决策预公开 | 县司法局牵头 |" for the pipe table reader (a cell's lines are
joined without a break: a wrap inside a cell splits a word as often as not).
"""
from __future__ import annotations

import re

from pipeline.parse.items import item_style
from pipeline.parse.model import Line

# a rule line of a grid table: "+----+----+" or "+====+====+" (the line under the header)
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def has_grid(lines: list[Line]) -> bool:
    """True when some line is a grid table's rule line ("+----+----+")."""
    return any(ln.text.lstrip().startswith("+") and _GRID_RULE.match(ln.text) for ln in lines)


def join_grid_blocks(lines: list[Line]) -> tuple[list[Line], dict[int, int]]:
    """The lines with each block of "|" lines between two grid rule lines made one pipe row (its
    cells the column-wise joins of the block's cells; the number of its first line), the rule
    lines dropped, and {first line number: last line number} of each joined row. A block whose
    lines hold different numbers of cells is left as printed. Returns (lines, ends); `lines` is
    not changed. Example: see the module docstring."""
    out: list[Line] = []
    ends: dict[int, int] = {}
    block: list[Line] = []
    for line in lines + [Line(0, "+-+")]:  # a closing rule: a block open at the end is flushed
        if _GRID_RULE.match(line.text):
            out += _joined(block, ends)
            block = []
            continue
        if line.text.strip().startswith("|"):
            block.append(line)
            continue
        out += _joined(block, ends) + [line]
        block = []
    return out, ends


def _joined(block: list[Line], ends: dict[int, int]) -> list[Line]:
    """The pipe rows of a block's lines: one per line whose first cell opens a row (the first line,
    and any whose first cell is a number: "|2   |做好…|", a grid with no rule between its rows),
    the lines below it joined into it; the lines as printed when their cell counts differ."""
    rows = [ln.text.strip().strip("|").split("|") for ln in block]
    if len(block) < 2 or len({len(r) for r in rows}) != 1:
        return block
    starts = [k for k, row in enumerate(rows) if k == 0 or _opens_row(row[0])]
    out = []
    for a, b in zip(starts, starts[1:] + [len(rows)]):
        cells = ["".join(piece.strip() for piece in column) for column in zip(*rows[a:b])]
        ends[block[a].no] = block[b - 1].no
        out.append(Line(block[a].no, "| " + " | ".join(cells) + " |"))
    return out


def _opens_row(cell: str) -> bool:
    """True when a cell opens a row of its own: a bare number ("2"), or an item's ("2.做好…")."""
    text = cell.strip()
    return text.isdigit() or item_style(text) is not None
