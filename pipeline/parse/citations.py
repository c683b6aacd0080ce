"""Citations of other documents: a 发文字号 (闽政办函〔2021〕34号), with the title printed beside it
(《…》), or a notice's title alone, and the relation the words around it state.

Any layout: citations are read over the document's lines joined, so a number or title wrapped over
lines (PDF copies: "（厦\\n\\n海政办〔2021〕11 号）") is read whole. Folding the number (brackets,
full/half width) and resolving it against the corpus are done in dbt (int_citation_occurrences,
int_citations_resolved, citations); the document's own number is left out there, by its folded form.
"""
from __future__ import annotations

import bisect
import re

from pipeline.parse.model import Citation, Line
from pipeline.parse.settings import (
    AFTER_RAW_CHARS,
    AFTER_WINDOW,
    CITED_TITLE_MAX,
    PREFIX_MAX,
)
from pipeline.parse.text import DOC_NUMBER_TAIL, HAN, squash

# 闽政办函〔2021〕34号, 厦海政办〔2021〕18 号, 鞍立政发[2023]2号, （厦\n海政办〔2021〕11 号）: the
# year's brackets and the serial, found first (rare); then up to PREFIX_MAX characters of issuer
# code before them (_numbers), trimmed by _issuer_start
NUMBER_TAIL = re.compile(DOC_NUMBER_TAIL)
# a title in 《》 (wrapped lines joined), up to CITED_TITLE_MAX characters
TITLE_RE = re.compile(rf"《([^《》]{{2,{CITED_TITLE_MAX}}})》")
# a title whose 》 the text lost, running up to the number's bracket: "《厦门市…的通知（厦府办〔2021〕44 号）"
UNCLOSED_TITLE = re.compile(rf"《([^《》。；]{{2,{CITED_TITLE_MAX}}}?)\s*[（(]\s*$")
# between a title and the number it names: nothing but an opening bracket and spaces
TITLE_TO_NUMBER = re.compile(r"\s*[（(]?\s*$")
# a title cited without a number is a citation when it names an issued notice: "…关于…的通知"
# (a law 《…条例》 or the document's own attachment 《2021年…分解表》 is not another document here)
NOTICE_TITLE = re.compile(r"关于.+(通知|意见|决定|通报|批复|函|方案|要点|报告|规定)$")
# words before a citation that are not part of an issuer code: "根据闽政办函〔2021〕34号"
LEAD_WORDS = ("根据", "按照", "依据", "依照", "遵照", "贯彻落实", "贯彻", "落实", "执行", "参照", "转发",
              "印发", "见", "和", "及", "与", "以及")
# the relation a citation's surrounding words state: the word nearest before it in its sentence
# decides (basis 根据《…》, forwarding 转发《…》); else AFTER_WINDOW characters after it
# (…》印发给你们 forwarding, …》要求 basis); else reference
BEFORE_WORDS = {"根据": "basis", "按照": "basis", "依据": "basis", "依照": "basis", "遵照": "basis",
                "贯彻": "basis", "落实": "basis", "转发": "forwarding", "印发": "forwarding"}
AFTER_WORDS = {"转发给": "forwarding", "印发给": "forwarding", "要求": "basis", "精神": "basis", "规定": "basis"}
SENTENCE_END = re.compile(r"[。；;！？!?]")


def _joined(lines: list[Line]) -> tuple[str, list[int], list[int]]:
    """The lines joined by '\\n', the offset each starts at, and their line numbers."""
    starts, numbers, parts, at = [], [], [], 0
    for line in lines:
        starts.append(at)
        numbers.append(line.no)
        parts.append(line.text)
        at += len(line.text) + 1
    return "\n".join(parts), starts, numbers


def _numbers(text: str) -> list[tuple[int, str, int]]:
    """Each 发文字号 in `text` as (start, issuer prefix as printed, end): a year-and-serial tail
    with one to PREFIX_MAX Chinese characters before it, spaces and line breaks allowed after
    each, reaching back as far as they go but not into the number before. Example:
    "根据闽政办函〔2021〕34号" -> [(0, "根据闽政办函", 15)]."""
    found: list[tuple[int, str, int]] = []
    floor = 0
    for tail in NUMBER_TAIL.finditer(text):
        start, count, at = None, 0, tail.start()
        while at > floor and count < PREFIX_MAX:
            ch = text[at - 1]
            if HAN.match(ch):
                count += 1
                start = at - 1
            elif not ch.isspace():
                break
            at -= 1
        if start is not None:
            found.append((start, text[start:tail.start()], tail.end()))
            floor = tail.end()
    return found


