"""Regions: what a reading leaves before and after it is read again, however many times a file
holds a table or a notice (issue 21, item 5: the third copy of a document used to go unread)."""
from __future__ import annotations

from pathlib import Path

from pipeline.parse import parse_document

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "000_29335d39a7fa83d2.txt"


def test_every_copy_of_a_document_in_one_file_is_read():
    text = SEED.read_text(encoding="utf-8")  # ends with a 抄送 line after its table
    one = len(parse_document(text).tasks)
    assert one == 37
    for copies in (2, 3, 10):
        assert len(parse_document("\n".join([text] * copies)).tasks) == copies * one


def test_the_parse_keeps_its_reading_report():
    # what `taskmarts explain` shows is the parse's own reading, not a second run of the readers
    text = "\n".join([SEED.read_text(encoding="utf-8")] * 2)
    doc = parse_document(text)
    report = doc.report
    assert len(report.chosen) == 2 and sum(len(r.tasks) for r in report.chosen) == len(doc.tasks)
    assert report.chosen[report.winner].span[0] == min(r.span[0] for r in report.chosen)  # first copy won the whole
    assert [ln.no for ln in report.lines] == sorted(ln.no for ln in report.lines)
    assert (doc.runner_up, doc.runner_up_score) == ((report.runner_ups[0].layout, report.runner_ups[0].score)
                                                     if report.runner_ups else (None, None))


def test_a_document_without_tasks_reports_every_reader():
    doc = parse_document("关于召开会议的通知\n\n各单位：定于3月5日召开会议。\n")
    assert doc.status == "no_tasks" and not doc.report.chosen and doc.report.winner is None
    assert doc.report.reasons == doc.reasons and len(doc.reasons) > 1
