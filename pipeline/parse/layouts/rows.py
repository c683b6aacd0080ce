"""Row finding for tables whose flattening lost the row boundaries (one cell per line or block).

Two anchors are used, whichever the document has: the numbering of the task column
("1." starts a row, "一、" / "（一）" is a heading), or a bare 序号 cell ("3") standing between the
task cell and the rest of the row.
"""
from __future__ import annotations

from pipeline.parse.assemble import heading_of
from pipeline.parse.layouts.base import align, looks_like_units
from pipeline.parse.model import Heading, Row
from pipeline.parse.rules import Rules
from pipeline.parse.settings import SEQ_MAX_DIGITS
from pipeline.parse.text import TASK_PAREN_RE, TASK_RE, squash

Cell = tuple[str, int, int]  # text, first line, last line


def drop_header_repeats(cells: list[Cell], header: list[str]) -> list[Cell]:
    """Remove runs of cells that repeat the header row (page breaks in flattened tables).

    header: the header cells' text as printed; compared with whitespace removed, so a
    letter-spaced repeat ("工 作 任 务") is recognised too.
    """
    wanted = [squash(h) for h in header]
    n, out, i = len(wanted), [], 0
    while i < len(cells):
        if [squash(c[0]) for c in cells[i:i + n]] == wanted:
            i += n
            continue
        out.append(cells[i])
        i += 1
    return out


def _row(cells: list[Cell], cols: list[str], rules: Rules) -> Row:
    return Row(align([c[0] for c in cells], cols, rules), cells[0][1], cells[-1][2])


def _starts_task(text: str) -> bool:
    return bool(TASK_RE.match(text.strip()) or TASK_PAREN_RE.match(text.strip()))


def group_by_numbering(cells: list[Cell], cols: list[str], rules: Rules) -> list[Heading | Row]:
    """Rows start at a numbered task cell ("12.…"), headings are cells starting "一、"/"（一）".

    A numbered cell starts a new row only once the current row has at least two cells, so a
    requirement that happens to start with "1." stays in its row. Cells before the first row
    are dropped. Example: ["（一）做好…", "1.主动…", "按照…", "规划处牵头"] with 3 columns ->
    [Heading(2, "一"), Row(task, requirement, responsible)].
    """
    events: list[Heading | Row] = []
    current: list[Cell] = []
    for cell in cells:
        text = cell[0]
        boundary = not current or len(current) >= 2
        heading = heading_of(text, cell[1]) if boundary else None
        if heading and len(squash(text)) <= 60:
            if current:
                events.append(_row(current, cols, rules))
            events.append(heading)
            current = []
        elif boundary and _starts_task(text):
            if current:
                events.append(_row(current, cols, rules))
            current = [cell]
        elif current:
            current.append(cell)
    if current:
        events.append(_row(current, cols, rules))
    return events


def group_by_seq_cells(cells: list[Cell], cols: list[str], rules: Rules) -> list[Heading | Row]:
    """Rows anchored on bare integer cells (the 序号 column, named in the header or not).

    With a 序号 column in the header, the cells before the integer fill the columns before it
    (fewer means merged cells) and one cell per later column follows it. Without one, the cell
    before the integer (0 or 1) is the task column and the other columns follow.
    Example (header 工作任务|具体要求|责任科室|时限要求): ["做好主动公开", "3", "严格规范…", "各科室",
    "持续推进", "4", "规范做好…", "办公室", "持续推进"] -> two rows, the second inheriting its task.
    """
    if "seq" in cols:
        before_cols, after_cols = cols[: cols.index("seq")], cols[cols.index("seq") + 1:]
    else:
        before_cols = cols[:1] if cols and cols[0] == "task" else []
        after_cols = [c for c in cols if c not in before_cols]
    events: list[Heading | Row] = []
    i, pending = 0, []
    while i < len(cells):
        text = squash(cells[i][0])
        if text.isdigit() and len(text) <= SEQ_MAX_DIGITS:
            body = cells[i + 1: i + 1 + len(after_cols)]
            lead = pending[-len(before_cols):] if before_cols else []
            row_cells = list(zip(before_cols[len(before_cols) - len(lead):], [c[0] for c in lead]))
            row_cells += [("seq", text)] + list(zip(after_cols, [c[0] for c in body]))
            first = (lead or [cells[i]])[0][1]
            events.append(Row(row_cells, first, (body or [cells[i]])[-1][2]))
            i, pending = i + 1 + len(after_cols), []
            continue
        heading = heading_of(cells[i][0], cells[i][1])
        if heading:
            events.append(heading)
        else:
            pending.append(cells[i])
        i += 1
    return events


def group_by_unit_cells(cells: list[Cell], cols: list[str], rules: Rules) -> list[Heading | Row]:
    """Rows that end at a unit cell, for headers whose last column is a unit column.

    Headings ("一、…", "(一)…") fill the merged leading columns and are emitted as headings;
    every other run of cells up to and including a cell that reads as units is one row,
    aligned to the columns that are not headings. Example: ["一、稳增长", "(一)加强预期引导",
    "围绕…宣传解读。", "市发改委牵头落实"] -> Heading, Heading, Row(requirement, responsible).
    """
    events: list[Heading | Row] = []
    current: list[Cell] = []
    for cell in cells:
        heading = heading_of(cell[0], cell[1]) if not current else None
        if heading and len(squash(cell[0])) <= 60:
            events.append(heading)
            continue
        current.append(cell)
        if len(current) >= 2 and looks_like_units(cell[0], rules):
            events.append(_row(current, cols, rules))
            current = []
    if current:
        events.append(_row(current, cols, rules))
    return events
