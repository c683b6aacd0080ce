"""Gold labels in, sanitised document structures out.

A *structure* is the part of a labelled document that the rendering suite writes back as text:
its tasks in order, each with its section headings, title, requirement, units by role and a
deadline. It is read from the gold files copied into tests/ (globbed, so gold files added later
are picked up) and *sanitised*: tasks, units and texts that would make some rendering ambiguous
are left out, each rule with its reason below. The renderer then numbers tasks and sections
itself and builds the expected rows from what it printed, so the oracle is exact.

This module imports nothing from `pipeline`: the generator must not share code with the parser.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD_GLOBS = ("tests/fixtures/seed_gold/[0-9]*.jsonl", "tests/fixtures/samples/gold/*.jsonl")

# At most this many tasks per structure: enough for sections, inheritance and page breaks
# (a page break is inserted every 3 rows), few enough that one rendering parses in ~10 ms and
# a failure's text stays short enough to read in a report.
MAX_TASKS = 8
# A structure with fewer tasks cannot show a table header, a section change and a page break.
MIN_TASKS = 2

# Organisation words a complete unit name ends in (SCHEMA.md, all three lists). Only complete
# names are kept, because the renderer joins units with "、" (and SCHEMA splits at "、" only
# after a complete name) or with spaces (split only between complete names).
ORG_WORDS = (
    "政府", "厅", "局", "委", "办", "处", "室", "科", "部门", "单位", "机构", "中心", "会", "组", "台",
    "所", "馆", "院", "站", "队", "园", "行", "开发区", "镇", "乡", "街道", "专班", "部", "股", "联",
    "公司", "集团", "分局", "支行", "指挥部", "区", "海关", "各地",
)
# A bracketed alias after a complete name ("县发改局(粮食局)", "各镇(街)") is part of the name.
_TRAILING_ALIAS = re.compile(r"[（(][^（）()]*[）)]$")
# Characters that are separators in some rendering: a unit (or cell text) holding one would be
# split or merged differently from what the renderer meant.
_SEPARATORS = re.compile(r"[、，,；;\s|:：]")
# Role words act at a clause's end (SCHEMA "role words"): a unit name holding one ("局主办科室")
# stays one unit in gold, but a rendering of it next to a role word is ambiguous, so such units
# are left out; a title or requirement whose clause ends in one could be read as a unit sentence.
ROLE_WORDS = ("牵头", "配合", "协办", "会办", "协助", "协作", "协同", "参与", "主办", "负责", "落实", "主责")
# (a role word, then at most 2 more characters such as "落实" in "牵头落实", then a clause end)
_ROLE_AT_CLAUSE_END = re.compile("(" + "|".join(ROLE_WORDS) + r")[^，。；,;]{0,2}([，。；,;]|$)")
# Person posts are never units (SCHEMA); a title naming one next to a role word is left out too.
_PERSON_POSTS = ("领导", "责任人", "联系人")
# Text that starts like a number or a heading would be read as a new task or section.
NUMBER_LIKE = re.compile(r"^([0-9０-９①-⑳]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]|第[一二三四五六七八九十0-9]+[条项部章])")
# Labels ("牵头单位：", "完成时限:") are fields, never part of a title: any colon in a title or
# requirement could be read as a label, so titles with one are left out, requirements emptied.
_COLON = re.compile(r"[:：]")
# A title ending in a bracket would read as a unit trailer in narrative shapes.
_ENDS_IN_BRACKET = re.compile(r"[）)】\]]$")
# Synthetic deadlines for tasks whose gold has none, so the deadline axis is exercised on every
# structure. They are plain schedule phrases as printed in real tables.
SYNTHETIC_DEADLINES = ("2024年6月底前", "年底前", "长期坚持", "每季度", "2024年12月31日前", "持续推进")


@dataclass(frozen=True)
class Task:
    """One task of a structure. Units are tuples of complete names; sections are as in gold
    (the renderer renumbers them); deadline is the gold deadline or a synthetic one."""
    l1_title: str | None
    l2_title: str | None
    title: str
    requirement: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    deadline: str


@dataclass(frozen=True)
class Structure:
    """A sanitised document: its gold file's stem and 2..MAX_TASKS tasks in document order."""
    doc: str
    tasks: tuple[Task, ...]

    def roles(self) -> tuple[str, ...]:
        """The roles that occur in at least one task, in lead/responsible/cooperating order."""
        return tuple(r for r in ("lead", "responsible", "cooperating") if any(getattr(t, r) for t in self.tasks))


