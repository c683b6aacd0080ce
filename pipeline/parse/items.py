"""Items printed inside a line: web copies lose their line breaks, and several tasks may share one
paragraph, each closed by its own unit trailer. The item grammar itself lives in text.py (a numeral
in any style, closed by any mark or enclosed in any bracket pair); this module finds where such an
item starts inside a line and cuts the line there.

Example: "1.修订目录（责任单位：区司法局）。2.公开清单（责任单位：区财政局）。" ->
["1.修订目录（责任单位：区司法局）。", "2.公开清单（责任单位：区财政局）。"].
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.parse.numerals import read_number
from pipeline.parse.rules import Rules, memoised
from pipeline.parse.settings import (
    INLINE_MIN_CHARS,
    ITEM_CACHE,
    SIGNATURE_NAME_MAX,
)
from pipeline.parse.text import (
    ARTICLE_RE,
    CIRCLED_DIGITS,
    CIRCLED_RE,
    CLOSE_BRACKETS,
    CN_DIGITS,
    DECIMAL_RE,
    L1_RE,
    L2_RE,
    OPEN_BRACKETS,
    TASK_PAREN_RE,
    TASK_RE,
    outline_parts,
    run_on_line,
    strip_symbols,
)

# What may stand just before an item printed inside a line: a sentence or clause end, a colon, the
# bracket that closes a trailer, or a space. "第三、四季度" or "A、B" never qualify: 第 and names are
# no boundary. In a document that lost its line breaks any character may stand there.
_BOUNDARY = "。；;！!？?：:" + CLOSE_BRACKETS + " \t"
_OPEN, _CLOSE = re.escape(OPEN_BRACKETS), re.escape(CLOSE_BRACKETS)
_ITEM_AHEAD = (rf"(?=\d{{1,3}}\s*[.．、﹒，,：:)）]|[{_OPEN}]\s*(?:\d{{1,3}}|[{CN_DIGITS}]+)\s*[{_CLOSE}]"
               rf"|[{CN_DIGITS}]+[、.．]|[{CIRCLED_DIGITS}]|第[{CN_DIGITS}\d]+[条项])")
# a candidate item start, read by its end; item_style then reads it with the full grammar. The
# boundary is matched, not looked behind: the regex engine then scans for it (a lookbehind is
# tried at every character), and a match ends where the lookbehind's would
_CANDIDATE = re.compile(rf"[{re.escape(_BOUNDARY)}]\s*{_ITEM_AHEAD}")
# the signature that closes a notice, run onto its last item: an issuer's name and the date, at the
# very end ("…（县人社局负责） 东岭县人民政府办公室 2024年4月12日", "…2021年6月8日印发"); cut there
# like a 附件 line
_SIGNATURE_AT_END = (rf"[^\s。；;，,：:（）()]{{2,{SIGNATURE_NAME_MAX}}}\s*"
                     r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}|[〇零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月"
                     r"\s*[一二三四五六七八九十]{1,3})\s*日\s*(?:印发)?\s*$")
# in a run-on document: anywhere but inside a number, a numeral or after 第; and before the
# markers that end a body ("附件：1.…", "抄送：…"), which then stand at the start of a piece
# and a bare number between spaces before text ("… 县财政局 2 推进…": a table row whose cells only
# spaces separated), taken only where it continues its own run (SPACED_STYLE); the number of a
# page run into the text ("- 3 -") is none
_RUN_ON_CANDIDATE = re.compile(rf"(?<![\d.．{CN_DIGITS}第]){_ITEM_AHEAD}|(?P<stop>)(?=附件[:：]?\s*\d|抄送)"
                               r"|(?<=[ \u3000])(?=(?P<spaced>\d{1,3})[ \u3000][^\d\s\-—–－])"
                               rf"|(?<=[\s。；;）)])(?P<signature>)(?={_SIGNATURE_AT_END})")
# a bare "7 " number in a run-on text; its run is tracked apart from narrative._spaced_item's
# ("spaced", a line that starts so), which then reads each piece
SPACED_STYLE = "run-on spaced"
# an outline number's style names its depth ("1.1" decimal2, "1.1.1" decimal3): a deeper one nests
DECIMAL_STYLES = ("decimal2", "decimal3", "decimal4")
ALL_STYLES = frozenset({"arabic.", "(arabic)", "cn.", "(cn)", "circled", "article", *DECIMAL_STYLES})
# a task's own number: "1." "1、" "1）" "（1）" "［1］" "1.1"
ARABIC_STYLES = frozenset({"arabic.", "(arabic)", *DECIMAL_STYLES})


# marks an item may carry before its number: a key task's star, a bullet, a check mark
ITEM_DECORATIONS = frozenset("★☆●○◆◇■□▲△▶►•·※✔√")


# an item's number given as a field: "序号：3", "编号: 12" (a record of fields, one per line)
_NUMBER_FIELD = re.compile(r"^(?:序号|编号)\s*[:：]\s*(\d{1,4})\s*[.．、]?\s*(.*)$", re.S)


class ItemStart(NamedTuple):
    """The item a text starts with: style (one of ALL_STYLES), value (the number's value, None when
    it reads as none: "十十、"), number (as printed, without marks; a circled digit as its digit:
    "①" -> "1") and rest (the text after the number and its marks)."""

    style: str
    value: int | None
    number: str
    rest: str


@lru_cache(maxsize=ITEM_CACHE)
def item_style(text: str) -> ItemStart | None:
    """The item that starts `text`, or None: the one answer to "does this line start an item"
    (every reader asks here). Styles: "arabic." ("1." "1、" "1）"), "(arabic)" ("（1）"), "cn."
    ("一、"), "(cn)" ("（一）"), "circled" ("①"), "article" ("第一条", "任务一：", "【任务1】"), "decimal2".."decimal4"
    ("1.1 " "2.3.1、"; value: the last part).
    A mark printed before the number ("★1." "●（二）": a key task's star, a bullet) is no part of it;
    a number given as a field ("序号：3") is an arabic item's.
    Example: "（二）推进公开" -> ("(cn)", 2, "二", "推进公开"); "一是…" -> None."""
    if text[:1] in ITEM_DECORATIONS:
        return item_style(text[1:].lstrip())
    if text and strip_symbols(text) != text:  # "📌1.…": a pictograph before the number
        return item_style(strip_symbols(text))
    m = _NUMBER_FIELD.match(text)
    if m:  # "序号：3" opening a record of fields, one per line
        return ItemStart("arabic.", int(m.group(1)), m.group(1), m.group(2))
    m = DECIMAL_RE.match(text)
    if m:
        parts = outline_parts(m.group(1))  # "2.3.1" -> depth 3, value 1
        return ItemStart(DECIMAL_STYLES[len(parts) - 2], int(parts[-1]), m.group(1), m.group(2))
    for style, rx in (("arabic.", TASK_RE), ("(arabic)", TASK_PAREN_RE), ("(cn)", L2_RE)):
        m = rx.match(text)
        if m:
            return ItemStart(style, read_number(m.group(1)), m.group(1), m.group(2))
    m = ARTICLE_RE.match(text)
    if m:
        number = m.group(1) or m.group(2) or m.group(3)
        return ItemStart("article", read_number(number), number, m.group(4))
    m = L1_RE.match(text)
    if m and not text.startswith(("一是", "二是")):
        return ItemStart("cn.", read_number(m.group(1)), m.group(1), m.group(2))
    m = CIRCLED_RE.match(text)
    if m:
        value = CIRCLED_DIGITS.index(m.group(1)) + 1
        return ItemStart("circled", value, str(value), m.group(2))
    return None


def task_number(text: str) -> int | None:
    """The number of the arabic-numbered task item `text` starts with, in any of the item
    grammar's arabic forms ("1." "1、" "1）" "（1）" "［1］"), else None.
    Example: "（12）加强公开" -> 12; "2024.6.30前" -> None."""
    start = item_style(text)
    return start.value if start and start.style in ARABIC_STYLES else None


def split_task_no(text: str) -> tuple[str | None, str]:
    """(number as printed, rest) of an arabic-numbered task item: ("13", "rest") for "13. rest",
    "（2）rest", "13、rest"; (None, text stripped) when the text starts no such item."""
    body = text.strip()
    start = item_style(body)
    return (start.number, start.rest) if start and start.style in ARABIC_STYLES else (None, body)


def split_inline(text: str, styles: frozenset[str], last: dict[str, int]) -> list[str]:
    """Cut a stripped line before every item printed inside it whose style the document uses at a
    line start (`styles`) and whose number continues that style's run: the value after the one
    seen last (`last`, updated in place, carried from line to line), or 1 when the style has not
    run yet, has been restarted by an item of an outer style ("二、" before "1."), or a 2 of it
    follows in this line. Returns the pieces in order (the line itself when none).
    Example: ("（一）A（责任单位：X）（二）B（责任单位：Y）", {"(cn)"}, {}) -> two pieces."""
    start = item_style(text)
    if start:
        last[start[0]] = start[1] or 0
        _restart_deeper(start[0], last)
    if len(text) < INLINE_MIN_CHARS or not styles:
        return [text]
    found = []
    marker_end = 0  # where the number and marks of the last item found end
    for m in (_RUN_ON_CANDIDATE if styles is ALL_STYLES else _CANDIDATE).finditer(text):
        if m.end() == 0 or m.end() < marker_end:
            continue  # inside the last item's own marks: the "1）" of "（1）" is no second item
        spaced = m.groupdict().get("spaced")  # only the run-on candidates have the group
        if spaced:
            found.append((m.end(), SPACED_STYLE, int(spaced)))
            marker_end = m.end() + len(spaced)
            continue
        style = ("stop", 1) if m.lastgroup in ("stop", "signature") else item_style(text[m.end():])
        if style and (style[0] in styles or style[0] == "stop") and style[1]:
            found.append((m.end(), style[0], style[1]))
            marker_end = len(text) - len(style[3]) if style[0] != "stop" else m.end()
    if not found:
        return [text]  # no item inside the line (a quick test: most lines)
    cuts = []
    found = _last_of_each_number(found)
    inner = None  # the style of a list restarted inside the line's own item ("1.…：1.…；2.…")
    for k, (pos, style, value) in enumerate(found):
        if style == inner or (value == 1 and start and style == start[0] and last.get(style, 0) > 0
                              and not any(s == style for c, s, _ in found[:k] if c in cuts)):
            inner = style  # its own items restarting at 1 inside an item of their style: an inner list
            continue
        follows = value == abs(last.get(style, 0)) + 1 or style == "stop"
        opens = value == 1 and (last.get(style, 0) <= 0 or any(s == style and v == 2 for _, s, v in found[k + 1:]))
        if follows or opens:
            cuts.append(pos)
            last[style] = value
            _restart_deeper(style, last)
    if not cuts:
        return [text]
    bounds = [0] + cuts + [len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _last_of_each_number(found: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """The candidates without the bare spaced numbers that a later one of the same value follows
    before the next value appears: in "2 收入增长 3 个百分点. 财政局 3 工业…" the row is the second 3
    (a number inside a cell comes before the row's own). Marked styles are kept as found."""
    spaced = [(pos, value) for pos, style, value in found if style == SPACED_STYLE]
    dropped = {pos for k, (pos, value) in enumerate(spaced)
               if next((v for _, v in spaced[k + 1:] if v in (value, value + 1)), None) == value}
    return [c for c in found if c[0] not in dropped or c[1] != SPACED_STYLE]


def _restart_deeper(style: str, last: dict[str, int]) -> None:
    """After an item of `style`, the styles first seen after it (dicts keep insertion order: the
    document's own nesting) may restart at 1 or go on: their last value is kept negative."""
    order = list(last)
    for inner in order[order.index(style) + 1:]:
        last[inner] = -abs(last[inner])


def line_styles(texts: list[str], rules: Rules | None = None) -> frozenset[str]:
    """The item styles the document uses at the start of a line (stripped texts) and, given the
    vocabulary, right after a unit trailer inside a line (several tasks in one paragraph, each
    closed by its own trailer: "…。〔牵头单位:区工信局〕2.支持…" uses "1."); when it has no line
    break worth the name (one line holds most of it: a web copy that lost them) every style."""
    if run_on_line(texts) is not None:
        return ALL_STYLES
    styles = {s[0] for s in map(item_style, texts) if s}
    if rules is not None:
        after_trailer = memoised(rules, ("item_after_trailer",), lambda: _item_after_trailer(rules))
        for text in texts:
            if len(text) >= INLINE_MIN_CHARS:
                styles.update(s[0] for m in after_trailer.finditer(text) if (s := item_style(text[m.end():])))
    return frozenset(styles)


def _item_after_trailer(rules: Rules) -> re.Pattern:
    """A bracket holding a unit noun or a role word (a unit trailer: "〔牵头单位:X〕", "（X负责）"),
    then an item's number: the match ends where the item starts."""
    words = "|".join(map(re.escape, rules.unit_nouns + rules.role_word_set))
    inside = rf"[^{_OPEN}{_CLOSE}]"
    return re.compile(rf"[{_OPEN}]{inside}*?(?:{words}){inside}*[{_CLOSE}]\s*{_ITEM_AHEAD}")

