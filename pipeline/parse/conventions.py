"""Conventions a document states once and the reader applies everywhere after (SCHEMA.md, "Conventions
added with the third set of real documents"):

- a first-listed-is-lead rule ("首位单位为牵头单位，下同", "列第一位者为牵头单位"): the first unit of each
  later list is lead, a list of one unit included, the rest keep their role;
- a section heading that assigns a unit ("县发改局牵头工作（8项）", "（一）X牵头的工作") gives it, as
  lead, to the tasks below it that name no unit of their own; a heading named after a person
  ("…县长牵头重点工作") is a section and assigns nothing, since a post is no organisation's name.

(A mark printed before a unit name, such as ▲, is read where names are split: units.py.)
"""
from __future__ import annotations

import re

from pipeline.parse.columns import NAMING_CELLS
from pipeline.parse.model import LEAD, Heading, Line, Row, Task, Unit
from pipeline.parse.rules import Rules
from pipeline.parse.text import FIRST_IS_LEAD, squash
from pipeline.parse.units import is_complete_name

# a heading that assigns its items to a unit: the name, then 牵头 / 负责 (and what the items are)
HEADING_ASSIGNS = re.compile(r"^(?P<unit>.+?)(牵头|负责|主抓)(的|实施的|推进的)?(重点)?(工作|事项|任务|项目)")


def first_is_lead_line(lines: list[Line]) -> int | None:
    """The number of the first line stating a first-listed-is-lead rule, or None.
    Example: "（注：责任单位首位为牵头单位，下同）" -> its line number; "首位为主办单位" too."""
    for line in lines:
        if ("牵头" in line.text or "主办" in line.text) and FIRST_IS_LEAD.search(squash(line.text)):
            return line.no
    return None


def heading_unit(heading: Heading, rules: Rules) -> str | None:
    """The unit a section heading assigns to its items, or None: "县发改局牵头工作（8项）" ->
    "县发改局"; "张县长牵头重点工作" -> None (a post, not an organisation)."""
    m = HEADING_ASSIGNS.match(squash(heading.title))
    name = m.group("unit") if m else None
    return name if name and is_complete_name(name, rules) else None


def _assigned_cell(heading: Heading, rules: Rules) -> tuple[str, str] | None:
    """The unit cell a heading gives the rows below it: its closing unit statement as a units
    cell (roles as its labels or verbs say), else the lead unit its words name (heading_unit)."""
    if heading.units:
        return ("units", heading.units)
    unit = heading_unit(heading, rules)
    return (LEAD, unit) if unit else None


def assign_from_headings(events: list, rules: Rules) -> list[str]:
    """Give a unit cell, in place, to every row that names no unit and stands under a heading
    that assigns one: its closing unit statement ("（一）扩大投资（牵头单位：县发改委）") or the lead
    unit its words name (heading_unit); events: Heading and Row objects in order (a layout's
    events). Returns one warning per row given a unit."""
    open_units: dict[int, tuple[str, str] | None] = {}  # level -> the cell its open heading assigns
    warnings = []
    for ev in events:
        if isinstance(ev, Heading):
            open_units[ev.level] = _assigned_cell(ev, rules)
            if ev.level == 1:
                open_units.pop(2, None)
        elif isinstance(ev, Row) and (cell := open_units.get(2) or open_units.get(1)) \
                and not any(col in NAMING_CELLS and squash(text) for col, text in ev.cells):
            ev.cells.append(cell)  # (the heading asked first: most rows stand under none that assigns)
            warnings.append(f"line {ev.line_start}: names no unit; its heading assigns {cell[1]}")
    return warnings



def apply_first_is_lead(lines: list[Line], tasks: list[Task]) -> list[str]:
    """When the document states a first-listed-is-lead rule, make the first unit of every later
    task's list lead, in place (a task that already has a lead unit keeps its roles). Returns a
    warning naming the line that stated it, or []."""
    stated = first_is_lead_line(lines)
    if stated is None:
        return []
    changed = 0
    for task in tasks:
        if task.line_end >= stated and task.units and not any(u.role == LEAD for u in task.units):
            task.units = [Unit(task.units[0].name, LEAD)] + task.units[1:]
            changed += 1
    return [f"line {stated}: the document makes the first unit of a list lead; applied to {changed} task(s)"] if changed else []
