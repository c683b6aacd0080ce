"""Narrative shapes: a structure's items written as numbered paragraphs of a notice.

Each shape takes the rendered `Item`s (printed number, printed text, units by role, deadline)
and the axis values, and returns the same `Blocks` as the table shapes (no header). Units are
printed with their role given by a label ("牵头单位：A") or a role word ("A牵头"). A hard wrap
breaks only the item text: the trailer, label lines and unit sentence stay whole, because a
line break inside a unit list is a unit separator (SCHEMA). This module imports nothing from
`pipeline`.
"""
from __future__ import annotations

from dataclasses import dataclass

from tests.renderings.axes import wrap
from tests.renderings.tables import Blocks

ROLES = ("lead", "responsible", "cooperating")


@dataclass
class Item:
    """A heading (`heading` set, nothing else) or a task as printed: number prefix, text
    (title, plus a folded requirement), units by role and the deadline (None if not shown)."""
    heading: str | None = None
    number: str = ""
    text: str = ""
    units: dict | None = None
    deadline: str | None = None
    field_lines: list[str] | None = None  # label-line items: "工作要求：…" lines after the text


@dataclass
class Style:
    """The axis values narrative shapes read (labels per role, verbs per role, separators)."""
    labels: dict
    verbs: dict
    unit_sep: str
    colon: str
    brackets: str
    trailer_style: str
    deadline_label: str
    blank_lines: bool
    wrap_width: int | None
    sentence_first: bool = False  # narrative_unit_sentence: the unit sentence opens the item
    trailer_first: bool = False  # narrative_trailer: the bracket opens the item ("1.（A牵头）标题")

    @property
    def field_colon(self) -> str:
        """The colon of a deadline or field label: 为 stands for a colon after unit labels only."""
        return field_colon(self.colon)


def field_colon(colon: str) -> str:
    """ "：" for the copula "为" ("责任单位为X", but "完成时限：X"), else the colon itself."""
    return "：" if colon == "为" else colon


def _labelled(item: Item, st: Style) -> list[str]:
    """ "牵头单位：A、B" parts for each role with units, then "完成时限：X" if shown."""
    parts = [f"{st.labels[r]}{st.colon}{st.unit_sep.join(item.units[r])}" for r in ROLES if item.units[r]]
    if item.deadline is not None:
        parts.append(f"{st.deadline_label}{st.field_colon}{item.deadline}")
    return parts


def role_clauses(units: dict, verbs: dict) -> list[str]:
    """ "A、B牵头", "C负责", "D配合": one clause per role with units. Units of one role are joined
    with "、" only (complete names), because "，" separates the clauses."""
    return ["、".join(units[r]) + verbs[r] for r in ROLES if units[r]]


def _trailer(item: Item, st: Style) -> str:
    # Role parts are separated by "；" unless "；" separates the units themselves.
    part_sep = "，" if st.unit_sep == "；" else "；"
    if st.trailer_style == "labels":
        parts = _labelled(item, st)
    elif st.trailer_style == "names":  # responsible units only: "（县发改局、县财政局）"
        parts = [st.unit_sep.join(item.units["responsible"])]
        if item.deadline is not None:
            parts.append(f"{st.deadline_label}{st.field_colon}{item.deadline}")
    else:
        parts = ["，".join(role_clauses(item.units, st.verbs))]
        if item.deadline is not None:
            parts.append(f"{st.deadline_label}{st.field_colon}{item.deadline}")
    return st.brackets[0] + part_sep.join(parts) + st.brackets[1]


def _wrapped(text: str, tail: str, st: Style) -> list[str]:
    """Item text broken at the wrap width (if any), `tail` appended to its last line."""
    lines = wrap(text, st.wrap_width) if st.wrap_width else [text]
    return lines[:-1] + [lines[-1] + tail]


def _blocks(items: list[Item], item_lines, st: Style, joiner: str | None = None) -> Blocks:
    blocks = [[it.heading] if it.heading is not None else item_lines(it) for it in items]
    return Blocks([], blocks, [it.heading is None for it in items],
                  joiner if joiner is not None else ("\n\n" if st.blank_lines else "\n"))


def narrative_trailer(items: list[Item], st: Style) -> Blocks:
    """ "1.标题（牵头单位：A；责任单位：B、C）" or "1.标题（A牵头，B负责）", one item per line; with
    `trailer_first` the bracket opens the item's text: "1.（A牵头，B负责）标题"."""
    def lines(it: Item) -> list[str]:
        if not st.trailer_first:
            return _wrapped(it.number + it.text, _trailer(it, st), st)
        text = _wrapped(it.text, "", st)
        return [it.number + _trailer(it, st) + text[0]] + text[1:]
    return _blocks(items, lines, st)


def narrative_label_lines(items: list[Item], st: Style) -> Blocks:
    """ "1.标题" (or "1.任务名称：标题" and "工作要求：要求"), then one line per role "牵头单位：A"
    and a deadline line "完成时限：X"."""
    return _blocks(items, lambda it: _wrapped(it.number + it.text, "", st) + (it.field_lines or []) + _labelled(it, st), st)


def unit_sentence(item: Item, verbs: dict) -> str:
    """ "由A牵头，B负责，C配合。": the unit statement closing an item."""
    return "由" + "，".join(role_clauses(item.units, verbs)) + "。"


def narrative_unit_sentence(items: list[Item], st: Style) -> Blocks:
    """ "1.标题。由A牵头，B配合。" (the item text always ends in "。") or "1.由A牵头，B配合，标题。",
    then a deadline line."""
    def lines(it: Item) -> list[str]:
        if st.sentence_first:  # "由A牵头，B配合，标题。"
            out = _wrapped(it.number + unit_sentence(it, st.verbs)[:-1] + "，" + it.text, "", st)
        else:
            out = _wrapped(it.number + it.text, unit_sentence(it, st.verbs), st)
        return out + ([f"{st.deadline_label}{st.field_colon}{it.deadline}"] if it.deadline is not None else [])
    return _blocks(items, lines, st)


def one_line(items: list[Item], st: Style) -> Blocks:
    """The trailer shape with every line break removed: headings and items follow one another on
    a single line (each trailer closes one task)."""
    return _blocks(items, lambda it: [it.number + it.text + _trailer(it, st)], st, joiner="")


NARRATIVE_SHAPES = {f.__name__: f for f in (narrative_trailer, narrative_label_lines, narrative_unit_sentence, one_line)}
