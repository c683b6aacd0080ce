"""parse_document: the parser's one entry point. Readings compete per region (readings.py); what
the winner leaves before and after it is read again, so narrative items before an attached table
and a second table are kept, and text after a table is never glued into its last row."""
from __future__ import annotations

import logging

from pipeline.parse.citations import read_citations
from pipeline.parse.conventions import apply_first_is_lead
from pipeline.parse.jurisdiction import locate
from pipeline.parse.layouts.base import NEAR_MISS
from pipeline.parse.metadata import extract_meta
from pipeline.parse.model import (
    DocumentMeta,
    Heading,
    Jurisdiction,
    Line,
    ParsedDocument,
    Task,
)
from pipeline.parse.readings import Reading, ReadingReport, read_region
from pipeline.parse.rules import Rules, load_rules
from pipeline.parse.settings import (
    HEADING_ABOVE_LINES,
    HEADLINE_MAX,
    REGION_DEPTH_MAX,
    REGION_MIN_LINES,
    REGION_MIN_SCORE,
)
from pipeline.parse.tasklike import looks_tasklike
from pipeline.parse.text import clean_lines, heading_of, join_vertical, squash, undouble

log = logging.getLogger(__name__)


def _leftovers(lines: list[Line], span: tuple[int, int]) -> tuple[list[Line], list[Line]]:
    before = [ln for ln in lines if ln.no < span[0]]
    after = [ln for ln in lines if ln.no > span[1]]
    return before, after


def _worth_reading(lines: list[Line], rules: Rules) -> bool:
    """A leftover region is read again only when it holds a table header or numbered items."""
    return sum(1 for ln in lines if squash(ln.text)) >= REGION_MIN_LINES and looks_tasklike(lines, rules, stops=False)


def read_regions(lines: list[Line], rules: Rules, depth: int = 0) -> ReadingReport:
    """Readings of `lines` in document order: the best reading of the whole, then (recursively)
    the best readings of what it left before and after it, kept when they score at least
    REGION_MIN_SCORE and, beside a whole's reading that names units, name units too. Returns the ReadingReport of `lines`: the chosen readings in order, the
    index of the whole's winner among them, the runner-ups of the whole and the reasons of the
    readers that gave nothing for it."""
    readings, reasons = read_region(lines, rules)
    if not readings:
        return ReadingReport(lines, reasons=reasons)
    best = readings[0]
    chosen = [best]
    if depth < REGION_DEPTH_MAX:
        before, after = _leftovers(lines, best.span)
        for part, where in ((before, 0), (after, None)):
            if not _worth_reading(part, rules):
                continue
            extra = [r for r in read_regions(part, rules, depth + 1).chosen if r.score >= REGION_MIN_SCORE]
            # beside a reading whose tasks name units, numbered items naming none are structure
            # ("三、保障措施 （一）加强组织领导…"), not tasks read by their shape (SCHEMA)
            unitless = [r for r in extra if best.parts["units"] > 0 and r.parts["units"] == 0]
            best.warnings += [f"lines {r.span[0]}-{r.span[1]}: {len(r.tasks)} numbered item(s) name no unit beside "
                              "tasks that do: read as structure, not tasks" for r in unitless]
            extra = [r for r in extra if r not in unitless]
            chosen = (extra + chosen) if where == 0 else (chosen + extra)
    return ReadingReport(lines, chosen, chosen.index(best), readings[1:], reasons)


