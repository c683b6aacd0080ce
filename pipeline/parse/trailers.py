"""Unit trailers of narrative items: "（牵头单位：A；责任单位：B、C）", "【责任单位：…】",
"[…]", "(XX负责)", and label lines "牵头单位：A" that follow an item."""
from __future__ import annotations

import re

from pipeline.parse.columns import UNIT_COLUMNS, column_of, find_labels, label_at
from pipeline.parse.layouts.base import cell_kind, looks_like_units
from pipeline.parse.model import RESPONSIBLE, Unit
from pipeline.parse.rules import Rules, load_rules, memoised
from pipeline.parse.settings import BARE_TRAILER_NAME_MIN, LABEL_MAX
from pipeline.parse.text import CLOSE_BRACKETS, DASHES, OPEN_BRACKETS, squash
from pipeline.parse.units import is_complete_name, split_units

_ASSIGNER = re.compile(r"^[\u4e00-\u9fff]{0,6}?由")  # "此项工作由", "由": who does it follows
_OPEN, _CLOSE = OPEN_BRACKETS, CLOSE_BRACKETS  # a trailer in any bracket pair: "〔牵头单位:X〕" too
_BRACKET = re.compile(f"[{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS)}]")
_CLAUSE_END = "。；;，, \t"
# a dash may part an item's text from its label: "完善服务事项清单——责任单位：县行政审批局"
_DASHES = DASHES
# a label word, a space instead of a colon, then what it labels ("责任单位 县发改局")
_SPACED_LABEL = re.compile(f"^([\u4e00-\u9fff]{{2,{LABEL_MAX}}})[ \t\u3000]+(\\S.*)$", re.S)
_NAME_SEP = re.compile(r"[，,、]")
_FIRST_CLAUSE = re.compile(r"[^，,]*[，,]")  # a sentence's first clause and its comma

# a field whose label is no role, person or deadline label, after a unit field's names ("…；进度安排：
# 全年推进"): the names end before it
_FOREIGN_FIELD = re.compile(rf"[；;，,。]\s*[\u4e00-\u9fff]{{2,{LABEL_MAX}}}\s*[:：]")


def split_labelled(content: str, rules: Rules | None = None, default_role: str = RESPONSIBLE) -> list[Unit]:
    """Units of a trailer body, roles taken from its labels (columns.find_labels).

    Example: "责任领导:杜新国;牵头单位：县园区中心；责任单位：新材料产业园、食品产业园等" ->
    [杜新国/person, 县园区中心/lead, 新材料产业园/responsible, 食品产业园等/responsible].
    A person field gives one Unit with role "person" holding its text as printed (assemble
    moves it to Task.leaders). Text before any label, or a body with no label at all, is split
    with role words and gets default_role ("省发改委牵头，省直各有关单位" -> lead, responsible).
    A field of another label after a unit field's names ends them ("进度安排：全年推进" names none).
    Table unit cells that label their roles inline use this too.
    """
    rules = rules or load_rules()
    key = ("split_labelled", content, default_role)  # unit cells and trailers repeat down a list
    return list(memoised(rules, key, lambda: tuple(_split_labelled(content, rules, default_role))))


def _split_labelled(content: str, rules: Rules, default_role: str) -> list[Unit]:
    labels = find_labels(content, rules)
    head = content[: labels[0][0]] if labels else content
    units = split_units(head, default_role, rules) if squash(head.strip(OPEN_BRACKETS + " ")) else []
    for (_, end, meaning), nxt in zip(labels, labels[1:] + (None,)):
        body = content[end: nxt[0] if nxt else len(content)]
        if meaning == "deadline":
            continue  # a field beside the units ("完成时限：年底"): labelled_deadline reads it
        if meaning == "person":
            person = squash(body).strip(_CLAUSE_END + "。")
            units += [Unit(person, "person")] if person else []
        else:
            foreign = _FOREIGN_FIELD.search(body)  # "；进度安排：全年推进": a field of no column read here
            units += split_units(body[:foreign.start()] if foreign else body, meaning, rules)
    return units


def labelled_deadline(content: str, rules: Rules | None = None) -> str | None:
    """The text of the first deadline field in a trailer or label line, as printed, or None:
    "责任单位：区财政局；完成时限：2024年底前" -> "2024年底前"."""
    rules = rules or load_rules()
    labels = find_labels(content, rules)
    for (_, end, meaning), nxt in zip(labels, labels[1:] + (None,)):
        if meaning == "deadline":
            value = squash(content[end: nxt[0] if nxt else len(content)]).strip(_CLAUSE_END + "。")
            return value or None
    return None


