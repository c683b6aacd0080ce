"""Columns and labels by meaning: a header cell or a label is read from the vocabulary words it
contains, never looked up as an exact string, so "牵头责任单位", "主要协作单位" or "项目内容" read
without anyone listing them. A header cell with no known word becomes an unknown column ("?" +
its text) that `resolve_columns` settles from the cells below it, with a warning.
"""
from __future__ import annotations

import re

from pipeline.parse.model import RESPONSIBLE, ROLES
from pipeline.parse.rules import Rules, load_rules, memoised
from pipeline.parse.settings import (
    HEADER_CELL_MAX,
    HEADER_REMAINDER,
    UNKNOWN_HEADERS_MAX_SHARE,
)
from pipeline.parse.text import CLOSE_BRACKETS, HAN, OPEN_BRACKETS, PART_RE, squash
from pipeline.parse.units import is_complete_name

UNIT_COLUMNS = ROLES  # a unit column is named after the role it gives its units ("牵头单位" -> lead)
PROSE_COLUMNS = ("task", "requirement")
NAMING_CELLS = (*UNIT_COLUMNS, "units")  # the cells that name a row's units ("units": a trailer with its labels)
LABEL_MEANINGS = (*UNIT_COLUMNS, "person", "deadline")  # what a label inside a line may introduce
_LABEL_MARKS = (":", "：", "】", "]")
_LABEL_MARK_RE = re.compile("|".join(map(re.escape, _LABEL_MARKS)) + "|为")  # 为: see _copula_label
# "责任单位为县发改局": 为 standing for the colon; the run before it (group 4 of Rules.label_re)
# is a label only when a unit name follows (see _copula_label)
_COPULA_GROUP = 4
_NAME_END = re.compile(f"[。，,；;、\\s{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS)}]")
UNKNOWN = "?"  # prefix of an unknown column's name: "?考核口径"
_PUNCT = re.compile(r"[。，,；;！!？?]")
_NUMBERED = re.compile(r"^(\d+|[一二三四五六七八九十]+)[、.．)）]|^[(（]")
_NOISE = re.compile(r"[（）()【】\[\]/:：、\s]")
_JOINED = re.compile(r"[及和与、（(]")  # what joins two column names in one header cell


def meaning_of(text: str, rules: Rules | None = None) -> str | None:
    """The meaning of a header cell or label from the words it contains, or None.

    Meanings are tried in the vocabulary's order; a responsible word counts only beside a unit
    noun or as a whole "…分工" header; a unit noun alone ("单位", "部门") is responsible. Examples: "牵头责任单位" -> "lead", "主要协作单位" ->
    "cooperating", "任务分工" -> "responsible", "细化分工" -> "requirement", "当前进度" -> "other",
    "具体工作任务和要求" -> "requirement", "学生处" -> None. A cell joining a unit column's words and
    another's ("责任单位及责任人", "牵头单位（责任人）") means the unit column named first.
    """
    rules = rules or load_rules()
    s = squash(text).rstrip(":：")
    first = _JOINED.split(s, 1)[0]
    if first != s and first and (meaning := meaning_of(first, rules)) in UNIT_COLUMNS:
        return meaning  # "责任单位及责任人": the units, named first; their persons go with them
    words = dict(rules.columns)
    for meaning, ws in rules.columns:
        if not any(w in s for w in ws):
            continue
        if meaning == RESPONSIBLE:
            has_noun = any(n in s for n in rules.unit_nouns)
            whole_duty = s.endswith("分工") and not any(w in s for w in words.get("requirement", ()))
            if not (has_noun or whole_duty):
                continue
        return meaning
    # a header that is a unit noun alone ("单位", "部门") holds units, responsible ones; with words
    # before it, only a vocabulary word makes it a header ("属下单位", "市直部门" are names)
    return RESPONSIBLE if s in _body_nouns(rules) else None


def _body_nouns(rules: Rules) -> tuple[str, ...]:
    """The unit nouns of two or more characters (单位, 部门, 主体 …): "处" or "科" alone end many words."""
    return tuple(n for n in rules.unit_nouns if len(n) > 1)


