"""Unit extraction: one unit cell's text -> the organisations it names, each with its role.

Serves every layout: table unit columns ("省发改委 省商务厅"), combined cells
("资配处、农村处牵头，各处室（局）及直属单位配合"), wrapped PDF cells ("区 直 各 部\\n门，各街道")
and trailers ("省政府办公厅、各设区市人民政府"). The splitting rules are those of the gold schema:
split at ，,；; and line breaks, at spaces and "、" only after a complete organisation name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.parse.items import ARABIC_STYLES, item_style
from pipeline.parse.model import COOPERATING, LEAD, Unit
from pipeline.parse.rules import Rules, load_rules, memoised
from pipeline.parse.settings import JOINT_NAME_MIN, TIME_NOTE_MAX
from pipeline.parse.text import DASHES, DATED_START_RE, FIRST_IS_LEAD, squash

_CLAUSE_SEP = re.compile(r"[，,；;。\n]+")
_BRACKETED_TAIL = re.compile(r"[（(][^（）()]*[）)]$")
_BRACKET = re.compile(r"[（(]([^（）()]*)[）)]")
_NAME_SEP = re.compile(r"(、|/|／|\s+)")  # "/" between two complete names parts them as "、" does
_BRACKET_LINE = re.compile(r"\n\s*(?=[（(])")
_ASSIGNER = re.compile(r"^\s*由")
# a name and a role word in brackets after it: "县农业农村局（牵头）", "县财政局(配合)"
_BRACKETED_ROLE = re.compile(r"^(.+?)[（(【\[]([\u4e00-\u9fff]{2,4})[）)】\]]$")
LEAD_MARKS = "▲△★☆※●◆■＊*"  # a mark printed before a unit name marks it lead (SCHEMA.md)


@lru_cache(maxsize=4)
def _role_space_re(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("(" + "|".join(re.escape(w) for w in words) + r")[ \t]+(?=\S)")


def _role_space(rules: Rules) -> re.Pattern:
    return _role_space_re(rules.role_word_set)


@lru_cache(maxsize=4)
def _space_role_re(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"[ \t\u3000]+(?=(?:" + "|".join(re.escape(w) for w in words) + r")(?:[，,；;。\s]|$))")


def _space_role(rules: Rules) -> re.Pattern:
    return _space_role_re(rules.role_word_set)


def is_complete_name(text: str, rules: Rules | None = None) -> bool:
    """True when `text` ends in an organisation word, ignoring a trailing "等" and a bracketed
    alias: "各处室（局）" -> True, "各市" -> False, "基层处等" -> True."""
    rules = rules or load_rules()
    name = squash(text)
    if name.endswith("等"):
        name = name[:-1]
    while _BRACKETED_TAIL.search(name):
        name = _BRACKETED_TAIL.sub("", name)
    return bool(name) and name.endswith(rules.org_suffixes)


def _drop_scope_notes(text: str, rules: Rules) -> str:
    """Remove a bracket that states a scope of duty, a role rule or a time: "省司法厅（负责省政府规章）"
    -> "省司法厅"; "县发改局（首位单位为牵头单位，下同）" -> "县发改局" (conventions.py applies the rule);
    "县司法局（2025年12月底前）", "县发改局（长期坚持）" -> the name (an unlabelled time is no deadline
    field, SCHEMA; it is no part of the name either)."""
    def keep(match: re.Match) -> str:
        note = squash(match.group(1))
        timed = DATED_START_RE.match(note) is not None or (len(note) <= TIME_NOTE_MAX and rules.deadline_word_re.search(note))
        return "" if note.startswith(rules.scope_prefixes) or FIRST_IS_LEAD.search(note) or timed else match.group(0)

    return _BRACKET.sub(keep, text)


def name_role(name: str, rules: Rules) -> tuple[str, str | None]:
    """Strip a trailing role word from one name: "办公室牵头" -> ("办公室", "lead"); a name with
    none -> (name, None). A role word inside a name stays ("局主办科室"), and so does one whose
    first character completes an organisation word before it ("县政协办": 政协)."""
    body = squash(name)
    if not body.endswith(rules.role_word_set):
        return body, None
    for word, role in rules.role_words:
        if body.endswith(word) and len(body) > len(word):
            if body[-len(word) - 1] + word[0] in rules.org_suffixes:
                return body, None  # "县政协办": 政协 is the organisation, 协办 no role word
            return body[: -len(word)], role
    return body, None


def _bracketed_role(printed: str, rules: Rules) -> tuple[str, str] | None:
    """(name, role) of a name followed by a role word in brackets: "县农业农村局（牵头）" ->
    ("县农业农村局", "lead"); None otherwise."""
    m = _BRACKETED_ROLE.match(squash(printed))
    if not m:
        return None
    role = next((r for word, r in rules.role_words if word == m.group(2)), None)
    return (m.group(1), role) if role and m.group(1) else None


def joint_partner(name: str, rules: Rules) -> tuple[str, str] | None:
    """Split "X会Y" (X does the task together with Y) into (X, Y) when X is a name of at least
    JOINT_NAME_MIN characters ending with an office or department word (rules.joint_before) and Y
    a complete name: "宣传处会办公室" -> ("宣传处", "办公室"); "委员会办公室" -> None."""
    for word in rules.joint_words:
        at = name.find(word, JOINT_NAME_MIN)
        while at > 0:
            before, after = name[:at], name[at + len(word):]
            if before.endswith(rules.joint_before) and len(after) >= 2 and is_complete_name(after, rules):
                return before, after
            at = name.find(word, at + 1)
    return None


def _split_names(clause: str, rules: Rules) -> list[str]:
    """Split one clause at "、", "/" and spaces that follow a complete name; join letter spacing."""
    names: list[str] = []
    current = ""
    pieces = [p for p in _NAME_SEP.split(clause.strip()) if p]
    for i, piece in enumerate(pieces):
        spaced = piece.isspace() and 0 < i < len(pieces) - 1 and len(pieces[i - 1]) == len(pieces[i + 1]) == 1
        if spaced:
            continue  # letter spacing ("区 直 各 部 门"), not a gap between names
        if piece in ("、", "/", "／") or piece.isspace():
            rest = "".join(pieces[i + 1:]).strip()
            inside = sum(current.count(b) for b in "（(") > sum(current.count(b) for b in "）)")
            if not inside and is_complete_name(name_role(current, rules)[0], rules) and rest:  # "各镇（区、街道）": one name
                names.append(current)
                current = ""
            elif not piece.isspace():
                current += piece
        else:
            current += piece
    if squash(current):
        names.append(current)
    return [squash(n) for n in names if squash(n)]


def join_bracket_lines(cell: str) -> str:
    """Re-attach a bracketed alias that wrapped onto its own line: "海域处\\n（审批处）" ->
    "海域处（审批处）". Other line breaks stay: they separate units."""
    return _BRACKET_LINE.sub("", cell)


def split_units(cell: str | None, default_role: str, rules: Rules | None = None) -> list[Unit]:
    """All units named in one cell, in printed order, without duplicates within a role.

    cell: the cell text; line breaks separate units (callers join wrapped PDF lines first).
    default_role: the role a clause gets when it carries no role word (the column's role).
    Returns [] for an empty cell or one of the rules' none_values ("/").
    Example: "资配处、农村处牵头，各处室（局）及直属单位配合" ->
      [资配处/lead, 农村处/lead, 各处室（局）及直属单位/cooperating];
    "宣传处会办公室" (joint_partner) -> [宣传处/default_role, 办公室/cooperating].
    """
    rules = rules or load_rules()
    # unit cells repeat down a table: read each once
    return list(memoised(rules, ("split_units", cell, default_role), lambda: _split_units(cell, default_role, rules)))


_LEADING_MARKS = DASHES + "~～·•●"  # dashes and bullets that may stand before a unit list
# the numbers a cell may list its units by ("1.县发改局", "（2）县财政局", "③县税务局")
_LIST_STYLES = ARABIC_STYLES | {"circled"}


def _split_units(cell: str | None, default_role: str, rules: Rules) -> list[Unit]:
    text = (cell or "").strip()
    if not squash(text) or squash(text) in rules.none_values:
        return []
    text = _drop_scope_notes(join_bracket_lines(text), rules)
    # a space before a role word closing a clause is no separator: "县农业农村局 牵头；各乡镇 配合"
    text = _space_role(rules).sub("", text)
    # a space after a role word ends a clause: "办公室牵头 各科室配合"
    text = _role_space(rules).sub(lambda m: m.group(1) + "，", text)
    units: list[Unit] = []
    for clause in _CLAUSE_SEP.split(text):
        # "各科室、\n各直属单位"; a dash or bullet leading the units is no part of a name ("——县司法局牵头")
        clause = _ASSIGNER.sub("", clause).strip().strip("、").lstrip(_LEADING_MARKS).strip()
        numbered = item_style(clause)  # "1.县发改局" on each line of a cell: the number is no part of the name
        if numbered and numbered.style in _LIST_STYLES and squash(numbered.rest):
            clause = numbered.rest.strip()
        if not squash(clause) or squash(clause) in rules.none_values:
            continue
        group: list[str] = []
        partners: list[str] = []  # the Y of "X会Y", cooperating
        # a role word ends the group of names before it: "A、B牵头、C配合" -> A, B lead; C cooperating
        for printed in _split_names(clause, rules):
            marked = _bracketed_role(printed, rules)
            if marked:  # "县农业农村局（牵头）": the mark gives that unit alone its role
                units += [Unit(n, default_role) for n in group if n]
                units.append(Unit(*marked))
                group = []
                continue
            name, role = name_role(printed, rules)
            if name[:1] in LEAD_MARKS and name[1:]:  # "▲市发改委": the mark makes that unit lead and is no part of its name
                units.append(Unit(name[1:], LEAD))
                continue
            joint = joint_partner(name, rules)
            if joint:
                name, partner = joint
                partners.append(partner)
            group.append(name)
            if role:
                units += [Unit(n, role) for n in group if n]
                group = []
        units += [Unit(n, default_role) for n in group if n]
        units += [Unit(n, COOPERATING) for n in partners]
    return list(dict.fromkeys(units))