def label_role(line: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """(meaning, rest) for a line that starts with a role or person label: "牵头单位:区发改局" ->
    ("lead", "区发改局"); "牵头领导:刘兴达" -> ("person", "刘兴达"); a unit label without its colon
    before names ("责任单位 县发改局") too; None otherwise."""
    rules = rules or load_rules()
    text = line.strip()
    # at the start, or just inside an opening 【 (a copula label reads the names after it)
    labels = find_labels(text, rules) if rules.label_re.match(text) else ()
    if not labels or labels[0][0] > 1:
        return _spaced_label(text, rules)
    return labels[0][2], text[labels[0][1]:]


def _spaced_label(text: str, rules: Rules) -> tuple[str, str] | None:
    """(meaning, names) of a line whose unit label stands apart from its names by a space, no
    colon ("责任单位 县发改局、县财政局": a label cell and its value copied as text); None unless the
    whole first word is a unit label and the rest reads as units."""
    m = _SPACED_LABEL.match(text)
    hit = label_at(m.group(1), rules) if m else None
    if hit is None or hit[0] != 0 or hit[1] not in UNIT_COLUMNS or not looks_like_units(m.group(2), rules):
        return None
    return hit[1], m.group(2)


def label_fields(line: str, rules: Rules | None = None) -> list[tuple[str, str]]:
    """The fields of a label line, one (meaning, text) per label: "牵头领导：张三  牵头单位：县发改局
    配合单位：县财政局" -> [("person", "张三"), ("lead", "县发改局"), ("cooperating", "县财政局")]
    (a later label opens after a space or a clause mark); [] unless the line opens with a label
    (label_role)."""
    rules = rules or load_rules()
    first = label_role(line, rules)
    if first is None:
        return []
    text = line.strip()
    labels = [lab for lab in find_labels(text, rules)
              if lab[0] > 0 and text[lab[0] - 1] in _CLAUSE_END + "\u3000" and not _inside_bracket(text[:lab[0]])]
    if not labels:
        return [first]
    cut = len(text) - len(first[1])  # where the first label's text starts
    bounds = [(first[0], cut)] + [(meaning, end) for _, end, meaning in labels]
    stops = [start for start, _, _ in labels] + [len(text)]
    return [(meaning, text[start:stop].strip().rstrip(_CLAUSE_END)) for (meaning, start), stop in zip(bounds, stops)]


def find_label_tail(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item whose units follow a label without brackets: "…公众参与。责任单位：区司法局。"
    -> ("…公众参与。", "责任单位：区司法局"); after a dash the dash is left out: "完善清单——责任单位：
    县审批局" -> ("完善清单", "责任单位：县审批局"). None when no label follows some item text."""
    rules = rules or load_rules()
    # memoised: both narrative readings, and every item check, look at the same item texts
    return memoised(rules, ("find_label_tail", text), lambda: _find_label_tail(text, rules))


def _find_label_tail(text: str, rules: Rules) -> tuple[str, str] | None:
    for start, _, _ in find_labels(text, rules):
        # a label opens a clause: "…参与。责任单位：…", never "…压实工作责任：…", nor one inside a
        # bracket ("【牵头单位：X；配合单位：Y】推进…": a bracketed head, find_unit_head)
        if start > 0 and text[start - 1] in _CLAUSE_END + _DASHES and squash(text[:start].rstrip(_DASHES)) \
                and not _inside_bracket(text[:start]):
            return text[:start].rstrip(_DASHES), text[start:].rstrip().rstrip("。；;.")
    return None


def find_inner_trailer(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item whose labelled unit bracket stands inside its text, more text after it:
    "推进重大项目建设（责任单位：县发改局），确保全年完成投资50亿元。" -> ("推进重大项目建设，确保全年
    完成投资50亿元。", "责任单位：县发改局"). Only a bracket opening with a unit label counts (a bare
    bracket inside a sentence is an aside); one closing the item is a trailer (find_trailer)."""
    rules = rules or load_rules()
    return memoised(rules, ("find_inner_trailer", text), lambda: _find_inner_trailer(text, rules))


def _find_inner_trailer(text: str, rules: Rules) -> tuple[str, str] | None:
    for start, _, meaning in find_labels(text, rules):
        if start == 0 or text[start - 1] not in _OPEN or meaning not in UNIT_COLUMNS:
            continue
        close = _closing(text, start - 1)
        if close is not None and squash(text[:start - 1]) and squash(text[close.end():].strip("。；;，,. ")):
            return text[:start - 1] + text[close.end():], text[start:close.start()]
    return None


def _closing(text: str, opening: int) -> re.Match | None:
    """The bracket that closes the one opening at text[opening] (nested pairs skipped: "（X处（Y办）
    牵头）"), or None when it stays open."""
    depth = 0
    for m in _BRACKET.finditer(text, opening):
        depth += 1 if m.group() in _OPEN else -1
        if depth == 0:
            return m
    return None


def _inside_bracket(head: str) -> bool:
    """True when `head` leaves a bracket open."""
    depth = 0
    for m in _BRACKET.finditer(head):
        depth += 1 if m.group() in _OPEN else -1
    return depth > 0


def _trailer_start(text: str) -> int | None:
    """Index of the bracket that opens the bracketed group ending `text`, or None."""
    if not text or text[-1] not in _CLOSE:
        return None
    last_open = max(map(text.rfind, _OPEN))
    if last_open >= 0 and not _BRACKET.search(text, last_open + 1, len(text) - 1):
        return last_open  # the usual trailer: no bracket inside it
    depth = 0
    for m in reversed(list(_BRACKET.finditer(text))):  # only brackets change the depth
        if m.group() in _CLOSE:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.start()
    return None


def find_trailer(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item into (body, trailer body) when it ends with a unit trailer, else None.

    A trailer is the bracketed group at the very end (a final "。" or "；" may follow) whose body
    starts with a role label (after a time, maybe: "（2025年6月底前完成，责任单位：X）"), ends with
    a role word or holds organisation names alone:
    "…衔接。（责任单位：省财政厅）" -> ("…衔接。", "责任单位：省财政厅"); "…（市发改委负责）" ->
    ("…", "市发改委负责"); "…增长6%。（县发改局、县统计局）" -> ("…增长6%。", "县发改局、县统计局").
    """
    rules = rules or load_rules()
    # memoised: both narrative readings, and every item check, look at the same item texts
    return memoised(rules, ("find_trailer", text), lambda: _find_trailer(text, rules))


def _find_trailer(text: str, rules: Rules) -> tuple[str, str] | None:
    stripped = text.rstrip().rstrip("。；;，,.").rstrip()  # "…（责任单位：X）。" or "…）；二是…"
    start = _trailer_start(stripped)
    if start is None:
        return _unclosed_trailer(text, stripped, rules)
    inner = stripped[start + 1:-1]
    body = squash(inner)
    labels = find_labels(body, rules)
    if labels and labels[0][0] == 0:
        return text[:start], inner
    timed = _time_first(inner, rules)
    if timed is not None:
        return text[:start], timed
    units = _unit_clause(body, labels)
    role = next((w for w in rules.role_word_set if units.endswith(w)), None)
    if role and len(units) > len(role):  # "（市发改委负责）"; a role word alone ("（配合）") marks the name before it
        return text[:start], inner
    # "…增长6%。（县发改局）": a bracket of organisation names alone (a deadline field may follow),
    # with no role label or role word, closes an item too (its units are responsible); not so the
    # other name of a unit that follows a finished sentence ("…增长5.5%。发改局(服务业发展局)": a
    # unit cell run onto the item), while a whole item may read as a name ("养老机构（民政所）")
    spaced = inner.strip()  # names may be split by spaces alone ("市发改委 市科技局"): read unsquashed
    names = spaced[: next((s for s, _, meaning in find_labels(spaced, rules) if meaning == "deadline"),
                          len(spaced))].rstrip(_CLAUSE_END + " \t\u3000")
    # "（县发改局，2025年12月底前）": a last clause that reads as a time, with no label, is no name
    last = _LAST_CLAUSE.search(names)
    dated = last is not None and last.start() > 0 and cell_kind(last.group(1), rules) == "deadline"
    if dated:
        names = names[: last.start()].rstrip(_CLAUSE_END + " \t\u3000")
        units = squash(names)
    named = bool(units) and all(meaning == "deadline" for _, _, meaning in labels) \
        and max(map(len, _BARE_NAME_SEP.split(names))) >= BARE_TRAILER_NAME_MIN \
        and column_of(units, rules) is None and looks_like_units(names, rules)  # "（牵头单位与责任单位）" names none
    before = _LAST_WORD.search(text[:start])
    alias = before is not None and before.start() > 0 and looks_like_units(before.group(0), rules)
    return (text[:start], names if dated else inner) if named and squash(text[:start]) and not alias else None


def _unclosed_trailer(text: str, stripped: str, rules: Rules) -> tuple[str, str] | None:
    """(body, trailer body) of an item whose trailer lost its closing bracket (an OCR slip): the last
    opening bracket, none closing after it, a role label opening what follows; else None."""
    opened = max(map(stripped.rfind, _OPEN))
    if opened < 0 or any(c in _CLOSE for c in stripped[opened:]) or not squash(text[:opened]):
        return None
    labels = find_labels(squash(stripped[opened + 1:]), rules)
    return (text[:opened], stripped[opened + 1:]) if labels and labels[0][0] == 0 else None


def _unit_clause(body: str, labels: tuple[tuple[int, int, str], ...]) -> str:
    """A bracket body's text before its first deadline field (find_labels `labels` of `body`), the
    clause marks at its end stripped: "X按职责分工落实；时限：年底前" -> "X按职责分工落实" (a unit
    clause ending in a role word, when it is one)."""
    return body[: next((s for s, _, meaning in labels if meaning == "deadline"), len(body))].rstrip(_CLAUSE_END)


def _time_first(inner: str, rules: Rules) -> str | None:
    """The labelled part of a trailer body that opens with a time and no label: "2025年6月底前完成，
    责任单位：县发改局" -> "责任单位：县发改局" (the time, unlabelled, is no deadline field: SCHEMA);
    None when the body opens otherwise."""
    body = inner.strip()
    labels = find_labels(body, rules)
    if not labels or labels[0][2] not in UNIT_COLUMNS:
        return None
    head = body[: labels[0][0]].rstrip(_CLAUSE_END)
    return body[labels[0][0]:] if head and cell_kind(head, rules) == "deadline" else None


def _bracket_head(text: str, rules: Rules) -> tuple[str, str] | None:
    """(rest, bracket body) of an item opened by a bracketed unit statement: "（县发改局负责）推进…"
    or "【牵头单位：县发改局】推进…" (a role label first, or a role word last); None otherwise."""
    if not text or text[0] not in _OPEN:
        return None
    close = _closing(text, 0)  # the bracket that closes the first: "（X处（Y办）牵头）"
    if close is None or not squash(text[close.end():]):
        return None
    inner = text[1:close.start()]
    body = squash(inner)
    labels = find_labels(body, rules)
    if labels and labels[0][0] == 0:
        return text[close.end():], inner
    units = _unit_clause(body, labels)
    stated = units.endswith(rules.role_word_set) and looks_like_units(units, rules)
    return (text[close.end():], inner) if stated else None


def _colon_head(text: str, rules: Rules) -> tuple[str, str] | None:
    """(rest, names) of an item opened by its units and a colon: "县教育局：新建幼儿园3所" ->
    ("新建幼儿园3所", "县教育局") (responsible: no role word); None when what stands before the
    first colon is a label ("责任单位：") or no unit list ("工作目标：")."""
    m = _COLON_HEAD.match(text)
    if not m or not squash(m.group(2)) or find_labels(m.group(0), rules):
        return None
    names = m.group(1)
    return (m.group(2), names) if is_complete_name(names, rules) and looks_like_units(names, rules) else None


# an item's opening words up to its first colon, and the rest
_COLON_HEAD = re.compile(r"^([^：:。，,；;]+)[：:](.*)$", re.S)
# a clause opening an item: its text and the mark that ends it ("由县住建局牵头，")
_HEAD_CLAUSE = re.compile(r"([^，,；;]+)(?:[，,；;]|$)")
# what separates the names of a bare bracket ("县人社局、县就业中心", "市发改委 市科技局")
_BARE_NAME_SEP = re.compile(r"[、，,；;\s]+")
# the last word before a bracket: what follows the last space or punctuation mark
_LAST_CLAUSE = re.compile(r"[，,；;]\s*([^，,；;]+)$")  # a bracket's last clause, after its last comma
_LAST_WORD = re.compile(r"[^\s。，,；;：:、.．]+$")
_SPACE_TAIL = re.compile(r"^(.*\S)[ \t\u3000]+(\S+)$", re.S)


def find_unit_tail(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item whose last space-separated word is a unit list (a row whose cells are split
    by spaces): "地区生产总值增长7%以上. 发改委" -> ("地区生产总值增长7%以上.", "发改委"). None when
    the tail is no unit list or nothing stands before it."""
    rules = rules or load_rules()
    m = _SPACE_TAIL.match(text.strip())
    # a tail of one character ("室" of a letter-spaced "责 任 科 室") is no name
    if not m or not squash(m.group(1)) or len(m.group(2)) < 2 or not looks_like_units(m.group(2), rules):
        return None
    return m.group(1), m.group(2)


# an item's text, a dash ("——", "—", "--"), then the names after it, which hold no dash
_DASH_TAIL = re.compile(f"^(.*?\\S)\\s*[{_DASHES}]{{1,2}}\\s*([^{_DASHES}]+?)[。；;.]?$", re.S)


def find_dash_tail(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item whose units follow a dash without a label: "推进数字政府建设——县大数据中心、县直
    各部门" -> ("推进数字政府建设", "县大数据中心、县直各部门"). The names must read as units
    (layouts.base.looks_like_units) and some text stand before the dash; None otherwise
    ("2024—2025年…" and "…——以数字化赋能" name no unit)."""
    rules = rules or load_rules()
    return memoised(rules, ("find_dash_tail", text), lambda: _find_dash_tail(text, rules))


def _find_dash_tail(text: str, rules: Rules) -> tuple[str, str] | None:
    if not any(dash in text for dash in _DASHES):
        return None  # a quick test: most items hold no dash
    m = _DASH_TAIL.match(text.strip())
    if not m or not squash(m.group(1)) or not looks_like_units(m.group(2).strip(), rules):
        return None
    return m.group(1), m.group(2).strip()


def find_unit_sentence(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item whose last sentence only assigns units: "…加强监管。由市发改委牵头，市财政局
    配合。" -> ("…加强监管。", "市发改委牵头，市财政局配合"); "此项工作由X负责。" too. The sentence
    must carry a role word and read as a unit list throughout; None otherwise."""
    rules = rules or load_rules()
    # memoised: both narrative readings, and every item check, look at the same item texts
    return memoised(rules, ("find_unit_sentence", text), lambda: _find_unit_sentence(text, rules))


def _find_unit_sentence(text: str, rules: Rules) -> tuple[str, str] | None:
    body = text.rstrip().rstrip("。；;")
    cut = max(body.rfind("。"), body.rfind("；"), body.rfind(";")) + 1
    head, sentence = body[:cut], _ASSIGNER.sub("", body[cut:].strip())
    # "由副县长张志强负责，县农业农村局牵头，…": the opening clauses naming a person are no units
    first = _FIRST_CLAUSE.match(sentence)
    while first and any(post in first.group(0) for post in rules.person_posts):
        sentence = sentence[first.end():]
        first = _FIRST_CLAUSE.match(sentence)
    if not squash(head) or not squash(sentence):
        return None
    clauses = [squash(c) for c in _NAME_SEP.split(sentence) if squash(c)]
    if not any(c.endswith(rules.role_word_set) for c in clauses):
        return None
    return (head, sentence) if looks_like_units(sentence, rules) else None


def find_unit_head(text: str, rules: Rules | None = None) -> tuple[str, str] | None:
    """Split an item that opens with clauses assigning its units: "由县住建局牵头，各乡镇配合，完成
    农村危房改造200户。" -> ("完成农村危房改造200户。", "县住建局牵头，各乡镇配合"), or with a
    bracketed unit statement: "（县发改局负责）推进…" -> ("推进…", "县发改局负责"), or with its
    names and a colon: "县教育局：新建…" -> ("新建…", "县教育局"). Every opening
    clause up to the task's text must end in a role word and read as units, and some text must
    follow; None otherwise."""
    rules = rules or load_rules()
    return memoised(rules, ("find_unit_head", text), lambda: _find_unit_head(text, rules))


def _find_unit_head(text: str, rules: Rules) -> tuple[str, str] | None:
    bracketed = _bracket_head(text.strip(), rules) or _colon_head(text.strip(), rules)
    if bracketed:
        return bracketed
    body = text.strip().removeprefix("由")
    clauses = list(_HEAD_CLAUSE.finditer(body))
    taken = 0  # how many opening clauses assign units
    for m in clauses:
        clause = squash(m.group(1))
        if not clause.endswith(rules.role_word_set) or not looks_like_units(clause, rules):
            break
        taken += 1
    if not taken or taken == len(clauses):
        return None
    cut = clauses[taken - 1].end()
    rest = body[cut:]
    return (rest, body[:cut].rstrip("，,；; ")) if squash(rest) else None
