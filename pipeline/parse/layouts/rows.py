"""Row finding for tables whose flattening lost the row boundaries (one cell per line or block).

Two anchors are used, whichever the document has: the numbering of the task column
("1." starts a row, "一、" / "（一）" is a heading), or a bare 序号 cell ("3") standing between the
task cell and the rest of the row.
"""
from __future__ import annotations

from pipeline.parse.columns import PROSE_COLUMNS, UNIT_COLUMNS
from pipeline.parse.items import ARABIC_STYLES, item_style, task_number
from pipeline.parse.layouts.base import align, cell_kind, fit
from pipeline.parse.layouts.unit_profile import names_of, settle_unit_cells
from pipeline.parse.model import Heading, Row
from pipeline.parse.rules import Rules
from pipeline.parse.settings import (
    HEADING_MAX,
    JOIN_GAIN,
    NEW_ROW_COST,
    PROFILE_GAIN,
    PROFILE_MIN_SHARED,
    SEQ_CELL_DIGITS,
    SEQ_MAX_DIGITS,
    SKIP_COST,
)
from pipeline.parse.text import heading_of, squash

Cell = tuple[str, int, int]  # text, first line, last line


def drop_header_repeats(cells: list[Cell], header: list[str]) -> list[Cell]:
    """Remove runs of cells that repeat the header row (page breaks in flattened tables).

    header: the header cells' text as printed; compared with whitespace removed, so a
    letter-spaced repeat ("工 作 任 务") is recognised too.
    """
    wanted = [squash(h) for h in header]
    filled = [i for i, c in enumerate(cells) if squash(c[0])]  # empty cells between never count
    squashed = [squash(cells[i][0]) for i in filled]  # each cell once, not once per window it falls in
    n, dropped, k = len(wanted), set(), 0
    while k < len(filled):
        if squashed[k:k + n] == wanted:
            dropped.update(range(filled[k], filled[k + n - 1] + 1))
            k += n
            continue
        k += 1
    return [c for i, c in enumerate(cells) if i not in dropped]


def _row(cells: list[Cell], cols: list[str], rules: Rules) -> Row:
    return Row(align([c[0] for c in cells], cols, rules), cells[0][1], cells[-1][2])


def _starts_task(text: str) -> bool:
    return task_number(text.strip()) is not None


def _task_start(text: str) -> tuple[bool, int | None]:
    """(whether `text` opens an arabic-numbered task item (_starts_task), its number when printed
    in digits, else None), from one read of the item grammar: "12.推进…" -> (True, 12)."""
    start = item_style(text.strip())
    if start is None or start.style not in ARABIC_STYLES:
        return False, None
    return start.value is not None, int(start.number) if start.number.isdigit() else None


def group_by_numbering(cells: list[Cell], cols: list[str], rules: Rules) -> list[Heading | Row]:
    """Rows start at a numbered task cell ("12.…"), headings are cells starting "一、"/"（一）".

    A numbered cell starts a new row only once the current row has at least two cells, so a
    requirement that happens to start with "1." stays in its row. Cells before the first row
    are dropped. Example: ["（一）做好…", "1.主动…", "按照…", "规划处牵头"] with 3 columns ->
    [Heading(2, "一"), Row(task, requirement, responsible)].
    """
    events: list[Heading | Row] = []
    current: list[Cell] = []
    number = None  # the number of the open row's task cell
    for cell in cells:
        text = cell[0]
        starts, own = _task_start(text)
        # a row may lack every cell but its task cell (merged away): the next number still opens a row
        following = number is not None and own == number + 1
        boundary = not current or len(current) >= 2 or following
        heading = heading_of(text, cell[1])  # a section cell always ends the row before it
        if heading and len(squash(text)) <= HEADING_MAX:
            if current:
                events.append(_row(current, cols, rules))
            events.append(heading)
            current = []
        elif boundary and starts:
            if current:
                events.append(_row(current, cols, rules))
            current, number = [cell], own
        elif current:
            current.append(cell)
        elif events and isinstance(events[-1], Heading) and squash(text):
            current, number = [cell], None  # an unnumbered item right under its section heading
    if current:
        events.append(_row(current, cols, rules))
    return settle_unit_cells(events, cols)


