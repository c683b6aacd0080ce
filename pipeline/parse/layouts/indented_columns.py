"""Indented column text: every cell starts on a tab-indented line; unindented lines continue it.

Example (3 columns):
    \\t1.主动公开科技相关规划。
    \\t按照“应公开尽公开”原则，公开…规划。
    \\t规划与政策处牵头，各处室（局）及直属单位配合
The header is one tab-indented line per column; rows are found from their numbering.
"""
from __future__ import annotations

from pipeline.parse.columns import header_columns, header_shaped
from pipeline.parse.layouts.base import Extraction
from pipeline.parse.layouts.rows import drop_header_repeats, group_by_numbering
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules
from pipeline.parse.text import squash

NEEDS = "tab-indented header lines"  # named in the reason when this reader reads nothing



def _find_header(lines: list[Line], rules: Rules) -> tuple[int, list[str]] | None:
    for i, line in enumerate(lines):
        if not line.text.startswith("\t"):
            continue
        # the run of tab-indented lines from i, up to the first that no header cell could be
        # (header_columns refuses every longer run: a prose line ends the header search early)
        run = []
        for nxt in (lines[k].text for k in range(i, len(lines))):
            if not nxt.startswith("\t") or not squash(nxt) or not header_shaped(squash(nxt).rstrip(":：")):
                break
            run.append(nxt)
        for n in range(len(run), 1, -1):
            cols = header_columns(run[:n], rules)
            if cols and len(cols) == n:
                return i + n, cols
    return None


def probe(lines: list[Line]) -> bool:
    """Quick check before the full read: some line starts with a tab."""
    return any(ln.text.startswith("\t") for ln in lines)


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of indented column text, or None when no tab-indented header is found."""
    found = _find_header(lines, rules)
    if not found:
        return None
    body, cols = found
    cells: list[tuple[str, int, int]] = []  # text, first line, last line
    for line in lines[body:]:
        if rules.stop_re.match(line.text):
            break
        if line.text.startswith("\t"):
            cells.append((line.text.strip(), line.no, line.no))
        elif squash(line.text) and cells:
            text, first, _ = cells[-1]
            cells[-1] = ((text + "\n" if squash(text) else "") + line.text.strip(), first, line.no)
    header = [ln.text for ln in lines[body - len(cols):body]]
    events = group_by_numbering(drop_header_repeats(cells, header), cols, rules)
    return Extraction("indented_columns", events, body - len(cols)) if events else None
