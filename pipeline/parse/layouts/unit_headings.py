"""Unit heading lines: a document that groups its tasks by unit prints each unit's name and a
colon above its items ("县发改局：" then "1.…", "2.…"). Such a line is an unnumbered heading that
assigns its unit to the items below naming none (conventions.assign_from_headings).

Example:
    县发改局：
    1.推进重大项目谋划储备。
    县财政局：
    2.加强预算绩效管理。
-> task 1 names 县发改局, task 2 县财政局 (responsible: no role word).
"""
from __future__ import annotations

from pipeline.parse.columns import find_labels
from pipeline.parse.layouts.base import looks_like_units
from pipeline.parse.model import Heading
from pipeline.parse.rules import Rules
from pipeline.parse.settings import UNIT_HEADINGS_MIN
from pipeline.parse.text import squash
from pipeline.parse.units import is_complete_name


def unit_heading(text: str, rules: Rules) -> str | None:
    """The unit a line names as the heading of the items below it ("县发改局：", a document that
    groups its tasks by unit), or None: the line is complete organisation names and a colon, no
    collective ("各乡镇：" greets, like a notice's salutation) and no label ("责任单位：")."""
    body = squash(text)
    if not body.endswith((":", "：")) or find_labels(body, rules):
        return None
    name = body[:-1]
    named = name and is_complete_name(name, rules) and looks_like_units(name, rules)
    return name if named and not name.startswith(rules.collective_prefixes) else None


def unit_headings(expanded: list[tuple[str, object, int, str]]) -> list[tuple[str, object, int, str]]:
    """Unit heading lines (unit_heading) as unnumbered headings that assign their unit to the
    items below (conventions.assign_from_headings), when the document prints at least
    UNIT_HEADINGS_MIN of them; else as text (one "县发改局：" line is a letter's salutation). A
    unit heading under a numbered "一、" heading is its second level."""
    if sum(kind == "unit_heading" for kind, *_ in expanded) < UNIT_HEADINGS_MIN:
        return [("text", piece, no, piece) if kind == "unit_heading" else (kind, value, no, piece)
                for kind, value, no, piece in expanded]
    out, numbered = [], False
    for kind, value, no, piece in expanded:
        numbered = numbered or (kind == "heading" and value.level == 1 and bool(value.numeral))  # type: ignore[union-attr]
        if kind == "unit_heading":
            kind, value = "heading", Heading(2 if numbered else 1, None, value, no, value)  # type: ignore[arg-type]
        out.append((kind, value, no, piece))
    return out