def _sub_rows(cells: list[Cell], cols: list[str], rules: Rules) -> list[list[tuple[str, Cell]]]:
    """Cut the cells that follow one 序号 cell into rows, each cell to the first later column it
    fits (base.fit > 0). Consecutive unit cells join one unit column (one unit per paragraph);
    a cell that fits no later column starts a sub-row that shares the merged cells (序号, units)
    of the row above. Unit cells join only when no later unit column is left to take them.
    Example (columns task, responsible, deadline): ["开工建设养护楼。", "县民政局",
    "5月底前动工", "开工建设老年大学。", "12月底前"] -> two rows, the second without units.
    Exactly one cell per column is a full row: it keeps its positions."""
    filled = [c for c in cells if squash(c[0])]
    if filled and len(filled) == len(cols) and len(cells) == len(cols):
        # exactly one cell per column: a full row keeps its positions, whatever a cell looks like
        # ("养老机构" in the task column reads as a unit name, but it is the task)
        return [list(zip(cols, cells))]
    rows: list[list[tuple[str, Cell]]] = [[]]
    pointer = 0
    for cell in cells:
        kind = cell_kind(cell[0], rules)
        row = rows[-1]
        later_unit_column = any(c in UNIT_COLUMNS for c in cols[pointer:])
        if row and kind == "units" and not later_unit_column and row[-1][0] in UNIT_COLUMNS \
                and cell_kind(row[-1][1][0], rules) == "units":
            row[-1] = (row[-1][0], (row[-1][1][0] + "\n" + cell[0], row[-1][1][1], cell[2]))
            continue
        j = next((k for k in range(pointer, len(cols)) if fit(cols[k], kind) > 0), None)
        if j is None and row and pointer >= len(cols):  # every column filled: a sub-row starts
            rows.append([])
            row, pointer = rows[-1], 0
            j = next((k for k in range(len(cols)) if fit(cols[k], kind) > 0), None)
        if j is None:
            j = min(pointer, len(cols) - 1)  # nothing fits: keep the printed order
        row.append((cols[j], cell))
        pointer = j + 1
    return [r for r in rows if r]


def group_by_seq_cells(cells: list[Cell], cols: list[str], rules: Rules) -> list[Heading | Row]:
    """Rows anchored on bare integer cells (the 序号 column, named in the header or not).

    With a 序号 column in the header, the cells before the integer fill the columns before it
    (fewer means merged cells) and the cells up to the next integer fill the later columns
    (_sub_rows). Without one, the cell before the integer (0 or 1) is the task column.
    Example (header 工作任务|具体要求|责任科室|时限要求): ["做好主动公开", "3", "严格规范…", "各科室",
    "持续推进", "4", "规范做好…", "办公室", "持续推进"] -> two rows, the second inheriting its task.
    """
    if "seq" in cols:
        before_cols, after_cols = cols[: cols.index("seq")], cols[cols.index("seq") + 1:]
    else:
        before_cols = cols[:1] if cols and cols[0] == "task" else []
        after_cols = [c for c in cols if c not in before_cols]
    anchors = [i for i, c in enumerate(cells) if _is_seq(c[0])]
    events: list[Heading | Row] = []
    pending: list[Cell] = []
    for a, nxt in zip([-1] + anchors, anchors + [len(cells)]):
        segment = cells[a + 1: nxt]
        cut = next((k for k, c in enumerate(segment) if heading_of(c[0], c[1])), len(segment))
        body, tail = segment[:cut], segment[cut:]
        rows = _sub_rows(body, after_cols, rules) if a >= 0 else []
        if before_cols and len(rows) > 1 and all(col in PROSE_COLUMNS for col, _ in rows[-1]):
            tail = [c for _, c in rows.pop()] + tail  # the next row's task cell, before its 序号
        if a < 0:
            tail = body + tail
        seq = squash(cells[a][0]) if a >= 0 else ""
        for k, sub in enumerate(rows or ([[]] if a >= 0 else [])):
            lead = pending[-len(before_cols):] if before_cols and k == 0 else []
            row_cells = list(zip(before_cols[len(before_cols) - len(lead):], [c[0] for c in lead]))
            row_cells += [("seq", seq)] + [(col, c[0]) for col, c in sub]
            spanned = lead + ([cells[a]] if k == 0 else []) + [c for _, c in sub]
            # a sub-row after the first prints no number: its 序号 is the merged cell above
            events.append(Row(row_cells, spanned[0][1], spanned[-1][2], frozenset({"seq"}) if k else frozenset()))
        pending = []
        for c in tail:
            heading = heading_of(c[0], c[1])
            if heading:
                events.append(heading)
                pending = []
            else:
                pending.append(c)
    return settle_unit_cells(events, cols)


