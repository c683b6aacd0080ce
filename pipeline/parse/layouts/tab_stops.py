"""Tab tables whose tabs were expanded to tab stops: an editor (or `expand`, str.expandtabs)
turns each tab into the 1 to w spaces that reach the next column that is a multiple of w, so a
tab table (layouts/tab_table.py) becomes lines whose cells all start at multiples of w.

    工 作 任 务 工 作 要 求 牵 头 单 位 责 任 单 位
    3. 做好规划信息数据互联互通。    设区市政府网站…规划。     各设区市政府

Here (w 4) the header's gaps are single spaces, like its letter spacing, and the row's runs are
4 and 5 spaces long (the 5 a tab of one space, then one of four: an empty 牵头单位 cell): no
common run length (expanded_tabs.py), but every run that ends a cell ends at a multiple of 4. A space table padded to its columns (layouts/space_table.py) ends its
runs wherever its columns are; prose's single spaces end anywhere.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import accumulate

from pipeline.parse.columns import (
    UNIT_COLUMNS,
    column_of,
    header_columns,
    header_shaped,
)
from pipeline.parse.layouts.base import cell_kind
from pipeline.parse.layouts.expanded_tabs import GAP_MIN, MULTIPLE_SHARE, is_padded
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules, memoised
from pipeline.parse.text import squash

# tab widths editors use, widest first: a text expanded at 8 also ends its runs at multiples of
# 4 and 2, so the widest width the lines agree on is the one they were expanded at (in either
# measure: half the runs of any text end at multiples of 2)
TAB_WIDTHS = (8, 4, 2)
_SPACES = re.compile(" +")
# what the words after a single space read as when it may be a tab on a line with no longer run:
# another kind of cell than the words before it ("…降碳。" 发改局", "区发改局 年底前")
_NEXT_CELL = ("units", "deadline")
# an item or section number alone before a single space ("10. 加强…", "(一) 做好…"): the space
# follows the number inside its cell, whatever column it ends at
_MARK_ONLY = re.compile(r"(?:^|[\t ])[(（]?[0-9０-９一二三四五六七八九十]+[)）.．、]?$")


def _code_points(text: str) -> Sequence[int]:
    """The column each character starts at, and the one after the last, counting characters
    (str.expandtabs and most editors)."""
    return range(len(text) + 1)


def _display(text: str) -> Sequence[int]:
    """The same counting display columns (CJK and full-width characters two), as editors that
    align by what they show do."""
    return list(accumulate((2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text), initial=0))


# how a copy counts columns when it finds the next tab stop, the commoner first
MEASURES: tuple[Callable[[str], Sequence[int]], ...] = (_code_points, _display)


def restore_tab_stops(lines: list[Line], rules: Rules) -> list[Line] | None:
    """The lines with their tabs restored, or None when they show no tabs expanded to tab stops.

    lines: a region's lines (no tab anywhere, else None). The header is the first line that
    splits into header columns (columns.header_columns, one per cell) at runs of spaces ending
    at multiples of a tab width w (TAB_WIDTHS, widest first) counted in one of MEASURES, every
    run of GAP_MIN or more spaces among them (a single space there may be letter spacing: the
    split is chosen by _header_cells). The tabs show when at least MULTIPLE_SHARE of the runs
    of GAP_MIN or more spaces inside the later lines end at multiples of w too, and the later
    lines do not start their cells at shared columns under a header whose cells stand more
    than a tab apart (expanded_tabs.is_padded: a space table). Each line from the header on
    then gets its tabs back (_row_tabs); line numbers are kept. Columns count from the lines'
    shallowest indent (a paragraph indent before every line moves no stop). Serves tab_table.
    Example (w 4): "3. 做好规划信息数据互联互通。    设区市政府网站…"
    -> "3. 做好规划信息数据互联互通。\\t设区市政府网站…".
    """
    texts = tuple(ln.text for ln in lines)  # tab_table and space_table ask about the same region
    restored = memoised(rules, ("tab_stops", texts), lambda: _restore(texts, rules))
    return [Line(ln.no, text) for ln, text in zip(lines, restored)] if restored else None


def _restore(texts: tuple[str, ...], rules: Rules) -> tuple[str, ...] | None:
    headers = [i for i, text in enumerate(texts) if _may_be_header(text.strip(" "), rules)]
    if not headers or any("\t" in text for text in texts):
        return None
    # columns count from the shallowest indent: a paragraph indent before every line moves no stop
    indent = min((len(text) - len(text.lstrip(" ")) for text in texts if text.strip(" ")), default=0)
    lines = [Line(no, text[indent:] if text.strip(" ") else text) for no, text in enumerate(texts)]
    for i in headers:
        line, body = lines[i], lines[i].text.strip(" ")
        found = False
        for width in TAB_WIDTHS:
            for measure in MEASURES:
                header = _header_cells(line.text, width, measure, rules, lambda: _row_cells(lines[i + 1:], width, measure))
                if header is None:
                    continue
                found = True
                later = lines[i + 1:]
                # padding: rows that share their columns under a header whose cells stand more
                # than one tab apart (a space table pads to its widest cell; a tab table whose
                # cells are all shorter than a tab lines up too, one tab apart)
                if not _stops_agree(later, width, measure) or ("\t\t" in header and is_padded(body, later, rules)):
                    continue
                base = min(len(ln.text) - len(ln.text.lstrip(" ")) for ln in lines[i:] if ln.text.strip(" "))
                return texts[:i] + tuple(header if ln.text == line.text
                                         else _row_tabs(ln.text, width, measure, len(header.split("\t")), base, rules)
                                         for ln in lines[i:])
        if found:
            return None  # a header, but the rows do not end their runs at its tab stops
    return None


def _may_be_header(body: str, rules: Rules) -> bool:
    """Quick check before _header_cells: the line holds spaces and no cell bar (a pipe table's
    header is pipe_table's), each word between the spaces could be (part of) a header cell, and
    words of two columns are there, one a unit column's (a header has two known columns, one of
    them a unit column)."""
    if " " not in body or "|" in body or not all(header_shaped(word) for word in body.split()):
        return False
    meanings = _meanings(body, rules)
    return len(meanings) >= 2 and any(meaning in UNIT_COLUMNS for meaning in meanings)


def _runs(text: str, width: int, measure: Callable[[str], Sequence[int]]) -> list[tuple[re.Match, int, int, bool]]:
    """Each run of spaces with the columns it starts and ends at and whether it ends at a tab stop."""
    cols = measure(text)
    return [(m, cols[m.start()], cols[m.end()], cols[m.end()] % width == 0) for m in _SPACES.finditer(text)]


def _stops_agree(lines: list[Line], width: int, measure: Callable[[str], Sequence[int]]) -> bool:
    """True when at least MULTIPLE_SHARE of the runs of GAP_MIN or more spaces inside the lines
    (not opening or closing one) end at a tab stop, and some such run exists."""
    ends = [stop for ln in lines if "  " in ln.text for m, _, _, stop in _runs(ln.text.rstrip(" "), width, measure)
            if len(m.group()) >= GAP_MIN and m.start() > 0]
    return bool(ends) and sum(ends) >= MULTIPLE_SHARE * len(ends)


def _header_cells(text: str, width: int, measure: Callable[[str], Sequence[int]], rules: Rules,
                  cells: Callable[[], tuple[int, int]]) -> str | None:
    """The header line with tabs between its cells, or None when it is no header at this width.

    Runs of GAP_MIN or more spaces must end at tab stops and separate cells; a single space
    ending at one may separate cells or space letters ("工 作 任 务 工 作 要 求" expanded at 4 ends
    a space at 4 and at 8). The split chosen has a number of cells in the rows' range `cells()`
    (_row_cells, asked only for a line that splits; or the nearest), then the fewest cells holding words of two columns
    ("序号工作"), then reads the most distinct known columns (columns.column_of), then has the
    fewest cells, then the shortest longest cell.
    Example (w 4, 5 cells): "序 号 工 作 任 务 牵 头 责 任 科 室 协 作 部 门 时 限" ->
    "序 号\t工 作 任 务\t牵 头 责 任 科 室\t协 作 部 门\t时 限"."""
    body = text.rstrip(" ")
    pieces, joins, last = [], [], 0
    for m, start, end, stop in _runs(body, width, measure):
        if m.start() == 0:
            last = m.end()
            continue
        if len(m.group()) >= GAP_MIN and not stop:
            return None
        if stop:
            pieces.append(body[last:m.start()])
            joins.append("\t" * max(1, end // width - start // width) if len(m.group()) >= GAP_MIN else None)
            last = m.end()
    pieces.append(body[last:])
    if len(pieces) < 2:
        return None
    # splits of the first k pieces by (cells so far, known columns read): the fewest cells with
    # words of two columns, the shortest longest cell, and the header text
    best: list[dict[tuple, tuple[int, int, str]]] = [{(1, frozenset()): (0, 0, "")}] + [{} for _ in pieces]
    for k in range(1, len(pieces) + 1):
        for j in range(k - 1, -1, -1):
            cell = " ".join(pieces[j:k])
            column = column_of(cell, rules)
            mixed = column is not None and len(_meanings(cell, rules)) > 1
            join = (joins[j - 1] or "\t") if j else ""
            for (count, known), (conflicts, longest, so_far) in best[j].items():
                key = (count + len(join), known | {column} if column else known)
                option = (conflicts + mixed, max(longest, len(squash(cell))), so_far + join + cell)
                if key not in best[k] or option[:2] < best[k][key][:2]:
                    best[k][key] = option
            if j and joins[j - 1]:
                break  # a run of GAP_MIN or more spaces always separates cells
    fewest, most = cells()
    (_, _), (_, _, header) = min(best[-1].items(), key=lambda kv: (
        max(0, fewest - kv[0][0], kv[0][0] - most), kv[1][0], -len(kv[0][1]), kv[0][0], kv[1][1]))
    filled = [c for c in header.split("\t") if c]
    if any(sum(column_of(word, rules) is not None for word in cell.split()) > 1 for cell in filled):
        return None  # "工作任务 牵头责任部门" in one cell: its spaces are borders (layouts/single_spaces.py)
    cols = header_columns(filled, rules)
    return header if cols and len(cols) == len(filled) else None


def _meanings(cell: str, rules: Rules) -> set[str]:
    """The columns whose words the cell holds: "序号工作" -> {"seq", "task"}."""
    s = squash(cell)
    return memoised(rules, ("column_meanings", s),
                    lambda: {meaning for meaning, words in rules.columns if any(w in s for w in words)})


def _row_cells(lines: list[Line], width: int, measure: Callable[[str], Sequence[int]]) -> tuple[int, int]:
    """The fewest and the most columns the rows show: the number of cells rows most often split
    into at runs of GAP_MIN or more spaces ending at tab stops (each as many cells as tabs it
    stands for; a stray double space in one row does not make it), and the most cells a row
    splits into at those and single spaces ending at a stop (a one-space tab, or a space inside
    a cell)."""
    certain, most = Counter(), 1
    for ln in lines:
        if "  " in ln.text:
            text = ln.text.rstrip(" ")
            runs = [(m, end // width - start // width) for m, start, end, stop in _runs(text, width, measure)
                    if stop and m.start() > 0]
            certain[1 + sum(tabs for m, tabs in runs if len(m.group()) >= GAP_MIN)] += 1
            most = max(most, 1 + sum(tabs for _, tabs in runs))
    fewest = max(certain, key=lambda n: (certain[n], n), default=1)
    return fewest, max(fewest, most)


def _row_tabs(text: str, width: int, measure: Callable[[str], Sequence[int]], columns: int, base: int,
              rules: Rules) -> str:
    """A line with each run of spaces that ends at a tab stop as the tabs it stands for.

    A run of GAP_MIN or more spaces ending at a stop is as many tabs as stops it reaches past
    the text before it; an opening run, as many past the shallowest indent `base` (a paragraph
    indent before every line is no empty cell); a single space ending at a stop is one tab
    when the line has a longer run inside it too, or the words after it read as units or a
    deadline and those before it as another kind (base.cell_kind; the end of a wrapped cell,
    then the next cell: "…降碳。" 发改局"), keeping no more tabs inside the line than `columns` cells
    hold: the leftmost first, a space between two unit names last (most often a unit list's
    own: "省发改委 省商务厅"). A run of GAP_MIN or more spaces off the stops (HTML markup
    removed before it, text.clean_lines: "<p>1. 公开。</p>\t<p>…" -> "1. 公开。   …") is the tabs
    its length rounds to in widths, but beside a single character (spacing inside a cell:
    "王  芳"); other single spaces stay.
    Example (w 4, 3 columns): "1. 公开。    县财政局 县审计局" -> "1. 公开。\\t县财政局 县审计局".
    """
    runs = _runs(text, width, measure)
    ends = [0] + [m.end() for m, _, _, _ in runs]
    starts = [m.start() for m, _, _, _ in runs[1:]] + [len(text)]
    tabs: list[str | None] = []
    for k, (m, start, end, stop) in enumerate(runs):
        if m.start() == 0:
            tabs.append("\t" * max(0, end // width - base // width) if stop else "")
        elif stop and (len(m.group()) >= GAP_MIN or m.end() == len(text)):
            tabs.append("\t" * max(1, end // width - start // width))
        elif len(m.group()) >= GAP_MIN and min(m.start() - ends[k], starts[k] - m.end()) > 1:
            # off the stops between words: markup removed before it shifted the line
            tabs.append("\t" * max(1, round(len(m.group()) / width)))
        else:
            tabs.append(None)  # a single space: decided below
    certain = any(t for t, (m, _, _, _) in zip(tabs, runs) if 0 < m.start() and m.end() < len(text))
    inner = sum(len(t) for t, (m, _, _, _) in zip(tabs, runs) if t and 0 < m.start() and m.end() < len(text))
    single = []
    for k, (t, (m, _, _, stop)) in enumerate(zip(tabs, runs)):
        if t is None and stop and not _MARK_ONLY.search(text[:m.start()]):
            kinds = cell_kind(text[ends[k]:m.start()], rules), cell_kind(text[m.end():starts[k]], rules)
            if certain or (kinds[0] != kinds[1] and kinds[1] in _NEXT_CELL):
                single.append((kinds == ("units", "units"), k))
    kept = {k for _, k in sorted(single)[:max(0, columns - 1 - inner)]}
    tabs = [("\t" if k in kept else m.group()) if t is None else t
            for k, (t, (m, _, _, _)) in enumerate(zip(tabs, runs))]
    out, last = [], 0
    for (m, _, _, _), tab in zip(runs, tabs):
        out.append(text[last:m.start()] + tab)
        last = m.end()
    return "".join(out) + text[last:]
