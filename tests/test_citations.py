"""Reading citations (pipeline/parse/citations.py) and matching titles and tasks down a
breakdown chain (pipeline/warehouse/lineage_match.py), on small texts written for each rule."""
from __future__ import annotations

from pipeline.parse.citations import read_citations
from pipeline.parse.model import Line
from pipeline.warehouse.lineage_match import (
    LINK_MIN,
    TaskText,
    link_tasks,
    match_titles,
)


def lines(text: str) -> list[Line]:
    return [Line(i, t) for i, t in enumerate(text.split("\n"), 1)]


def test_number_with_title_and_basis_relation():
    found = read_citations(lines("为贯彻落实《国务院办公厅关于印发2021年政务公开工作要点的通知》（国办发〔2021〕12号）要求，现通知如下。"))
    assert [(c.number, c.title, c.relation, c.line) for c in found] == [
        ("国办发〔2021〕12号", "国务院办公厅关于印发2021年政务公开工作要点的通知", "basis", 1)]


def test_number_wrapped_over_lines_is_read_whole_from_its_first_line():
    text = "按照《厦门市海沧区人民政府办公室关于加强\n\n区政府门户网站工作的通知》（厦\n\n海政办〔2021〕11 号）要求，明确解读责任。"
    [found] = read_citations(lines(text))
    assert (found.number, found.title, found.line) == ("厦海政办〔2021〕11 号", "厦门市海沧区人民政府办公室关于加强区政府门户网站工作的通知", 1)


def test_letterhead_number_is_the_documents_own_not_a_citation():
    text = "某某市人民政府办公室文件 某政办发〔2018〕32号\n关于印发工作要点的通知\n各单位：\n现将《工作要点》印发给你们。"
    assert read_citations(lines(text)) == []


def test_number_after_a_relation_word_leaves_the_word_out():
    [found] = read_citations(lines("各单位：\n根据闽政办函[2021]34号文件精神，制定本方案。"))
    assert (found.number, found.relation) == ("闽政办函[2021]34号", "basis")


def test_title_cited_alone_is_a_citation_when_it_names_a_notice():
    text = ("各处室：\n根据《福建省人民政府办公厅关于印发福建省2021年全省政务公开工作主要任务分解表的通知》要求，"
            "严格执行《中华人民共和国政府信息公开条例》，现将《2021年实施方案》印发给你们。")
    found = read_citations(lines(text))
    assert [(c.number, c.title, c.relation) for c in found] == [
        (None, "福建省人民政府办公厅关于印发福建省2021年全省政务公开工作主要任务分解表的通知", "basis")]


def test_title_whose_closing_mark_was_lost_runs_to_the_number():
    [found] = read_citations(lines("以及《厦门市人民政府办公厅关于印发工作分解表的通知\n（厦府办〔2021〕44 号）要求，进一步加强工作。"))
    assert (found.title, found.relation) == ("厦门市人民政府办公厅关于印发工作分解表的通知", "basis")


def test_forwarding_and_reference_relations():
    found = read_citations(lines("各单位：\n现转发《省政府关于加强某工作的意见》（闽政〔2020〕5号）。\n"
                                 "详见省财政厅《关于做好收费管理的通知》（闽财函〔2021〕1号）。"))
    assert [c.relation for c in found] == ["forwarding", "reference"]


def test_title_match_tolerates_an_added_word_but_not_another_year():
    documents = [("p21", "福建省人民政府办公厅关于印发2021年全省政务公开工作主要任务分解表的通知"),
                 ("p22", "福建省人民政府办公厅关于印发2022年全省政务公开工作主要任务分解表的通知")]
    cited = ["福建省人民政府办公厅关于印发福建省2021年全省政务公开工作主要任务分解表的通知",
             "福建省人民政府办公厅关于印发福建省2023年全省政务公开工作主要任务分解表的通知"]
    assert [(title[-30:], doc) for title, doc, _ in match_titles(cited, documents)] == [(cited[0][-30:], "p21")]


PARENTS = [
    TaskText("p-1", "增强疫情防控信息发布的及时性针对性。", "每日发布疫情情况。及时发布新冠肺炎病毒疫苗接种工作信息，引导公众积极接种疫苗。"),
    TaskText("p-2", "做好爱国卫生运动、健康中国行动等相关工作的信息公开。", "大力开展健康科普，树立健康生活理念。"),
    TaskText("p-3", "办好政府公报。", "完善省市政府公报数据库，推进数字化利用。"),
]


def test_merged_child_links_every_parent_it_restates_main_parent_first():
    child = TaskText("c-1", "做好爱国卫生运动、健康中国行动等相关工作的信息公开。",
                     "大力推动健康科学知识的普及传播，及时发布新冠肺炎病毒疫苗接种工作信息，提高公民的健康素养。")
    links = link_tasks([child], PARENTS)
    assert [(lk.parent_task_id, lk.method) for lk in links] == [("p-2", "clause_ratio"), ("p-1", "restated_clause")]
    assert links[0].score >= LINK_MIN


def test_local_addition_has_no_parent():
    child = TaskText("c-2", "强化政务公开体制机制保障。", "健全沟通协调机制，提供必要经费保障，配齐配强工作力量。")
    assert link_tasks([child], PARENTS) == []
