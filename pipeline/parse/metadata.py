"""Preamble metadata: title, issuer, document number (发文字号), signed date, published date, year.

Looked for in the lines before the body (the table header or first item), and for the
signature also after it, so site navigation, metadata pipe tables and "抄送：" lines around a
document do not matter. Site labels ("发布日期：…", "名称：…") are read by site_labels.py.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.parse.items import ALL_STYLES, item_style, split_inline
from pipeline.parse.layouts.base import is_signature_line
from pipeline.parse.model import DocumentMeta, Line
from pipeline.parse.rules import Rules
from pipeline.parse.settings import (
    ISSUER_ABOVE_LINES,
    NOTICE_LINE_MAX,
    NOTICE_TITLE_LINES,
    PREFIX_MAX,
    SIGNATURE_ABOVE_LINES,
    TITLE_MAX,
    UNIT_NAME_MAX,
)
from pipeline.parse.site_labels import read_site_labels
from pipeline.parse.text import DOC_NUMBER_TAIL, run_on_line, squash
from pipeline.parse.units import is_complete_name

# 闽政办函〔2021〕34号, 厦海政办〔2021〕18 号, 鞍立政发[2023]2号
DOC_NUMBER_RE = re.compile(rf"[\u4e00-\u9fff]{{1,{PREFIX_MAX}}}\s*{DOC_NUMBER_TAIL}")
_NUMBER_YEAR = re.compile(r"[〔［\[【(（]\s*(\d{4})\s*[〕］\]】)）]")
# a document's own title line ends with one of the vocabulary's task_title_kinds ("…责任分解方案",
# "…任务台账"), a trailing bracketed note ("（截至10月31日）") aside; the document's first line may
# hold its kind anywhere (a news headline "陕西《政府工作报告》部门分工确定")
_TRAILING_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
# a title is a heading, not a sentence: none of these marks, and not longer than this
_SENTENCE_MARKS = re.compile(r"[。，,；;：:！!？?]")
_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# a year printed in a title ("2023年区《政府工作报告》…"); a span ("2015—2020年") names no one year
_YEAR_SPAN = re.compile(r"\d{4}\s*年?\s*[—–\-~至到]+\s*\d{4}\s*年?")
_TITLE_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")


def _doc_number(pre: list[Line]) -> str | None:
    """The document's own number: a preamble line, or a space-separated piece of one (a cover
    flattened to one line: "…办公室文件 常政办发〔2018〕32号 市政府办公室关于…"), that holds
    nothing but a 发文字号."""
    for line in pre:
        for piece in [line.text, *line.text.split()]:
            m = DOC_NUMBER_RE.search(piece)
            if m and squash(m.group(0)) == squash(piece):
                return squash(piece)
    return None


def _iso(text: str | None) -> str | None:
    """'2021-05-14' from a printed date ("2023- 02- 09 16: 47", "2021年03月16日"); None when none."""
    m = _ISO_DATE.search(text or "")
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def _ends_notice(text: str, rules: Rules) -> bool:
    """A notice heading's end: one of notice_title_kinds, a closing 》 aside ("…的通知》")."""
    return text.removesuffix("》").endswith(rules.notice_title_kinds)


def _notice_title(texts: list[str], rules: Rules) -> str | None:
    """A notice heading "…关于…的通知", which may wrap over lines, may start with the issuer on
    a line of its own, or stand inside a cover flattened to one line."""
    for i, s in enumerate(texts):
        k = s.find("关于")
        if k < 0 or s.startswith(("为", "根据", "按照", "经")) or "《" in s[:k]:
            continue
        if len(s) > NOTICE_LINE_MAX:
            title = _title_inside(s, rules)
            if title:
                return title
            continue
        parts, j = [s], i
        while not _ends_notice("".join(parts), rules) and j + 1 < len(texts) and len(parts) < NOTICE_TITLE_LINES:
            j += 1
            if texts[j]:
                parts.append(texts[j])
        if not _ends_notice("".join(parts), rules):
            continue
        if k == 0:
            prev = next((p for p in range(i - 1, max(i - 1 - ISSUER_ABOVE_LINES, -1), -1) if texts[p]), None)
            if prev is not None and is_complete_name(texts[prev], rules) and not DOC_NUMBER_RE.search(texts[prev]):
                parts.insert(0, texts[prev])  # the issuer on its own line before "关于…"
        return "".join(parts)
    return None


