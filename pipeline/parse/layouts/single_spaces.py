"""Tables whose cells are separated by single spaces, one row per line: web and PDF copies that
print each cell border of a table as one space.

Example:
    序号 重点任务 牵头单位 配合单位 完成时限
    1 推进老旧小区改造 区住建局 区财政局 2025年12月
    2 新增停车泊位2000个 区公安分局 区城管局 区住建局 2025年11月
The header is a line whose every word is a column word. A row is a line of several words; a row
of more words than the header has columns joins neighbouring words into one cell where that fits
the columns best ("区城管局 区住建局" under 配合单位 above), one of fewer is aligned as a merged
row (base.align). A line of one word is a heading ("一、…") or the wrapped end of the row above; a numbered line of
several words is a row ("（一）法规文件 全面梳理… 法制部门" under 工作任务 工作要求 主办部门).
space_table reads these tables when it finds no header split at runs of spaces.
"""
from __future__ import annotations

import re

from pipeline.parse.columns import UNKNOWN, header_columns
from pipeline.parse.layouts.base import (
    Extraction,
    align,
    cell_kind,
    continue_last_cell,
    fit,
)
from pipeline.parse.layouts.unit_profile import settle_unit_cells
from pipeline.parse.model import Line, Row
from pipeline.parse.rules import Rules
from pipeline.parse.settings import HEADER_CELL_MAX
from pipeline.parse.text import heading_of, squash

# words of a single-spaced header: two column words, one of them a unit column (columns.header_columns)
SINGLE_SPACE_HEADER_MIN = 2
# words of a heading line: its title, or its mark and its title ("一、 推进简政放权")
HEADING_WORDS_MAX = 2
_ROLE_SEPARATORS = "，,、；;"  # after a role word that closes one list and opens the next
_SPACE = re.compile("[ \u3000]")  # one cell border: a space, half or full width


def _words(text: str) -> list[str]:
    """The words of a row; a doubled space holds an empty cell ("区城管局  2025年12月")."""
    return [w.strip() for w in _SPACE.split(text.strip())]


def _word_kind(word: str, rules: Rules) -> str:
    """base.cell_kind of a word, where a role word, or one opening the next names, is its unit's:
    "省发改委 牵头，省财政厅 负责" splits into 省发改委 | 牵头，省财政厅 | 负责, all of one cell."""
    if word in rules.role_word_set:
        return "units"
    role = next((r for r in rules.role_word_set if word.startswith(r)), "")
    after = word[len(role):]
    rest = after.lstrip(_ROLE_SEPARATORS)
    return "units" if role and rest != after and cell_kind(rest, rules) == "units" else cell_kind(word, rules)


def _heading_shaped(filled: list[str], rules: Rules) -> bool:
    """A line of one word, or a mark and its title ("一、 推进简政放权"), no unit or deadline word."""
    return len(filled) <= HEADING_WORDS_MAX and not any(cell_kind(w, rules) in ("units", "deadline") for w in filled[1:])


def _header(lines: list[Line], rules: Rules) -> tuple[int, list[str]] | None:
    """(index of the header line, its columns), or None: every word a known column word."""
    for i, line in enumerate(lines):
        if " " not in line.text.strip() and "\u3000" not in line.text:
            continue  # one word: most lines of a document (a quick test)
        words = line.text.split()
        if len(words) < SINGLE_SPACE_HEADER_MIN or not all(len(w) <= HEADER_CELL_MAX for w in words):
            continue
        cols = header_columns(words, rules)
        if cols and len(cols) == len(words) and not any(c.startswith(UNKNOWN) for c in cols):
            return i, cols
    return None


def group_words(words: list[str], cols: list[str], rules: Rules) -> list[tuple[str, str]]:
    """A row's words as (column, cell) pairs under the header columns `cols`. As many words as
    columns, or fewer with one of them empty (every border printed, so the missing cells are the
    last ones, their spaces stripped with the line's end): in order. Fewer: base.align. More: neighbouring words join (with a space) so that the row
    has one cell per column, choosing the joins whose cells fit their columns best (a cell fits
    its column as its worst-fitting word: base.fit of base.cell_kind); on a tie the later column
    takes the words.
    Example: (["3", "新增停车泊位", "区公安分局", "区城管局", "区住建局"], [seq, task, lead,
    cooperating]) -> [(seq, "3"), (task, "新增停车泊位"), (lead, "区公安分局"),
    (cooperating, "区城管局 区住建局")]."""
    n, m = len(words), len(cols)
    if n == m or (n < m and "" in words):
        return list(zip(cols, words + [""] * (m - n)))  # every border printed: the lost ones ended the line
    if n < m:
        return align(words, cols, rules)
    # best[i][j]: best fit placing words i.. into columns j.. with every column taking one or more
    best = [[float("-inf")] * (m + 1) for _ in range(n + 1)]
    best[n][m] = 0.0
    cut: dict[tuple[int, int], int] = {}
    kinds = [_word_kind(word, rules) for word in words]
    for j in range(m - 1, -1, -1):
        for i in range(n - (m - j), -1, -1):
            for k in range(i + 1, n - (m - j - 1) + 1):  # words i..k-1 form column j's cell
                worst = min(fit(cols[j], kind) for kind in kinds[i:k])  # a cell fits as its worst word
                value = worst + best[k][j + 1]
                if value > best[i][j]:
                    best[i][j], cut[i, j] = value, k
    out, i = [], 0
    for j, col in enumerate(cols):
        k = cut[i, j]
        out.append((col, " ".join(words[i:k])))
        i = k
    return out


def read_single_spaced(lines: list[Line], rules: Rules) -> Extraction | None:
    """Rows of a single-spaced table (module docstring), or None when no line is such a header
    or fewer than half the lines below it split into several words."""
    found = _header(lines, rules)
    if found is None:
        return None
    start, cols = found
    body = [ln for ln in lines[start + 1:] if squash(ln.text)]
    if sum(1 for ln in body if len(ln.text.split()) >= 2) < max(1, len(body) // 2):
        return None
    events: list = []
    for line in body:
        words = _words(line.text)
        if rules.stop_re.match(line.text):
            break
        if header_columns(words, rules):
            continue  # header repeated at a page break
        filled = [w for w in words if w]
        heading = heading_of(line.text, line.no) if _heading_shaped(filled, rules) else None
        if heading is not None:
            events.append(heading)
        elif len(filled) >= 2:
            events.append(Row(group_words(words, cols, rules), line.no, line.no))
        elif not (events and isinstance(events[-1], Row) and continue_last_cell(events[-1], line.text, line.no, rules)):
            break  # prose after the table
    return Extraction("space_table", settle_unit_cells(events, cols), start) if events else None
