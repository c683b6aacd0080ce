"""Narrative notices: numbered items whose units follow in a trailer or on label lines.

Examples:
    1.出台…落实意见。城乡规划、…（责任单位：省政府办公厅、省政府相关领域业务主管部门）
    7.修编…发展规划。(牵头单位:县政府园区发展服务中心;责任单位:新材料产业园、…等)
    1.努力实现地区生产总值增长6.2%左右。
    牵头单位:区发改局
    （一）推进决策公开。一是完善制度（责任单位：区政府办）。二是加强解读（责任单位：区发改局）。
Items are "1." / "（1）", "（一）" when the document has no arabic items, or "一是…二是…" runs
whose parts each carry a trailer; lines that wrap an item are joined; "一、…" lines are
headings. The title is the item text up to its first "。".
"""
from __future__ import annotations

import re

from pipeline.parse.columns import NAMING_CELLS
from pipeline.parse.conventions import assign_from_headings
from pipeline.parse.items import DECIMAL_STYLES, item_style, line_styles, split_inline
from pipeline.parse.layouts.base import (
    NEAR_MISS,
    Extraction,
    is_signature_line,
    looks_like_units,
)
from pipeline.parse.layouts.flat_cells import flat_cells
from pipeline.parse.layouts.item_walk import (
    INNER_PUNCT,
    SPACED_RE,
    Item,
    has_units,
    outline_headings,
    parents,
    reading_key,
    walked,
)
from pipeline.parse.layouts.prose_fields import prose_fields
from pipeline.parse.layouts.unit_headings import unit_heading, unit_headings
from pipeline.parse.model import LEAD, RESPONSIBLE, Heading, Line, Row
from pipeline.parse.rules import Rules, memoised
from pipeline.parse.settings import (
    HEADING_MAX,
    HEADLINE_MAX,
    REQUIREMENT_BODY_MIN,
)
from pipeline.parse.shi_items import SHI_RE, split_shi_items
from pipeline.parse.tasklike import is_header_line
from pipeline.parse.text import (
    heading_of,
    squash,
)
from pipeline.parse.trailers import (
    find_dash_tail,
    find_inner_trailer,
    find_label_tail,
    find_trailer,
    find_unit_head,
    find_unit_sentence,
    find_unit_tail,
    label_fields,
    label_role,
    labelled_deadline,
)

# the item styles this reader takes as items; "一、" and "（一）" are its headings
_ITEM_STYLES = frozenset({"arabic.", "(arabic)", "circled", "article", *DECIMAL_STYLES})
NEEDS = "numbered item that names a unit (trailer, label line or unit sentence)"  # named in the reason when this reader reads nothing


# a finished sentence, spaces, then one last word: a row's unit cell after its task cell
_SENTENCE_THEN_WORD = re.compile(r"[。；;！!？?][ \t\u3000]+\S+$")



def _item_start(text: str) -> tuple[str, str] | None:
    """(number as printed, rest) when `text` starts an item: "1." "1、" "(1)" "①" "第一条";
    None otherwise ("（一）" lines are items only in the reading that takes them so: _as_items)."""
    start = item_style(text)
    return (start.number, start.rest) if start and start.style in _ITEM_STYLES else None


def _is_unit_line(text: str, rules: Rules) -> bool:
    """A line that only assigns units: "县大数据中心、县行政审批服务局分别牵头落实"."""
    body = squash(text).rstrip("。")
    return body.endswith(rules.role_word_set) and looks_like_units(body, rules)


def _to_row(item: Item, rules: Rules) -> Row:
    """The row of one item: its number, title and requirement, the units of its trailer, label
    lines, unit sentence or (a spaced row) last word, and its deadline field or none. A new Row
    each call (readers edit rows in place); its cells are memoised on item_walk.reading_key."""
    cells = memoised(rules, ("item_cells", *reading_key(item)), lambda: _cells_of(item, rules))
    return Row(list(cells), item.first, item.last)


