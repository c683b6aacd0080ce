"""A document's jurisdiction: the province, city or county (district) whose government or
department issued it, with its adcode, level and the evidence that decided it.

Sources, in order; the first that names a division decides:
  issuer       the issuer's name (metadata): 江门市蓬江区民政局 -> 蓬江区 (440703)
  doc_number   the 发文字号 prefix (places.abbreviation_candidates): 闽政办 -> 福建省, 厦海政办 -> 海沧区
  title        the title: 潍坊政务公开工作要点实施方案 -> 潍坊市
  preamble     the first place name in the lines before the body (来源：苍南县人民政府办公室)
  body         the first place name in the rest of the text (a bare table naming 宣城市 in its cells)
A division's full name counts anywhere (in the preamble and body only from FULL_NAME_MIN characters:
"完成县…" is not 成县). A short name (潍坊 for 潍坊市) is a common word as often as a place (合作, 资源,
惠民 are counties), so it counts only where a place name stands: opening the issuer, the title or a
preamble line (after a year: "2025年金乡…"), and in the body opening a cell that names an
organisation (广德经开区管委会), before a branch word (中国电信湛江分公司, 生态环境局咸安分局) or
closing a quoted slogan (“开放江门”).
"""
from __future__ import annotations

import re

from pipeline.parse.model import DocumentMeta, Jurisdiction
from pipeline.parse.places import (
    PlaceName,
    abbreviation_candidates,
    divisions,
    find_places,
    is_within,
)
from pipeline.parse.rules import Rules, load_rules
from pipeline.parse.settings import FULL_NAME_MIN, PLACE_CONTEXT_CHARS, SCAN_CHARS

SOURCES = ("issuer", "doc_number", "title", "preamble", "body")
# the letters of a 发文字号 before its year bracket: 厦海政办〔2021〕18号 -> 厦海政办
_NUMBER_PREFIX = re.compile(r"^([\u4e00-\u9fff]+)\s*[〔［\[【(（]")
_OPENING = re.compile(r"(?:^|\n)[\s\d年]*$")  # nothing but space and a year before: "2025年金乡县…"
_CELL_START = re.compile(r"(?:^|[\n|、，,；;：:（(“\s])$")  # a cell, list item or bracket opens here
_CELL_END = re.compile(r"[\n|、，,；;（(）)]")
_BRANCH_WORDS = ("分公司", "分局", "分行", "支行", "分中心")  # a branch is named after its place


def _first_division(places: list[PlaceName]) -> str | None:
    """The adcode the first unambiguous place name stands for, refined by the names printed right
    after it inside it (沈阳市辽中区 -> 辽中区). A name several divisions share (鼓楼区) is
    narrowed to those inside or around another name of the same text, else skipped."""
    for i, place in enumerate(places):
        candidates = place.adcodes
        if len(candidates) > 1:
            others = [c for other in places if other is not place for c in other.adcodes]
            candidates = tuple(c for c in candidates if any(is_within(c, o) or is_within(o, c) for o in others))
        if len(candidates) != 1:
            continue
        code, end = candidates[0], place.end
        for following in places[i + 1:]:
            inner = [c for c in following.adcodes if c != code and is_within(c, code)]
            if following.start != end or len(inner) != 1:
                break
            code, end = inner[0], following.end
        return code
    return None


def _from_number(doc_number: str | None) -> str | None:
    """The division a 发文字号 prefix abbreviates when exactly one fits best: the longest chain,
    then the highest level (辽政发: 辽宁省 over 辽阳市); None when two fit equally (东府办: 东莞, 东营)."""
    m = _NUMBER_PREFIX.match(doc_number or "")
    if not m:
        return None
    candidates = abbreviation_candidates(m.group(1))
    if not candidates:
        return None
    table = divisions()
    best = [c for c in candidates
            if c[0] == candidates[0][0] and table[c[1]].level == table[candidates[0][1]].level]
    return best[0][1] if len(best) == 1 else None


def _opening(text: str) -> list[PlaceName]:
    """Full names anywhere, short names only where a line opens (issuer, title, preamble lines)."""
    return [p for p in find_places(text, short=True)
            if len(p.text) >= FULL_NAME_MIN and _is_full(p) or _OPENING.search(text[:p.start])]


def _is_full(place: PlaceName) -> bool:
    table = divisions()
    return any(table[c].name == place.text for c in place.adcodes)


def _in_body(text: str, rules: Rules) -> str | None:
    """The body's division: from its full names of FULL_NAME_MIN characters or more, else from
    short names opening an organisation's name in a cell (广德经开区管委会) or before a branch
    word (湛江分公司) or closing a quoted slogan (“美好相山”)."""
    full, short = [], []
    for p in find_places(text, short=True):
        if _is_full(p):
            if len(p.text) >= FULL_NAME_MIN:
                full.append(p)
            continue
        rest = _CELL_END.split(text[p.end:p.end + PLACE_CONTEXT_CHARS], maxsplit=1)[0].strip()
        if rest.startswith(_BRANCH_WORDS) or text[p.end:p.end + 1] == "”" or (
                _CELL_START.search(text[max(0, p.start - 1):p.start]) and rest.endswith(rules.org_suffixes)):
            short.append(p)
    return _first_division(full) or _first_division(short)


def locate(meta: DocumentMeta, preamble: list[str], body: list[str]) -> Jurisdiction | None:
    """The document's jurisdiction from its metadata and text, or None when nothing names a place.

    meta: the parsed metadata (issuer, doc_number and title are read; any may be None);
    preamble / body: the text lines before / from the body's first line (the first SCAN_CHARS
    characters of each are searched).
    Example: issuer None, doc_number "闽政办〔2021〕34号" -> Jurisdiction("福建省", "350000", "province", "doc_number").
    """
    rules = load_rules()
    found = {
        "issuer": lambda: _first_division(_opening(meta.issuer or "")),
        "doc_number": lambda: _from_number(meta.doc_number),
        "title": lambda: _first_division(_opening(meta.title or "")),
        "preamble": lambda: _first_division(_opening("\n".join(preamble)[:SCAN_CHARS])),
        "body": lambda: _in_body("\n".join(body)[:SCAN_CHARS], rules),
    }
    for source in SOURCES:
        code = found[source]()
        if code:
            division = divisions()[code]
            return Jurisdiction(division.name, code, division.level, source)
    return None
