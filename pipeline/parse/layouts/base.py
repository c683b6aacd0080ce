"""What every layout family shares: the Extraction result, stop markers, and cell alignment."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.parse.columns import PROSE_COLUMNS, UNIT_COLUMNS, find_labels
from pipeline.parse.model import Heading, Line, Row
from pipeline.parse.rules import Rules, memoised
from pipeline.parse.settings import (
    CELL_FIT,
    DEADLINE_CELL_MAX,
    DEADLINE_PHRASE_MAX,
    FIT_SLACK,
    SEQ_MAX_DIGITS,
    SIGNATURE_PREFIX_MAX,
    SKIP_COST,
    UNIT_CELL_MAX,
    UNIT_NAME_MAX,
)
from pipeline.parse.text import (
    CLOSE_BRACKETS,
    DATED_START_RE,
    OPEN_BRACKETS,
    heading_of,
    squash,
)
from pipeline.parse.units import is_complete_name

# opens a reader's reason when the text is a recognised near miss (a notice's own instructions, an
# attachment list): the document then has no task by design, not by a parser failure
NEAR_MISS = "near miss"
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# the date shapes of a deadline cell ("2023年1月31日前", "6月前"): a printed year, month or day, a
# closing 前; its words ("月底", "持续", "每季度") are the vocabulary's deadline_words
_DATE_SHAPES = re.compile(r"\d{4}年|\d+月|\d+日|前$")


_UNIT_CLAUSE_SEP = re.compile(r"[，,；;、\n]")  # clauses of a unit cell


_JOINED: list = [None, ""]  # the lines last joined and their text (see joined_text)


def joined_text(lines: list[Line]) -> str:
    """The lines' texts joined by "\\n", joined once per region: the readers' probes ask it
    whether a mark occurs at all before they test line by line (read_region passes every reader
    the same list)."""
    if _JOINED[0] is not lines:
        _JOINED[:] = [lines, "\n".join([ln.text for ln in lines])]
    return _JOINED[1]


def names_deadline(text: str, rules: Rules) -> bool:
    """True when `text` holds a deadline's date shape or one of the vocabulary's deadline words,
    as a deadline cell does. Example: "6月底前" -> True, "持续推进" -> True, "区财政局" -> False."""
    return bool(_DATE_SHAPES.search(text) or rules.deadline_word_re.search(text))


def ends_with_date(text: str) -> re.Match | None:
    """The date that ends a line ("福建省人民政府办公厅 2020年6月11日"), else None: a signature
    or a date line, never "2024年6月30日前完工" inside an item."""
    m = None
    if "日" not in text:
        return None  # a quick test before the regex: every date ends with 日
    for m in DATE_RE.finditer(text):
        pass
    return m if m and not text[m.end():].strip() else None


@dataclass
class Extraction:
    """A layout's reading of one document: family name, events in order, the index (into the
    line list) where the body starts, so metadata is looked for before it, and warnings about
    lines it chose not to read as tasks."""

    layout: str
    events: list[Heading | Row]
    body_start: int
    warnings: list[str] = field(default_factory=list)


def continue_last_cell(row: Row, text: str, line_no: int, rules: Rules, after_blank: bool = False) -> bool:
    """A line without separators inside a row-per-line table is the wrapped end of the row
    above: append it to that row's last cell (a new line in the cell) and return True. A line
    that cannot continue a unit cell (prose after a table: "各单位要高度重视…") is refused with
    False: the table ends there and the line is left to another region. So is a line after a
    blank line (after_blank): a wrapped cell goes on directly; a signature stands apart."""
    col, last = row.cells[-1] if row.cells else ("", "")
    if after_blank or not row.cells or (col in UNIT_COLUMNS and not looks_like_units(text, rules)):
        return False
    if col == "deadline" and cell_kind(last + text.strip(), rules) != "deadline":
        return False  # "2024年12月底" then "备注：各单位每月…": a note after the table, not the deadline's end
    row.cells[-1] = (col, last + "\n" + text.strip())
    row.line_end = line_no
    return True


def is_signature_line(text: str) -> re.Match | None:
    """The date match when `text` is a signature or date line ("机关名 2020年6月11日"): it ends
    with a date and holds at most a short name before it."""
    m = ends_with_date(text)
    return m if m and len(squash(text)) <= len(squash(m.group(0))) + SIGNATURE_PREFIX_MAX else None


def looks_like_units(text: str, rules: Rules) -> bool:
    """True when a cell reads as a unit list rather than prose: at most UNIT_CELL_MAX chars, no
    sentence end inside, every clause a complete organisation name of at most UNIT_NAME_MAX
    chars, possibly with a role word ("办公室牵头,各科室配合", "各科室", "/")."""
    return memoised(rules, ("looks_like_units", text), lambda: _looks_like_units(text, rules))


def _looks_like_units(text: str, rules: Rules) -> bool:
    body = squash(text)
    if not body or body in rules.none_values:
        return True
    labels = find_labels(body, rules)
    if labels:  # "X,协办单位:Y。": every labelled part, and what stands before the first label;
        body = body.rstrip("。；;")  # a label line may end its sentence ("主办单位:X,协办单位:Y。")
    if "。" in body or len(body) > UNIT_CELL_MAX:
        return False
    if labels:
        parts = [body[: labels[0][0]]] + [body[end: nxt[0] if nxt else len(body)]
                                           for (_, end, meaning), nxt in zip(labels, labels[1:] + (None,))
                                           if meaning != "deadline"]  # "完成时限：年底" is a field
        return all(_looks_like_units(p.strip("，,；; "), rules) for p in parts if squash(p.strip("，,；; ")))
    # names split at separators and at spaces ("区人社局 区住建局 经开区"), or, for letter spacing
    # ("区 直 各 部 门"), with the spaces removed
    spaced = " ".join(text.split())
    return (_all_names(_clauses(spaced, split_spaces=True), rules) if " " in spaced else False) \
        or _all_names(_clauses(body), rules)


def _all_names(clauses: list[str], rules: Rules) -> bool:
    """True when every clause, less a role word at its end, is an organisation's name of at most
    UNIT_NAME_MAX chars."""
    for clause in clauses:
        c = squash(clause)
        for word, _ in rules.role_words:
            if c.endswith(word) and len(c) > len(word):
                c = c[: -len(word)]
                break
        if c and (len(c) > UNIT_NAME_MAX or not is_complete_name(c, rules)):
            return False
    return True


def _clauses(body: str, split_spaces: bool = False) -> list[str]:
    """The clauses of a unit list, split at ，,；;、 and line breaks (and spaces, if asked) outside
    brackets: "市有关部门及各县(市、区)政府配合" is one clause."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(body):
        depth += (ch in OPEN_BRACKETS) - (ch in CLOSE_BRACKETS)
        if depth <= 0 and (_UNIT_CLAUSE_SEP.match(ch) or (split_spaces and ch == " ")):
            out.append(body[start:i])
            start, depth = i + 1, 0
    return out + [body[start:]]


