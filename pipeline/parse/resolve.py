"""Cell contents confirm or overturn a header's meaning, after a reader has cut rows.

An unknown header ("?考核口径") becomes a unit column when its cells read as unit lists, the prose
column its words name when the table lacks it and its cells are prose ("建设内容及规模" ->
requirement), the task column when the table has none and its cells are prose, and `other` (left
out) otherwise; a unit
column whose cells read as prose becomes a requirement, and a task column whose every cell is a
bare number the 序号 column the table lacks. Every change is reported as a warning.
"""
from __future__ import annotations

from pipeline.parse.columns import PROSE_COLUMNS, UNIT_COLUMNS, UNKNOWN, meaning_of
from pipeline.parse.layouts.base import cell_kind, looks_like_units
from pipeline.parse.model import RESPONSIBLE, Heading, Row
from pipeline.parse.rules import Rules
from pipeline.parse.settings import COLUMN_EVIDENCE_SHARE, OVERTURN_MIN_CELLS
from pipeline.parse.text import HAN, squash


def _share(cells: list[str], test) -> float:
    return sum(1 for c in cells if test(c)) / len(cells) if cells else 0.0


def _settle(col: str, cells: list[str], present: set[str], rules: Rules) -> str:
    units = _share(cells, lambda c: looks_like_units(c, rules))
    if col.startswith(UNKNOWN):
        if cells and units >= COLUMN_EVIDENCE_SHARE:
            return RESPONSIBLE
        # prose cells hold Chinese words; "3000" or "2024年" cells hardly any
        prose = cells and units <= 1 - COLUMN_EVIDENCE_SHARE and _share(cells, HAN.search) >= COLUMN_EVIDENCE_SHARE
        # a long header still says what it holds: "建设内容及规模" is the requirement the table lacks
        said = meaning_of(col[len(UNKNOWN):], rules)
        if prose and said in PROSE_COLUMNS and said not in present:
            return said
        if cells and "task" not in present and units <= 1 - COLUMN_EVIDENCE_SHARE:
            return "task"
        return "other"
    if col in UNIT_COLUMNS and len(cells) >= OVERTURN_MIN_CELLS and units <= 1 - COLUMN_EVIDENCE_SHARE:
        return "requirement"
    return col


def resolve_columns(events: list[Heading | Row], rules: Rules) -> list[str]:
    """Rename, in place, columns whose cells contradict their header; returns one warning per
    column renamed or left out. Example: a column headed "考核口径" whose cells read "区财政局",
    "各街道" becomes "responsible", with the warning "column '考核口径' (unknown header) read as
    responsible from its cells"."""
    rows = [e for e in events if isinstance(e, Row)]
    columns: dict[str, list[str]] = {}
    for row in rows:
        for col, text in row.cells:
            if squash(text):
                columns.setdefault(col, []).append(text)
    present = set(columns)
    renames, warnings = {}, []
    for col, cells in columns.items():
        if col == "task" and "seq" not in present and all(cell_kind(c, rules) == "seq" for c in cells):
            new = "seq"  # "事项" over 1, 2, 3: the items' numbers (a task is never a bare number)
        elif col.startswith(UNKNOWN) or col in UNIT_COLUMNS:
            new = _settle(col, cells, present, rules)
        else:
            continue
        present.add(new)
        if new != col:
            renames[col] = new
            header = col[len(UNKNOWN):] if col.startswith(UNKNOWN) else col
            kind = "unknown header" if col.startswith(UNKNOWN) else "header"
            warnings.append(f"column '{header}' ({kind}) read as {new} from its cells")
    for col in columns:
        if col.startswith(UNKNOWN) and col not in renames:
            renames[col] = "other"
    if renames:
        for row in rows:
            row.cells = [(renames.get(c, c), t) for c, t in row.cells]
    return warnings
