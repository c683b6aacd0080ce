"""Text clean-up shared by every rule: artefact removal, whitespace folding, numbering markers."""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from pipeline.parse.model import Heading, Line
from pipeline.parse.settings import (
    HEADING_CACHE,
    ITEM_COMMA_DIGITS,
    RUN_ON_SHARE,
    SQUASH_CACHE,
    VERTICAL_MIN,
)

_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# the end of an HTML table cell: a cell mark, so a table copied with its markup ("<tr><td>1</td>
# <td>推进…</td>…") reads as pipe rows, or as a cell stream when its rows share one line
_CELL_END_TAG = re.compile(r"</t[dh]\s*>", re.I)
# the end of a block (paragraph, row, line break, list item, heading): a space, so the words on
# either side stay apart when the markup shares a line ("…分解表</p><table><tr><td>序号")
_BLOCK_END_TAG = re.compile(r"</(?:p|div|tr|li|h[1-6])\s*>|<br\s*/?>", re.I)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# Everything Unicode calls a space, except tab, which carries structure in several layouts.
_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]")
# the bars a text may draw a table's cell borders with: box drawing (│ ┃ ║), full-width ｜, ¦;
# each becomes "|", the one bar the readers know
_CELL_BARS = {ord(bar): "|" for bar in "│┃║｜¦"}
# numerals printed as one enclosed character (⑴ ⒈ ㈠, Word's list numbering) are written out as
# the item grammar reads them: "(1)", "1.", "(一)"; circled ① keeps its own style (CIRCLED_RE)
_ENCLOSED = {c: unicodedata.normalize("NFKC", chr(c)) for c in (*range(0x2474, 0x249C), *range(0x3220, 0x322A))}
# the dingbat circled digits of Word's bullets (❶ ➀ ➊, one to ten) are circled digits ① … ⑩
_ENCLOSED |= {base + k: chr(0x2460 + k) for base in (0x2776, 0x2780, 0x278A) for k in range(10)}
_TRANSLATION = str.maketrans(_CELL_BARS | _ENCLOSED)
# str.translate walks every character through a dict (half of clean_lines' time): done only
# when the text holds one of the characters it rewrites
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _CELL_BARS | _ENCLOSED))) + "]")
# spaces before a line's leading tab (a paragraph indent before an indented cell) carry no structure
_INDENT_BEFORE_TAB = re.compile(r"^ +(?=\t)")

# Characters a Chinese section or item numeral is printed with. 万 is recognised as a marker but
# not read (numerals.read_number; no list runs that long): such a number is kept as printed and reported.
CN_DIGITS = "零〇一二三四五六七八九十百千万"
HAN = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character (CJK Unified Ideographs)
# The item grammar: a numeral in any printed style, closed by any mark or enclosed in any bracket
# pair. "一、" / "一." / "一：" top-level; "（一）" / "〔一〕" / "【一】" second level; "1." / "1、" / "1，"
# / "1）" / "（1）" / "［1］" task; "①", "第一条" / "第3项" and outline numbers "1.1 " items too. Arabic item numbers have any
# length after "." or "、" (lists run past 999) but at most ITEM_COMMA_DIGITS after "，" / "：" (a
# year opens a sentence: "2024，全市…"); a mark followed by a digit ("2024.6.30", "2023、2024年",
# "10:00") is a date, a time or a series, never an item, and "2024年" has no mark at all.
ITEM_MARKS = "、.．﹒，,：:"  # the closing marks after a bare numeral
OPEN_BRACKETS, CLOSE_BRACKETS = "（(〔【[［", "）)〕】]］"
# the dashes that may part an item from its units ("——县大数据中心") or open a list line ("——推进…")
DASHES = "—–－-"
_OPEN, _CLOSE = re.escape(OPEN_BRACKETS), re.escape(CLOSE_BRACKETS)
L1_RE = re.compile(rf"^([{CN_DIGITS}]+)\s*[{re.escape(ITEM_MARKS)}]\s*(.*)$", re.S)
# "（一）", or a Chinese numeral closed by a bracket alone: "一）" is written for "（一）" too
L2_RE = re.compile(rf"^(?:[{_OPEN}]\s*)?([{CN_DIGITS}]+)\s*[{_CLOSE}]\s*[、.．]?\s*(.*)$", re.S)
TASK_RE = re.compile(
    rf"^(?=\d{{1,{ITEM_COMMA_DIGITS}}}\s*[，,：:](?!\d)|\d+\s*(?:[.．、﹒](?!\d)|[{_CLOSE}]))"
    rf"(\d+)\s*(?:[.．、﹒，,：:](?!\d)|[{_CLOSE}])\s*(.*)$", re.S)
