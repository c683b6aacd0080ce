"""Due dates: the deadline phrase of a task (as printed) resolved to a date, or classed as
recurring or ongoing.

    due(deadline, requirement, title, year) -> Due(text, date, kind)
    milestones(deadline, requirement, title, year) -> [(phrase, date)]: every dated step

Where the phrase comes from: the task's deadline cell or labelled field (时限, 完成时限) when it
has one, the whole cell being the phrase; else the first phrase found in the requirement, then
in the title. A date phrase wins over a recurring one, a recurring one over an ongoing one;
among several dates the latest is kept (a task is due when its last step is), with its phrase;
milestones() keeps them all.

How a phrase resolves (year: printed in the phrase, else carried from an earlier phrase of the
same text, else the document's year; 今年/本年/当年 is the document's year, 明年/次年 the next):

    2020年7月15日前, 7月15日          -> that day
    10月底前, 10月末, 10月份            -> the last day of the month
    10月上旬 / 中旬 / 下旬              -> the 10th / 20th / last day
    8月前, 8月之前                      -> the day before 8月1日 (07-31)
    年底前, 年末, 年内, 今年内, 下半年   -> 12-31
    上半年                              -> 06-30
    一季度, 第二季度末, 3季度前         -> the last day of the quarter (03-31, 06-30, 09-30)
    每季度, 每月, 每年, 每半年, 定期    -> recurring (no date)
    长期坚持, 长期推进, 持续推进, 常年  -> ongoing (no date)

Numbers (十二月, 二〇二一年, １２月) are read by pipeline/parse/numerals.py read_number (cn2an). A date phrase whose year cannot be
known (no year printed, none for the document) keeps kind 'date' with a NULL date, and an
impossible date (2月30日) gives NULL. Nothing else is guessed: text with no such phrase gives
Due(None, None, None).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from pipeline.parse.numerals import read_number

# one numeral as printed: Arabic (half or full width) or Chinese (〇 and ○ as zero in years)
_NUM = r"[0-9０-９〇○零一二三四五六七八九十两]"
_YEAR = rf"(?:(?P<year>{_NUM}{{4}})年|(?P<rel>今|本|当|明|次)年(?:度)?)"
_BEFORE = r"(?:前|之前|以前)"
# a month that is not the tail of a longer number (12月 is not 2月) nor of a duration (3个月)
_MONTH = rf"(?<![0-9０-９〇○零一二三四五六七八九十两个])(?P<month>{_NUM}{{1,3}})月"

# (form, pattern, a character every match holds: patterns are tried only on texts holding it)
_DATE_FORMS: list[tuple[str, re.Pattern, str]] = [
    # 7月15日前 | 6月上旬 | 10月底前 | 8月前: one pass, the form told by the group that matched
    ("month", re.compile(rf"{_YEAR}?{_MONTH}(?:份)?(?:(?P<day>{_NUM}{{1,3}})[日号](?:{_BEFORE}|止)?"
                         rf"|(?P<part>上旬|中旬|下旬)(?:末|{_BEFORE})?|(?P<end>底|末)(?:{_BEFORE})?|(?P<before>{_BEFORE}))"),
     "月"),
    ("half", re.compile(rf"{_YEAR}?(?P<half>上半年|下半年)"), "半"),
    ("quarter", re.compile(rf"{_YEAR}?(?<!每)(?<!每个)第?(?P<quarter>[一二三四1-4１-４])季度(?:末|底)?(?:{_BEFORE})?"),
     "季"),
    # 年底前 / 2021年底 / 年内 / 今年内; not 三年内 (a duration) nor 每年
    ("year_end", re.compile(rf"(?:(?P<year>{_NUM}{{4}})|(?P<rel>今|本|当|明|次)|(?<![0-9０-９〇○零一二三四五六七八九十两每多几]))"
                            rf"年(?:度)?(?:底|末|内)(?:{_BEFORE})?"), "年"),
]
# a bare month (9月投入使用) counts only in a deadline cell, where nothing else is meant
_BARE_MONTH = re.compile(rf"{_YEAR}?{_MONTH}(?:份)?")
_RECURRING = re.compile(r"每(?:个)?(?:半年|年度?|季度?|月|旬|周|星期|天|日)(?:末月|末|底|初)?"
                        rf"(?:{_NUM}{{1,3}}[日号])?(?:{_BEFORE})?|定期|按(?:季度?|月|年)")
_ONGOING = re.compile(r"长期坚持|长期推进|长期开展|长期执行|长期|持续推进|持续开展|持续|常年|常态化推进|常态化开展")


@dataclass(frozen=True)
class Due:
    """text: the phrase as printed; date: a datetime.date or None; kind: 'date', 'recurring',
    'ongoing' or None (no phrase)."""

    text: str | None = None
    date: dt.date | None = None
    kind: str | None = None


def number(printed: str) -> int:
    """A date part as printed -> int, read by read_number (digit by digit, as years print):
    "12", "１２", "十二", "二〇二一". Raises ValueError when it reads as no number (a date
    that cannot be, as 2月30日 is)."""
    value = read_number(printed, digit_by_digit=True)
    if value is None:
        raise ValueError(f"{printed!r} reads as no number")
    return value


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve(form: str, m: re.Match, year: int | None) -> dt.date | None:
    """The date a matched phrase names in `year` (already resolved); None when impossible."""
    if year is None:
        return None
    g = m.groupdict()
    try:
        if form == "year_end":
            return dt.date(year, 12, 31)
        if form == "half":
            return dt.date(year, 6, 30) if g["half"] == "上半年" else dt.date(year, 12, 31)
        if form == "quarter":
            return _month_end(year, 3 * number(g["quarter"]))
        month = number(g["month"])
        if g.get("day"):
            return dt.date(year, month, number(g["day"]))
        if g.get("part"):
            return {"上旬": dt.date(year, month, 10), "中旬": dt.date(year, month, 20)}.get(
                g["part"]) or _month_end(year, month)
        if g.get("before"):
            return dt.date(year, month, 1) - dt.timedelta(days=1)
        return _month_end(year, month)  # 月底, 月末, a bare month
    except (ValueError, OverflowError):  # 2月30日, 13月
        return None


def _year(m: re.Match, doc_year: int | None, carried: int | None) -> int | None:
    g = m.groupdict()
    if g.get("year"):
        return read_number(g["year"], digit_by_digit=True)  # None: a year no number reads, unknown
    if g.get("rel"):
        return None if doc_year is None else doc_year + (1 if g["rel"] in "明次" else 0)
    return carried if carried is not None else doc_year


def dates(text: str, doc_year: int | None, bare_months: bool = False) -> list[tuple[str, dt.date | None]]:
    """Every date phrase of `text` in printed order, as (phrase, date or None). A year printed
    in one phrase carries to the phrases after it, and is written into them: "2018年10月底前…，
    年底前…" -> [("2018年10月底前", 2018-10-31), ("2018年底前", 2018-12-31)]."""
    forms = _DATE_FORMS + ([("bare_month", _BARE_MONTH, "月")] if bare_months else [])
    found: list[tuple[int, int, str, re.Match]] = []
    for form, pattern, hint in forms:
        if hint not in text:
            continue
        for m in pattern.finditer(text):
            # a phrase inside one already found (月底前 inside 10月底前) is not another date
            if not any(s <= m.start() and m.end() <= e for s, e, _, _ in found):
                found = [f for f in found if not (m.start() <= f[0] and f[1] <= m.end())]
                found.append((m.start(), m.end(), form, m))
    out, carried = [], None
    for _, _, form, m in sorted(found, key=lambda f: f[0]):
        year = _year(m, doc_year, carried)
        phrase, g = m.group(0), m.groupdict()
        if g.get("year"):
            carried = year
        elif not g.get("rel") and carried is not None:  # the year it inherits is written in
            phrase = f"{carried}{'' if phrase.startswith('年') else '年'}{phrase}"
        out.append((phrase, _resolve(form, m, year)))
    return out


