"""Plain data passed between the parsing rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # readings.py builds on this module's classes
    from pipeline.parse.readings import ReadingReport

# The roles a unit plays in a task, in display order: 牵头单位 (lead), 责任单位 (responsible) and
# 配合单位 (cooperating). The one list of them: Unit.role, the unit columns of a table, the vocabulary's
# role words and the marts all use these values; dbt_project.yml holds the same list as the var
# unit_roles (its accepted_values tests read it), and tests/test_roles.py checks the two agree.
LEAD, RESPONSIBLE, COOPERATING = ROLES = ("lead", "responsible", "cooperating")


@dataclass(frozen=True)
class Line:
    """One raw line after cleaning. `no` is 1-based in the raw file; `text` has HTML tags,
    bookmark artefacts, CR and NBSP removed but keeps inner spaces and leading tabs."""

    no: int
    text: str


@dataclass
class Heading:
    """A section heading: level 1 ("一、…") or 2 ("（一）…"), numeral as printed ("一")."""

    level: int
    numeral: str
    title: str
    line: int
    # the unit statement closing the heading ("（一）扩大有效投资（牵头单位：县发改委）" ->
    # "牵头单位：县发改委"), given to the items below it that name no unit (conventions.py); "" if none
    units: str = ""


@dataclass
class Row:
    """One table row or narrative item as (column, text) cells in printed order.

    column is a meaning from pipeline/rules/vocabulary.yaml (task, requirement, lead, responsible,
    cooperating, person, seq, deadline, other), "?<header>" for an unknown header until
    resolve.py settles it, or "units" for a trailer whose roles are labelled inside it.
    merged: columns whose cell the row takes from a merged cell above rather than prints (the
    序号 of a continuation row under one number).
    """

    cells: list[tuple[str, str]]
    line_start: int
    line_end: int
    merged: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Unit:
    """One organisation named in a unit cell: role is one of ROLES (lead | responsible | cooperating)."""

    name: str
    role: str


@dataclass
class Task:
    """A task row of the marts, before ids are assigned (seq is 1-based document order)."""

    seq: int
    task_no: str | None
    l1_no: str | None
    l1_title: str | None
    l2_no: str | None
    l2_title: str | None
    title: str
    requirement: str
    deadline: str | None
    units: list[Unit]
    line_start: int
    line_end: int
    section_index: int | None = None  # index in ParsedDocument.headings of the innermost section
    task_no_inherited: bool = False  # task_no taken from a merged 序号 cell above, not printed on the row
    leaders: str | None = None  # person fields (责任领导: 张三), as printed, "；"-joined; None when none


@dataclass(frozen=True)
class Citation:
    """Another document cited: its 发文字号 as printed (None for a title cited alone), the title in
    《》 beside it (None when none), relation 'basis' | 'forwarding' | 'reference', and the line."""

    number: str | None
    title: str | None
    relation: str
    line: int


@dataclass
class DocumentMeta:
    """Preamble metadata; any field may be None when the document does not print it."""

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    signed_date: str | None = None  # ISO yyyy-mm-dd (成文日期 or the signature's date)
    published_date: str | None = None  # ISO yyyy-mm-dd, a site's 发布日期 / 发布时间
    year: int | None = None


@dataclass(frozen=True)
class Jurisdiction:
    """Where a document belongs: the division's name (海沧区), adcode (350205), admin_level
    (province | city | county) and source (what decided it: issuer | doc_number | title | preamble | body)."""

    name: str
    adcode: str
    admin_level: str
    source: str


@dataclass
class ParsedDocument:
    """Everything the parser found in one document: layout family name, metadata, tasks, the
    section headings in order, and warnings (human-readable, naming the line).

    status: 'parsed' (tasks found), 'unparsed' (the body holds a table header or numbered items
    but no reading gave a task: a parser failure to look at) or 'no_tasks' (nothing task-like).
    score: the winning reading's score in [0, 1]; runner_up / runner_up_score: the best other
    reading, None when no other reader proposed one. reasons: for 'unparsed', one line per reader
    saying why it gave nothing. jurisdiction: the province, city or county the document
    belongs to and what decided it, None when nothing names a place.
    citations: other documents cited (pipeline/parse/citations.py). report: how the document was
    read (pipeline/parse/readings.py ReadingReport: lines, chosen readings, winner, runner-ups,
    every reader's reason), which score, runner_up and reasons sum up; None when built by hand."""

    layout: str
    meta: DocumentMeta
    tasks: list[Task] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    status: str = "no_tasks"
    score: float | None = None
    runner_up: str | None = None
    runner_up_score: float | None = None
    reasons: list[str] = field(default_factory=list)
    jurisdiction: Jurisdiction | None = None  # where the document belongs (pipeline/parse/jurisdiction.py)
    citations: list[Citation] = field(default_factory=list)  # in printed order, the own number included
    report: ReadingReport | None = field(default=None, repr=False, compare=False)