TASK_PAREN_RE = re.compile(rf"^[{_OPEN}]\s*(\d{{1,{ITEM_COMMA_DIGITS}}})\s*[{_CLOSE}]\s*(.*)$", re.S)
# an outline number, "1.1 推进…" "2.3.1、完善…": two to four parts of one or two digits, then a space
# or a mark before the text (a word, a quote, a bracket); "2024.6.30前" (four digits), "3.5亿元" (no
# space) and "12.5 %" are no items
DECIMAL_NUMBER = r"\d{1,2}(?:[.．\-－]\d{1,2}){1,3}"  # "2.3.1"; "1-1" in offices that number so


def outline_parts(number: str) -> list[str] | None:
    """The parts of an outline number ("2.3.1" -> ["2", "3", "1"], "1-2" -> ["1", "2"]), None for
    any other number."""
    return re.split(r"[.．\-－]", number) if re.fullmatch(DECIMAL_NUMBER, number) else None


DECIMAL_RE = re.compile(rf"^({DECIMAL_NUMBER})(?:\s*、\s*|[.．]\s*|\s+)(?=[\u4e00-\u9fff“《（(A-Za-z])(.*)$", re.S)
CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CIRCLED_RE = re.compile(rf"^([{CIRCLED_DIGITS}])\s*(.*)$", re.S)
# a part or chapter opening a top-level section: "第一部分 总体要求", "第二章　重点任务"
PART_RE = re.compile(rf"^第([{CN_DIGITS}]+)(?:部分|章|篇)\s*[{re.escape(ITEM_MARKS)}]?\s*(.*)$", re.S)
# "第一条" "第3项"; or a two-character noun and a numeral, then a colon or in brackets: "任务一："
# "事项2：" "【任务1】" (an item named by what it is; "附件1：" is a stop line read before any item)
ARTICLE_RE = re.compile(rf"^(?:第([{CN_DIGITS}]+|\d+)[条项]\s*[、.．：:]?|[\u4e00-\u9fff]{{2}}([{CN_DIGITS}]+|\d{{1,2}})\s*[：:]"
                        rf"|[【\[［]\s*[\u4e00-\u9fff]{{2}}([{CN_DIGITS}]+|\d{{1,2}})\s*[】\]］])\s*(.*)$", re.S)
# A role rule a document states once: "首位单位为牵头单位", "列第一位者为牵头单位", "排在第一位的是牵头单位"
FIRST_IS_LEAD = re.compile(r"(首位|第一位|第一个|排名第一|排在首位|列首位)[\u4e00-\u9fff]{0,6}?(为|是)[\u4e00-\u9fff]{0,2}(牵头|主办)")


def _some_line(body: str):
    """A test of whether "^" + body matches somewhere in a text in multiline mode (at the text's
    start or after a line break; "$" ends a line), the same answer as that search, faster: a
    search for "\\n" + body lets the regex engine scan for the line breaks, where a "^" in
    multiline mode is tried at every character."""
    first, after = re.compile(body, re.M), re.compile("\n" + body, re.M)
    return lambda text: first.match(text) is not None or after.search(text) is not None


# A table's drawn border between rows ("├────┼────┤", "└──┴──┘"): box-drawing characters
# (U+2500-U+257F) with the ASCII ones a converter mixes in, no text. Blanked like a page number.
_BOX_DRAWING = re.compile("[\u2500-\u257f]")
_BORDER_BODY = "[\\s|+\\-=:\u2500-\u257f]*[\u2500-\u257f][\\s|+\\-=:\u2500-\u257f]*$"
_BORDER_LINE = re.compile("^" + _BORDER_BODY)
_SOME_BORDER_LINE = _some_line(_BORDER_BODY)


# Markdown marks a converter leaves: a heading's "#"s (removed), a bullet ("- ", "* ", "+ " at a
# line's start, a space after it: "*市发改委" is a lead mark, units.LEAD_MARKS; not before a number,
# as in a site's own notes "- 1、下载文档前…"; written "• ", the bullet Word prints), bold "**…**" in
# pairs (removed; a lone "**" masks a name: "《**市…》")
_SOME_MARKDOWN_LINE = _some_line(r"\s*(?:#{1,6}|[-*+])\s")  # a heading or a bullet opening a line
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MARKDOWN_BULLET = re.compile(r"^\s*[-*+]\s+(?![0-9０-９])")
_MARKDOWN_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")


