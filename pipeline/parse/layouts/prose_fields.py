"""Field labels on a numbered item's own lines: "任务名称：" before its title, "工作要求：" before
its requirement. SCHEMA.md: field labels are never part of a title or requirement, so the
label-line and narrative readings take the values and leave the labels out.

Example (label lines):
    1.任务名称：深化“放管服”改革
    工作要求：全面推行告知承诺制。
    牵头单位：县行政审批局
-> title "深化“放管服”改革", requirement "全面推行告知承诺制。".
"""
from __future__ import annotations

import re

from pipeline.parse.columns import PROSE_COLUMNS, column_of, find_labels, remainder
from pipeline.parse.rules import Rules
from pipeline.parse.settings import LABEL_MAX
from pipeline.parse.text import squash

# a field label opening a line: "信息类别:" (a short CJK run and a colon)
_FIELD_LABEL = re.compile(rf"^[\u4e00-\u9fff]{{2,{LABEL_MAX}}}[:：]")
# how far into a line a field label's colon may stand (a label and the spaces before it)
_LABEL_SPAN = LABEL_MAX + 8


def _field(piece: str, rules: Rules) -> tuple[str | None, str] | None:
    """(column, value) of a line opening with a field label that is no role, person or deadline
    label: "工作要求：压减审批时限" -> ("requirement", "压减审批时限"), "整改措施：…" too (a
    modifier before the column's word); a label of other words has no column: "信息类别:领导信息"
    -> (None, "领导信息"), as has "压实工作责任：各部门…".
    None when no such label opens it or nothing follows the label."""
    m = _FIELD_LABEL.match(piece)
    if not m or find_labels(m.group(0), rules) or not squash(piece[m.end():]):
        return None
    label = m.group(0)[:-1]
    # a column's label is made of header words alone ("工作要求"), or ends in a prose column's word
    # after a modifier ("整改措施": the head of a Chinese compound is its last word); "压实工作责任："
    # opens a sentence
    column = column_of(label, rules)
    if remainder(label, rules) and not (column in PROSE_COLUMNS and label.endswith(_words(column, rules))):
        column = None
    return column, piece[m.end():]


def _words(column: str, rules: Rules) -> tuple[str, ...]:
    """The vocabulary's words of `column` ("requirement" -> 要求, 内容, 措施 …)."""
    return next(words for name, words in rules.columns if name == column)


def prose_fields(parts: list[str], text: str, rules: Rules) -> tuple[str, str] | None:
    """(title, requirement) of a numbered item whose lines carry field labels, labels left out.

    Serves label-line items (SCHEMA.md: field labels are never part of a title or requirement):
    - a later line opening with a requirement label ("具体内容：", "工作要求："; after a first
      task field, a task label too: "重点任务：…" then "工作目标：…"): the lines
      before it are the title (a task label such as "任务名称：" left out), its value and the
      lines after it the requirement;
    - else a first line opening with a task label: every line is the title, the label left out;
    - else a first line opening with a label of other words, and more lines: its value is the
      title and the lines after it the requirement ("（一）信息类别:领导信息" then its content).
    Example: ["任务名称：深化改革", "工作要求：压减审批时限。"] -> ("深化改革", "压减审批时限。").
    parts: the item's lines as read; text: their join with the unit trailer cut off (a prefix).
    None when no line opens with such a label (the caller reads the item whole)."""
    if not any(":" in part[:_LABEL_SPAN] or "：" in part[:_LABEL_SPAN] for part in parts):
        return None  # no colon where a label could end: most items (a quick test before the slicing)
    pieces, at = [], 0
    if not "".join(parts).startswith(text):
        text = "".join(parts)  # the text was not cut at its end: read the lines whole
    for part in parts:
        piece = text[at:at + len(part)].strip()  # the trailer cut off `text` is cut off the parts too
        at += len(part)
        if squash(piece):
            pieces.append(piece)
    if not pieces:
        return None
    first = _field(pieces[0], rules)
    # after a task field, a later field of either prose column opens the requirement: "重点任务：…"
    # then "工作目标：…" (目标 is a task word too)
    wanted = PROSE_COLUMNS if first and first[0] == "task" else ("requirement",)
    at_requirement = next((i for i, piece in enumerate(pieces[1:], 1)
                           if (found := _field(piece, rules)) and found[0] in wanted), None)
    if first and at_requirement is None and first[0] not in PROSE_COLUMNS:
        if len(pieces) == 1:
            return None  # "加强监管：严格执行…" alone: a headline and its sentence
        title, rest = first[1], pieces[1:]  # "信息类别:领导信息", then its content
    elif first or at_requirement is not None:
        cut = len(pieces) if at_requirement is None else at_requirement  # lines before it wrap the title
        title, rest = (first[1] if first else pieces[0]) + "".join(pieces[1:cut]), pieces[cut:]
    else:
        return None
    # a requirement line's own label is left out too
    rest = [found[1] if (found := _field(piece, rules)) and found[0] in wanted else piece for piece in rest]
    # "工作任务：X；责任单位：Y" on one line: the "；" before the unit label parts fields, it ends no sentence
    return squash(title).rstrip("；;，,"), squash("".join(rest)).rstrip("；;，,")


def opens_with_field(text: str, rules: Rules) -> bool:
    """True when `text` opens with a field label of any column but a unit's, a person's or a
    deadline's: "工作目标：…", "信息类别：…"."""
    return _field(text.strip(), rules) is not None


def opens_with_task_field(text: str, rules: Rules) -> bool:
    """True when `text` opens with a task field label: "工作任务：推进公开；责任单位：…" (a record of
    fields on one line); "加强监管：严格执行…" (a headline) does not."""
    found = _field(text.strip(), rules)
    return found is not None and found[0] == "task"
