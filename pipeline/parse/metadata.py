"""Preamble metadata: title, issuer, document number (发文字号), signed date, year.

Looked for in the lines before the body (the table header or first item), and for the
signature also after it, so site navigation, metadata pipe tables and "抄送：" lines around a
document do not matter.
"""
from __future__ import annotations

import re

from pipeline.parse.layouts.base import is_signature_line
from pipeline.parse.model import DocumentMeta, Line
from pipeline.parse.rules import Rules
from pipeline.parse.text import squash
from pipeline.parse.units import is_complete_name

# 闽政办函〔2021〕34号, 厦海政办〔2021〕18 号, 鞍立政发[2023]2号
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔［\[【(（]\s*\d{4}\s*[〕］\]】)）]\s*\d{1,4}\s*号")
_TITLE_END = re.compile(r"(通知|意见|方案|决定|通报|办法|要点|分解表|清单|责任分工|规划|计划|函|批复|细则)》?$")
_KIND_END = re.compile(r"(分解表|实施方案|工作要点|任务清单|责任分工|分工方案|工作方案|任务分工|分工表|台账)$")
# a site's metadata table: "发布机构 | XX市统计局 | 成文日期 | 2024-03-01 |"
_META_KEYS = {"发布机构": "issuer", "发文机关": "issuer", "成文日期": "date", "发文字号": "number", "文号": "number"}
_ISO_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def _doc_number(pre: list[Line]) -> str | None:
    """The document's own number: a preamble line that holds nothing but a 发文字号."""
    for line in pre:
        s = squash(line.text)
        m = DOC_NUMBER_RE.search(line.text)
        if m and squash(m.group(0)) == s:
            return s
    return None


def _title(pre: list[Line], rules: Rules) -> str | None:
    """The title. A notice heading "…关于…的通知" may wrap over lines and
    may start with the issuer on a line of its own; a bare table has its own title line."""
    texts = [squash(ln.text) for ln in pre]
    for i, s in enumerate(texts):
        k = s.find("关于")
        if k < 0 or s.startswith(("为", "根据", "按照", "经")) or "《" in s[:k] or len(s) > 80:
            continue
        parts, j = [s], i
        while not _TITLE_END.search("".join(parts)) and j + 1 < len(texts) and len(parts) < 4:
            j += 1
            if texts[j]:
                parts.append(texts[j])
        if not _TITLE_END.search("".join(parts)):
            continue
        if k == 0:
            prev = next((p for p in range(i - 1, max(i - 3, -1), -1) if texts[p]), None)
            if prev is not None and is_complete_name(texts[prev], rules) and not DOC_NUMBER_RE.search(texts[prev]):
                parts.insert(0, texts[prev])  # the issuer on its own line before "关于…"
        return "".join(parts)
    return next((s for s in texts if _KIND_END.search(s) and len(s) <= 60 and not s.startswith(("为", "根据"))), None)


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
        prev = next((squash(t) for t in reversed(texts[max(0, i - 3):i]) if squash(t)), "")
        if prev and is_complete_name(prev, rules) and len(prev) <= 30:
            return prev, date
    return None, None


def _meta_table(pre: list[Line]) -> dict[str, str]:
    """issuer / date / number from "键 | 值 |" metadata rows that sites print above a notice."""
    found: dict[str, str] = {}
    for line in pre:
        if "|" not in line.text:
            continue
        cells = [squash(c) for c in line.text.split("|")]
        for key, value in zip(cells, cells[1:]):
            field = _META_KEYS.get(key.replace(":", "").replace("：", ""))
            if field and value and field not in found:
                found[field] = value
    return found


def extract_meta(lines: list[Line], body_start: int, rules: Rules) -> DocumentMeta:
    """Metadata of one document from its cleaned lines; body_start is the index where the
    layout's body begins. Fields the document does not print are None."""
    pre = lines[:body_start]
    title = _title(pre, rules)
    issuer, date = _signature(pre, rules)
    if issuer is None:
        issuer, date = _signature(lines[body_start:], rules) if date is None else (issuer, date)
    table = _meta_table(pre)
    issuer = issuer or table.get("issuer")
    m = _ISO_DATE.search(table.get("date", "")) if not date else None
    if m:
        date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    number = _doc_number(pre) or (table["number"] if DOC_NUMBER_RE.fullmatch(table.get("number", "")) else None)
    year = int(date[:4]) if date else None
    if year is None and title:
        m = re.search(r"(\d{4})年", title)
        year = int(m.group(1)) if m else None
    return DocumentMeta(title=title, issuer=issuer, doc_number=number, signed_date=date, year=year)
