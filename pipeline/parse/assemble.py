"""Turns a layout's events (headings and rows) into tasks with their section context.

Shared by every layout family, so the structure conventions of the gold schema live here once:
a numbered heading in the task column makes a section, a row that lacks a merged cell inherits it
from the row above, a 序号 cell gives the task number, unit cells split by role.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.parse.columns import NAMING_CELLS, UNIT_COLUMNS
from pipeline.parse.items import item_style, split_task_no
from pipeline.parse.model import Heading, Row, Task, Unit
from pipeline.parse.rules import Rules, load_rules, memoised
from pipeline.parse.text import heading_of, squash
from pipeline.parse.trailers import split_labelled


def _names(row: Row) -> bool:
    """True when the row has a filled unit or deadline cell."""
    return any(c in NAMING_CELLS + ("deadline",) and squash(t) for c, t in row.cells)


def _row_heads(events: list[Heading | Row]) -> dict[int, tuple[Heading | None, bool]]:
    """Each row's index -> (the heading its first filled prose cell reads as, or None; whether
    that cell is the row's only filled prose cell ("（一）…", "一、…" alone: a lone heading)).
    Read once a row for _numbered_leaves and _followed_by_own_heading."""
    out = {}
    for k, ev in enumerate(events):
        if isinstance(ev, Row):
            prose = [t for c, t in ev.cells if c in PROSE and squash(t)]
            out[k] = (heading_of(prose[0], 0) if prose else None, len(prose) == 1)
    return out


def _next_rows(events: list[Heading | Row]) -> dict[int, int | None]:
    """Each row's index -> the next row's index, None when a Heading event or nothing follows."""
    rows = [k for k, ev in enumerate(events) if isinstance(ev, Row)]
    return {k: (nxt if nxt is not None and nxt == k + 1 else None) for k, nxt in zip(rows, rows[1:] + [None])}


def _followed_by_own_heading(nexts: dict[int, int | None], heads: dict[int, tuple[Heading | None, bool]]) -> set[int]:
    """Indexes of rows after which nothing is nested: the next row opens with a heading cell of its
    own, a Heading event comes first, or no row follows (nexts: _next_rows, heads: _row_heads)."""
    return {k for k, nxt in nexts.items() if nxt is None or heads[nxt][0] is not None}


def _numbered_leaves(events: list[Heading | Row], nexts: dict[int, int | None],
                     heads: dict[int, tuple[Heading | None, bool]]) -> dict[int, Heading]:
    """Rows whose lone heading cell is a task, with nothing nested below it (SCHEMA.md: tasks
    numbered with Chinese numerals and nothing nested below them keep the numeral as task_no):
    the row names units or a deadline and the next row opens with a heading, a heading comes
    next, or no row follows; or the next row opens with a heading of the same level (a sibling:
    this row's own cells are merged from above). nexts: _next_rows, heads: _row_heads.
    Returns {event index: the heading the cell reads as}."""
    out: dict[int, Heading] = {}
    rows = list(nexts.items())
    for k, nxt in rows:
        head, lone = heads[k]
        if head is None or not lone:
            continue
        level = head.level
        after = heads[nxt][0] if nxt is not None else None
        last = k == rows[-1][0] and any(h.level == level for h in out.values())
        if (_names(events[k]) and (nxt is None or after)) or (after and after.level == level) or last:  # type: ignore[arg-type]
            out[k] = head  # the last row, after siblings read as tasks, is one too
    return out


PROSE = ("task", "requirement")


@dataclass
class _Context:
    l1: Heading | None = None
    l2: Heading | None = None
    section: int | None = None  # index of the innermost open heading in the heading list
    last_task_cell: str | None = None  # title cell of the previous row, for merged cells
    last_cells: dict[str, str] = field(default_factory=dict)


def _apply_heading(ctx: _Context, h: Heading, headings: list[Heading]) -> None:
    open_now = ctx.l1 if h.level == 1 else ctx.l2
    if open_now and (open_now.numeral, open_now.title) == (h.numeral, h.title):
        return  # the same heading printed again at a page break: still the same section
    headings.append(h)
    ctx.section = len(headings) - 1
    if h.level == 1:
        ctx.l1, ctx.l2 = h, None
    else:
        ctx.l2 = h
    ctx.last_task_cell = None


def _read_prose(ctx: _Context, prose: list[tuple[str, str]], line: int, headings: list[Heading],
                has_seq: bool, leaf: bool) -> tuple[str, str, str | None] | None:
    """(title cell, requirement, Chinese task numeral or None) of a row from its task and
    requirement cells, or None when the row holds only headings.

    Leading cells that read as headings open sections (a task-column cell always may; another
    prose cell only when more text follows it in the row, so a requirement that starts "（一）"
    stays a requirement). Then: the task cell is the title; with a heading in this row and no
    task cell left, the first remaining cell is the title (convention A: "一、… | 1.…" ->
    section 一, task 1); with the task cell merged away (missing or empty), the title of the
    row above is inherited; with none above, the requirement cell is the title. A task cell
    "（一）…" beside an unnumbered requirement, in a table with no 序号 cell, is the task itself,
    numbered 一, when nothing is nested below it (leaf: the next row has a heading cell of its
    own); SCHEMA.md: Chinese-numbered tasks with nothing nested below keep the numeral.
    """
    headed, rest = False, []
    filled = [bool(squash(t)) for _, t in prose]
    for i, (col, text) in enumerate(prose):
        h = heading_of(text, line) if not rest and (col == "task" or any(filled[i + 1:])) else None
        after = next((t for (_, t), f in zip(prose[i + 1:], filled[i + 1:]) if f), None) \
            if h and col == "task" and not headed else None  # the next filled cell, read only here
        if after is not None and not has_seq and leaf and not (split_task_no(after)[0] or heading_of(after, line)):
            # "（一）教育民生 | 做好…公开。": an unnumbered requirement beside it: the task numbered 一
            return h.title, "\n".join(t for (_, t), f in zip(prose[i + 1:], filled[i + 1:]) if f), h.numeral
        if h:
            _apply_heading(ctx, h, headings)
            headed = True
        elif filled[i] or col != "task":
            rest.append((col, text, filled[i]))
    tasks = [t for c, t, f in rest if c == "task" and f]
    others = [t for c, t, f in rest if c != "task" and f]
    if tasks:
        ctx.last_task_cell = tasks[0]
        return tasks[0], "\n".join(tasks[1:] + others), None
    if headed:
        return (others[0], "\n".join(others[1:]), None) if others else None
    if ctx.last_task_cell is not None and not (others and split_task_no(others[0])[0]):
        # merged task cell: inherit; but a row whose first cell is numbered is the next item
        return ctx.last_task_cell, "\n".join(others), None
    return (others[0], "\n".join(others[1:]), None) if others else None


def units_and_leaders(cells: dict[str, str], rules: Rules) -> tuple[list[Unit], str | None]:
    """A row's units, each organisation once per role, and its person fields.

    The one place units are de-duplicated: the same unit printed in two cells of a task (a
    column and a trailer, two label lines) gives one unit. Person fields (a 责任领导 column or
    label) come back "；"-joined as printed, or None. Example: {"lead": "区发改局",
    "units": "责任领导:杜新国;牵头单位:区发改局"} -> ([区发改局/lead], "杜新国"). Memoised on the
    unit cells: the same cells recur down a long list.
    """
    key = ("units_and_leaders", *[(col, cells[col]) for col in _UNIT_CELLS if col in cells])
    units, leaders = memoised(rules, key, lambda: _units_and_leaders(cells, rules))
    return list(units), leaders


_UNIT_CELLS = (*UNIT_COLUMNS, "units", "person")  # the cells units_and_leaders reads


def _units_and_leaders(cells: dict[str, str], rules: Rules) -> tuple[tuple[Unit, ...], str | None]:
    found: list[Unit] = []
    for col in UNIT_COLUMNS:
        if col in cells:
            found += split_labelled(cells[col], rules, default_role=col)
    if "units" in cells:
        found += split_labelled(cells["units"], rules)
    # two person columns (责任领导, 责任人) join in one cell, a line each: one leader each
    found += [Unit(squash(person), "person") for person in (cells.get("person") or "").split("\n") if squash(person)]
    units, seen, leaders = [], set(), []
    for unit in found:
        if unit.role == "person":
            leaders.append(unit.name)
        elif (unit.name, unit.role) not in seen:
            seen.add((unit.name, unit.role))
            units.append(unit)
    return tuple(units), "；".join(dict.fromkeys(leaders)) or None


_INHERITED = (*UNIT_COLUMNS, "deadline")  # merged cells a row takes from the row above


def assemble(events: list[Heading | Row], rules: Rules | None = None) -> tuple[list[Task], list[Heading]]:
    """Tasks and headings, in document order, from a layout's events.

    events: Heading and Row objects in printed order. Row cells name canonical columns; a
    column missing from a row means a merged cell (inherited from the row above), a column
    present with "" means an empty cell.
    Returns (tasks numbered seq 1..N, headings in order).
    """
    rules = rules or load_rules()
    ctx, tasks, headings = _Context(), [], []
    nexts, heads = _next_rows(events), _row_heads(events)
    leaves = _numbered_leaves(events, nexts, heads)
    headed_rows = _followed_by_own_heading(nexts, heads)
    for k, ev in enumerate(events):
        if isinstance(ev, Heading):
            _apply_heading(ctx, ev, headings)
            continue
        cells: dict[str, str] = {}
        prose: list[tuple[str, str]] = []
        for col, text in ev.cells:
            if col in PROSE:
                prose.append((col, text))
            else:
                cells[col] = text if col not in cells else cells[col] + "\n" + text
        leaf = leaves.get(k)
        # "（一）地区生产总值增长5% | 省发改委": a task numbered 一, not a section
        picked = (leaf.title, "", leaf.numeral) if leaf else \
            _read_prose(ctx, prose, ev.line_start, headings, bool(squash(cells.get("seq"))), k in headed_rows)
        if picked is None:
            continue
        title_cell, requirement, numeral = picked
        seq_printed = "seq" in cells and "seq" not in ev.merged
        # a column the row lacks is a merged cell: inherited from the row above, column by column
        # (narrative items state all their unit columns, empty or not: they inherit none)
        for col in _INHERITED:
            if col not in cells and col in ctx.last_cells and "units" not in cells:
                cells[col] = ctx.last_cells[col]
        ctx.last_cells = {k: v for k, v in cells.items() if k in _INHERITED}
        task_no, title = (numeral, title_cell) if numeral else split_task_no(title_cell)
        seq_cell = squash(cells.get("seq"))
        if seq_cell:
            marked = item_style(seq_cell)  # "（1）", "1.", "①": the number without its marks, as "（一）" gives 一
            task_no = marked.number if marked and not marked.rest else seq_cell
        deadline = squash(cells.get("deadline")) or None
        units, leaders = units_and_leaders(cells, rules)
        tasks.append(Task(
            seq=len(tasks) + 1, task_no=task_no,
            l1_no=ctx.l1.numeral if ctx.l1 else None, l1_title=ctx.l1.title if ctx.l1 else None,
            l2_no=ctx.l2.numeral if ctx.l2 else None, l2_title=ctx.l2.title if ctx.l2 else None,
            title=squash(title), requirement=squash(requirement), deadline=deadline,
            units=units, line_start=ev.line_start, line_end=ev.line_end,
            section_index=ctx.section, leaders=leaders, task_no_inherited=bool(seq_cell) and not seq_printed,
        ))
    return tasks, headings
