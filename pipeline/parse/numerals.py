"""Numbers as documents print them, read to integers: the one place a numeral is read.

Section and item markers ("十二、", "（一百零五）", "3.") and the parts of a date phrase ("十二月",
"二〇二一年") are read here, with cn2an for the Chinese ones. The parser ships what it reads as
integer fields (pipeline/warehouse/records.py: heading ordinal, task_ordinal, l1_ordinal, l2_ordinal), so
SQL reads integers and converts nothing.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from pipeline.parse.settings import NUMERAL_CACHE, NUMERAL_MAX


@lru_cache(maxsize=NUMERAL_CACHE)
def read_number(printed: str | None, *, digit_by_digit: bool = False) -> int | None:
    """Integer value of a number as printed, or None when it reads as no number.

    Input: the number alone, in Arabic digits (half or full width: "12", "１２", "07") or as a
    Chinese numeral. A Chinese numeral is read by cn2an in strict mode, 1..NUMERAL_MAX, the forms
    section and item markers print: "十二" -> 12, "二十一" -> 21, "一百零五" -> 105, "一千零一" -> 1001;
    an ill-formed one ("十十", "一一", "一百一"), 零, a number with 万 or text that is no numeral
    gives None, which numbering_issues reports as an unreadable number. digit_by_digit=True also
    reads a numeral printed one digit at a time, as years are (cn2an's smart mode): "二〇二一" or
    "二○二一" -> 2021, "一二" -> 12. Raises nothing.
    """
    if not printed:
        return None
    # 〇 and ○ are 零 as markers print them (一千〇一), which cn2an's strict mode reads
    text = unicodedata.normalize("NFKC", printed).replace("○", "零").replace("〇", "零")
    if text.isdecimal():  # digits of any script: "12", "07" ("１２" is "12" after NFKC)
        return int(text)
    if text.isascii():
        return None
    # imported here: cn2an takes ~0.15 s to import, which a command that parses nothing (a build
    # whose documents are all current, `taskmarts sql`) must not pay
    import cn2an

    try:
        value = int(cn2an.cn2an(text, "smart" if digit_by_digit else "strict"))
    except ValueError:
        return None
    return value if 1 <= value <= NUMERAL_MAX else None
