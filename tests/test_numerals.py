"""pipeline/parse/numerals.py: the one reader of printed numbers (section and item markers, date
parts), and the integers the parser ships from it for SQL to read."""
from __future__ import annotations

from pipeline.parse.numerals import read_number
from pipeline.warehouse.records import document_record


def test_markers_read_up_to_9999_and_anything_else_is_none():
    printed = ["一", "十", "十一", "二十", "九十九", "一百", "一百零五", "一百一十", "一千零一", "一千〇一",
               "九千九百九十九", "07", "１２", "10001"]
    assert [read_number(p) for p in printed] == [1, 10, 11, 20, 99, 100, 105, 110, 1001, 1001, 9999, 7, 12, 10001]
    # ill-formed, 零, beyond what a list runs to (万), digit by digit, no numeral: unreadable
    assert [read_number(p) for p in ("十十", "一一", "零", "一万", "二〇二一", "一是", "", None)] == [None] * 8


def test_digit_by_digit_reads_years_as_printed():
    assert [read_number(p, digit_by_digit=True) for p in ("二〇二一", "二○二一", "十二", "１２")] == [2021, 2021, 12, 12]


def test_the_staged_record_carries_each_number_value():
    text = "一、总体要求\n（十二）重点任务\n3.推进公开（责任单位：县政府办）\n"
    record = document_record("d", text)
    assert [(h["numeral"], h["ordinal"]) for h in record["headings"]] == [("一", 1), ("十二", 12)]
    task = record["tasks"][0]
    assert (task["task_ordinal"], task["l1_ordinal"], task["l2_ordinal"]) == (3, 1, 12)


def test_a_number_past_the_warehouse_integer_is_staged_as_unreadable():
    """A task number of 10 digits is a code, not a count: its ordinal is NULL (ORDINAL_MAX), as
    SQL's integer cast gave it, so numbering_issues reports it instead of the build failing."""
    record = document_record("d", "一、总体要求\n3000000000.推进公开（责任单位：县政府办）\n")
    assert [(t["task_no"], t["task_ordinal"]) for t in record["tasks"]] == [("3000000000", None)]