def _cells_of(item: Item, rules: Rules) -> tuple[tuple[str, str], ...]:
    text = "".join(item.parts)
    cells: list[tuple[str, str]] = [("seq", item.no)]
    named = any(col in NAMING_CELLS for col, _ in item.labels)  # a deadline label line names no unit
    bracketed = item.trailer or find_trailer(text, rules)
    flat = flat_cells(text, item.columns, rules) if item.flattened and not (bracketed or named) else None
    if flat:  # a table row whose line breaks were lost: its cells after the text
        cells += [(col, cell) for col, cell in flat[1:] if col != "requirement"] + item.labels
        if not any(col == "deadline" for col, _ in cells):
            cells.append(("deadline", ""))
        requirement = " ".join(cell for col, cell in flat if col == "requirement")
        return (flat[0], ("requirement", requirement), *cells)
    trailer = bracketed or (None if named else find_inner_trailer(text, rules) or find_label_tail(text, rules)
                            or find_unit_sentence(text, rules)
                            or find_unit_head(text, rules) or find_dash_tail(text, rules))
    if not trailer and not named and (item.style == "spaced" or _SENTENCE_THEN_WORD.search(text.rstrip())):
        # "7 全社会固定资产投资额550亿元. 发改委", "1.科学制定年度计划。 市发改局" (a table row whose
        # line breaks were lost): the row's last cell
        trailer = find_unit_tail(text, rules)
        column = item.unit_column
    else:
        column = "units"
    if trailer:
        text = trailer[0]
        cells.append((column, trailer[1]))
        deadline = labelled_deadline(trailer[1], rules)
        if deadline and not any(col == "deadline" for col, _ in item.labels):
            cells.append(("deadline", deadline))
    cells += item.labels
    if not any(col == "deadline" for col, _ in cells):
        # a label line may hold a deadline field too: "责任单位：县司法局；完成时限：2024年6月底"
        found = next((d for col, txt in item.labels if col in NAMING_CELLS and (d := labelled_deadline(txt, rules))), "")
        cells.append(("deadline", found))  # an item states its own deadline or none: never the one above's
    fields = prose_fields(item.parts, text, rules)
    if fields:  # field labels are never part of a title or requirement (SCHEMA.md)
        return (("task", fields[0]), ("requirement", fields[1]), *cells)
    # only an item closed by a bracketed trailer cuts a headline from its body (the seed notice's
    # form); items with label lines or unit sentences keep their whole text as the title (SCHEMA.md)
    title, requirement = split_headline(squash(text)) if bracketed else (squash(text), "")
    return (("task", title), ("requirement", requirement), *cells)


def split_headline(body: str) -> tuple[str, str]:
    """(title, requirement) of a narrative item: a first sentence that reads as a headline (no
    comma or enumeration inside, at most HEADLINE_MAX chars) followed by a paragraph of at least
    REQUIREMENT_BODY_MIN chars is the title and that paragraph the requirement; otherwise the
    whole item is the title.
    Example: "出台标准目录落实意见。城乡规划…(300 chars)" -> ("出台标准目录落实意见。", "城乡规划…");
    "树立健康管理理念,推广签约服务。补齐…" -> (whole, ""); "建设民俗公园。改造两岸绿地。" -> (whole, "")."""
    cut = body.find("。") + 1
    head = body[:cut]
    if 0 < cut and len(body) - cut >= REQUIREMENT_BODY_MIN and len(head) <= HEADLINE_MAX \
            and not INNER_PUNCT.search(head):
        return head, body[cut:]
    return body, ""


def _as_items(expanded: list[tuple[str, object, int, str]]) -> list[tuple[str, object, int, str]]:
    """The same classification with "（一）" headings read as items (see _expand)."""
    holds_items = {piece for kind, _, _, piece in expanded if kind == "item"}  # "（一）…一是…二是…" stays a heading
    out = []
    for kind, value, no, piece in expanded:
        start = item_style(piece) if kind in ("heading", "text") and piece not in holds_items else None
        is_l2 = start is not None and start.style == "(cn)"
        out.append(("item", (start.number, start.rest), no, piece) if is_l2 else (kind, value, no, piece))
    return out


