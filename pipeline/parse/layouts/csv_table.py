"""Comma-separated tables: a spreadsheet saved as CSV and pasted as text ("序号,工作任务,牵头单位,
完成时限" then "1,推进政策解读，做好发布。,县政府办,2024年6月底前"; a cell holding a comma is quoted:
"\"做好依申请公开,依法答复。\"").

Each line is split by the csv library (quotes, doubled quotes) and the table is read as tab_table
reads the same rows tab-separated: a header line whose cells are column words starts it, empty
cells are real, a line of one cell is a heading or the wrapped end of the row above. A text whose
commas are only prose punctuation has no such header and reads nothing here.
"""
from __future__ import annotations

import csv
from dataclasses import replace

from pipeline.parse.columns import header_columns
from pipeline.parse.layouts import tab_table
from pipeline.parse.layouts.base import Extraction, joined_text
from pipeline.parse.layouts.quoted_cells import join_quoted
from pipeline.parse.model import Line, Row
from pipeline.parse.rules import Rules

NEEDS = "a comma-separated header row"  # named in the reason when this reader reads nothing


def _cells(text: str) -> list[str]:
    """The CSV cells of one line ("1,\"a,b\",县财政局" -> ["1", "a,b", "县财政局"]); a line the csv
    library cannot split (an unclosed quote) is one cell."""
    try:
        return next(csv.reader([text], skipinitialspace=True), [])
    except csv.Error:
        return [text]


def probe(lines: list[Line]) -> bool:
    """Quick check before the full read: some line holds a half-width comma."""
    return "," in joined_text(lines)


def as_tab_rows(lines: list[Line], done: frozenset[int] = frozenset()) -> list[Line]:
    """The lines with every line of two or more CSV cells written tab-separated (cells stripped,
    a tab inside a cell a space), each keeping its number; other lines, and those numbered in
    `done` (records already written so), as they are.
    Example: Line(4, "1,推进公开,县政府办,") -> Line(4, "1\\t推进公开\\t县政府办\\t")."""
    out = []
    for line in lines:
        cells = _cells(line.text) if "," in line.text and line.no not in done else []
        out.append(Line(line.no, "\t".join(c.strip().replace("\t", " ") for c in cells)) if len(cells) > 1 else line)
    return out


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of a comma-separated table, or None when no line's CSV cells are a header row."""
    if not any(header_columns(_cells(ln.text), rules) for ln in lines if "," in ln.text):
        return None
    joined, ends = join_quoted(lines, ",")  # a quoted cell holding line breaks: one record, tab-separated
    found = tab_table.extract(as_tab_rows(joined, frozenset(ends)), rules)
    if not found:
        return None
    for row in found.events:
        if isinstance(row, Row):
            row.line_end = max(row.line_end, ends.get(row.line_start, row.line_end))
    return replace(found, layout="csv_table")