# "…〔2018〕32号 市政府办公室关于分解落实2018年 政府工作任务的通知 各镇人民政府，…": the heading
# between the document number (or the line start) and the salutation
@lru_cache(maxsize=4)
def _inside(kinds: tuple[str, ...]) -> re.Pattern:
    """The pattern of a notice heading quoted inside a line, ending with one of `kinds` (the issuer
    before 关于 is one name, UNIT_NAME_MAX; the whole heading is a title, TITLE_MAX)."""
    return re.compile(rf"(?:^|号)\s*([^\s，。：:；]{{0,{UNIT_NAME_MAX}}}关于[^。：:；]{{2,{TITLE_MAX}}}?的(?:{'|'.join(map(re.escape, kinds))}))")


def _title_inside(s: str, rules: Rules) -> str | None:
    m = _inside(rules.quoted_title_kinds).search(s)
    return squash(m.group(1)) if m else None


# "2.2025年十五件民盼实事任务分解" is an item of an attachment list, not a title
_NUMBERED = re.compile(r"^\d+\s*[.．、]")


def _is_title_line(s: str, rules: Rules, kind_anywhere: bool = False) -> bool:
    """A line that can be a document's own title: ends in a kind word (anywhere in it when
    kind_anywhere; a trailing bracketed note aside), is no sentence, no numbered item, no 附件
    line, no label line, no breadcrumb.
    Example: "2023年区《政府工作报告》确定的重点工作任务责任分解方案" -> True."""
    core = _TRAILING_NOTE.sub("", s)
    kinds = rules.task_title_kinds
    kind = any(k in core for k in kinds) if kind_anywhere else core.endswith(kinds)
    return (bool(core) and len(s) <= TITLE_MAX and bool(kind) and not _SENTENCE_MARKS.search(core)
            and item_style(s) is None and not _NUMBERED.match(s)
            and not s.startswith(("附件", "为", "根据", "按照")) and "|" not in s and ">" not in s)


def _own_title(texts: list[str], rules: Rules) -> str | None:
    """The document's own title line: the first that prints a year, else the first. A title
    wrapped over two lines ("徐庄镇2017年度安全生产专项整治" / "工作计划") is joined; the
    document's first line may name its kind anywhere (a headline: "陕西《政府工作报告》部门分工确定")."""
    found, tail = [], None
    first = next((i for i, s in enumerate(texts) if s), None)
    for i, s in enumerate(texts):
        if i == tail or not s:
            continue
        j = next((k for k in range(i + 1, len(texts)) if texts[k]), None)
        nxt = texts[j] if j is not None else ""
        if (not _is_title_line(s, rules) and nxt and _is_title_line(s + nxt, rules)
                and not _is_title_line(s, rules, True)):
            found.append(s + nxt)
            tail = j  # the wrapped tail is no title of its own
        elif _is_title_line(s, rules, kind_anywhere=i == first):
            found.append(s)
    return next((s for s in found if _TITLE_YEAR.search(_YEAR_SPAN.sub("", s))), found[0] if found else None)


def _title(pre: list[Line], first_body: Line | None, labels: dict[str, str], rules: Rules) -> str | None:
    """The title: a labelled one ("名称：…", "标题：…"), else a notice heading "…关于…的通知",
    else the document's own title line before the body (or the body's first line, a title the
    reading took as its heading)."""
    texts = [squash(ln.text).strip("|") for ln in pre]
    own = texts + ([squash(first_body.text).strip("|")] if first_body else [])
    return labels.get("title") or _notice_title(texts, rules) or _own_title(own, rules)


def _title_year(title: str | None) -> int | None:
    m = _TITLE_YEAR.search(_YEAR_SPAN.sub("", title or ""))
    return int(m.group(1)) if m else None


