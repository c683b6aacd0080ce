"""Tables flattened to one cell per line, or one cell per block, with no row separators.

Three flattenings are recognised from the header: cells on consecutive lines ("工作任务\\n具体要求
\\n责任科室"), cells between lines holding only "|" ("工作任务\\n|\\n具体要求\\n|"), and cells
separated by blank lines. The header row says how many columns there are; rows are then found
from a 序号 cell, the task numbering, or the unit cell that ends each row (rows.py).
"""
from __future__ import annotations

from pipeline.parse.columns import UNKNOWN, column_of, header_columns
from pipeline.parse.items import task_number
from pipeline.parse.layouts.base import Extraction
from pipeline.parse.layouts.rows import Cell, drop_header_repeats, group_rows
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules
from pipeline.parse.settings import (
    BLANK_GAP_SHARE,
    MAX_COLUMNS,
    ONE_CELL_SHARE,
    PIPE_LINES_MIN,
)
from pipeline.parse.text import heading_of, squash

NEEDS = "header run of one cell per line or block"  # named in the reason when this reader reads nothing



def _cells(lines: list[Line], texts: list[str], mode: str) -> list[Cell]:
    """Cells in `mode`: 'pipe' (text between "|" marks, a cell's lines joined; an empty cell
    between two marks is kept with text ""), 'blank' (blocks between blank lines) or 'line'
    (each non-blank line); texts: the lines stripped."""
    cells: list[Cell] = []
    block: list[tuple[str, int]] = []  # (stripped text, line number) of the open block's lines

    def flush(no: int = 0) -> None:
        texts = [t for t, _ in block if t]
        if texts:
            cells.append(("\n".join(texts), block[0][1], block[-1][1]))
        elif no:
            cells.append(("", no, no))  # a "|" with nothing before it: an empty cell, printed
        block.clear()

    for line, text in zip(lines, texts):
        if mode == "pipe":
            parts = text.split("|")
            for k, part in enumerate(parts):
                if k:
                    flush(line.no)  # a "|" ends the cell before it: "cell |", "cell\n|", "||"
                if part.strip():
                    block.append((part.strip(), line.no))
        elif mode == "blank" and not text:
            flush()
        elif text and mode == "line":
            cells.append((text, line.no, line.no))
        elif text:
            block.append((text, line.no))
    flush()
    return cells


def _mode(texts: list[str]) -> str:
    """'pipe', 'blank' or 'line' (see _cells) from the stripped lines."""
    barred = [t for t in texts if t.endswith("|")]
    one_cell = sum(len([p for p in t.split("|") if p.strip()]) <= 1 for t in barred)
    if len(barred) >= PIPE_LINES_MIN and one_cell >= ONE_CELL_SHARE * len(barred):
        return "pipe"  # one cell per line, each closed by "|" (rows of several cells are pipe_table's)
    nonblank = [i for i, t in enumerate(texts) if t]
    gaps = sum(1 for a, b in zip(nonblank, nonblank[1:]) if b - a > 1)
    return "blank" if nonblank and gaps >= BLANK_GAP_SHARE * (len(nonblank) - 1) else "line"


def _row_starts(cells: list[Cell], k: int, cols: list[str]) -> bool:
    """True when cell k opens a row of a header `cols`: its 序号 number when the header starts
    with 序号, else an item number or a section heading."""
    if k >= len(cells):
        return False
    text = cells[k][0].strip()
    if cols[0] == "seq":
        return squash(text).isdigit()
    return task_number(text) is not None or heading_of(text, 0) is not None


def _find_header(cells: list[Cell], rules: Rules) -> tuple[int, list[str]] | None:
    for i in range(len(cells)):
        # a block may hold a title line above the first header cell: only its last line counts
        first = cells[i][0].strip().split("\n")[-1]
        if "\t" in first or not column_of(first, rules):
            continue  # a header run starts with a known header word: most cells are skipped here
        for n in range(MAX_COLUMNS, 1, -1):
            run = [first] + [c[0] for c in cells[i + 1:i + n]]
            cols = header_columns(run, rules) if len(run) == n else None
            # an unknown cell ends a header only when a row visibly starts after it (a 序号 or an
            # item number); otherwise it is the first body cell
            if cols and len(cols) == n and (not cols[-1].startswith(UNKNOWN) or _row_starts(cells, i + n, cols)):
                return i + n, cols
    return None


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of a table with one cell per line or block, or None when no such header exists."""
    texts = [ln.text.strip() for ln in lines]
    printed = _cells(lines, texts, _mode(texts))  # empty cells included
    cells = [c for c in printed if c[0]]
    found = _find_header(cells, rules)
    if not found:
        return None
    body, cols = found
    header = [c[0].strip().split("\n")[-1] for c in cells[body - len(cols):body]]
    header_line = cells[body - len(cols)][1]
    rest: list[Cell] = []
    for cell in printed[printed.index(cells[body - 1]) + 1:]:
        if rules.stop_re.match(cell[0]):
            break
        if "\n" in cell[0] and header_columns(cell[0].split("\n"), rules):
            continue  # a repeated header flattened into one block (a header row has two cells or more)
        rest.append(cell)
    rest = drop_header_repeats(rest, header)
    events = group_rows(rest, cols, rules)  # printed empty cells keep their columns
    start = next(i for i, ln in enumerate(lines) if ln.no == header_line)
    return Extraction("cell_lines", events, start) if events else None