def _expand(lines: list[Line], rules: Rules) -> list[tuple[str, object, int, str]]:
    """Classify the pieces of lines (items.split_inline cuts a line before each item printed inside
    it) as ('heading', Heading), ('item', (no, text)), ('label', (role, text)), ('stop', None),
    ('date', str) for a signature or date line, or ('text', str), each with its line number and
    piece, expanding "一是…二是…" runs into items. "（一）" pieces are headings here (_as_items
    reads them as items); so are unit heading lines ("县发改局：", unit_headings.py)."""
    out: list[tuple[str, object, int, str]] = []
    texts = [ln.text.strip() for ln in lines]
    styles, last = line_styles([t for t in texts if t], rules), {}
    memo = rules.memo  # _classify's entries looked up here first: one look-up a piece read before
    for line, text in zip(lines, texts):
        if not text:
            continue
        for piece in split_inline(text, styles, last):
            read = memo.get(("narrative_line", piece)) or _classify(piece, rules)  # (a reading is never empty)
            if read[0][0] == "text" and piece[:1].isdecimal():  # what SPACED_RE's \d opens with
                read = _spaced_item(piece, read, last)
            for kind, value in read:
                if kind == "heading":
                    level, numeral, title, *units = value  # type: ignore[misc]
                    value = Heading(level, numeral, title, line.no, *units)  # a new Heading per line read
                out.append((kind, value, line.no, piece))
    return unit_headings(out)


def _spaced_item(piece: str, read: tuple, last: dict[str, int]) -> tuple:
    """A line "7 全社会固定资产投资额550亿元. 发改委" (a number, a space, text: a table row whose
    cells are split by spaces) is an item when its number continues the run of such lines (the
    next number, or 1); otherwise `read`, the line's own classification (text), is kept."""
    m = SPACED_RE.match(piece)
    if not m or int(m.group(1)) not in (1, last.get("spaced", 0) + 1):
        return read
    last["spaced"] = int(m.group(1))
    return (("item", (m.group(1), m.group(2))),)


def _classify(text: str, rules: Rules) -> tuple[tuple[str, object], ...]:
    """What one stripped, non-blank line reads as (see _expand), a heading as (level, numeral,
    title). Memoised: every region and every pass reads the same lines."""
    return memoised(rules, ("narrative_line", text), lambda: _classify_line(text, rules))