def _heading_above(reading: Reading, lines: list[Line]) -> None:
    """A table printed under its own numbered heading ("一、民生实事任务分解表", then the table
    title or header) belongs to that section: the heading is added to a reading whose tasks
    have no section of that level. Looks at most HEADING_ABOVE_LINES non-blank lines up."""
    above = [ln for ln in lines if ln.no < reading.span[0] and squash(ln.text)][-HEADING_ABOVE_LINES:]
    for line in reversed(above):
        h = heading_of(line.text.strip(), line.no)
        if h is None or len(squash(line.text)) > HEADLINE_MAX or "。" in line.text.strip()[:-1]:
            continue  # a notice's instruction paragraph ("三、严格值班值守。防火期内…") is no heading
        if all((t.l1_no if h.level == 1 else t.l2_no) is None for t in reading.tasks):
            reading.headings.insert(0, h)
            for t in reading.tasks:
                t.section_index = 0 if t.section_index is None else t.section_index + 1
                if h.level == 1:
                    t.l1_no, t.l1_title = h.numeral, h.title
                else:
                    t.l2_no, t.l2_title = h.numeral, h.title
        return


def _merge(chosen: list[Reading]) -> tuple[list[Task], list[Heading]]:
    tasks: list[Task] = []
    headings: list[Heading] = []
    for reading in chosen:
        offset = len(headings)
        headings += reading.headings
        for task in reading.tasks:
            if task.section_index is not None:
                task.section_index += offset
            task.seq = len(tasks) + 1
            tasks.append(task)
    return tasks, headings


def _jurisdiction(meta: DocumentMeta, lines: list[Line], body_start: int) -> Jurisdiction | None:
    return locate(meta, [ln.text for ln in lines[:body_start]], [ln.text for ln in lines[body_start:]])


def parse_document(text: str) -> ParsedDocument:
    """Read a document's regions and extract its tasks, sections and metadata.

    text: the decoded document (str, any line endings). Returns a ParsedDocument whose layout
    is the winning reading's family (joined with "+" when several regions were read, e.g.
    "narrative+cell_lines"), with its score and the runner-up, and its reading report
    (ParsedDocument.report: the lines read, the readings chosen, the winner, the runner-ups, the
    readers' reasons). A document with no task is
    'unparsed' (with each reader's reason, in warnings too) when its body holds a table header or
    numbered items, else 'no_tasks'. Never raises on odd input: a reader that fails is skipped
    and named in the reasons.
    """
    rules = load_rules()
    lines = undouble(join_vertical(clean_lines(text)))
    report = read_regions(lines, rules)
    chosen, others, reasons = report.chosen, report.runner_ups, report.reasons
    if not chosen:
        near = [r for r in reasons if r.split(": ", 1)[-1].startswith(NEAR_MISS)]
        status = "unparsed" if looks_tasklike(lines, rules) and not near else "no_tasks"
        warnings = ([f"unparsed: a table header or numbered items, but no reading gave a task ({'; '.join(reasons)})"]
                    if status == "unparsed" else near or ["no known layout recognised: kept with no tasks"])
        meta = extract_meta(lines, len(lines), rules)
        return ParsedDocument("unknown", meta, [], [], warnings, status=status, reasons=reasons,
                              jurisdiction=_jurisdiction(meta, lines, len(lines)),
                              citations=read_citations(lines), report=report)
    for reading in chosen:
        _heading_above(reading, lines)
    tasks, headings = _merge(chosen)
    top = max(chosen, key=lambda r: len(r.tasks))
    warnings = [w for r in chosen for w in r.warnings] + apply_first_is_lead(lines, tasks)
    if others and [t.title for t in others[0].tasks] != [t.title for t in top.tasks]:  # a reading that differs
        # a choice, not a fault: `taskmarts explain` and marts.documents (runner_up_*) show it
        log.info("reading %s (%.3f) chosen over %s (%.3f)", top.layout, top.score, others[0].layout, others[0].score)
    layout = "+".join(dict.fromkeys(r.layout for r in chosen))
    first_body_line = min(r.span[0] for r in chosen)
    body_start = next(i for i, ln in enumerate(lines) if ln.no >= first_body_line)
    meta = extract_meta(lines, body_start, rules)
    return ParsedDocument(layout, meta, tasks, headings, warnings, status="parsed",
                          score=top.score, runner_up=others[0].layout if others else None,
                          runner_up_score=others[0].score if others else None,
                          jurisdiction=_jurisdiction(meta, lines, body_start),
                          citations=read_citations(lines), report=report)
