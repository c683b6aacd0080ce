"""Tab-separated tables: one row per line, cells split by tabs, header rows repeated at page breaks.

Example row: "1. 主动公开…。\\t通过本级政府门户网站…。\\t\\t各市、县（区）政府，平潭综合实验区管委会".
Empty cells are real (an empty 牵头单位 means no lead); lines without a tab inside the table are
headings or the wrapped end of the row above, and a row broken inside a cell is joined
(broken_cells.py). A table whose tabs were printed as spaces is read with its tabs restored
(expanded_tabs.py, tab_stops.py).
"""
from __future__ import annotations

import re

from pipeline.parse.columns import (
    header_columns,
    header_shaped,
    join_split_header,
    merge_sub_header,
)
from pipeline.parse.layouts.base import Extraction, continue_last_cell, joined_text
from pipeline.parse.layouts.broken_cells import join_broken_rows
from pipeline.parse.layouts.expanded_tabs import has_gaps, restore_tabs
from pipeline.parse.layouts.quoted_cells import join_quoted
from pipeline.parse.layouts.tab_stops import restore_tab_stops
from pipeline.parse.model import Line, Row
from pipeline.parse.rules import Rules
from pipeline.parse.settings import BROKEN_HEADER_LINES, LABEL_MAX
from pipeline.parse.text import heading_of, squash

# a row whose one filled cell, its first, is a label and a colon: a note or sign-off under the table
# ("填报单位：…", "说明：…"), which a merged row would otherwise fill from the row above
_SIGN_OFF = re.compile(rf"^\s*[\u4e00-\u9fff]{{1,{LABEL_MAX}}}[:：]")
NEEDS = "a tab-separated header row"  # named in the reason when this reader reads nothing



def tab_cells(text: str) -> list[str]:
    """The cells of a tab row, each stripped, empty cells kept: "1\t推进…\t\t县发改局" -> 4 cells."""
    return [c.strip() for c in text.split("\t")]


def broken_header(lines: list[Line], i: int, rules: Rules) -> tuple[list[str], int] | None:
    """(cells, index of its last line) of a tab header row whose cells hold line breaks, printed
    over lines[i] and up to BROKEN_HEADER_LINES lines after it, each a run of header-shaped cells
    (none opens a row: "1", "一、…"); a next line's first cell continues the last cell before it,
    as in a broken body row. Of the joins that read as a header row, the one of most lines; None
    when none does. Example: ["序号\t工作任务\t牵头", "单位\t完成", "时限"] ->
    (["序号", "工作任务", "牵头单位", "完成时限"], i + 2)."""
    text, best = lines[i].text.rstrip("\n"), None
    for k in range(i + 1, min(i + 1 + BROKEN_HEADER_LINES, len(lines))):
        more = lines[k].text.strip(" \u3000")
        if not squash(more) or not all(header_shaped(squash(c)) for c in more.split("\t") if squash(c)):
            break
        text += more
        cells = tab_cells(text)
        cols = header_columns(cells, rules)
        if cols and len(cols) == len(cells):
            best = (cells, k)
    return best


def _without_broken_headers(lines: list[Line], cols: list[str], rules: Rules) -> list[Line]:
    """The body lines without the repeats of a header printed over several lines (broken_header;
    Word repeats a table's header at each page break): a run of header-shaped lines that joins
    into a header of the table's columns."""
    out, k = [], 0
    while k < len(lines):
        cells = tab_cells(lines[k].text)
        if "\t" in lines[k].text and all(header_shaped(squash(c)) for c in cells if squash(c)):
            broken = broken_header(lines, k, rules)
            if broken and header_columns(broken[0], rules) == cols:
                k = broken[1] + 1
                continue
        out.append(lines[k])
        k += 1
    return out


def _width_below(lines: list[Line], i: int) -> int | None:
    """The number of cells of the first tab row after lines[i], or None."""
    return next((len(tab_cells(ln.text)) for ln in lines[i + 1:] if _is_tab_row(ln.text)), None)


def _is_tab_row(text: str) -> bool:
    return "\t" in text.lstrip("\t") and bool(squash(text))


def probe(lines: list[Line]) -> bool:
    """Quick check before the full read: some line has a tab between two cells, or a run of
    spaces that may be tabs printed as spaces."""
    return ("\t" in joined_text(lines) and any("\t" in ln.text and "\t" in ln.text.lstrip("\t") for ln in lines)) \
        or has_gaps(lines)


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of a tab-separated table, or None when no tab-separated header row exists."""
    lines = restore_tabs(lines, rules) or restore_tab_stops(lines, rules) or lines
    lines, ends = join_quoted(lines, "\t")  # a quoted cell holding line breaks: one row
    start, cols, header_at = None, None, None
    for i, line in enumerate(lines):
        if _is_tab_row(line.text):
            cells = tab_cells(line.text)
            below = next((k for k in range(i + 1, len(lines)) if squash(lines[k].text)), None)
            lower = tab_cells(lines[below].text) if below is not None else []
            merged = merge_sub_header(cells, lower, rules) if below is not None else None
            split = join_split_header(cells, lower, rules) if below is not None and not merged else None
            if merged or split:  # "责任单位" over "牵头单位\t配合单位"; "工作\t责任" over "任务\t单位"
                cells, i = merged or split, below
            cols, header_at = header_columns(cells, rules), i
            broken = None if merged or split else broken_header(lines, i, rules)
            if broken and (not cols or len(broken[0]) > len(cells)) and _width_below(lines, broken[1]) == len(broken[0]):
                # "…\t牵头" / "单位\t配合" / …: as wide as the first row below it
                (cells, i), cols = broken, header_columns(broken[0], rules)
            if cols and len(cells) == len(cols):
                start = i
                break
    if start is None or cols is None:
        return None
    events: list = []
    blank = False
    body = _without_broken_headers(lines[start + 1:], cols, rules) if start > header_at else lines[start + 1:]
    for line in join_broken_rows(body, len(cols), "seq" in cols, ends, rules):
        text = line.text
        if not squash(text):
            blank = True
            continue
        if rules.stop_re.match(text):
            break
        if _is_tab_row(text) or text.endswith("\t"):
            cells = tab_cells(text)
            if header_columns(cells, rules):
                continue
            filled = [c for c in cells if squash(c)]
            if len(filled) == 1 and heading_of(filled[0], line.no):
                events.append(heading_of(filled[0], line.no))  # "一、…\t\t": a section row, whatever column
                continue
            if len(filled) == 1 and squash(cells[0]) and _SIGN_OFF.match(cells[0]):
                break  # "填报单位：…\t\t\t": the form's sign-off under the table, no row
            cells = (cells + [""] * len(cols))[: max(len(cols), len(cells))]
            if len(cells) > len(cols):
                cells = cells[: len(cols) - 1] + ["\t".join(cells[len(cols) - 1:])]
            events.append(Row(list(zip(cols, cells)), line.no, ends.get(line.no, line.no)))
            blank = False
        elif heading_of(text, line.no):
            events.append(heading_of(text, line.no))
        elif events and isinstance(events[-1], Row) and not continue_last_cell(events[-1], line.text, line.no, rules, blank):
            break
    if not any(isinstance(e, Row) for e in events):
        return None
    return Extraction("tab_table", events, start)