def remainder(text: str, rules: Rules | None = None) -> str:
    """What is left of `text` after removing vocabulary words and brackets, the words chosen to
    leave the fewest characters (overlapping words compete: "民生实事项目" -> "民生" by 实事 + 项目,
    not "民生实目" by 事项): "民生实事" -> "民生". Memoised."""
    rules = rules or load_rules()
    return memoised(rules, ("remainder", text), lambda: _remainder(_NOISE.sub("", squash(text)), rules))


def _remainder(s: str, rules: Rules) -> str:
    left = [""] * (len(s) + 1)  # left[i]: the fewest characters s[i:] can leave
    for i in range(len(s) - 1, -1, -1):
        best = s[i] + left[i + 1]
        for w in rules.vocabulary_words:
            if s.startswith(w, i) and len(left[i + len(w)]) < len(best):
                best = left[i + len(w)]
        left[i] = best
    return left[0]


def column_of(cell: str, rules: Rules | None = None) -> str | None:
    """Canonical column for a header cell that reads as a known header, or None.

    Known means: short, no sentence punctuation, a meaning word, and at most HEADER_REMAINDER
    characters besides vocabulary words. Example: "牵 头 单 位" -> "lead", "学生处" -> None.
    """
    rules = rules or load_rules()
    return memoised(rules, ("column_of", cell), lambda: _column_of(cell, rules))


def _column_of(cell: str, rules: Rules) -> str | None:
    s = squash(cell).rstrip(":：")
    if not header_shaped(s):
        return None
    meaning = meaning_of(s, rules)
    if meaning is None:
        return None
    # a unit column is read by its role words whatever comes before them ("问题整改责任部门")
    if len(remainder(s, rules)) > HEADER_REMAINDER and not (meaning in UNIT_COLUMNS and s.endswith(rules.unit_nouns)):
        return None
    return meaning


def header_shaped(s: str) -> bool:
    """True when text (whitespace removed) could be a header cell: short, no sentence
    punctuation, no item number or section number ("第一部分"), not a bare number."""
    return 0 < len(s) <= HEADER_CELL_MAX and not _PUNCT.search(s) and not _NUMBERED.match(s) \
        and not s.isdigit() and not PART_RE.match(s)


def header_columns(cells: list[str], rules: Rules | None = None) -> list[str] | None:
    """Columns of a header row (one per non-empty cell), or None when `cells` is not a header row.

    A header row has at least two known header cells, one of them a unit column; every cell is
    header-shaped (short, no sentence end); unknown cells (at most UNKNOWN_HEADERS_MAX_SHARE) become
    "?<text>" columns for resolve_columns. Example:
    ["序 号", "民生实事", "责任单位", "考核口径"] -> ["seq", "task", "responsible", "?考核口径"].
    Memoised: every reader asks about the same lines and cells; each call gets its own list.
    """
    rules = rules or load_rules()
    cols = memoised(rules, ("header_columns", tuple(cells)), lambda: _header_columns(cells, rules))
    return list(cols) if cols is not None else None


def _header_columns(cells: list[str], rules: Rules) -> tuple[str, ...] | None:
    filled = [squash(c).rstrip(":：") for c in cells if squash(c)]
    if len(filled) < 2 or not all(header_shaped(c) for c in filled):
        return None
    cols = [column_of(c, rules) or UNKNOWN + c for c in filled]
    known = [c for c in cols if not c.startswith(UNKNOWN)]
    if len(known) < 2 or not set(UNIT_COLUMNS) & set(known):
        return None
    if len(cols) - len(known) > UNKNOWN_HEADERS_MAX_SHARE * len(cols):
        return None
    return tuple(_prose_roles(cols))


def join_split_header(upper: list[str], lower: list[str], rules: Rules | None = None) -> list[str] | None:
    """The cells of a header printed over two lines inside its cells ("工作 | 责任 | 完成" over
    "任务 | 单位 | 时限"): each upper cell joined with the lower cell below it. Only when both lines
    have as many cells, the upper line is neither a header nor a title (one filled cell), and the
    joined cells read as a header (one column per filled cell) of more known columns than the lower
    line alone: a section row above a repeated header ("二 | 平台建设" over "序号 | 工作任务 | …")
    joins nothing. Returns the joined cells (empty ones kept), or None.
    Example: (["序号", "工作", "责任"], ["", "任务", "单位"]) -> ["序号", "工作任务", "责任单位"]."""
    rules = rules or load_rules()
    if len(upper) != len(lower) or sum(bool(squash(c)) for c in upper) < 2 or header_columns(upper, rules):
        return None
    joined = [a + b for a, b in zip(upper, lower)]
    cols = header_columns(joined, rules)
    if not cols or len(cols) != sum(bool(squash(c)) for c in joined):
        return None
    alone = header_columns(lower, rules) or []
    return joined if known_columns(cols) > known_columns(alone) else None


