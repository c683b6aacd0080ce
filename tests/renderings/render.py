"""Composition: `render(structure, shape, variation) -> (text, expected_rows)`, and `plan()`, the
deterministic list of renderings the suite checks.

The expected rows are built from what was printed (numbers, sections, title, requirement,
units, deadline), in the gold files' row shape, so comparing them with the parser's
output is an exact oracle. `applicable()` says which axes a (shape, structure, choices) uses: an
axis that has no effect on a rendering is "n/a" there and is not counted in the matrix.
This module imports nothing from `pipeline`.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from tests.renderings import axes as ax
from tests.renderings.narratives import (
    NARRATIVE_SHAPES,
    ROLES,
    Item,
    Style,
    field_colon,
)
from tests.renderings.structures import Structure, load_structures
from tests.renderings.tables import (
    HEADERLESS_SHAPES,
    NUMBERED_ONE_LINE,
    ONE_LINE_TABLES,
    TABLE_SHAPES,
    TWO_ROW_HEADERS,
    VANISHING,
    Blocks,
    Layout,
    Row,
)

SHAPES = tuple(TABLE_SHAPES) + tuple(NARRATIVE_SHAPES)
# Renderings per shape: 18 shapes x 220 = 3,960 (the issue asks for at least 2,000), enough for
# every applicable (shape, axis value) pair to occur several times; parsing them takes ~25 s.
PER_SHAPE = 220
SEED = "taskmarts-renderings-1"
NA = "n/a"
# Shapes whose section rows may print their numeral in the 序号 cell (axis heading_cell)
SEQ_CELL_HEADINGS = ("tab_table", "csv_rows", "pipe_rows", "tab_table_spaces", "single_spaced")
# Axes are chosen in this order because later ones depend on earlier choices (labels exist only
# with role columns or label trailers, a deadline label only when the deadline is shown).
_FIRST = ("numbering", "number_scope", "section_marks", "unit_cell", "trailer_style", "deadline")
CHOICE_ORDER = _FIRST + tuple(a for a in ax.AXES if a not in _FIRST)
# the text of a header cell merged over the role columns (header_rows "two")
MERGED_UNIT_HEADER = "责任单位"
PREAMBLE = ("东岭县人民政府办公室关于印发2024年政务公开工作要点分解表的通知", "各有关单位：",
            "现将《2024年政务公开工作要点分解表》印发给你们，请结合实际认真贯彻落实。",
            "2024年政务公开工作要点分解表")


def _labels_used(shape: str, v: dict) -> bool:
    if shape in TABLE_SHAPES:
        return v.get("unit_cell") == "role_columns"
    return shape == "narrative_label_lines" or (shape in ("narrative_trailer", "one_line") and v.get("trailer_style") == "labels")


def _role_columns_ok(shape: str, s: Structure) -> bool:
    """Role columns need a cell per role; where empty cells vanish, every cell must be filled."""
    return shape not in VANISHING or all(getattr(t, r) for t in s.tasks for r in s.roles())


def applicable(axis: str, shape: str, s: Structure, v: dict) -> tuple[str, ...] | None:
    """The values `axis` may take in this rendering, or None if it has no effect here."""
    table, roles = shape in TABLE_SHAPES, s.roles()
    sections = any(t.l1_title for t in s.tasks)
    trailer = shape in ("narrative_trailer", "one_line")
    lines = shape in ("narrative_trailer", "narrative_label_lines", "narrative_unit_sentence")
    labels = _labels_used(shape, v)
    values = ax.AXES[axis]
    rules = {
        "numbering": values if table and shape not in NUMBERED_ONE_LINE else tuple(x for x in values if x != "序号"),
        "number_scope": values if sections else None,
        "section_marks": values if sections else None,
        "unit_cell": (values if _role_columns_ok(shape, s) else ("combined",)) if table else None,
        "trailer_style": (values if roles == ("responsible",) else tuple(x for x in values if x != "names"))
        if trailer else None,
        # single_spaced: a deadline closes every row, since a trailing empty cell's space is stripped with the line's end
        "deadline": ("shown",) if shape == "single_spaced" else values,
        "cell_mark": values if shape == "cell_per_line" else None,
        "lead_label": values if "lead" in roles and labels else None,
        "responsible_label": values if ("responsible" in roles and labels)
        or (table and v.get("unit_cell") == "combined") else None,
        "cooperating_label": values if "cooperating" in roles and labels else None,
        "role_verbs": values if shape == "narrative_unit_sentence" or (trailer and v.get("trailer_style") == "verbs")
        or (table and v.get("unit_cell") == "combined" and roles != ("responsible",)) else None,
        # single_spaced: a space between two names of a cell is a cell border there
        "unit_sep": (values if shape != "single_spaced" else tuple(x for x in values if x != " ")) if any(len(getattr(t, r)) > 1 for t in s.tasks for r in ROLES) and (
            labels or (table and roles == ("responsible",)) or v.get("trailer_style") == "names") else None,
        "headers": values if table else None,
        "header_spacing": values if shape in ("tab_table", "pipe_rows", "cell_per_line", "tab_table_spaces",
                                              "indented_cells", "indented_cells_spaces") else None,
        "header_rows": ("one", "two") if shape in TWO_ROW_HEADERS and v.get("unit_cell") == "role_columns"
        and len(roles) >= 2 else ("one", "none") if shape in HEADERLESS_SHAPES and roles == ("responsible",)
        and v.get("unit_cell") == "role_columns" else None,
        "deadline_label": (ax.DEADLINE_LABELS_COLUMN if table else ax.DEADLINE_LABELS_FIELD)
        if v.get("deadline") == "shown" else None,
        "trailer_brackets": values if trailer else None,
        "label_colon": values if not table and (labels or v.get("deadline") == "shown") else None,
        "line_spacing": values if lines else None,
        # a CSV file is folded to one width before its cells are quoted: folding after would move commas
        "width": values if shape != "csv_rows" else ("as_is",),
        "page_noise": (("none", "page_numbers") if shape in ONE_LINE_TABLES else values) if table else (("none", "page_numbers") if shape != "one_line" else None),
        "hard_wrap": (values if shape == "tab_table" else tuple(x for x in values if x != "wrap_unquoted"))
        if lines or shape in ("cell_paragraphs", "pipe_rows", "tab_table", "csv_rows", "indented_cells",
                                                  "indented_cells_spaces") else None,
        "preamble": values if shape != "one_line" else None,
        "prose_labels": values if shape == "narrative_label_lines" else None,
        "heading_cell": values if sections and v.get("numbering") == "序号" and shape in SEQ_CELL_HEADINGS else None,
        "unit_sentence_place": values if shape == "narrative_unit_sentence" else None,
        # a bracket of names alone opening an item reads as its title's ("（试行）…"): labels or verbs only
        "trailer_place": values if shape == "narrative_trailer" and v.get("trailer_style") != "names" else None,
    }
    return rules[axis]


@dataclass(frozen=True)
class Rendering:
    """One planned rendering: its id, shape, structure and one value per axis ("n/a" if unused)."""
    id: str
    shape: str
    structure: Structure
    variation: dict


def plan(structures: list[Structure] | None = None, per_shape: int = PER_SHAPE) -> list[Rendering]:
    """Every rendering the suite checks, in a fixed order. Structures are taken in turn; each
    axis cycles through its values (in an order reshuffled every cycle by a seeded RNG) and
    advances only where it applies, so every applicable value occurs about equally often."""
    structures = load_structures() if structures is None else structures
    out = []
    for shape in SHAPES:
        cyclers: dict[str, list] = {}
        for k in range(per_shape):
            s = structures[k % len(structures)]
            v: dict = {}
            for axis in CHOICE_ORDER:
                allowed = applicable(axis, shape, s, v)
                if allowed is None:
                    v[axis] = NA
                    continue
                queue = cyclers.setdefault(axis, [])
                for _ in range(2):  # refill at most once: a full cycle holds every value
                    pick = next((x for x in queue if x in allowed), None)
                    if pick is not None:
                        break
                    cycle = list(ax.AXES[axis] if axis != "deadline_label" else allowed)
                    random.Random(f"{SEED}/{shape}/{axis}/{len(out)}").shuffle(cycle)
                    queue.extend(cycle)
                pick = pick if pick is not None else allowed[0]
                queue.remove(pick)
                v[axis] = pick
            v["wrap_width"] = random.Random(f"{SEED}/{shape}/{k}").randint(ax.WRAP_MIN, ax.WRAP_MAX)
            out.append(Rendering(f"{shape}#{k}", shape, s, v))
    return out


def _sections_and_numbers(s: Structure, v: dict) -> list[dict]:
    """Per task: printed heading lines before it and the expected numbering fields."""
    drop_l2 = v["numbering"] == "（一）"  # a "（一）" task number has nothing nested: no l2 level
    marks = v["section_marks"] if v["section_marks"] != NA else "一、|（一）"
    out, l1, l2, n, prev = [], 0, 0, 0, (None, None)
    for t in s.tasks:
        l2_title = None if drop_l2 else t.l2_title
        headings = []
        if t.l1_title is not None and t.l1_title != prev[0]:
            l1, l2 = l1 + 1, 0
            headings.append(ax.heading(marks, 1, l1, t.l1_title))
            if v["number_scope"] == "per_section":
                n = 0
        if l2_title is not None and (l2_title != prev[1] or headings):
            l2 += 1
            headings.append(ax.heading(marks, 2, l2, l2_title))
        prev = (t.l1_title, l2_title)
        n += 1
        prefix, task_no = ax.task_number(v["numbering"], n)
        out.append(dict(headings=headings, prefix=prefix, task_no=task_no,
                        l1_no=ax.numeral(l1) if t.l1_title else None, l1_title=t.l1_title,
                        l2_no=ax.numeral(l2) if l2_title else None, l2_title=l2_title))
    return out


def _verbs(v: dict) -> dict:
    return dict(zip(ROLES, (v["role_verbs"] if v["role_verbs"] != NA else "牵头|负责|配合").split("|")))


def _table(s: Structure, shape: str, v: dict, nums: list[dict]) -> tuple[Blocks, list[dict]]:
    roles, vanish = s.roles(), shape in VANISHING
    show_req = (all if vanish else any)(t.requirement for t in s.tasks)  # see VANISHING
    task_h, req_h = v["headers"].split("|")
    labels = {r: v[f"{r}_label"] for r in ROLES}
    header = (["序号"] if v["numbering"] == "序号" else []) + [task_h] + ([req_h] if show_req else [])
    unit_cols = list(roles) if v["unit_cell"] == "role_columns" else ["combined"]
    header += [labels[r] for r in unit_cols] if unit_cols != ["combined"] else [labels["responsible"]]
    show_deadline = v["deadline"] == "shown"
    header += [v["deadline_label"]] if show_deadline else []
    sep = v["unit_sep"] if v["unit_sep"] != NA else "、"
    rows, expected, prev = [], [], None
    for t, num in zip(s.tasks, nums):
        rows += [Row(heading=h) for h in num["headings"]]
        units = {r: getattr(t, r) for r in ROLES}
        if unit_cols == ["combined"]:
            unit_cells = [sep.join(t.responsible) if roles == ("responsible",)
                          else "，".join("、".join(units[r]) + _verbs(v)[r] for r in ROLES if units[r])]
        else:
            unit_cells = [sep.join(units[r]) for r in unit_cols]
        cells = ([num["task_no"]] if v["numbering"] == "序号" else []) + [num["prefix"] + t.title]
        cells += [t.requirement] if show_req else []
        first_unit = len(cells)
        cells += unit_cells + ([t.deadline] if show_deadline else [])
        row = Row(cells=cells)
        if shape == "delimiter_free" and prev is not None and not num["headings"]:
            # a merged cell (same text as the row above) vanishes; the parser inherits it
            row.merged = {i for i in range(first_unit, len(cells)) if cells[i] == prev.cells[i]}
        rows.append(row)
        prev = row
        expected.append(_expected(s, num, t.title, t.requirement if show_req else "", units,
                                  t.deadline if show_deadline else None))
    text_cols = frozenset(range(first_unit - 1 - show_req, first_unit))  # title and requirement
    sub_header = None
    if v["header_rows"] == "two":  # the role columns under one merged "责任单位" cell
        k = len(unit_cols)
        sub_header = [""] * first_unit + header[first_unit:first_unit + k] + [""] * (len(header) - first_unit - k)
        header = header[:first_unit] + [MERGED_UNIT_HEADER] + [""] * (k - 1) + header[first_unit + k:]
    layout = Layout(header, rows, v["header_spacing"] == "letter_spaced",
                    v["wrap_width"] if v["hard_wrap"] in ("wrap", "wrap_unquoted") else None, text_cols,
                    v["cell_mark"] == "own_line",
                    sub_header, v["heading_cell"] if v["heading_cell"] != NA else "first_cell",
                    quoted=v["hard_wrap"] != "wrap_unquoted", headerless=v["header_rows"] == "none")
    return TABLE_SHAPES[shape](layout), expected


def _narrative(s: Structure, shape: str, v: dict, nums: list[dict]) -> tuple[Blocks, list[dict]]:
    items, expected = [], []
    for t, num in zip(s.tasks, nums):
        items += [Item(heading=h) for h in num["headings"]]
        # narrative items print the title alone (see axes.py: a folded requirement is ambiguous)
        title, requirement = t.title, ""
        if shape == "narrative_unit_sentence" and not title.endswith("。"):
            title += "。"  # the unit sentence starts after a full stop, which is then the title's
        units = {r: getattr(t, r) for r in ROLES}
        deadline = t.deadline if v["deadline"] == "shown" else None
        field_lines = None
        if v["prose_labels"] not in (NA, "none"):  # "任务名称：标题", then "工作要求：要求" if any
            task_label, requirement_label = v["prose_labels"].split("|")
            colon = field_colon(v["label_colon"]) if v["label_colon"] != NA else "："
            title_line, requirement = f"{task_label}{colon}{title}", t.requirement
            field_lines = [f"{requirement_label}{colon}{requirement}"] if requirement else []
        items.append(Item(None, num["prefix"], title if field_lines is None else title_line, units, deadline,
                          field_lines))
        expected.append(_expected(s, num, title, requirement, units, deadline))
    style = Style(labels={r: v[f"{r}_label"] for r in ROLES}, verbs=_verbs(v),
                  unit_sep=v["unit_sep"] if v["unit_sep"] != NA else "、",
                  colon=v["label_colon"] if v["label_colon"] != NA else "：",
                  brackets=v["trailer_brackets"] if v["trailer_brackets"] != NA else "（）",
                  trailer_style=v["trailer_style"], deadline_label=v["deadline_label"],
                  blank_lines=v["line_spacing"] == "blank", sentence_first=v["unit_sentence_place"] == "start",
                  trailer_first=v["trailer_place"] == "start",
                  wrap_width=v["wrap_width"] if v["hard_wrap"] == "wrap" else None)
    return NARRATIVE_SHAPES[shape](items, style), expected


def _expected(s: Structure, num: dict, title: str, requirement: str, units: dict, deadline) -> dict:
    return dict(doc=s.doc, seq=0, task_no=num["task_no"], l1_no=num["l1_no"], l1_title=num["l1_title"],
                l2_no=num["l2_no"], l2_title=num["l2_title"], title=title, requirement=requirement,
                lead_units=list(units["lead"]), responsible_units=list(units["responsible"]),
                cooperating_units=list(units["cooperating"]), deadline=deadline)


def _assemble(b: Blocks, v: dict) -> str:
    """Preamble, header, blocks joined by the shape's joiner; page noise every PAGE_ROWS items."""
    parts = list(PREAMBLE) if v["preamble"] == "notice" else []
    parts += b.header
    page, items = 1, 0
    for block, is_item in zip(b.blocks, b.is_item):
        if is_item and items and items % ax.PAGE_ROWS == 0:
            if v["page_noise"] == "page_numbers":
                parts.append(f"- {page} -")
                page += 1
            elif v["page_noise"] == "repeated_header":
                parts += b.header
        parts += block
        items += is_item
    return b.joiner.join(parts) + "\n"


def _fold(value, width: str):
    if isinstance(value, str):
        return ax.fold_width(value, width)
    if isinstance(value, list):
        return [ax.fold_width(x, width) for x in value]
    return value


def render(structure: Structure, shape: str, variation: dict) -> tuple[str, list[dict]]:
    """The text of `structure` in `shape` with one value per axis (`variation`, as planned by
    `plan`: every axis key present, "n/a" where unused, plus "wrap_width"), and the rows a
    correct parse must return (gold-file row shape, seq 1..n). Pure: same inputs, same output."""
    nums = _sections_and_numbers(structure, variation)
    build = _table if shape in TABLE_SHAPES else _narrative
    blocks, expected = build(structure, shape, variation, nums)
    width = variation["width"]
    text = ax.fold_width(_assemble(blocks, variation), width)
    rows = [{k: _fold(x, width) for k, x in row.items()} | {"seq": i} for i, row in enumerate(expected, 1)]
    return text, rows
