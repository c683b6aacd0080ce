"""Table header recognition: header cell text -> canonical column name, via rules/column_headers.csv."""
from __future__ import annotations

from pipeline.parse.rules import Rules, load_rules
from pipeline.parse.text import squash

UNIT_COLUMNS = ("lead", "responsible", "cooperating")


def column_of(cell: str, rules: Rules | None = None) -> str | None:
    """Canonical column for one header cell, or None: "牵 头 单 位" -> "lead", "时限要求" -> "deadline"."""
    rules = rules or load_rules()
    return rules.headers.get(squash(cell).rstrip(":："))


def header_columns(cells: list[str], rules: Rules | None = None) -> list[str] | None:
    """Canonical columns of a header row, or None when `cells` is not a header row.

    A header row has at least two cells, every non-empty cell is a known header, and it names a
    task or requirement column plus a unit column. Example:
    ["工 作 任 务", "工 作 要 求", "牵 头 单 位", "责 任 单 位"] -> ["task", "requirement", "lead", "responsible"].
    """
    rules = rules or load_rules()
    filled = [c for c in cells if squash(c)]
    if len(filled) < 2:
        return None
    cols = [column_of(c, rules) for c in filled]
    if None in cols:
        return None
    if not ({"task", "requirement"} & set(cols)) or not (set(UNIT_COLUMNS) & set(cols)):
        return None
    return cols  # type: ignore[return-value]


def is_header_text(text: str, rules: Rules | None = None) -> bool:
    """True for a one-line header written with spaces: "工作任务 工作要求 牵头单位 责任单位"."""
    parts = text.split()
    if header_columns(parts, rules):
        return True
    # letter-spaced on one line: try every known header as a prefix of the squashed text
    rules = rules or load_rules()
    rest, found = squash(text), 0
    while rest:
        hit = next((h for h in rules.header_names if rest.startswith(h)), None)
        if not hit:
            return False
        rest, found = rest[len(hit):], found + 1
    return found >= 2