def cell_kind(text: str, rules: Rules) -> str:
    """What a cell's text reads as: empty, seq (a bare number), units, deadline or text.
    Memoised: every row grouping and alignment asks again about the same cells."""
    return memoised(rules, ("cell_kind", text), lambda: _cell_kind(text, rules))


def _cell_kind(text: str, rules: Rules) -> str:
    body = squash(text)
    if not body:
        return "empty"
    if body.isdigit() and len(body) <= SEQ_MAX_DIGITS:
        return "seq"
    if heading_of(text, 0) is not None:
        return "text"  # "四、做好常态化…公开": a section or task cell, though it holds 常态 or ends in 公开
    if looks_like_units(text, rules):
        return "units"
    if len(body) <= DEADLINE_PHRASE_MAX and names_deadline(body, rules) and not body.endswith("。"):  # a sentence is an item
        return "deadline"
    if len(body) <= DEADLINE_CELL_MAX and DATED_START_RE.match(body) and "。" not in body:
        return "deadline"  # a composite deadline: "2021年2月公布预算信息,2021年8月公布决算信息"
    return "text"


def _skip_cost(i: int, j: int, cols: list[str]) -> float:
    """What skipping column j costs before cell i. A prose column, or any column before the first
    cell, costs least, the earlier the less: a merged task cell spans down from the row that
    printed it. An inner unit or deadline column costs more, the later the less: a row fills its
    unit columns in order ("县卫健委" under 牵头|协同 with one cell is the lead)."""
    if i == 0 or cols[j] in PROSE_COLUMNS:
        return SKIP_COST * (j + 1)
    return SKIP_COST * (2 * len(cols) + 1 - j)