def _is_seq(text: str) -> bool:
    body = squash(text)
    return body.isdigit() and len(body) <= SEQ_MAX_DIGITS


def group_rows(cells: list[Cell], cols: list[str], rules: Rules) -> list[Heading | Row]:
    """Rows of one cell stream, by the anchor it has: bare 序号 cells (of at most SEQ_CELL_DIGITS
    digits, group_by_seq_cells), else two or more numbered task cells (group_by_numbering), else
    the cells' kinds (group_by_alignment). cells: in printed order, printed empty cells ("") kept
    (they hold their columns). Serves the flattenings that print one cell per line or block
    (cell_lines, indented_columns). Example: ["1", "做好…", "县财政局", "2", …] -> rows by 序号."""
    filled = [c for c in cells if c[0]]
    if any(squash(c[0]).isdigit() and len(squash(c[0])) <= SEQ_CELL_DIGITS for c in filled):
        return group_by_seq_cells(cells, cols, rules)
    if sum(task_number(c[0]) is not None for c in filled) >= 2:
        return group_by_numbering(cells, cols, rules)
    return group_by_alignment(cells, cols, rules)


def group_by_alignment(cells: list[Cell], cols: list[str], rules: Rules) -> list[Heading | Row]:
    """Rows of a cell stream with no row anchor, cut where the cells' kinds say a new row starts.

    Serves every flattening whose empty and merged cells vanish (one cell per line or block, no
    序号, no numbering). Heading cells ("一、…", "（一）…") open sections and end a row. The other
    cells are placed on columns in order by one dynamic programme: a cell goes to a later column of
    the current row, or joins the unit cell before it (one unit per paragraph), or opens a new row
    at any column (columns skipped before it are merged cells, inherited from the row above); the
    placement with the best summed fit (base.fit) less NEW_ROW_COST per row wins.
    Example (columns task, responsible, deadline): ["做好…公开", "市发改委", "持续推进", "推进…",
    "市财政局"] -> two rows, the second without a deadline.
    """
    events: list[Heading | Row] = []
    run: list[Cell] = []
    prose_cols = sum(c in PROSE_COLUMNS for c in cols)
    for k, cell in enumerate(cells):
        heading = heading_of(cell[0], cell[1])
        if heading and len(squash(cell[0])) <= HEADING_MAX and not _heads_its_row(cells, k, prose_cols, rules):
            events += _aligned_rows(run, cols, rules)
            events.append(heading)
            run = []
        else:
            run.append(cell)
    return settle_unit_cells(events + _aligned_rows(run, cols, rules), cols)


def _heads_its_row(cells: list[Cell], k: int, prose_cols: int, rules: Rules) -> bool:
    """True when the heading-shaped cell k is the task cell of its own row: the prose cells from
    it up to the next unit or deadline cell fill the table's prose columns (it stands in the
    first), or it is the row's only prose cell, so no task cell is left for it to head ("（一）教育民生 / 做好…公开。 / 学生处" under 工作任务|工作要求|责任单位: a
    task numbered 一), and the next row has a heading cell of its own. A heading followed by
    another heading, a numbered item or a 序号 cell, or spanning the rows below it, heads a
    section."""
    n = 0
    for j in range(k, len(cells)):
        text = cells[j][0]
        kind = cell_kind(text, rules)
        if kind == "empty":
            continue
        if kind in ("units", "deadline"):
            if n not in (1, prose_cols):
                # fewer prose cells but more than itself: the leading columns are merged and the
                # heading stands in a later one, over the task cell beside it
                return False
            # nothing nested below it: the next row has a heading cell of its own, or none follows
            after = next((c[0] for c in cells[j + 1:] if cell_kind(c[0], rules) not in ("units", "deadline", "empty")), None)
            return after is None or heading_of(after, 0) is not None
        sibling = heading_of(text, 0)
        if n and sibling and n == prose_cols and sibling.level == heading_of(cells[k][0], 0).level:
            return True  # the next "（N）" follows at once: this row's unit cell is merged from above
        if kind == "seq" or (n and (sibling or _starts_task(text))):
            return False
        n += 1
    return n == prose_cols  # the table ends after it: nothing is nested below


