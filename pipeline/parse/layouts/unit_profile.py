"""Which unit column a unit cell stands in, when its row lost a unit cell and nothing else says.

A flattened table whose empty and merged cells vanish leaves rows with fewer unit cells than the
header has unit columns: "8．完成…指标 / 生态环境分局、各镇乡（街道） / 年底前" under 牵头|责任|时间. The
row's own cells cannot tell lead from responsible; the other rows can. A column's names are those
its full rows (one cell per unit column) print; a name only one column holds is evidence for that
column, and a cell goes where its evidence points.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import combinations

from pipeline.parse.columns import UNIT_COLUMNS
from pipeline.parse.model import Heading, Row

NAME_SEP = re.compile(r"[、，,；;\s]+")


def names_of(text: str) -> set[str]:
    """The unit names a cell lists, split at list separators and whitespace, compared in NFKC
    form (a full-width "（街道）" in one row and "(街道)" in another are one name).

    Example: "市发改委;各镇乡（街道）" -> {"市发改委", "各镇乡(街道)"}."""
    return set(NAME_SEP.split(unicodedata.normalize("NFKC", text))) - {""}


def settle_unit_cells(events: list[Heading | Row], cols: list[str]) -> list[Heading | Row]:
    """Move the unit cells of rows that lack one onto the unit columns their names point to.

    events: rows and headings as a row finder gave them (cells aligned by shape alone; a tie put
    a lone unit cell in the first unit column it fits); cols: the header's columns. Only rows with
    fewer unit cells than the header's unit columns change, and only when names that one column
    alone holds in the full rows say so: a cell with no such name keeps its place. The order of
    the row's unit cells is kept. Returns `events`, its rows edited in place.
    Example (columns task, lead, responsible, deadline; full rows print 各镇乡（街道） only as
    responsible): Row [task "8．…", lead "生态环境分局、各镇乡（街道）", deadline "年底前"] ->
    the unit cell becomes responsible (the lead is inherited from the row above).
    """
    unit_cols = [c for c in cols if c in UNIT_COLUMNS]
    rows = [e for e in events if isinstance(e, Row)]
    if len(unit_cols) < 2:
        return events
    held = _held_names(rows, unit_cols)
    if not any(held.values()):
        return events  # no full row: no evidence
    for row in rows:
        at = [k for k, (col, _) in enumerate(row.cells) if col in UNIT_COLUMNS]
        if not at or len(at) >= len(unit_cols):
            continue
        texts = [row.cells[k][1] for k in at]
        current = tuple(row.cells[k][0] for k in at)
        choices = list(combinations(unit_cols, len(at)))
        best = max(choices, key=lambda c: (_evidence(texts, c, held), c == current))
        if _evidence(texts, best, held) > _evidence(texts, current, held):
            for k, col in zip(at, best):
                row.cells[k] = (col, row.cells[k][1])
    return events


def _held_names(rows: list[Row], unit_cols: list[str]) -> dict[str, Counter]:
    """Per unit column, how often each name stands in it in the rows that print every unit column."""
    held: dict[str, Counter] = {c: Counter() for c in unit_cols}
    for row in rows:
        placed = [(col, text) for col, text in row.cells if col in UNIT_COLUMNS]
        if sorted(col for col, _ in placed) == sorted(unit_cols):
            for col, text in placed:
                held[col].update(names_of(text))
    return held


def _evidence(texts: list[str], columns: tuple[str, ...], held: dict[str, Counter]) -> int:
    """Names of the cells that only their assigned column holds, less those only another holds."""
    score = 0
    for text, col in zip(texts, columns):
        for name in names_of(text):
            owners = [c for c, names in held.items() if names[name]]
            if owners == [col]:
                score += 1
            elif len(owners) == 1:
                score -= 1
    return score