def known_columns(cols: list[str]) -> int:
    """How many of a header's columns (header_columns) are known ones, not "?<text>"."""
    return sum(not c.startswith(UNKNOWN) for c in cols)


def merge_sub_header(upper: list[str], lower: list[str], rules: Rules | None = None) -> list[str] | None:
    """The cells of a header printed on two rows because cells are merged: a parent cell
    ("责任单位") spans the cells under it ("牵头单位 | 配合单位"), the others span both rows.

    `lower` is a sub-header when every filled cell of both rows is a column word (bare role words
    count: 牵头, 配合) and at least one lower cell is filled; it is either aligned with `upper` (as many cells, or
    fewer when its trailing empty cells were dropped; `upper` may have lost its own, as when its
    tabs were printed as spaces and the trailing ones stripped) or holds only the spanned cells, which then
    sit under the first upper cell followed by that many empty ones. Each position takes its lower
    cell, else its upper cell. Returns None when `lower` is no sub-header.
    Example: (["序号", "工作任务", "责任单位", "", "完成时限"], ["", "", "牵头单位", "配合单位", ""]) ->
    ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"].
    """
    rules = rules or load_rules()
    filled = [c for c in lower if squash(c)]
    words = filled + [c for c in upper if squash(c)]  # both rows are header rows: column words only
    if not filled or not all(column_of(c, rules) for c in words):
        return None
    upper = upper + [""] * (len(lower) - len(upper))  # the upper row's dropped trailing empty cells
    if len(filled) < len(lower) or len(lower) == len(upper):  # aligned, empty cells where nothing is split
        lower = lower + [""] * (len(upper) - len(lower))
        if not any(squash(low) and not squash(up) for up, low in zip(upper, lower)):
            return None  # no lower cell under a span: two header lines of another kind (pipe_table's)
    else:  # only the spanned cells: under the upper cell followed by len - 1 empty cells
        span = len(filled)
        if span < 2:
            return None
        at = next((i for i in range(len(upper) - span + 1)
                   if squash(upper[i]) and not any(squash(c) for c in upper[i + 1:i + span])), None)
        if at is None:
            return None
        lower = [""] * at + filled + [""] * (len(upper) - at - span)
    return [low if squash(low) else up for up, low in zip(upper, lower)]


def _prose_roles(cols: list[str]) -> list[str]:
    """With no task column, the first prose column is the task ("项目内容" heads the items)."""
    if "task" not in cols and "requirement" in cols:
        cols = list(cols)
        cols[cols.index("requirement")] = "task"
    return cols


def split_header_text(text: str, rules: Rules | None = None) -> list[str] | None:
    """Cells of a one-line header written with spaces ("工作任务 工作要求 牵头单位 责任单位") or
    letter-spaced ("工 作 任 务 工 作 要 求 牵 头 单 位"), or None when it is not a header line."""
    rules = rules or load_rules()
    return memoised(rules, ("split_header_text", text), lambda: _split_header_text(text, rules))


def _split_header_text(text: str, rules: Rules) -> list[str] | None:
    if _PUNCT.search(text):
        return None  # a sentence, not a header line
    parts = text.split()
    if header_columns(parts, rules):
        return parts
    rest, found = squash(text), []
    while rest:
        hit = next((h for h in rules.header_names if rest.startswith(h)), None)
        if not hit:
            return None
        rest, found = rest[len(hit):], found + [hit]
    return found if header_columns(found, rules) else None


def header_tail(text: str, rules: Rules | None = None) -> list[str] | None:
    """The columns of a header row printed at the END of a line, after other text (a web copy that
    lost its line breaks runs the notice, the table's title and its header into one line), or
    None when the line's last space-separated words are no header row (header_columns).
    Example: "…附件:常熟市2018年政府工作任务分解表 序号 名称 工作任务 牵头责任单位" ->
    ["seq", "task", "requirement", "lead"]."""
    rules = rules or load_rules()
    words = text.replace("|", " ").split()  # a pipe row's cell marks ("工作任务 | 具体要求 | 责任部门 |")
    if len(words) < 2 or not column_of(words[-1], rules):
        return None  # a quick test: most lines do not end in a header word
    start = len(words) - 1
    while start and column_of(words[start - 1], rules):
        start -= 1
    return header_columns(words[start:], rules)