def _aligned_rows(cells: list[Cell], cols: list[str], rules: Rules) -> list[Row]:
    while cells and not cells[0][0]:
        cells = cells[1:]  # an empty cell before the first row's cells fills nothing
    if not cells:
        return []
    kinds = [cell_kind(c[0], rules) for c in cells]
    placed = _place(kinds, cols, [[0.0] * len(cols) for _ in cells])
    # a unit cell whose names the other cells of a unit column also hold belongs to that column:
    # with a merged cell vanished, "住建局 凤城镇" goes under 配合 where "县住建局 凤城镇" stood
    gains = _profile_gains(cells, kinds, cols, placed)
    if any(any(row) for row in gains):  # no evidence anywhere: the first placement stands
        placed = _place(kinds, cols, gains)
    return _rows_of(placed, cells, cols)


def _place(kinds: list[str], cols: list[str], gains: list[list[float]]) -> list[tuple[int, str]]:
    """The best placement of cells of `kinds` on `cols` (see group_by_alignment): one (column,
    how) per cell, how in row / next / join / drop; gains: a small extra per cell and column."""
    n, m = len(kinds), len(cols)
    unit_col = [c in UNIT_COLUMNS for c in cols]
    # score[i][j]: best placement of cells 0..i with cell i on column j; back[i][j]: (j before, how)
    score = [[float("-inf")] * m for _ in range(n)]
    back: list[list[tuple[int, str]]] = [[(-1, "row")] * m for _ in range(n)]
    for j in range(m):
        score[0][j] = fit(cols[j], kinds[0]) + gains[0][j] - NEW_ROW_COST - SKIP_COST * j
    for i in range(1, n):
        top = max(range(m), key=lambda k: score[i - 1][k])
        for j in range(m):
            gain = fit(cols[j], kinds[i]) + gains[i][j]
            if kinds[i] == "empty":  # a printed empty cell fills a column, or is dropped for a little
                score[i][j], back[i][j] = score[i - 1][j] - SKIP_COST, (j, "drop")
            # a row that lacks cells lost its leading ones (a merged cell spans down from the row
            # that printed it): on a tie, skipping a leading column wins over skipping an inner one
            options = [(score[i - 1][top] + gain - NEW_ROW_COST - SKIP_COST * j, top, "row")]
            # and skipping a later column wins over skipping an earlier one (a row fills its columns in order)
            options += [(score[i - 1][k] + gain - SKIP_COST * sum(2 - c / m for c in range(k + 1, j)), k, "next")
                        for k in range(j)]
            if unit_col[j] and kinds[i] == "units" and kinds[i - 1] == "units":
                options.append((score[i - 1][j] + JOIN_GAIN, j, "join"))
            best = max(options, key=lambda o: o[0])
            if best[0] > score[i][j]:
                score[i][j], back[i][j] = best[0], (best[1], best[2])
    j = max(range(m), key=lambda k: score[n - 1][k])
    placed: list[tuple[int, str]] = []
    for i in range(n - 1, -1, -1):
        placed.append((j, back[i][j][1]))
        j = back[i][j][0]
    return placed[::-1]


def _profile_gains(cells: list[Cell], kinds: list[str], cols: list[str],
                   placed: list[tuple[int, str]]) -> list[list[float]]:
    """Per cell and unit column: PROFILE_GAIN times the share of the cell's names that the other
    unit cells placed in that column (by a first placement) also hold, when they hold at least
    PROFILE_MIN_SHARED of them; 0 elsewhere."""
    names = [names_of(c[0]) if k == "units" else set() for c, k in zip(cells, kinds)]
    held: dict[int, list[set]] = {}
    for (col, how), own in zip(placed, names):
        if own and how != "drop":
            held.setdefault(col, []).append(own)
    gains = []
    for own in names:
        row = []
        for j, col in enumerate(cols):
            others = [n for n in held.get(j, []) if n is not own]
            common = len(own & set().union(*others)) if own and col in UNIT_COLUMNS and others else 0
            # one shared name ("办公室" is everywhere) is no evidence; two or more are
            row.append(PROFILE_GAIN * common / len(own) if common >= PROFILE_MIN_SHARED else 0.0)
        gains.append(row)
    return gains


def _rows_of(placed: list[tuple[int, str]], cells: list[Cell], cols: list[str]) -> list[Row]:
    rows: list[Row] = []
    for (col, how), cell in zip(placed, cells):
        if how == "drop":
            continue
        if how == "row" or not rows:
            rows.append(Row([], cell[1], cell[2]))
        row = rows[-1]
        if how == "join":
            row.cells[-1] = (row.cells[-1][0], row.cells[-1][1] + "\n" + cell[0])
        else:
            row.cells.append((cols[col], cell[0]))
        row.line_end = cell[2]
    return rows

