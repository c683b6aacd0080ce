"""Competing readings: every layout reader proposes a reading of a region, a document-independent
score picks the best, and what the winner leaves unread is read again as a region of its own.

A reading's score (0..1) is a weighted sum (settings.SCORE_WEIGHTS) of: the share of tasks with a
unit; the share of units that read as organisations; the share of tasks with no label text, role
word or unbalanced bracket left in a title or unit; numbering continuity; the share of the
region's lines the reading used. Family order (layouts.FAMILIES) breaks ties only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.parse.assemble import assemble
from pipeline.parse.columns import find_labels
from pipeline.parse.conventions import assign_from_headings
from pipeline.parse.layouts import FAMILIES
from pipeline.parse.layouts.base import Extraction
from pipeline.parse.layouts.outline_rows import section_rows
from pipeline.parse.model import Heading, Line, Row, Task
from pipeline.parse.numerals import read_number
from pipeline.parse.resolve import resolve_columns
from pipeline.parse.rules import Rules, memoised
from pipeline.parse.settings import NUMBERING_UNKNOWN, SCORE_WEIGHTS
from pipeline.parse.text import CLOSE_BRACKETS, OPEN_BRACKETS, squash
from pipeline.parse.units import is_complete_name

_OPEN, _CLOSE = OPEN_BRACKETS, CLOSE_BRACKETS
_BRACKET = re.compile(f"[{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS)}]")
_DIGIT_START = re.compile(r"^\d")


@dataclass
class Reading:
    """One reader's reading of a region: its tasks and headings, the score with its parts, the
    line numbers it spans (first, last) and warnings."""

    layout: str
    tasks: list[Task]
    headings: list[Heading]
    score: float
    parts: dict[str, float]
    span: tuple[int, int]
    extraction: Extraction
    warnings: list[str] = field(default_factory=list)


@dataclass
class ReadingReport:
    """How parse_document read one document, kept on the ParsedDocument (camelot's parsing_report
    idea) so that `taskmarts explain` shows the parser's own reading instead of running the readers
    again.

    lines: the lines the readers read (cleaned, vertical cells joined, doubled lines undone;
    Line.no is the raw file's line number); chosen: the readings kept, in document order (empty
    when no reader gave a task); winner: index in `chosen` of the reading that won the whole
    document's competition (None when chosen is empty); runner_ups: the other readings of the
    whole document, best first; reasons: one line per reader that read nothing of the whole
    document ("pipe_table: looked for … found none")."""

    lines: list[Line]
    chosen: list[Reading] = field(default_factory=list)
    winner: int | None = None
    runner_ups: list[Reading] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _balanced(text: str) -> bool:
    if not _BRACKET.search(text):
        return True  # a quick test before the walk: most titles and names hold no bracket
    depth = 0
    for m in _BRACKET.finditer(text):  # only brackets change the depth
        depth += 1 if m.group() in _OPEN else -1
        if depth < 0:
            return False
    return depth == 0


def _reads_as_organisation(name: str, rules: Rules) -> bool:
    # memoised, like the checks below: every reading of a region scores the same names
    return memoised(rules, ("reads_as_organisation", name), lambda: (
        (is_complete_name(name, rules) or name.startswith(rules.collective_prefixes)) and _balanced(name)))


def _task_checks(task: Task, rules: Rules) -> tuple[bool, int]:
    """(clean, organisations) of a task: no label text, unbalanced bracket or role word left where
    it does not belong, and how many of its units read as organisations. Memoised on its title and
    unit names: one look-up a task instead of one per check and unit."""
    names = tuple([unit.name for unit in task.units])
    return memoised(rules, ("task_checks", task.title, names), lambda: (
        _clean_title(task.title, rules) and all(_clean_unit(name, rules) for name in names),
        sum(_reads_as_organisation(name, rules) for name in names)))


def _clean_title(title: str, rules: Rules) -> bool:
    return memoised(rules, ("clean_title", title), lambda: (
        not find_labels(title, rules) and _balanced(title) and bool(squash(title))))


def _clean_unit(name: str, rules: Rules) -> bool:
    return memoised(rules, ("clean_unit", name), lambda: not (
        find_labels(name, rules) or not _balanced(name) or _DIGIT_START.match(name)
        or name.endswith(rules.role_word_set)))


def _numbering(tasks: list[Task]) -> float:
    """Share of consecutive numbered tasks whose number follows the one before (or restarts at 1
    in a new section); NUMBERING_UNKNOWN when the reading has no two numbered tasks to compare."""
    pairs = good = 0
    numbers = [(read_number(t.task_no), t.section_index) for t in tasks]  # each task's number read once
    for (na, section_a), (nb, section_b) in zip(numbers, numbers[1:]):
        if na is None or nb is None:
            continue
        pairs += 1
        good += nb == na + 1 or (nb == 1 and section_b != section_a)
    return good / pairs if pairs else NUMBERING_UNKNOWN


def score_tasks(tasks: list[Task], headings: list[Heading], body: frozenset[int], span: tuple[int, int],
                rules: Rules) -> dict[str, float]:
    """The parts of a reading's score, each in 0..1, for tasks read from a region whose non-blank
    lines are numbered `body`; span: the first and last line of the reading; its lines before the
    first task (a table's header) count as used, and so do the task and heading lines."""
    units = sum(len(t.units) for t in tasks)
    checks = [_task_checks(t, rules) for t in tasks]
    used = set(range(span[0], tasks[0].line_start))  # a table's header
    for t in tasks:
        used.update(range(t.line_start, t.line_end + 1))
    used.update(h.line for h in headings)
    return {
        "units": sum(bool(t.units) for t in tasks) / len(tasks),
        "organisations": sum(orgs for _, orgs in checks) / units if units else 0.0,
        "clean": sum(clean for clean, _ in checks) / len(tasks),
        "numbering": _numbering(tasks),
        "coverage": len(used & body) / len(body) if body else 0.0,
    }


def _read(family, lines: list[Line], body: frozenset[int], rules: Rules) -> tuple[Reading | None, str]:
    name = family.__name__.rsplit(".", 1)[-1]
    probe = getattr(family, "probe", None)
    if probe is not None and not probe(lines):
        return None, f"{name}: looked for {family.NEEDS}, found none"
    found = family.extract(lines, rules)
    if not found or not any(isinstance(e, Row) for e in found.events):
        said = "; ".join(found.warnings) if found else ""  # a reader may say why it read nothing
        return None, f"{name}: {said or f'looked for {family.NEEDS}, found none'}"
    warnings = resolve_columns(found.events, rules)
    section_rows(found.events)  # "1 经济发展" above "1.1 …", "一\t政策公开" above "1\t…": section rows
    warnings += assign_from_headings(found.events, rules)
    tasks, headings = assemble(found.events, rules)
    if not tasks:
        rows = sum(isinstance(e, Row) for e in found.events)
        return None, f"{found.layout}: {rows} row(s) read, none gave a task"
    first = lines[found.body_start].no if found.body_start < len(lines) else tasks[0].line_start
    span = (min(first, tasks[0].line_start), max(t.line_end for t in tasks))
    parts = score_tasks(tasks, headings, body, span, rules)
    total = sum(SCORE_WEIGHTS[k] * v for k, v in parts.items())
    return Reading(found.layout, tasks, headings, round(total, 4), parts, span, found,
                   found.warnings + warnings), ""


def read_region(lines: list[Line], rules: Rules) -> tuple[list[Reading], list[str]]:
    """Every reader's reading of `lines`, best first, and one reason per reader that gave none.

    A reader that raises is reported in the reasons and skipped: a bug in one reader never loses
    the document. Ties keep FAMILIES order.
    """
    readings: list[tuple[float, int, Reading]] = []
    reasons: list[str] = []
    body = frozenset([ln.no for ln in lines if ln.text.strip()])  # what coverage is measured against
    for order, family in enumerate(FAMILIES):
        try:
            reading, reason = _read(family, lines, body, rules)
        except Exception as exc:  # noqa: BLE001 - one reader's bug must not lose the document
            reading, reason = None, f"{family.__name__.rsplit('.', 1)[-1]}: failed: {exc!r}"
        if reading is None:
            reasons.append(reason)
        else:
            readings.append((-reading.score, order, reading))
    readings.sort(key=lambda r: (r[0], r[1]))
    return [r for _, _, r in readings], reasons