def _signature(lines: list[Line], rules: Rules) -> tuple[str | None, str | None]:
    """(issuer, ISO date) from "机关名\\n2021年5月14日" or "机关名 2020年6月11日"."""
    texts = [ln.text.strip() for ln in lines]
    for i, text in enumerate(texts):
        m = is_signature_line(text)
        if not m:
            continue
        date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        before = squash(text[: m.start()])
        if before and is_complete_name(before, rules):
            return before, date
        prev = next((squash(t) for t in reversed(texts[max(0, i - SIGNATURE_ABOVE_LINES):i]) if squash(t)), "")
        if prev and is_complete_name(prev, rules) and len(prev) <= UNIT_NAME_MAX:
            return prev, date
    return None, None


def _issuer_in_title(title: str | None, rules: Rules) -> str | None:
    """The issuer a notice heading opens with: "沈阳市辽中区人民政府关于印发…" -> the name before 关于."""
    k = (title or "").find("关于")
    name = title[:k] if k > 0 else ""
    return name if name and is_complete_name(name, rules) else None


# a gap between words of a run-on text, where a line break was lost; never inside a date or a
# 发文字号 ("2021 年 8 月 9 日", "〔2021〕18 号"), which keep their spaces
_WORD_GAP = re.compile(r"(?<!\d)\s+(?![\d年月日号])")


def _unrun(lines: list[Line], body_start: int) -> tuple[list[Line], int]:
    """Lines and body start for a document whose line breaks were lost (a web copy): a run-on
    line (RUN_ON_SHARE of the text) holds the cover, title and signature too, so it is cut at
    the gaps between its words into lines of its own number; where the body starts on it, the
    body starts at its first item. Other documents come back as they are.
    Example: [Line(1, "厦海政办〔2021〕18 号 厦门市…办公室 关于印发 2021 年…的通知 各街道： … 1.…")] ->
    (["厦海政办〔2021〕18 号", "厦门市…办公室", "关于印发 2021 年…的通知", …], index of "1.…")."""
    at = run_on_line([ln.text for ln in lines])
    if at is None:
        return lines, body_start
    text = lines[at].text
    first_item = next((piece for piece in split_inline(text.strip(), ALL_STYLES, {}) if item_style(piece)), None)
    cut = text.find(first_item) if first_item and at >= body_start else len(text)  # else all of it is preamble
    head = [Line(lines[at].no, word) for word in _WORD_GAP.split(text[:cut]) if word.strip()]
    tail = [Line(lines[at].no, word) for word in _WORD_GAP.split(text[cut:]) if word.strip()]
    start = at + len(head) if at >= body_start else body_start + len(head) + len(tail) - 1
    return lines[:at] + head + tail + lines[at + 1:], start


def extract_meta(lines: list[Line], body_start: int, rules: Rules) -> DocumentMeta:
    """Metadata of one document from its cleaned lines; body_start is the index where the
    layout's body begins. Fields the document does not print are None.

    issuer: the signature, else a site's 发布机构 label, else the name a notice heading opens
    with, else a 来源 label naming an organisation. year: the one year the title prints, else
    that of the signed date, of the 发文字号, of the published date. A document that lost its line
    breaks is read in the pieces its words make (_unrun)."""
    lines, body_start = _unrun(lines, body_start)
    pre = lines[:body_start]
    labels = read_site_labels([ln.text for ln in pre])
    title = _title(pre, lines[body_start] if body_start < len(lines) else None, labels, rules)
    issuer, date = _signature(pre, rules)
    if issuer is None:
        issuer, date = _signature(lines[body_start:], rules) if date is None else (issuer, date)
    source = labels.get("source")
    issuer = (issuer or labels.get("issuer") or _issuer_in_title(title, rules)
              or (source if source and is_complete_name(source, rules) else None))
    date = date or _iso(labels.get("signed"))
    published = _iso(labels.get("published"))
    label_number = labels.get("number", "")
    number = _doc_number(pre) or (label_number if DOC_NUMBER_RE.fullmatch(label_number) else None)
    number_year = _NUMBER_YEAR.search(number or "")
    year = (_title_year(title) or (int(date[:4]) if date else None)
            or (int(number_year.group(1)) if number_year else None) or (int(published[:4]) if published else None))
    return DocumentMeta(title=title, issuer=issuer, doc_number=number, signed_date=date,
                        published_date=published, year=year)
