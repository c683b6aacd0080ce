"""What every layout family shares: the Extraction result, stop markers, and cell alignment."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse.columns import UNIT_COLUMNS
from pipeline.parse.model import Heading, Row
from pipeline.parse.rules import Rules
from pipeline.parse.text import squash
from pipeline.parse.units import is_complete_name

# Lines after which a document's body is over: distribution lists, attachments, print notes.
STOP_RE = re.compile(r"^\s*(抄送|抄报|印发[:：]|附件[:：]?\s*\d|联系人|[（(]此件|[（(]联系)")
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass
class Extraction:
    """A layout's reading of one document: family name, events in order, and the index (into
    the line list) where the body starts, so metadata is looked for before it."""

    layout: str
    events: list[Heading | Row]
    body_start: int


def looks_like_units(text: str, rules: Rules) -> bool:
    """True when a cell reads as a unit list rather than prose: every clause is a complete
    organisation name, possibly with a role word ("办公室牵头,各科室配合", "各科室", "/")."""
    body = squash(text)
    if not body or body in rules.none_values:
        return True
    if "。" in body or len(body) > 60:
        return False
    for clause in re.split(r"[，,；;、\n]", text):
        c = squash(clause)
        for word, _ in rules.role_words:
            if c.endswith(word) and len(c) > len(word):
                c = c[: -len(word)]
                break
        if c and not is_complete_name(c, rules):
            return False
    return True


def align(cells: list[str], cols: list[str], rules: Rules) -> list[tuple[str, str]]:
    """Map a row's cells onto header columns.

    Equal counts map by position. A shorter row lost leading merged cells when its last cell
    reads as units and the header ends in a unit column (the cells are right-aligned); otherwise
    it lost trailing cells (left-aligned, the missing cells empty). Missing leading columns are
    left out, so assemble() treats them as merged. Example: (["3.及时反馈…", "各科室"], [task, requirement, responsible]) ->
    [(requirement, "3.及时反馈…"), (responsible, "各科室")].
    """
    if len(cells) >= len(cols):
        extra = cells[len(cols) - 1:]
        return list(zip(cols, cells[: len(cols) - 1] + ["\n".join(extra)]))
    if cells and cols[-1] in (*UNIT_COLUMNS, "deadline") and looks_like_units(cells[-1], rules):
        return list(zip(cols[len(cols) - len(cells):], cells))
    return list(zip(cols, cells + [""] * (len(cols) - len(cells))))
