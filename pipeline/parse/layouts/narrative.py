"""Narrative notices: numbered items whose units follow in a trailer or on label lines.

Examples:
    1.出台…落实意见。城乡规划、…（责任单位：省政府办公厅、省政府相关领域业务主管部门）
    7.修编…发展规划。(牵头单位:县政府园区发展服务中心;责任单位:新材料产业园、…等)
    1.努力实现地区生产总值增长6.2%左右。
    牵头单位:区发改局
    责任单位:立山经济开发区,全区经济运行各专班
Items are "1." / "（1）" (or "（一）" when the document has no arabic items); lines that wrap
an item are joined; "一、…" lines are headings. The title is the item text up to its first "。".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.parse.assemble import heading_of, split_task_no
from pipeline.parse.layouts.base import DATE_RE, STOP_RE, Extraction
from pipeline.parse.model import Line, Row
from pipeline.parse.rules import Rules
from pipeline.parse.text import L2_RE, TASK_PAREN_RE, TASK_RE, squash
from pipeline.parse.trailers import find_trailer, label_role


@dataclass
class _Item:
    no: str
    parts: list[str]
    first: int
    last: int
    labels: list[tuple[str, str]] = field(default_factory=list)
    closed: bool = False


def _is_signature(text: str) -> bool:
    """A date line or "机关名 2020年6月11日": the end of a notice body."""
    m = DATE_RE.search(text)
    return bool(m) and len(squash(text)) <= len(squash(m.group(0))) + 20 and not text.endswith("。")


def _item_start(text: str, chinese_items: bool) -> tuple[str, str] | None:
    if TASK_RE.match(text) or TASK_PAREN_RE.match(text):
        return split_task_no(text)  # type: ignore[return-value]
    m = L2_RE.match(text)
    if chinese_items and m:
        return m.group(1), m.group(2)
    return None


def _to_row(item: _Item, rules: Rules) -> Row:
    text = "".join(item.parts)
    cells: list[tuple[str, str]] = [("seq", item.no)]
    trailer = find_trailer(text, rules)
    if trailer:
        text = trailer[0]
        cells.append(("units", trailer[1]))
    cells += item.labels
    body = squash(text)
    cut = body.find("。") + 1 or len(body)
    cells = [("task", body[:cut]), ("requirement", body[cut:])] + cells
    return Row(cells, item.first, item.last)


def extract(lines: list[Line], rules: Rules) -> Extraction | None:
    """Items with their units, or None when no item names a unit (then it is not this layout)."""
    chinese_items = not any(TASK_RE.match(ln.text.strip()) for ln in lines)
    events: list = []
    item: _Item | None = None
    first_item_line = None
    for idx, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        if STOP_RE.match(text) or _is_signature(text):
            if any(isinstance(e, _Item) for e in events):
                break
            item = None
            continue
        labelled = label_role(text, rules)
        start = _item_start(text, chinese_items)
        heading = heading_of(text, line.no) if not start else None
        if labelled and item is not None:
            item.labels.append(labelled)
            item.last, item.closed = line.no, True
        elif start:
            item = _Item(start[0], [start[1]], line.no, line.no)
            events.append(item)
            first_item_line = idx if first_item_line is None else first_item_line
        elif heading and len(squash(text)) <= 60:
            events.append(heading)
            item = None
        elif item is not None and not item.closed:
            item.parts.append(text)
            item.last = line.no
        if item is not None and find_trailer("".join(item.parts), rules):
            item.closed = True
    rows = [_to_row(e, rules) if isinstance(e, _Item) else e for e in events]
    with_units = [r for r in rows if isinstance(r, Row) and any(c in ("units", "lead", "responsible", "cooperating") for c, _ in r.cells)]
    if not with_units:
        return None
    # numbered lines before the first item with units (an attachment list, a preamble outline) are not tasks
    first_real = rows.index(with_units[0])
    rows = [r for r in rows[:first_real] if not isinstance(r, Row)] + rows[first_real:]
    layout = "label_lines" if any(c in ("lead", "responsible") for c, _ in with_units[0].cells) else "narrative"
    return Extraction(layout, rows, first_item_line or 0)
