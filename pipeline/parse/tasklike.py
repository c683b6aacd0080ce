"""Does a document that gave no task look as if it holds tasks? Decides 'unparsed' (a parser
failure, reported loudly) against 'no_tasks' (a notice with nothing to read)."""
from __future__ import annotations

import re

from pipeline.parse.columns import header_columns, split_header_text
from pipeline.parse.items import item_style
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules
from pipeline.parse.settings import TASKLIKE_ITEMS_MIN

_CELL_SPLIT = re.compile(r"\t|\||\s{2,}")


def is_header_line(text: str, rules: Rules) -> bool:
    """True for a table header line: cells split by tabs, "|" or runs of spaces (or one letter-spaced
    run) that read as a header row (columns.header_columns). Example: "工作任务  责任科室" -> True."""
    cells = [c for c in _CELL_SPLIT.split(text) if c.strip()]
    return bool(header_columns(cells, rules) if len(cells) > 1 else split_header_text(text, rules))

# the items that mean a body holds tasks: "1." "（1）" "（一）" "①"; "一、" and "第一条" open the
# sections and articles of any notice
_TASKLIKE_STYLES = frozenset({"arabic.", "(arabic)", "(cn)", "circled"})


def looks_tasklike(lines: list[Line], rules: Rules, stops: bool = True) -> bool:
    """True when the body (before any 抄送/附件 list) holds a table header line, or at least
    TASKLIKE_ITEMS_MIN numbered items ("1." "（1）" "（一）" "①"); stops=False reads past 抄送/附件 lines
    too (a region left after a reading may begin with them). Example: a notice with a
    "序号 | 工作事项 | 牵头单位" line -> True; a two-paragraph notice -> False."""
    items = 0
    for line in lines:
        text = line.text.strip()
        if stops and rules.stop_re.match(text):
            break
        if is_header_line(text, rules):
            return True
        start = item_style(text)
        items += bool(start and start.style in _TASKLIKE_STYLES)
    return items >= TASKLIKE_ITEMS_MIN