def complete_name(unit: str) -> bool:
    """True if `unit` is one complete organisation name that every unit separator keeps whole."""
    if not unit or _SEPARATORS.search(unit) or unit.endswith("等"):
        return False  # a trailing 等 belongs on the last unit only; order changes with the shape
    if any(w in unit for w in ROLE_WORDS) or any(p in unit for p in _PERSON_POSTS):
        return False
    base = _TRAILING_ALIAS.sub("", unit)
    return bool(base) and base.endswith(ORG_WORDS)


def safe_text(text: str) -> bool:
    """True if a title/heading can be printed in every shape without changing its meaning."""
    return bool(text) and not (
        _SEPARATORS.search(text.replace("、", "").replace("，", "").replace("；", "")
                           .replace(",", "").replace(";", ""))  # list punctuation is fine in text
        or _COLON.search(text) or NUMBER_LIKE.match(text) or _ROLE_AT_CLAUSE_END.search(text)
        or _ENDS_IN_BRACKET.search(text) or any(p in text for p in _PERSON_POSTS)
        or "单位" in text or "部门" in text  # could be read as a unit label or a unit cell
        or text.rstrip("。").count("。")  # narratives split title/requirement at the first "。"
    )


def _sanitise_task(row: dict, index: int) -> Task | None:
    title = row["title"] or ""
    if not safe_text(title):
        return None
    requirement = row.get("requirement") or ""
    if requirement and (_COLON.search(requirement) or NUMBER_LIKE.match(requirement)
                        or _ROLE_AT_CLAUSE_END.search(requirement) or "|" in requirement):
        requirement = ""  # kept task, emptied requirement: see _COLON / NUMBER_LIKE / ROLE_WORDS
    seen: set[str] = set()
    units = {}
    for role in ("lead", "responsible", "cooperating"):
        keep = []
        for u in row.get(f"{role}_units") or []:
            if complete_name(u) and u not in seen:  # a name in two roles cannot be rendered twice
                keep.append(u)
                seen.add(u)
        units[role] = tuple(keep)
    if not seen:
        return None  # an item without units is not a task in narrative shapes
    deadline = row.get("deadline") or ""
    if not deadline or _SEPARATORS.search(deadline):
        deadline = SYNTHETIC_DEADLINES[index % len(SYNTHETIC_DEADLINES)]
    l1 = row.get("l1_title") if row.get("l1_no") else None
    l2 = row.get("l2_title") if row.get("l2_no") and l1 else None
    return Task(l1, l2, title, requirement, units["lead"], units["responsible"], units["cooperating"], deadline)


def _without_sections(t: Task) -> Task:
    return Task(None, None, t.title, t.requirement, t.lead, t.responsible, t.cooperating, t.deadline)


def _sections_nest(tasks: list[Task]) -> bool:
    """False if a task without a heading follows one with a heading (it would print under that
    heading and inherit it), at either level: the structure is then rendered without sections."""
    for a, b in zip(tasks, tasks[1:]):
        if (a.l1_title and not b.l1_title) or (a.l2_title and not b.l2_title and a.l1_title == b.l1_title):
            return False
    return True


def sanitise(doc: str, rows: list[dict]) -> Structure | None:
    """The structure of one gold file, or None if fewer than MIN_TASKS tasks survive."""
    tasks = [t for i, r in enumerate(rows) if (t := _sanitise_task(r, i))][:MAX_TASKS]
    # Headings are kept only if every kept heading prints safely; otherwise the structure has no
    # sections at all (dropping one heading would silently move its tasks under another).
    headings = {h for t in tasks for h in (t.l1_title, t.l2_title) if h is not None}
    if (any(not safe_text(h) or h[-1:].isdigit() for h in headings)  # one_line glues "1." to it
            or not _sections_nest(tasks)):
        tasks = [_without_sections(t) for t in tasks]
    return Structure(doc, tuple(tasks)) if len(tasks) >= MIN_TASKS else None


def gold_files(root: Path = ROOT) -> list[Path]:
    """Every gold file the suite reads, sorted by name."""
    return sorted(p for g in GOLD_GLOBS for p in root.glob(g))


def load_structures(root: Path = ROOT) -> list[Structure]:
    """Sanitised structures of every gold file, in file-name order; files with too few safe
    tasks are skipped."""
    out = []
    for path in gold_files(root):
        rows = [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]
        rows.sort(key=lambda r: r["seq"])
        if (s := sanitise(path.stem, rows)) is not None:
            out.append(s)
    return out