def clean_lines(text: str) -> list[Line]:
    """Split decoded text into numbered lines with artefacts removed.

    Input: the whole document as one str (any of LF, CRLF, CR endings).
    Output: one Line per raw line, same count and numbering as the file (1-based), with HTML
    tags and "[bookmark: …]" removed (a table cell's end tag </td> left as a cell mark " | ", a
    block's end </p> </tr> <br> as a space), every non-tab space character turned into a plain
    space and trailing whitespace stripped, HTML entities unescaped, every drawn cell bar (│ ┃ ║
    ｜ ¦) turned into "|", enclosed numerals (⑴ ⒈ ㈠) written out ("(1)" "1." "(一)"), a
    drawn border line between rows ("├──┼──┤") blanked, Markdown's heading and bold marks removed
    and its bullets written "• ", and the spaces before a leading tab removed. Leading tabs are kept: indented layouts need them.
    """
    # spaces become " " over the whole text at once (the tag and bookmark patterns treat them
    # as they treat " ", so doing it first changes nothing); lines are searched for tags only
    # when the text holds a "<", and for bookmarks only when it holds one or a tag (removing
    # "<b>" may join "[book<b>mark:")
    text = _SPACES.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _TRANSLATED.search(text):
        text = text.translate(_TRANSLATION)
    tags = "<" in text
    bookmarks = tags or "[bookmark:" in text
    raws = text.split("\n")
    if tags:
        raws = [_HTML_TAG.sub("", _BLOCK_END_TAG.sub(" ", _CELL_END_TAG.sub(" | ", s))) for s in raws]
    if bookmarks:
        raws = [_BOOKMARK.sub("", s) for s in raws]
    if "&" in text:  # HTML entities a web copy kept as text: "&nbsp;", "&ldquo;", "&#12289;"
        raws = [_SPACES.sub(" ", html.unescape(s).replace("\r", " ").replace("\n", " ")) if "&" in s else s
                for s in raws]
    # trailing tabs are empty cells: keep them; a page number line is page noise: blank it
    if "\t" in text:
        raws = [_INDENT_BEFORE_TAB.sub("", s) if " \t" in s else s for s in raws]
    if "**" in text or _SOME_MARKDOWN_LINE(text):  # a Markdown copy: "## 一、…", "**（一）…**", "- 推进…"
        raws = [s if is_page_number(s) else _MARKDOWN_BOLD.sub(r"\1", _MARKDOWN_BULLET.sub("• ", _MARKDOWN_HEADING.sub("", s)))
                for s in raws]
    # each line is tested for a page number or a border only when the lines joined hold one
    # somewhere (most texts hold neither: one search instead of one per line)
    joined = "\n".join(raws)
    pages = _SOME_PAGE_NUMBER_LINE(joined)
    borders = _BOX_DRAWING.search(text) is not None and _SOME_BORDER_LINE(joined)
    if pages or borders:
        raws = ["" if (pages and is_page_number(s)) or (borders and _BORDER_LINE.match(s)) else s for s in raws]
    return [Line(no, s.rstrip(" ")) for no, s in enumerate(raws, 1)]


# A text opening with a year or a month ("2025年6月底前", "12月"): a deadline cell, or a time in a
# bracket after a unit's name (layouts.base.cell_kind, units._drop_scope_notes)
DATED_START_RE = re.compile(r"^(\d{4}年|\d{1,2}月)")


# The end of a 发文字号 after its issuer code: the bracketed year and the serial ("〔2021〕34号",
# "[2023]2 号"); metadata reads a document's own number with it, citations.py the numbers it cites.
DOC_NUMBER_TAIL = r"[〔［\[【(（]\s*\d{4}\s*[〕］\]】)）]\s*\d{1,5}\s*号"

# A page number printed between rows or items: "- 3 -", "—3—", "第3页", "第 3 页 共 10 页", "3/10".
# A bare "3" is not one: in a flattened table it is a 序号 cell.
_DASHED_PAGE = r"[-—–－]+\s*\d{1,4}\s*[-—–－]+"  # "- 3 -", "—3—"
_PAGE_NUMBER_BODY = (r"\s*(?:" + _DASHED_PAGE + r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                     r"|\d{1,4}\s*/\s*\d{1,4})\s*$")
_PAGE_NUMBER = re.compile("^" + _PAGE_NUMBER_BODY)
_SOME_PAGE_NUMBER_LINE = _some_line(_PAGE_NUMBER_BODY)


# The same page number run into the text before it by a copy that lost its line breaks: "年底前 - 3 -".
PAGE_NUMBER_TAIL = re.compile(r"\s+" + _DASHED_PAGE + r"\s*$")
# ... or into the text after it: "- 3 - （四）一般公共预算…" (a cell stream, layouts/cell_stream.py)
PAGE_NUMBER_HEAD = re.compile(r"^\s*" + _DASHED_PAGE + r"\s+")


def run_on_line(texts: list[str]) -> int | None:
    """The index of the line that holds more than RUN_ON_SHARE of the text's characters (a web copy
    that lost its line breaks; at most one can), None when no line does."""
    lengths = list(map(len, texts))
    limit = RUN_ON_SHARE * sum(lengths)
    if max(lengths, default=0) <= limit:
        return None  # no line long enough (a quick test before the walk: most texts)
    return next(i for i, n in enumerate(lengths) if n > limit)


