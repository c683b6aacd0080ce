"""A stand-in for the parser (stub_parse) that returns one of three made-up documents, with the
outcome fields the parser does not set yet (leaders, status, score, runner-up, reasons)."""
from __future__ import annotations

from pipeline.parse.model import DocumentMeta, Heading, ParsedDocument, Task, Unit

REASONS = ["tab_table: header at line 3 but no row below it has a unit cell",
           "narrative: 2 numbered items, none with a unit trailer"]


def task(seq: int, leaders: str | None) -> Task:
    """Task number `seq` of section 一, led by 县政府办, with the leaders field given."""
    return Task(seq=seq, task_no=str(seq), l1_no="一", l1_title="总体要求", l2_no=None, l2_title=None,
                title=f"任务{seq}", requirement="按要求落实", deadline=None, units=[Unit("县政府办", "lead")],
                line_start=2 + seq, line_end=2 + seq, section_index=0, leaders=leaders)


def parsed_doc() -> ParsedDocument:
    """Tasks found; status left at its default ('no_tasks'), as the parser does today."""
    return ParsedDocument(layout="tab_table", meta=DocumentMeta(title="工作要点", year=2024),
                          tasks=[task(1, "张三；李四"), task(2, ""), task(3, None)],
                          headings=[Heading(1, "一", "总体要求", 2)],
                          score=0.875, runner_up="narrative", runner_up_score=0.25)


def unparsed_doc() -> ParsedDocument:
    """No layout fits: status unparsed, every reason kept."""
    return ParsedDocument(layout="unknown", meta=DocumentMeta(title="分解表"), status="unparsed",
                          score=None, reasons=list(REASONS))


def no_tasks_doc() -> ParsedDocument:
    """A notice with no task."""
    return ParsedDocument(layout="unknown", meta=DocumentMeta(title="通知"))


def stub_parse(text: str) -> ParsedDocument:
    """The parser's stand-in: the document named on the text's first line."""
    kind = text.split("\n", 1)[0].strip()
    return {"parsed": parsed_doc, "unparsed": unparsed_doc, "no_tasks": no_tasks_doc}[kind]()
