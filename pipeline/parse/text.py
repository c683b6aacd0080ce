"""Text clean-up shared by every rule: artefact removal, whitespace folding, numbering markers."""
from __future__ import annotations

import re
import unicodedata

from pipeline.parse.model import Line

_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# Everything Unicode calls a space, except tab, which carries structure in several layouts.
_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]")

CN_DIGITS = "零〇一二三四五六七八九十百"
# "一、" top-level; "（一）" / "(一)" second level; "1." / "1、" / "1．" task; "（1）" task.
L1_RE = re.compile(rf"^([{CN_DIGITS}]+)[、.．]\s*(.*)$", re.S)
L2_RE = re.compile(rf"^[（(]([{CN_DIGITS}]+)[）)]\s*[、.．]?\s*(.*)$", re.S)
TASK_RE = re.compile(r"^(\d{1,3})\s*(?:[.．、](?!\d)|[）)])\s*(.*)$", re.S)
TASK_PAREN_RE = re.compile(r"^[（(](\d{1,3})[）)]\s*(.*)$", re.S)


def clean_lines(text: str) -> list[Line]:
    """Split decoded text into numbered lines with artefacts removed.

    Input: the whole document as one str (any of LF, CRLF, CR endings).
    Output: one Line per raw line, same count and numbering as the file (1-based), with HTML
    tags and "[bookmark: …]" removed, every non-tab space character turned into a plain space
    and trailing whitespace stripped. Leading tabs are kept: indented layouts need them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for no, raw in enumerate(text.split("\n"), 1):
        s = _BOOKMARK.sub("", _HTML_TAG.sub("", raw))
        s = _SPACES.sub(" ", s).rstrip(" ")  # trailing tabs are empty cells: keep them
        out.append(Line(no, s))
    return out


def squash(text: str | None) -> str:
    """Remove all whitespace (letter spacing, wraps, NBSP): "区 直 各 部\\n门" -> "区直各部门"."""
    return "".join((text or "").split())  # str.split() splits at every Unicode space


def fold(text: str) -> str:
    """NFKC-fold and squash, for comparisons only (full/half-width punctuation become one)."""
    return squash(unicodedata.normalize("NFKC", text))


def cn_to_int(numeral: str) -> int | None:
    """Value of a Chinese numeral as printed in section markers: "十二" -> 12, "二十一" -> 21.

    Returns None for anything that is not a numeral up to 999.
    """
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if not numeral or any(c not in digits and c not in "十百" for c in numeral):
        return None
    total, current = 0, 0
    for ch in numeral:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = digits[ch]
    return total + current


def int_to_cn(value: int) -> str:
    """Inverse of cn_to_int for 1..99: 11 -> "十一", 20 -> "二十"."""
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def ordinal(number: str | None) -> int | None:
    """Integer value of a printed number, arabic or Chinese: "12" -> 12, "十二" -> 12."""
    if not number:
        return None
    return int(number) if number.isdigit() else cn_to_int(number)