def is_page_number(text: str) -> bool:
    """True for a page number standing alone ("- 3 -", "第3页", "3/10"); a bare "3" is none."""
    return bool(_PAGE_NUMBER.match(text))


_LAST_CELL = re.compile(r"\||\t| {2,}")  # what separates a row's cells on one line


def join_vertical(lines: list[Line]) -> list[Line]:
    """Join a table cell printed one character per line ("工\n作\n任\n务") into one line.

    A run of at least VERTICAL_MIN consecutive lines holding one character each becomes its
    first line's text joined ("工作任务"), the others blank, so line numbers still point into
    the file. Other lines are returned as they are.
    """
    out = list(lines)
    run: list[int] = []

    def close() -> None:
        if len(run) >= VERTICAL_MIN:
            joined = "".join(lines[i].text.strip().rstrip("|").strip() for i in run)
            bar = " |" if lines[run[-1]].text.rstrip().endswith("|") else ""
            first = run[0]
            if first and len(_LAST_CELL.split(out[first - 1].text.rstrip())[-1].strip()) == 1:
                first -= 1  # "1 | 推进… | 县" then "发\n改\n委 |": the cell began on the row's line
                joined, run[:0] = out[first].text.rstrip() + joined, [first]
            out[first] = Line(lines[first].no, joined + bar)
            for i in run[1:]:
                out[i] = Line(lines[i].no, "")
        run.clear()

    for k, line in enumerate(lines):
        body = line.text.strip()
        char = body.rstrip("|").strip()
        if len(char) == 1 and char not in "|│":
            run.append(k)
            if body.endswith("|"):  # "务 |": the cell's last character closes it
                close()
        elif run:  # (most lines: no run open)
            close()
    close()
    return out


def undouble(lines: list[Line]) -> list[Line]:
    """Remove the line spacing of a double-spaced text: when every non-blank line but the last is
    followed by a blank line, one blank line after each carries no structure (a web copy printed
    every line as a paragraph) and is dropped; longer blank runs keep the rest (an empty cell
    between blank-separated cells). Other texts are returned as they are. Line numbers still
    point into the file. Example: "1.A | X |\n\n继续 |\n\n2.B | Y |" -> the three lines, a
    pipe row wrapped over two lines as in the undoubled text."""
    filled = [k for k, line in enumerate(lines) if line.text.strip()]
    # a line of tabs is a row of empty cells, not spacing
    if len(filled) < 2 or any(lines[k + 1].text.strip(" ") for k in filled[:-1]):
        return lines
    out: list[Line] = []
    for a, b in zip(filled, filled[1:] + [len(lines)]):
        gap = lines[a + 1:b]
        # a doubled run of 2r + 1 blank lines was printed as r; a run holding a line of tabs
        # (empty cells) loses only the spacing line after the line above it
        out += [lines[a]] + (gap[1:] if any(g.text for g in gap) else gap[:(len(gap) - 1) // 2])
    return out


@lru_cache(maxsize=SQUASH_CACHE)
def squash(text: str | None) -> str:
    """Remove all whitespace (letter spacing, wraps, NBSP): "区 直 各 部\\n门" -> "区直各部门"."""
    return "".join((text or "").split())  # str.split() splits at every Unicode space


def heading_of(text: str, line: int) -> Heading | None:
    """A Heading when `text` starts with "一、" or "第一部分"/"第一章" (level 1) or "（一）" (level 2),
    else None."""
    parts = _heading_parts(text.strip(" \t\u3000|\n"))  # the cell mark after a heading in a pipe row
    return Heading(*parts, line) if parts else None


def strip_symbols(text: str) -> str:
    """`text` without the pictographs and symbols opening it (a WeChat copy's "▌一、…", "📌1.…",
    a key task's "★"; Unicode category So, with the emoji variation selector) and the spaces after them."""
    k = 0
    while k < len(text) and (unicodedata.category(text[k]) == "So" or text[k] == "\ufe0f"):
        k += 1
    return text[k:].lstrip() if k else text


@lru_cache(maxsize=HEADING_CACHE)
def _heading_parts(body: str) -> tuple[int, str, str] | None:
    """(level, numeral, title) of a heading line (stripped), or None."""
    body = strip_symbols(body)
    m = L2_RE.match(body)
    if m:
        return 2, m.group(1), squash(m.group(2))
    m = L1_RE.match(body) or PART_RE.match(body)
    if m and not body.startswith(("一是", "二是")):
        return 1, m.group(1), squash(m.group(2))
    return None
