"""The axes of variation: one list of values per axis, and the text helpers they need.

Every value listed is one the labelling conventions (SCHEMA.md) give a defined reading, so a
rendering with it has exactly one correct structure. Values the conventions do not cover are
left out on purpose:
- numbering: "1." "1、" "1．" and a bare 序号 cell are arabic task numbers (SCHEMA: task_no as
  printed, prefix "13." / "1、"; full width folds to "1."); "（一）" is a task number only when no
  item is nested below it (the renderer then prints no second-level headings). "（1）", "(1)",
  "1)", "①" and "第1条" are NOT admitted by SCHEMA as task numbers, so they are not rendered.
- section marks: "一、" and "（一）"/"(一)" are the headings SCHEMA names; "一." is not admitted.
- a requirement folded into a narrative item ("标题。要求。（责任单位：…）") is NOT rendered: the gold
  conventions disagree on it (seed 004 splits title/requirement at the first "。", SCHEMA's later
  rule makes the whole item text the title), so narrative items print the title alone.
- labels are compositions of a role morpheme with a suffix (SCHEMA third set: read by the role
  morpheme "whatever else they contain"), not only the words SCHEMA lists.

This module imports nothing from `pipeline`.
"""
from __future__ import annotations

import itertools
import re

# Composed labels: role morpheme x suffix. Every composition keeps the role morpheme SCHEMA reads.
LEAD_LABELS = tuple(a + b for a, b in itertools.product(("牵头", "牵头责任", "主办"), ("单位", "部门", "科室")))
RESPONSIBLE_LABELS = tuple(a + b for a, b in itertools.product(("责任", "问题整改责任"), ("单位", "部门", "科室", "处室"))) + ("主责单位",)
COOPERATING_LABELS = tuple(a + b for a, b in itertools.product(("配合", "协办", "协同责任", "协作", "参与"), ("单位", "部门")))
# Deadline labels/headers SCHEMA admits: labelled fields (时限, 完成时限, 完成时间, 时间节点,
# 计划完成时间, 期限) and columns (时限, 完成时限, 时限要求, 完成时间, 时间安排).
DEADLINE_LABELS_FIELD = ("完成时限", "时限", "完成时间", "时间节点", "计划完成时间", "期限")
DEADLINE_LABELS_COLUMN = ("完成时限", "时限", "完成时间", "时限要求", "时间安排")

AXES: dict[str, tuple[str, ...]] = {
    "numbering": ("1.", "1、", "1．", "（一）", "序号", "（1）", "⒈"),
    "number_scope": ("global", "per_section"),
    "section_marks": ("一、|（一）", "一、|(一)", "一、 |(一) "),
    "lead_label": LEAD_LABELS,
    "responsible_label": RESPONSIBLE_LABELS,
    "cooperating_label": COOPERATING_LABELS,
    # (lead verb, responsible verb, cooperating verb) for role-word cells and unit sentences
    # (a space may stand before the verb: "县发改局 牵头")
    "role_verbs": ("牵头|负责|配合", "主办|落实|协办", "牵头落实|负责落实|协同", "牵头负责|按职责分工落实|参与",
                   " 牵头| 负责| 配合"),
    "unit_sep": ("、", "，", "；", " "),
    "unit_cell": ("role_columns", "combined"),
    "headers": ("工作任务|工作要求", "工作任务|具体要求"),
    "header_spacing": ("plain", "letter_spaced"),
    # role columns under one merged cell: "责任单位" on a first header row, the role labels below it;
    # "none": the header row left off (a table pasted without its first row): columns read by content
    "header_rows": ("one", "two", "none"),
    "deadline": ("none", "shown"),
    "deadline_label": tuple(dict.fromkeys(DEADLINE_LABELS_FIELD + DEADLINE_LABELS_COLUMN)),
    # cell_per_line: each cell ends in " |", or cells are separated by lines holding only "|"
    "cell_mark": ("suffix", "own_line"),
    "trailer_brackets": ("（）", "()", "【】", "[]", "〔〕", "［］"),
    # a trailer of labels, of role verbs, or (responsible units only) of the names alone: "（县发改局）"
    "trailer_style": ("labels", "verbs", "names"),
    # 为 for the colon after a unit label ("责任单位为县发改局"); a deadline or field label keeps "："
    "label_colon": ("：", ":", "为"),
    "line_spacing": ("single", "blank"),
    "width": ("as_is", "half", "full"),
    "page_noise": ("none", "page_numbers", "repeated_header"),
    # "wrap_unquoted" (tab_table only): a cell's line breaks printed bare, as a Word table copied as
    # text prints them (an Excel copy quotes the cell: "wrap")
    "hard_wrap": ("none", "wrap", "wrap_unquoted"),
    "preamble": ("none", "notice"),
    # where a unit sentence stands: closing the item ("标题。由A牵头，B配合。") or opening it
    # ("由A牵头，B配合，标题。")
    "unit_sentence_place": ("end", "start"),
    # where a trailer stands: closing the item ("标题（A牵头）") or opening its text ("（A牵头）标题")
    "trailer_place": ("end", "start"),
    # label-line items whose text carries field labels too: "1.任务名称：标题", then "工作要求：要求"
    # (SCHEMA: field labels are never part of a title or requirement)
    "prose_labels": ("none", "任务名称|工作要求", "工作任务|具体内容", "项目名称|主要内容"),
    # where a table with a 序号 column prints a section row: the heading in its first cell ("一、政策公开"),
    # or its numeral in the 序号 cell and its title in the task cell, with its mark ("一、" | "政策公开")
    # or without ("一" | "政策公开"; a "（一）" keeps its brackets)
    "heading_cell": ("first_cell", "seq_cell", "bare_seq_cell"),
}