def fit(col: str, kind: str) -> float:
    """How well a cell of `kind` (cell_kind) fits column `col`: positive fits, negative does not."""
    group = "unit" if col in UNIT_COLUMNS else col if col in ("seq", "deadline") else "prose"
    return 0 if kind == "empty" else CELL_FIT[group][kind]


def align(cells: list[str], cols: list[str], rules: Rules) -> list[tuple[str, str]]:
    """Map a row's cells onto header columns, in order, skipping the columns the row lacks.

    Serves every flattening that loses merged cells (pipe rows, space tables, cell streams). The
    cells keep their order; each goes to a later column than the one before, and the choice
    maximises how well each cell's kind (cell_kind) fits its column. Trailing empty cells are
    dropped first. On a tie the row is taken to have lost its LEADING columns (a merged cell
    spans the rows below its first). A column the row skips is left out, so assemble() treats
    it as merged. Extra cells join the last column. Example: (["2", "扎实做好…", "疾控处",
    "长期推进"], [seq, task, requirement, responsible, deadline, other]) -> [(seq, "2"),
    (requirement, "扎实做好…"), (responsible, "疾控处"), (deadline, "长期推进")].
    Memoised on the cells and columns; each call gets a list of its own (readers edit it).
    """
    key = ("align", tuple(cells), tuple(cols))
    return list(memoised(rules, key, lambda: tuple(_align(cells, cols, rules))))


def _align(cells: list[str], cols: list[str], rules: Rules) -> list[tuple[str, str]]:
    peeled: list[tuple[str, str]] = []
    while sum(1 for c in cells if squash(c)) > len(cols) and cells:
        # more cells than the header names: a leading section cell ("一、…", convention A) or a
        # 序号 cell the header lost is read by its shape, and the rest aligned to the header
        first = cells[0]
        if not squash(first):
            cells = cells[1:]
        elif heading_of(first, 0) is not None:
            peeled.append(("task", first))
            cells = cells[1:]
        elif "seq" not in cols and cell_kind(first, rules) == "seq" and not any(c == "seq" for c, _ in peeled):
            peeled.append(("seq", first))
            cells = cells[1:]
        else:
            break
    return peeled + _align_to_header(cells, cols, rules)


def _align_to_header(cells: list[str], cols: list[str], rules: Rules) -> list[tuple[str, str]]:
    if len(cells) > len(cols):
        cells = cells[: len(cols) - 1] + ["\n".join(cells[len(cols) - 1:])]
    positional = list(zip(cols, cells)) if len(cells) == len(cols) else None
    trimmed = list(cells)
    while trimmed and not squash(trimmed[-1]):
        trimmed.pop()
    if not trimmed:
        return positional or []
    kinds = [cell_kind(c, rules) for c in trimmed]
    n, m = len(trimmed), len(cols)
    # best[i][j]: best fit placing cells i.. into columns j..; a skipped column j costs a little
    # more the further right it stands, so ties skip leading columns
    best = [[float("-inf")] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[n][j] = 0.0
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = fit(cols[j], kinds[i]) + best[i + 1][j + 1]
            skip = best[i][j + 1] - _skip_cost(i, j, cols)
            best[i][j] = max(take, skip)
    out, i, j = [], 0, 0
    while i < n:
        take = fit(cols[j], kinds[i]) + best[i + 1][j + 1]
        if take >= best[i][j] - FIT_SLACK:
            out.append((cols[j], trimmed[i]))
            i += 1
        j += 1
    if positional is not None:  # a full row keeps its positions unless they fit worse
        kind_of = {c: cell_kind(c, rules) for c in cells}
        if sum(fit(col, kind_of[text]) for col, text in positional) >= best[0][0] - SKIP_COST * len(cols) ** 2:
            return positional
    return out
