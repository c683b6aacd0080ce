"""The item grammar (text.py) and items inside a line (items.py): every numbering style with every
closing mark, and the near misses that must stay text (dates, decimals, "第三、四季度", years)."""
from __future__ import annotations

import pytest

from pipeline.parse.items import ALL_STYLES, item_style, line_styles, split_inline


@pytest.mark.parametrize("text, style, value", [
    ("1.修订目录", "arabic.", 1), ("1、修订目录", "arabic.", 1), ("1．修订目录", "arabic.", 1),
    ("1﹒修订目录", "arabic.", 1), ("1，修订目录", "arabic.", 1), ("1：修订目录", "arabic.", 1),
    ("1)修订目录", "arabic.", 1), ("１．修订目录", "arabic.", 1), ("12.修订目录", "arabic.", 12),
    ("（1）修订目录", "(arabic)", 1), ("(3)修订目录", "(arabic)", 3), ("〔2〕修订目录", "(arabic)", 2),
    ("【4】修订目录", "(arabic)", 4), ("［5］修订目录", "(arabic)", 5),
    ("一、推进公开", "cn.", 1), ("二.推进公开", "cn.", 2), ("十二：推进公开", "cn.", 12),
    ("（一）推进公开", "(cn)", 1), ("(二)推进公开", "(cn)", 2), ("三）推进公开", "(cn)", 3), ("〔三〕推进公开", "(cn)", 3), ("【四】推进公开", "(cn)", 4),
    ("①推进公开", "circled", 1), ("⑫推进公开", "circled", 12),
    ("第一条 推进公开", "article", 1), ("第3项 推进公开", "article", 3),
    ("任务一：优化营商环境", "article", 1), ("事项12: 推进公开", "article", 12), ("【任务3】推进公开", "article", 3),
    ("1.1 推进公开", "decimal2", 1), ("2.3、推进公开", "decimal2", 3), ("2.3.1 推进公开", "decimal3", 1),
    ("1.2.3.4．推进公开", "decimal4", 4),
])
def test_every_style_and_mark_opens_an_item(text, style, value):
    assert item_style(text)[:2] == (style, value)


@pytest.mark.parametrize("text", [
    "2024.6.30前完成", "1.5倍以上", "2023、2024年连续", "10:00开会", "2024，全县", "〔2024〕3号",
    "一是加强领导", "二是完善制度", "2024年工作要点", "第三季度", "县财政局",
    "3.5亿元用于改造", "2024.6 完成", "1.1.1.1.1 推进", "12.5 %",
    "完成2024：", "目标任务一：", "任务一是加强", "【责任单位】县司法局",
])
def test_near_misses_open_no_item(text):
    assert item_style(text) is None


def test_items_inside_a_line_are_cut_where_the_numbering_continues():
    line = "1.修订公开目录（责任单位：县司法局）。2.更新政策文件库（责任单位：县财政局）。"
    assert split_inline(line, frozenset({"arabic."}), {}) == [
        "1.修订公开目录（责任单位：县司法局）。", "2.更新政策文件库（责任单位：县财政局）。"]


def test_a_number_that_breaks_the_run_is_no_cut():
    line = "1.全年完成投资增长3.5%，其中2.新建项目占比过半，达到预期目标要求。"
    assert split_inline(line, frozenset({"arabic."}), {"arabic.": 4}) == [line]


def test_an_outer_item_restarts_the_inner_numbering():
    last: dict[str, int] = {}
    line = "一、推进公开1.修订目录（责任单位：A局）。二、深化解读1.丰富形式（责任单位：B局）。"
    pieces = split_inline(line, ALL_STYLES, last)
    assert pieces == ["一、推进公开", "1.修订目录（责任单位：A局）。", "二、深化解读", "1.丰富形式（责任单位：B局）。"]


def test_a_document_without_line_breaks_is_searched_for_every_style():
    assert line_styles(["一、总体要求1.修订目录（责任单位：A局）。" * 5, "短"]) is ALL_STYLES
    assert line_styles(["1.修订目录", "2.更新文件库", "附件"]) == frozenset({"arabic."})


def test_short_lines_are_never_cut():
    assert split_inline("1.A局 2.B局", frozenset({"arabic."}), {}) == ["1.A局 2.B局"]


def test_a_bracketed_number_inside_a_run_on_line_is_one_item_start():
    """"（2）" is cut before its bracket, never again before its "2）" (a run-on document reads
    every style, and "2）" alone is an arabic item mark)."""
    text = "工作任务\t责任单位 （1）生产总值增长6%。\t发改局 （2）财政收入增长6%。\t财政局"
    assert split_inline(text, ALL_STYLES, {}) == ["工作任务\t责任单位", "（1）生产总值增长6%。\t发改局",
                                                  "（2）财政收入增长6%。\t财政局"]


def test_bare_numbers_between_spaces_cut_a_run_on_table_where_they_count_on():
    """A table whose cells only spaces separated, with its line breaks lost: "1 …" "2 …" are rows
    when they count on from 1; a number inside a cell ("增长 3 个百分点") continues no run."""
    text = ("序号 名称 工作任务 牵头责任单位 一、预期目标 1 地区生产总值增长7%以上. 发改委 "
            "2 一般公共预算收入增长 3 个百分点. 财政局 3 工业总产值增长4%. 经信委")
    assert split_inline(text, ALL_STYLES, {}) == [
        "序号 名称 工作任务 牵头责任单位", "一、预期目标", "1 地区生产总值增长7%以上. 发改委",
        "2 一般公共预算收入增长 3 个百分点. 财政局", "3 工业总产值增长4%. 经信委"]


def test_bare_numbers_are_no_items_in_a_text_that_kept_its_line_breaks():
    line = "全年新建项目 1 个以上，改造 2 处站点，完成 3 项制度建设并公开"
    assert split_inline(line, frozenset({"arabic."}), {}) == [line]