CHINESE_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                    "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十")

# Every PAGE_ROWS rows (or items) a page ends: a page number line and/or a repeated header.
PAGE_ROWS = 3
# Hard wraps: PDF and web copies break lines at 30-40 characters; each rendering draws one width.
WRAP_MIN, WRAP_MAX = 30, 40
# A wrap point may move right by at most this many characters to avoid starting a continuation
# line with something that reads as a number, heading or bracket (it would start a new item).
WRAP_SLACK = 8
_BAD_LINE_START = re.compile(r"^([0-9０-９]|[一二三四五六七八九十第]|[（(【\[）)】\]、，。；：:,.;．])")

_HALF = str.maketrans("，（）：；！？", ",():;!?")
_FULL = str.maketrans(",():;!?", "，（）：；！？")


def fold_width(text: str, width: str) -> str:
    """Fold punctuation of the whole text: "half" to ASCII, "full" to full width, "as_is" keeps."""
    return text.translate(_HALF) if width == "half" else text.translate(_FULL) if width == "full" else text


def numeral(n: int) -> str:
    """Chinese numeral for 1..20."""
    return CHINESE_NUMERALS[n - 1]


def task_number(mark: str, n: int) -> tuple[str, str]:
    """(printed prefix, expected task_no) of item n under numbering `mark`."""
    if mark == "（一）":
        return f"（{numeral(n)}）", numeral(n)
    if mark == "序号":
        return "", str(n)
    if mark == "（1）":
        return f"（{n}）", str(n)
    if mark == "⒈":  # Word's list numbering: one enclosed character, ⒈ … ⒛ (more items: "21.")
        return (chr(0x2487 + n) if n <= 20 else f"{n}."), str(n)
    return f"{n}{mark[1:]}", str(n)


def heading(marks: str, level: int, n: int, title: str) -> str:
    """A section heading line: level 1 "一、title", level 2 "（一）title" (per `marks`)."""
    l1, l2 = marks.split("|")
    mark = l1.replace("一", numeral(n)) if level == 1 else l2.replace("一", numeral(n))
    return mark + title


def letter_space(text: str) -> str:
    """ "工作任务" -> "工 作 任 务" (letter-spaced header cells of PDF and Word copies)."""
    return " ".join(text)


def wrap(text: str, width: int) -> list[str]:
    """Break `text` into lines of `width` characters, moving a break right (at most WRAP_SLACK)
    so that no continuation line starts like a number, heading, bracket or punctuation."""
    lines, rest = [], text
    while len(rest) > width + WRAP_SLACK:
        cut = next((c for c in range(width, width + WRAP_SLACK)
                    if not _BAD_LINE_START.match(rest[c:]) and not rest[c - 1].isdigit()), None)
        if cut is None:
            break
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines + [rest]


def display_width(text: str) -> int:
    """Columns a string takes in a monospace rendering (CJK and full-width characters take two)."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)