def _classify_line(text: str, rules: Rules) -> tuple[tuple[str, object], ...]:
    if rules.stop_re.match(text):
        return (("stop", None),)
    if is_header_line(text, rules):
        return (("header", None),)  # a table's header printed again at a page break: no item text
    if is_signature_line(text):
        return (("date", text),)
    shi = split_shi_items(text, rules)
    if shi:
        head = heading_of(shi[0], 0) if squash(shi[0]) else None
        out: list[tuple[str, object]] = []
        if head:
            out.append(("heading", (head.level, head.numeral, squash(head.title).rstrip("。"))))
        return tuple(out + [("item", (no, part)) for no, part in shi[1]])
    labelled = label_role(text, rules)
    start = _item_start(text)
    shi_line = SHI_RE.match(text)
    if not start and shi_line and find_trailer(text, rules):
        start = (shi_line.group(1), text[shi_line.end():])  # "一是…（责任单位：…）" on its own line
    if labelled:  # one event per field: "牵头领导：张三  牵头单位：县发改局" holds two
        return tuple(("label", field) for field in label_fields(text, rules))
    numbered = heading_of(text, 0) if not start else None
    if numbered and numbered.numeral and (unit := unit_heading(numbered.title, rules)):
        # "（一）县发展和改革局：": a section heading naming the unit of the items below it
        return (("heading", (numbered.level, numbered.numeral, numbered.title, unit)),)
    if not start and (unit := unit_heading(text, rules)):
        return (("unit_heading", unit),)
    if not start and _is_unit_line(text, rules):
        return (("label", ("units", text)),)  # "县财政局牵头落实" on its own line
    if start:
        return (("item", start),)
    heading = heading_of(text, 0)
    # "（一）扩大有效投资（牵头单位：县发改委）": the trailer assigns its units to the items below, or
    # (with no item below: _unit_leaves) the heading is an item itself, however long
    trailer = find_trailer(heading.title, rules) if heading else None
    if trailer and squash(trailer[0]):
        return (("heading", (heading.level, heading.numeral, trailer[0].strip(), trailer[1])),)
    if heading and len(squash(text)) <= HEADING_MAX:
        return (("heading", (heading.level, heading.numeral, heading.title)),)
    return (("text", text),)


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Items with their units, or None when no item names a unit (then it is not this layout)."""
    return read_items(lines, rules, keep_bare=False)


def read_items(lines: list[Line], rules: Rules, keep_bare: bool) -> Extraction | None:
    """Numbered items as rows; keep_bare: keep items that name no unit (the plain reading), else
    return None unless some item names a unit and drop the items that name none.

    Two readings compete: "（一）" lines as headings (arabic items below them) and as items
    themselves; the one whose items name more units (then: more items) wins, the first on a tie.
    The first is taken first when the document has arabic-numbered lines at all ("1." or "1.1").
    """
    best = None
    for expanded in _classified(lines, rules):
        found = _extract(lines, rules, expanded, keep_bare)
        if found and (best is None or _unit_rows(found) > _unit_rows(best)):
            best = found
    return best


_LAST: list = [None, None]  # the lines last classified and their classifications


def _classified(lines: list[Line], rules: Rules) -> tuple[list, ...]:
    """The classifications of `lines` in the order read_items reads them (_expand's, "（一）" as
    headings, and _as_items'; one when they are the same), computed once for the narrative and
    the plain reading of the same region (read_region passes both readers the same list)."""
    if _LAST[0] is not lines:
        as_headings = _unit_leaves(_expand(lines, rules))
        as_items = _as_items(as_headings)
        has_arabic = any(kind == "item" and (start := item_style(piece)) is not None
                         and start.style in ("arabic.", *DECIMAL_STYLES) for kind, _, _, piece in as_headings)
        readings = (as_items, as_headings) if not has_arabic else (as_headings, as_items)
        if as_items == as_headings:
            readings = readings[:1]  # no "（一）" line to read either way: one reading, read once
        _LAST[:] = [lines, readings]
    return _LAST[1]


def _unit_leaves(expanded: list[tuple[str, object, int, str]]) -> list[tuple[str, object, int, str]]:
    """The classification with every heading that closes with a unit trailer and has no item
    below it (before the next heading of its level or above) read as an item: "一、强化责任落实。
    …（县应急管理局牵头，各乡镇负责）" in a notice whose 一、二、三、 are its tasks. A heading with
    items below keeps its trailer as the units it assigns them (conventions.assign_from_headings)."""
    out = list(expanded)
    for i, (kind, value, no, piece) in enumerate(expanded):
        if kind != "heading" or not value.units:  # type: ignore[union-attr]
            continue
        below = next((k for k, v, _, _ in expanded[i + 1:]
                      if k == "item" or (k == "heading" and v.level <= value.level)), None)  # type: ignore[union-attr]
        if below != "item":
            start = item_style(piece)  # "一、…" keeps its text as printed; "第一部分 …" is rebuilt
            rest = start.rest if start else f"{value.title}（{value.units}）"  # type: ignore[union-attr]
            out[i] = ("item", (value.numeral, rest), no, piece)  # type: ignore[union-attr]
    return out


def _unit_rows(found: Extraction) -> tuple[int, int]:
    rows = [e for e in found.events if isinstance(e, Row)]
    return sum(any(c in NAMING_CELLS and squash(t) for c, t in r.cells) for r in rows), len(rows)




def _extract(lines: list[Line], rules: Rules, expanded: list[tuple[str, object, int, str]],
             keep_bare: bool) -> Extraction | None:
    events, before_stop = walked(expanded, rules)
    if keep_bare:
        return _plain(lines, events, rules, before_stop)

    # a "（一）" item that names no unit and holds items of a deeper style is their section heading
    parent_items = parents(events, rules)
    sections = {id(it): _section_of(it) for it in parent_items if it.style == "(cn)"}
    sections.update(outline_headings(events, parent_items))
    rows = [sections[id(e)] if id(e) in sections else _to_row(e, rules) if isinstance(e, Item) else e
            for e in events]
    # label lines: the first item that names units does so on label lines (a header's column is none)
    first = next((e for e, r in zip(events, rows) if isinstance(r, Row) and any(c in NAMING_CELLS for c, _ in r.cells)), None)
    labelled = isinstance(first, Item) and any(c in (LEAD, RESPONSIBLE) for c, _ in first.labels)
    assign_from_headings(rows, rules)  # an item under "X牵头工作" names X
    with_units = [r for r in rows if isinstance(r, Row) and any(c in NAMING_CELLS for c, _ in r.cells)]
    if not with_units:
        return None
    kept = {id(r) for r in with_units}
    # in a notice whose items name their units, a numbered line without units is structure (an
    # attachment list, an outline entry, a parent of "（1）" items), not a task
    warnings = [f"line {r.line_start}: numbered item names no unit: not taken as a task"
                for r in rows[rows.index(with_units[0]):] if isinstance(r, Row) and id(r) not in kept]
    rows = [r for r in rows if not isinstance(r, Row) or id(r) in kept]
    layout = "label_lines" if labelled else "narrative"
    body_start = next(i for i, ln in enumerate(lines) if ln.no >= with_units[0].line_start)
    return Extraction(layout, [_own_units(r) for r in rows], body_start, warnings)


def _own_units(event: Heading | Row) -> Heading | Row:
    """An item states its own units or none: its absent unit columns are empty, never merged
    cells to inherit from the item above (assemble inherits a column a row lacks)."""
    if isinstance(event, Row):
        present = {c for c, _ in event.cells}
        event.cells += [(col, "") for col in NAMING_CELLS if col not in present]
    return event


def _section_of(item: Item) -> Heading:
    """The level-2 section heading a "（一）" parent item stands for (see parents)."""
    return Heading(2, item.no, squash("".join(item.parts)).rstrip("。"), item.first)


def _plain(lines: list[Line], events: list[Heading | Item], rules: Rules, dropped: list[Item]) -> Extraction | None:
    """The plain reading of the events: every numbered item is a task, with whatever units it
    names, except an item whose next item is of another, deeper style (a parent: "1.…" above
    "（1）…"), which is structure. dropped: items before a signature or 附件 list that named no
    unit (a notice's own instructions, an attachment list): said in the warnings, never tasks.
    None when there is neither."""
    items = [e for e in events if isinstance(e, Item)]
    said = ([f"{NEAR_MISS}: {len(dropped)} numbered item(s) before the notice's signature or 附件 list (from line "
             f"{dropped[0].first}) name no unit: read as the notice's own instructions or attachment list, not tasks"]
            if dropped else [])
    if not items:
        return Extraction("plain", [], 0, said) if said else None
    parent_items = parents(events, rules)
    outline = outline_headings(events, parent_items)
    structure = {id(it) for it in parent_items} - set(outline)
    rows = [outline[id(e)] if id(e) in outline else _to_row(e, rules) if isinstance(e, Item) else e
            for e in events if id(e) not in structure]
    warnings = said + [f"line {it.first}: numbered item holds items of its own: read as structure, not a task"
                       for it in items if id(it) in structure]
    if not any(has_units(it, rules) for it in items):
        warnings.append(f"no numbered item names a unit: {len(items) - len(structure)} item(s) read as tasks by their shape")
    body_start = next(i for i, ln in enumerate(lines) if ln.no >= items[0].first)
    return Extraction("plain", [_own_units(r) for r in rows], body_start, warnings)
