"""Spreadsheet cells that hold line breaks, pasted as text: the cell is quoted and its lines follow.

Copying rows out of Excel (or saving CSV) writes a cell with a line break inside quotes, so one
row spans several lines: `1<TAB>"推进决策公开，` / `完善公众参与制度"<TAB>县司法局`. The csv library
reads such a record back as one row; this module hands the tab and CSV readers one line per
record, the cell's own line breaks kept inside it (a unit cell's break separates names, a task
cell's is a wrap, as in a table whose cell wraps).
"""
from __future__ import annotations

import csv
import io

from pipeline.parse.model import Line

# lines one quoted record may span: a cell of a dozen units one per line, or a requirement of a
# few paragraphs; an unclosed quote never swallows the rest of a document
QUOTED_RECORD_LINES = 20


def _opens_quote(text: str, delimiter: str) -> bool:
    """True when a cell of `text` starts with a quote the line does not close."""
    return text.count('"') % 2 == 1 and any(c.lstrip().startswith('"') for c in text.split(delimiter))


def join_quoted(lines: list[Line], delimiter: str, out_delimiter: str = "\t") -> tuple[list[Line], dict[int, int]]:
    """The lines with every record whose quoted cell spans several lines made one Line (the number
    of its first line; cells joined by `out_delimiter`, quotes removed, the cell's breaks kept as
    "\\n"), and {first line number: last line number} of those records. A quote left open past
    QUOTED_RECORD_LINES lines, or by the end, or a quoted text with no delimiter before or after it
    (prose in ASCII quotes), leaves the lines as they are.
    Example (delimiter "\\t"): ['1\\t"推进公开，', '完善制度"\\t县司法局'] -> ['1\\t推进公开，\\n完善制度\\t县司法局']."""
    out: list[Line] = []
    ends: dict[int, int] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if _opens_quote(line.text, delimiter):
            for k in range(i + 1, min(i + QUOTED_RECORD_LINES, len(lines))):
                joined = "\n".join(ln.text for ln in lines[i:k + 1])
                if joined.count('"') % 2 == 0 and delimiter in joined.rsplit('"', 1)[-1] + joined.split('"', 1)[0]:
                    row = next(csv.reader(io.StringIO(joined), delimiter=delimiter), [])
                    text = out_delimiter.join(c.strip().replace(out_delimiter, " ") for c in row)
                    out.append(Line(line.no, text))
                    ends[line.no] = lines[k].no
                    i = k + 1
                    break
            else:
                out.append(line)
                i += 1
            continue
        out.append(line)
        i += 1
    return out, ends
