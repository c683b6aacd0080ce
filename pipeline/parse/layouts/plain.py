"""The plain reading: every numbered item is a task, with the units any unit statement inside it
names (trailer, label line, unit sentence), and none when it names none.

It always exists when a document has numbered items, so an unfamiliar piece (a label wording, a
closing mark, a lost line break) degrades a reading to this one instead of to nothing. It competes
with the other readings under the same score; where the narrative reading finds the same items
with units, the tie goes to narrative (earlier in FAMILIES).

Example: "1.修订公开目录。\\n2.更新政策文件库。" -> two tasks with no unit.
"""
from __future__ import annotations

from pipeline.parse.layouts.base import Extraction
from pipeline.parse.layouts.narrative import read_items
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules

NEEDS = "numbered items"  # named in the reason when this reader reads nothing


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Every numbered item as a row (narrative.read_items with keep_bare), or None when the text
    has no numbered item."""
    return read_items(lines, rules, keep_bare=True)