def _latest(found: list[tuple[str, dt.date | None]]) -> Due:
    known = [f for f in found if f[1] is not None]
    phrase, date = max(known, key=lambda f: f[1]) if known else found[0]
    return Due(phrase, date, "date")


def due(deadline: str | None, requirement: str | None, title: str | None, year: int | None) -> Due:
    """The task's due phrase, date and kind (see the module docstring). deadline: the deadline
    cell as printed (None or blank when the document has none); year: the document's year."""
    if deadline and deadline.strip():
        cell = deadline.strip()
        found = dates(cell, year, bare_months=True)
        if found:
            return Due(cell, _latest(found).date, "date")
        if _RECURRING.search(cell):
            return Due(cell, None, "recurring")
        if _ONGOING.search(cell):
            return Due(cell, None, "ongoing")
        return Due(cell, None, None)
    texts = [t for t in (requirement, title) if t]
    for text in texts:
        found = dates(text, year)
        if found:
            return _latest(found)
    for pattern, kind in ((_RECURRING, "recurring"), (_ONGOING_TEXT, "ongoing")):
        for text in texts:
            m = pattern.search(text)
            if m:
                return Due(m.group(0), None, kind)
    return Due()


def milestones(deadline: str | None, requirement: str | None, title: str | None,
               year: int | None) -> list[tuple[str, dt.date | None]]:
    """Every dated step of a task, in printed order, as (phrase, date or None): the date phrases
    of its deadline cell when it has one, else of its requirement then its title (a phrase
    printed in both once). Phrases carry the year they inherit (see dates); year: the document's.
    Example: (None, "2018年10月底前编制完成…，年底前公开", None, 2018) ->
    [("2018年10月底前", 2018-10-31), ("2018年底前", 2018-12-31)]."""
    if deadline and deadline.strip():
        return dates(deadline.strip(), year, bare_months=True)
    found = [f for text in (requirement, title) if text for f in dates(text, year)]
    return list(dict.fromkeys(found))


# in running text only the explicit phrases count (持续 alone is too common a verb)
_ONGOING_TEXT = re.compile(r"长期坚持|长期推进|长期开展|长期执行|持续推进|常年开展|常态化推进")