def is_header_text(text: str, rules: Rules | None = None) -> bool:
    """True for a one-line header written with spaces or letter-spaced (see split_header_text)."""
    return split_header_text(text, rules) is not None


def label_at(run: str, rules: Rules | None = None) -> tuple[int, str] | None:
    """The label that ends a run of characters before a colon: (offset of the label in run, meaning).

    The label is the longest ending of `run` made only of vocabulary words that means a unit role
    or a person; a bare role word ("牵头") counts too. Examples: "牵头责任单位" -> (0, "lead"),
    "主要协作单位" -> (0, "cooperating"), "公众参与责任单位" -> (4, "responsible"),
    "责任领导" -> (0, "person"), "信息类别" -> None, "压实工作责任" -> None.
    """
    rules = rules or load_rules()
    return memoised(rules, ("label_at", run), lambda: _label_at(run, rules))


def _label_at(run: str, rules: Rules) -> tuple[int, str] | None:
    for start in range(len(run) - 1):
        tail = run[start:]
        if tail in rules.bare_labels:
            if start == 0:  # a bare role word is a label only on its own: "牵头：", never "…工作责任："
                return start, rules.bare_labels[tail]
            continue
        meaning = meaning_of(tail, rules)
        if meaning in LABEL_MEANINGS and not remainder(tail, rules):
            return start, meaning
    return None


def find_labels(text: str, rules: Rules | None = None) -> tuple[tuple[int, int, str], ...]:
    """Every role or person label in `text`: (start, end after its colon, meaning), in order.

    Serves trailers ("（责任领导:杜新国;牵头单位:区发改局）"), label lines ("牵头责任单位:县卫健委")
    and two labels on one line ("责任部门:城建局 配合部门:财政局"). Memoised: the same trailer
    body recurs down a long list.
    """
    rules = rules or load_rules()
    if not _LABEL_MARK_RE.search(text):
        return ()  # no colon and no 【】/[]: no label (a quick test before the regex)
    return memoised(rules, ("find_labels", text), lambda: _find_labels(text, rules))


def _copula_label(run: str, after: str, rules: Rules) -> bool:
    """A run before "为" is a unit label when it ends in one and a unit name (complete, or a
    collective "各…"), itself no label, follows: "责任单位为县发改局" and "明确牵头单位为县发改局" ->
    True; "各责任单位为确保…", "首位单位为牵头单位" -> False."""
    hit = label_at(run, rules)
    name = _NAME_END.split(after, 1)[0]
    named = is_complete_name(name, rules) or name.startswith(rules.collective_prefixes)  # "各工作组"
    whole_label = (label_at(name, rules) or (1,))[0] == 0  # "牵头单位" is a label, "法制部门" a name
    return bool(hit and hit[1] in UNIT_COLUMNS and named and not whole_label)


def _find_labels(text: str, rules: Rules) -> tuple[tuple[int, int, str], ...]:
    found: list[tuple[int, int, str]] = []
    for m in rules.label_re.finditer(text):
        group = next(g for g in (1, 2, 3, _COPULA_GROUP) if m.group(g))
        if group == _COPULA_GROUP and not _copula_label(m.group(group), text[m.end():], rules):
            continue
        # group 2 is letter-spaced ("责 任 单 位"): read without its spaces, each character 2 wide
        run, width = (m.group(2)[::2], 2) if group == 2 else (m.group(group), 1)
        hit = label_at(run, rules)
        if not hit:
            continue
        start, meaning = hit[0] * width, hit[1]
        if start and group != 2 and (m.start(group) == 0 or not HAN.match(text[m.start(group) - 1])) \
                and not run.startswith(rules.collective_prefixes):
            # the whole phrase before the colon is the label, whatever comes before its role
            # words ("问题整改责任单位：", "协同责任单位："); its role words decide, then the tail's
            whole = meaning_of(run, rules)
            start, meaning = 0, whole if whole in UNIT_COLUMNS and meaning in UNIT_COLUMNS else meaning
        found.append((m.start(group) + start - (1 if group == 1 else 0), m.end(), meaning))
    return tuple(found)
