"""From classified pieces to items: the walk shared by the narrative and the plain reading.

Each piece of a region's lines has been classified (narrative._expand: item, heading, label, text,
stop, date). The walk opens an item at each numbered piece, joins the text that wraps it, closes it
at its unit trailer or label lines, and ends the list at a signature or 附件 line once some item
names a unit (before that, the items seen are the notice's own instructions).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from pipeline.parse.columns import NAMING_CELLS, UNIT_COLUMNS, find_labels, header_tail
from pipeline.parse.items import DECIMAL_STYLES, ITEM_DECORATIONS, item_style
from pipeline.parse.layouts.base import ends_with_date, looks_like_units
from pipeline.parse.layouts.flat_cells import flat_cells
from pipeline.parse.layouts.prose_fields import opens_with_field, opens_with_task_field
from pipeline.parse.model import Heading
from pipeline.parse.rules import Rules, memoised
from pipeline.parse.settings import (
    SIGNATURE_NAME_MAX,
    SPACED_ROWS_MIN,
    UNMARKED_ITEM_MAX,
)
from pipeline.parse.text import CLOSE_BRACKETS, DASHES, squash
from pipeline.parse.trailers import (
    find_dash_tail,
    find_inner_trailer,
    find_label_tail,
    find_trailer,
    find_unit_head,
    find_unit_sentence,
    find_unit_tail,
)
from pipeline.parse.units import is_complete_name

CLOSERS = tuple(CLOSE_BRACKETS)  # a part ending in one of these may have closed a trailer
END_PUNCT = "。；;，,. "
INNER_PUNCT = re.compile(r"[，,；;、：:]")  # inner punctuation: a headline or a name has none
# "7 全社会固定资产投资额…" : a number of at most three digits, one space, then text (a tab or a run
# of spaces separates the cells of a table, which the table readers read with its header)
# a mark the item grammar does not know, opening a line a unit trailer closes: a letter, a roman
# numeral, a number or 其一, then a closing mark ("A." "ⅱ、" "1>" "2-" "其一，")
UNKNOWN_MARK = re.compile(r"^\s*([A-Za-z]|[ⅰ-ⅿⅠ-Ⅿ]{1,4}|\d{1,3}|其[一二三四五六七八九十]{1,2})\s*[.．、，,)）>\-—:：]\s*")
# a bullet opening an item with no number: a decoration ("●", "•") or a dash ("——", "－"), as lists
# print them
_BULLET = re.compile(rf"^\s*(?:[{re.escape(''.join(sorted(ITEM_DECORATIONS)))}]|[{DASHES}]{{1,2}})\s*")
SPACED_RE = re.compile(r"^(\d{1,3})[ \u3000](?=[^\d\s])(.*)$", re.S)


@dataclass
class Item:
    """One numbered item while it is read: its number as printed, its text parts (lines), first and
    last line, label lines, and whether a trailer or label closed it."""

    no: str
    parts: list[str]
    first: int
    last: int
    labels: list[tuple[str, str]] = field(default_factory=list)
    closed: bool = False
    style: str = ""  # items.item_style of its number ("arabic.", "(cn)", …), "shi" for 一是…二是…, "spaced" for "7 …"
    trailer: tuple[str, str] | None = None  # the unit trailer that closed the item (parts end there)
    # the column a spaced row's last word stands in: the one unit column of the header printed
    # above ("序号 名称 工作任务 牵头责任单位" -> lead); "units" (roles from labels, else responsible)
    unit_column: str = "units"
    # the columns of the header row printed last above the item (columns.header_tail), None when
    # none, and whether its line holds other items or headings too (a copy that lost its line
    # breaks): such a row keeps its cell marks and takes those columns (flat_cells)
    columns: list[str] | None = None
    flattened: bool = False


def reading_key(item: Item) -> tuple:
    """What reading an item depends on, as a memo key: its number, text, labels, style, trailer
    and header columns, not its lines (the narrative and the plain reading, both classifications
    of a region and the walk's own checks read the same items again)."""
    return (item.no, tuple(item.parts), tuple(item.labels), item.style, item.trailer, item.unit_column,
            None if item.columns is None else tuple(item.columns), item.flattened)


def has_units(item: Item, rules: Rules) -> bool:
    """True when the item names a unit: label lines, a trailer, a label tail, a unit sentence or
    clause, names after a dash,
    (a spaced row) a last word that reads as units or (a flattened table row) a unit cell.
    Memoised on reading_key."""
    return memoised(rules, ("has_units", *reading_key(item)), lambda: _has_units(item, rules))


def _has_units(item: Item, rules: Rules) -> bool:
    text = "".join(item.parts)
    return bool(item.labels) or any(f(text, rules) for f in (find_trailer, find_inner_trailer, find_label_tail,
                                                             find_unit_sentence, find_unit_head, find_dash_tail)) \
        or (item.style == "spaced" and bool(find_unit_tail(text, rules))) \
        or (item.flattened and flat_cells(text, item.columns, rules) is not None)


def _signs(text: str, item: Item, rules: Rules) -> bool:
    """True when `text`, a line after an item whose last sentence is finished, is an
    organisation's name standing alone: a signature (the plain reading's end of a notice)."""
    if not item.parts[-1].rstrip().endswith("。"):
        return False  # the item's own test first: it needs no squash
    body = squash(text)
    return len(body) <= SIGNATURE_NAME_MAX and not INNER_PUNCT.search(body) and is_complete_name(body, rules)


_WALKS: list = []  # (expanded, its walk) for the last classifications walked (see walked)


def walked(expanded: list[tuple[str, object, int, str]], rules: Rules) -> tuple[list[Heading | Item], list[Item]]:
    """The items and headings of one classification of a region's lines, and the items before a
    signature or 附件 list that named no unit; walked once for the narrative and the plain reading
    (read_region passes both the same _classified lists, which they only read)."""
    for done, walk in _WALKS:
        if done is expanded:
            return walk
    walk = _walk(expanded, rules)
    _WALKS[:] = _WALKS[-1:] + [(expanded, walk)]  # both classifications of the region kept
    return walk


def _walk(expanded: list[tuple[str, object, int, str]], rules: Rules) -> tuple[list[Heading | Item], list[Item]]:
    events: list[Heading | Item] = []
    before_stop: list[Item] = []  # items before a signature or 附件 list that named no unit
    item: Item | None = None
    loose: list[tuple[str, int]] = []  # the lines no item took since the last event that was none, with their numbers
    unit_column = "units"  # the one unit column of the last header row printed (see Item)
    columns: list[str] | None = None  # that header's columns
    numbered = Counter(no for kind, _, no, _ in expanded if kind in ("item", "heading"))  # per line
    for kind, value, no, piece in expanded:
        # a header may close a 附件 line too: "附件：…分解表 工作任务 牵头单位 …" on one run-on line
        header = header_tail(piece, rules) if kind in ("header", "text", "stop") else None
        if header:
            columns, unit_column = header, _one_unit_column(header) or unit_column
        if kind == "date" and item is not None and not item.closed and ends_with_date(value).start() == 0 \
                and not is_complete_name(item.parts[-1], rules):
            # a bare date wrapped inside an open item: "主体工程于\n2024年6月30日\n前完工"; after an
            # organisation's name it is a signature's date
            kind = "text"
        if kind == "text" and item is not None and not item.closed and _signs(value, item, rules):
            kind = "date"  # "青禾县人民政府办公室" alone after a finished item: the notice's signature
        if kind == "label" and item is None and loose and value[0] in NAMING_CELLS:  # type: ignore[index]
            # "A.推进…" then "责任单位：…"; a finished sentence only before a label proper (a bare
            # "X牵头落实" line closes a one-cell-per-line table's row too)
            item = _record(loose, rules, sentences=value[0] != "units")  # type: ignore[index]
            events += [item] if item else []
        taken, loose = loose, []
        if kind in ("stop", "date"):
            if any(isinstance(e, Item) and has_units(e, rules) for e in events):
                break
            # numbered lines before a signature or "附件：" (an attachment list) are not items, and
            # the covering notice's own 一、二、三、 do not structure what follows
            before_stop += [e for e in events if isinstance(e, Item)]
            events = []
            item = None
        elif kind == "header":
            pass
        elif kind == "label" and item is None and events and isinstance(events[-1], Heading) \
                and value[0] in NAMING_CELLS:  # type: ignore[index]
            # "（一）推进项目建设" then "牵头单位：县发改局": the heading's units, for the items below
            # that name none (conventions.assign_from_headings); a new Heading, the walk's own
            head = events[-1]
            events[-1] = replace(head, units=f"{head.units}；{piece}" if head.units else piece)
        elif kind == "label" and item is not None:
            role, text = value  # type: ignore[misc]
            item.labels.append((role, text.rstrip(END_PUNCT)))  # "部门分工:X牵头,Y配合。": the 。 ends the line, not a name
            item.last, item.closed = no, True
        elif kind == "item":
            style = item_style(piece)
            item = Item(value[0], [value[1]], no, no,  # type: ignore[index]
                         style=style[0] if style and style.number == value[0]
                         else "spaced" if SPACED_RE.match(piece) else "shi", unit_column=unit_column,
                        columns=columns, flattened=numbered[no] > 1)
            events.append(item)
        elif kind == "heading":
            events.append(value)  # type: ignore[arg-type]
            item = None
        elif kind == "text" and item is not None and item.labels and not squash(item.labels[-1][1]) \
                and looks_like_units(value, rules):  # type: ignore[arg-type]
            # "责任单位：" with its names on the next line
            item.labels[-1] = (item.labels[-1][0], value.rstrip(END_PUNCT))  # type: ignore[union-attr]
            item.last = no
        elif kind == "text" and item is not None and not item.closed:
            item.parts.append(value)  # type: ignore[arg-type]
            item.last = no
        elif kind == "text" and (closed := _unmarked_item(value, no, rules)) is not None:
            events.append(closed)  # a line closed by a unit trailer, under no item: a task of its own
            item = closed
        elif kind == "text" and item is not None:
            item = None  # text after an item's units ends it: a later label line is not its own
        if kind == "text" and item is None:
            taken.append((value, no))  # a line no item took: an item's text if a unit label follows
            loose = taken
        # a trailer can only have been completed by a part that ends in a closing bracket
        if item is not None and not item.closed and item.parts[-1].rstrip().rstrip(END_PUNCT).endswith(CLOSERS):
            item.trailer = find_trailer("".join(item.parts), rules)
            item.closed = item.trailer is not None
    _trust_spaced_rows(events, rules)
    return events, before_stop


def _record(loose: list[tuple[str, int]], rules: Rules, sentences: bool) -> Item | None:
    """The item a unit label line closes, from the lines no item took before it: the last line
    (_unmarked_item, labelled), or a record of field lines opened by a task field ("重点任务：推进…"
    then "工作目标：…", then the label): those lines, the first the item's, the others its parts.
    sentences: whether a finished sentence alone may open the item (see _unmarked_item)."""
    k = len(loose) - 1
    while k > 0 and opens_with_field(loose[k - 1][0], rules):
        k -= 1  # the field lines right before the label
    k = next((i for i in range(k, len(loose)) if opens_with_task_field(loose[i][0], rules)), len(loose) - 1)
    if k == len(loose) - 1:
        return _unmarked_item(*loose[-1], rules, labelled=True, sentences=sentences)
    item = _unmarked_item(*loose[k], rules, labelled=True, sentences=sentences)
    if item is not None:
        item.parts += [text for text, _ in loose[k + 1:]]
        item.last = loose[-1][1]
    return item


def _unmarked_item(text: str, no: int, rules: Rules, labelled: bool = False, sentences: bool = False) -> Item | None:
    """An item for a line that no open item continues and that a unit trailer (or, after a task
    field label or a bullet, unit labels) closes, whatever opens it: an unknown mark ("A." "1>"
    "ⅰ." "其一，", kept as its number), a bullet ("• " "● " "——", no number) or none at all; or, when
    `labelled` (a unit label line follows it), a line opened by such a mark, a bullet or a task
    field label ("工作任务：推进…"), or with `sentences` a finished sentence opened by no field label.
    Example: "A.推进决策公开。（责任单位：县司法局）" -> Item("A", ["推进决策公开。（责任单位：县司法局）"]).
    SCHEMA.md: each unit trailer closes one task. None when no trailer closes the line."""
    if not labelled and not text.rstrip().rstrip(END_PUNCT).endswith(CLOSERS) and "：" not in text and ":" not in text:
        return None  # neither a bracket at its end nor a label: most lines (a quick test)
    mark = UNKNOWN_MARK.match(text)
    number, rest = (mark.group(1), text[mark.end():]) if mark else ("", text)
    bullet = _BULLET.match(rest)  # "• 推进…", "● 推进…", "——推进…": an item with no number
    rest = rest[bullet.end():] if bullet else rest
    if labelled:  # the label line that follows closes it; a line with no mark at all is a table's cell,
        # unless a task field label opens it (a record of fields, one per line: "工作任务：…" over "责任单位：…")
        # or a finished sentence ("做好…起草。" over "牵头单位：…": a list whose numbers were lost),
        # unless a field label opens it ("具体内容：…。" is the field of a heading's task above)
        sentence = sentences and rest.rstrip().endswith("。") and not opens_with_field(rest, rules)
        opened = mark is not None or bullet or opens_with_task_field(rest, rules) or sentence
        return Item(number, [rest], no, no, style="unmarked") if opened and 0 < len(squash(rest)) <= UNMARKED_ITEM_MAX \
            else None
    # a trailer, or unit labels after a task field ("工作任务：推进公开；责任单位：县司法局")
    bracketed = find_trailer(rest, rules)
    closing = bracketed or (find_label_tail(rest, rules) if bullet or opens_with_task_field(rest, rules) else None)
    if closing is None or not squash(closing[0]) or max(len(squash(part)) for part in closing) > UNMARKED_ITEM_MAX:
        return None  # an item's text and its units are each a line's length, not a page run together
    labels = find_labels(closing[1], rules)
    if labels and not any(meaning in UNIT_COLUMNS for _, _, meaning in labels):
        return None  # "（人工客服工作时间:9:00-18:30）": a bracket of a time or a person names no unit
    return Item(number, [rest], no, no, closed=True, style="unmarked", trailer=bracketed)


def _trust_spaced_rows(events: list[Heading | Item], rules: Rules) -> None:
    """Rows of a run-on table that no cell mark splits keep the header's columns (flat_cells then
    splits them at spaces) only when at least SPACED_ROWS_MIN of them name units so; otherwise
    none does, and they are read as prose."""
    rows = [e for e in events if isinstance(e, Item) and e.flattened and e.columns
            and not any(mark in part for part in e.parts for mark in "|\t")]
    named = sum(flat_cells("".join(it.parts), it.columns, rules) is not None for it in rows)
    if named < SPACED_ROWS_MIN * len(rows):
        for it in rows:
            it.columns = None


def _one_unit_column(columns: list[str]) -> str | None:
    """The unit column of a header row when it has exactly one, else None.
    Example: ["seq", "task", "requirement", "lead"] (…分解表 序号 名称 工作任务 牵头责任单位) -> "lead"."""
    units = [c for c in columns if c in UNIT_COLUMNS]
    return units[0] if len(units) == 1 else None


def parents(events: list[Heading | Item], rules: Rules) -> list[Item]:
    """The items that name no unit and are followed at once by an item of another style that the
    document first uses after theirs (a deeper level): "（一）全力推进产业项目建设。" above "1.抓好…"."""
    items = [e for e in events if isinstance(e, Item)]
    first_seen: dict[str, int] = {}
    for it in items:
        first_seen.setdefault(it.style, len(first_seen))
    return [a for a, b in zip(items, items[1:])
            if b.style != a.style and first_seen[b.style] > first_seen[a.style] and not has_units(a, rules)]


def outline_headings(events: list[Heading | Item], parent_items: list[Item]) -> dict[int, Heading]:
    """The section headings of an outline (items numbered "1.1", "1.1.1"): each of parent_items
    (parents(events)) above an outline item is a heading, level 1 unless it is itself an outline
    item ("1 深化政策公开" above "1.1 …" -> Heading(1, "1", "深化政策公开")), by the id of its item."""
    items = [e for e in events if isinstance(e, Item)]
    below = {id(a): b for a, b in zip(items, items[1:])}
    return {id(it): Heading(2 if it.style in DECIMAL_STYLES else 1, it.no, squash("".join(it.parts)).rstrip("。"), it.first)
            for it in parent_items if below[id(it)].style in DECIMAL_STYLES}