def _past(text: str, at: int, count: int) -> int:
    """The offset after `count` non-whitespace characters of text from `at`."""
    while count:
        count -= not text[at].isspace()
        at += 1
    return at


def _issuer_start(text: str, start: int, prefix: str) -> int:
    """Where the issuer code of a number matched at `start` with `prefix` begins: after the last
    space or line break of the prefix ("办公室文件 常政办发〔2018〕32号") unless the citation opened
    with a bracket before it (a code wrapped over lines), and after a leading word that is no
    part of a code ("根据闽政办函…")."""
    cut = start
    spaced = [i for i, ch in enumerate(prefix.rstrip()) if ch.isspace()]
    if spaced and not (start > 0 and text[start - 1] in "（("):
        cut = start + spaced[-1] + 1
    code = squash(text[cut:start + len(prefix)])
    word = next((w for w in sorted(LEAD_WORDS, key=len, reverse=True) if code.startswith(w) and code != w), None)
    return _past(text, cut, len(word)) if word else cut


def _relation(text: str, start: int, end: int, ends: list[int]) -> str:
    """basis | forwarding | reference, from the words of the sentence before text[start:end]
    (other titles in it left out: "关于印发…" inside a title says nothing) and just after it;
    ends: where each sentence of text ends (SENTENCE_END), in order, found once a document."""
    k = bisect.bisect_right(ends, start)  # the sentences ended before the citation
    before = TITLE_RE.sub("", squash(text[ends[k - 1] if k else 0:start])).split("《")[0]  # an unclosed one too
    nearest = max(((before.rfind(w), r) for w, r in BEFORE_WORDS.items() if w in before), default=None)
    if nearest:
        return nearest[1]
    after = squash(text[end:end + AFTER_RAW_CHARS]).lstrip("）)")[:AFTER_WINDOW]
    return next((r for w, r in AFTER_WORDS.items() if after.startswith(w)), "reference")


def _letterhead(text: str, begin: int) -> bool:
    """Whether a number starting at `begin` is the document's own, printed in its letterhead: not
    in brackets and before the first sentence of the text ("盐政办发〔2022〕16号" above the title)."""
    return not text[:begin].rstrip().endswith(("（", "(")) and not SENTENCE_END.search(text[:begin])


def read_citations(lines: list[Line]) -> list[Citation]:
    """Every citation in a document, in printed order, one per occurrence.

    lines: the document's cleaned lines. Returns Citations: the number as printed (line breaks
    inside it removed, spaces kept) or None for a title cited alone, the title in 《》 beside it
    (whitespace removed) or None, the relation (basis | forwarding | reference) and the line
    where the citation starts. A number printed bare in the letterhead (before the first sentence,
    no title, no basis word) is the document's own and left out; dbt also leaves out any number
    equal to the own number in its metadata.
    Example: "按照《…的通知》（闽政办函〔2021〕20 号）要求" -> Citation("闽政办函〔2021〕20 号",
    "…的通知", "basis", line). Never raises.
    """
    text, starts, numbers = _joined(lines)

    def line_at(offset: int) -> int:
        return numbers[bisect.bisect_right(starts, offset) - 1]

    found: list[tuple[int, Citation]] = []
    titled_ends: set[int] = set()
    titles = list(TITLE_RE.finditer(text))
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    for start, prefix, end in _numbers(text):
        begin = _issuer_start(text, start, prefix)
        printed = re.sub(r"\s*\n\s*", "", text[begin:end])
        title, cite_start = None, begin
        for t in titles:
            if t.end() <= begin and TITLE_TO_NUMBER.match(text[t.end():begin].replace("\n", " ")):
                title, cite_start = squash(t.group(1)), t.start()
                titled_ends.add(t.end())
        if title is None and (opened := UNCLOSED_TITLE.search(text[max(0, begin - CITED_TITLE_MAX):begin])):
            title, cite_start = squash(opened.group(1)), begin - len(opened.group(0))
        relation = _relation(text, cite_start, end, ends)
        if title is None and relation != "basis" and _letterhead(text, begin):
            continue
        found.append((cite_start, Citation(printed, title, relation, line_at(cite_start))))
    for t in titles:
        title = squash(t.group(1))
        if t.end() not in titled_ends and NOTICE_TITLE.search(title):
            relation = _relation(text, t.start(), t.end(), ends)
            found.append((t.start(), Citation(None, title, relation, line_at(t.start()))))
    return [c for _, c in sorted(found, key=lambda pair: pair[0])]
