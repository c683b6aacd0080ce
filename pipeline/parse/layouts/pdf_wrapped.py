"""PDF-extracted tables whose cells wrap at fixed column widths, one cell after another.

Example (columns 工作任务 工作要求 牵头单位 责任单位, blank lines removed):
    1.主动公开“十四五”      <- task cell, narrow
    规划纲要…区域规划等。
    除法律法规另有规定…     <- requirement, wider, ends in "。"
    …监督规划实施。
    区发改局                <- lead: short complete names, one per line
    区 直 各 部             <- responsible: wrapped at its own narrow width, letter-spaced
    门，各街道
The header is one line with the column names separated by spaces; it repeats at page breaks.
"""
from __future__ import annotations

import re
import statistics

from pipeline.parse.columns import (
    UNIT_COLUMNS,
    header_columns,
    is_header_text,
    split_header_text,
)
from pipeline.parse.items import task_number
from pipeline.parse.layouts.base import Extraction, names_deadline
from pipeline.parse.model import Line, Row
from pipeline.parse.rules import Rules, memoised
from pipeline.parse.settings import (
    PDF_LEAD_NAME_MIN,
    PDF_LINE_MEDIAN_MAX,
    PDF_NUMBER_STEP_MAX,
    PDF_RECORD_MIN_LINES,
    PDF_UNIT_LINE_MAX,
)
from pipeline.parse.text import heading_of, squash
from pipeline.parse.units import is_complete_name

NEEDS = "one-line header with wrapped column cells"  # named in the reason when this reader reads nothing


_RULE_LINE = re.compile(r"^[\s─━—\-_=]+$")
# page furniture of PDF text: "— 3 —", "- 12 -", "第 3 页", "第3页 共12页"
_PAGE_LINE = re.compile(r"^[\s—\-－–]*\d{1,4}[\s—\-－–]*$|^\s*第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?\s*$")
_SEPARATORS = re.compile(r"[，,、；;]")


def _columns(header: str, rules: Rules) -> list[str]:
    return header_columns(split_header_text(header, rules) or [], rules) or []


def _is_unit_line(text: str) -> bool:
    s = squash(text)
    return 0 < len(s) <= PDF_UNIT_LINE_MAX and not s.endswith(("。", "；", ";", "：", ":"))


def _split_units(unit_lines: list[str], cols: list[str], rules: Rules) -> list[tuple[str, str]]:
    """Lead lines are whole names, one per line; the responsible cell is wrapped text."""
    unit_cols = [c for c in cols if c in UNIT_COLUMNS]
    if len(unit_cols) < 2:
        return [(unit_cols[0], "".join(unit_lines))] if unit_cols else []
    lead: list[str] = []
    rest = list(unit_lines)
    while rest:
        line = rest[0].strip()
        tokens = line.split()
        if len(tokens) == 1 and not _SEPARATORS.search(line) and is_complete_name(line, rules):
            lead.append(line)
            rest.pop(0)
        elif len(tokens) > 1 and is_complete_name(tokens[0], rules) and len(squash(tokens[0])) >= PDF_LEAD_NAME_MIN:
            lead.append(tokens[0])  # "区政府办 区 直 各 部": lead and wrapped cell share a line
            rest[0] = line[len(tokens[0]):]
            break
        else:
            break
    if not rest and lead:
        rest = [lead.pop()]
    return [(unit_cols[0], "\n".join(lead)), (unit_cols[1], "".join(rest))]


def _record_to_row(record: list[Line], cols: list[str], rules: Rules) -> Row:
    texts = [ln.text.strip() for ln in record]
    deadline: list[str] = []
    if cols and cols[-1] == "deadline":
        while len(texts) > 2 and _is_unit_line(texts[-1]) and names_deadline(texts[-1], rules) \
                and not is_complete_name(texts[-1], rules):
            deadline.insert(0, texts.pop())
    units_from = len(texts)
    while units_from > 1 and _is_unit_line(texts[units_from - 1]):
        units_from -= 1
    head = texts[:units_from]
    title_end = next((i + 1 for i, t in enumerate(head) if t.endswith("。")), 1)
    if "requirement" not in cols:
        title_end = len(head)
    cells = [("task", "".join(head[:title_end]))]
    if "requirement" in cols:
        cells.append(("requirement", "".join(head[title_end:])))
    cells += _split_units(texts[units_from:], cols, rules)
    if deadline:
        cells.append(("deadline", "".join(deadline)))
    return Row(cells, record[0].no, record[-1].no)


def _body(lines: list[Line], start: int, rules: Rules) -> list[Line]:
    body = []
    for line in lines[start + 1:]:
        kind = _line_kind(line.text, rules)
        if kind == "stop":
            break
        if kind == "body":
            body.append(line)
    return body


def _line_kind(text: str, rules: Rules) -> str:
    """"stop" (the body is over), "body", or "skip" (blank, a rule, page furniture or a repeated
    header). Memoised: every region and every pass reads the same lines."""
    return memoised(rules, ("pdf_line", text), lambda: (
        "stop" if rules.stop_re.match(text)
        else "body" if (squash(text) and not _RULE_LINE.match(text) and not _PAGE_LINE.match(text)
                        and not is_header_text(text, rules))
        else "skip"))


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of a wrapped PDF table, or None when there is no one-line header followed by
    narrow wrapped lines (median line length of at most 25 characters)."""
    start = next((i for i, ln in enumerate(lines)
                  if "\t" not in ln.text and "|" not in ln.text and is_header_text(ln.text, rules)), None)
    if start is None:
        return None
    cols = _columns(lines[start].text, rules)
    body = _body(lines, start, rules)
    if not body or statistics.median(len(squash(ln.text)) for ln in body) > PDF_LINE_MEDIAN_MAX:
        return None
    events: list = []
    record: list[Line] = []
    last_no = 0
    for line in body:
        text = line.text.strip()
        number = task_number(text)
        heading = heading_of(text, line.no)
        if heading and (not record or len(record) >= PDF_RECORD_MIN_LINES):
            if record:
                events.append(_record_to_row(record, cols, rules))
            events.append(heading)
            record = []
        elif number is not None and (not record or 1 <= number - last_no <= PDF_NUMBER_STEP_MAX or number == 1):
            if record:
                events.append(_record_to_row(record, cols, rules))
            record, last_no = [line], number
        elif record:
            record.append(line)
    if record:
        events.append(_record_to_row(record, cols, rules))
    return Extraction("pdf_wrapped", events, start) if events else None
