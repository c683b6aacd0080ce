"""Unit trailers of narrative items: "（牵头单位：A；责任单位：B、C）", "【责任单位：…】",
"[…]", "(XX负责)", and label lines "牵头单位：A" that follow an item."""
from __future__ import annotations

from pipeline.parse.model import Unit
from pipeline.parse.rules import Rules, load_rules
from pipeline.parse.text import squash
from pipeline.parse.units import split_units

_OPEN, _CLOSE = "（(【[", "）)】]"
_CLAUSE_END = "。；;，, \t"


def split_labelled(content: str, rules: Rules | None = None, default_role: str = "responsible") -> list[Unit]:
    """Units of a trailer body, roles taken from its labels.

    Example: "牵头单位：县政府园区发展服务中心；责任单位：新材料产业园、食品产业园等" ->
    [县政府园区发展服务中心/lead, 新材料产业园/responsible, 食品产业园等/responsible].
    Text before any label, or a body with no label at all, is split with role words and
    gets default_role ("省发改委牵头，省直各有关单位" -> lead, responsible). Table unit cells
    that label their roles inline use this too.
    """
    rules = rules or load_rules()
    role_of = dict(rules.labels)
    matches = list(rules.label_re.finditer(content))
    head = content[: matches[0].start()] if matches else content
    units = split_units(head, default_role, rules) if squash(head) else []
    for m, nxt in zip(matches, matches[1:] + [None]):
        body = content[m.end(): nxt.start() if nxt else len(content)]
        units += split_units(body, role_of[m.group(1) or m.group(2)], rules)
    return units


def label_role(line: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """(role, rest) for a line that starts with a role label: "牵头单位:区发改局" -> ("lead", "区发改局")."""
    rules = rules or load_rules()
    m = rules.label_re.match(line.strip())
    if not m:
        return None
    return dict(rules.labels)[m.group(1) or m.group(2)], line.strip()[m.end():]


def find_label_tail(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item whose units follow a label without brackets: "…公众参与。责任单位：区司法局。"
    -> ("…公众参与。", "责任单位：区司法局"). None when no label follows some item text."""
    rules = rules or load_rules()
    for m in rules.label_re.finditer(text):
        # a label opens a clause: "…参与。责任单位：…", never "…压实工作责任：…"
        if m.start() > 0 and text[m.start() - 1] in _CLAUSE_END and squash(text[: m.start()]):
            return text[: m.start()], text[m.start():].rstrip().rstrip("。；;.")
    return None


def _trailer_start(text: str) -> int | None:
    """Index of the bracket that opens the bracketed group ending `text`, or None."""
    end = len(text) - 1
    if end < 0 or text[end] not in _CLOSE:
        return None
    depth = 0
    for i in range(end, -1, -1):
        if text[i] in _CLOSE:
            depth += 1
        elif text[i] in _OPEN:
            depth -= 1
            if depth == 0:
                return i
    return None


def find_trailer(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item into (body, trailer body) when it ends with a unit trailer, else None.

    A trailer is the bracketed group at the very end (a final "。" or "；" may follow) whose body
    starts with a role label or ends with a role word: "…衔接。（责任单位：省财政厅）" ->
    ("…衔接。", "责任单位：省财政厅"); "…（市发改委负责）" -> ("…", "市发改委负责").
    """
    rules = rules or load_rules()
    stripped = text.rstrip().rstrip("。；;，,.").rstrip()  # "…（责任单位：X）。" or "…）；二是…"
    start = _trailer_start(stripped)
    if start is None:
        return None
    inner = stripped[start + 1:-1]
    body = squash(inner)
    if rules.label_re.match(body) or any(body.endswith(w) for w, _ in rules.role_words):
        return text[:start], inner
    return None
