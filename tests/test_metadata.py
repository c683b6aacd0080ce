"""Document metadata where it is printed (pipeline/parse/metadata.py, site_labels.py): a first
line that is the title, a site's labelled lines (发布日期, 来源, 日期, 名称 …), a title wrapped over
two lines or inside a cover flattened to one line, and the year from the title, the signed date,
the 发文字号 or the published date. Documents are made up in the shapes the samples print; the
last test measures coverage over the sample copies in tests/fixtures/samples."""
from __future__ import annotations

from pathlib import Path

from pipeline.parse import parse_document
from pipeline.parse.site_labels import read_site_labels
from pipeline.warehouse.decoding import decode

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "samples" / "raw"
# 10 of the 54 samples are excerpts that begin at the table and print neither a title nor any
# date (44/54 = 0.81 is the ceiling); these floors are today's measured shares rounded down
# (41/54 titles, 40/54 years), so a pattern lost fails
TITLE_SHARE_FLOOR = 0.75
YEAR_SHARE_FLOOR = 0.74

ITEMS = "一、加快推进重点工作\n1.地区生产总值增长8%以上。(牵头单位:区发改局)\n2.固定资产投资增长16%以上。(牵头单位:区发改局)\n"


def meta(text: str):
    return parse_document(text).meta


def test_a_first_line_that_is_the_title():
    m = meta("2023年区《政府工作报告》确定的重点工作任务责任分解方案\n\n" + ITEMS)
    assert m.title == "2023年区《政府工作报告》确定的重点工作任务责任分解方案" and m.year == 2023


def test_site_lines_give_published_date_issuer_and_year():
    m = meta("2022年度民生实事项目进度表(截至10月31日)\n  • 发布日期:2022-12-14\n  • 浏览次数:\n"
             "  • 来源:苍南县人民政府办公室\n" + ITEMS)
    assert m.title == "2022年度民生实事项目进度表(截至10月31日)"
    assert (m.published_date, m.issuer, m.year, m.signed_date) == ("2022-12-14", "苍南县人民政府办公室", 2022, None)


def test_several_labels_on_one_line_and_a_date_the_only_year():
    m = meta("来源:政府办 日期:2011-02-12\n【字体:大中小】\n" + ITEMS)
    assert (m.title, m.published_date, m.year) == (None, "2011-02-12", 2011)


def test_a_name_label_is_not_part_of_the_title():
    m = meta("索 引 号:\n发布机构: 广东省卫生健康委员会\n名 称: 广东省卫生健康委2021年政务公开工作重点任务台账\n"
             "发文日期: 2021年03月16日\n文 号:\n" + ITEMS)
    assert m.title == "广东省卫生健康委2021年政务公开工作重点任务台账"
    assert (m.issuer, m.signed_date, m.doc_number) == ("广东省卫生健康委员会", "2021-03-16", None)


def test_labels_in_brackets_in_cells_and_with_the_value_on_the_next_line():
    assert read_site_labels(["  5. [成文日期] 2016-06-08", "文号 | 平政办〔2013〕11号 | 索引号 | 0054 |",
                             "  • 发布机构:", "    嵊泗县人民政府办公室"]) == {
        "signed": "2016-06-08", "number": "平政办〔2013〕11号", "issuer": "嵊泗县人民政府办公室"}


def test_a_label_word_in_a_table_header_is_no_label():
    assert read_site_labels(["序号 名称 工作任务 牵头责任单位"]) == {}
    assert read_site_labels(["发文日期 2023-01-03  发布机构 区人民政府办公室"]) == {
        "signed": "2023-01-03", "issuer": "区人民政府办公室"}


def test_a_title_wrapped_over_two_lines_is_joined():
    m = meta("徐庄镇2017年度安全生产专项整治\n工作计划\n按照镇政府的总体要求，制定本计划。\n" + ITEMS)
    assert (m.title, m.year) == ("徐庄镇2017年度安全生产专项整治工作计划", 2017)


def test_attachment_lists_and_section_headings_are_no_title():
    text = ("各有关单位：\n现将任务清单印发给你们。\n附件:1.2025年县《政府工作报告》任务清单\n2.2025年十五件民盼实事任务分解\n"
            "县人民政府办公室\n2025年5月18日\n附件1\n2025年县政府工作报告任务清单\n" + ITEMS)
    assert meta(text).title == "2025年县政府工作报告任务清单"
    assert meta("一、10件民生实事任务分解表\n" + ITEMS.split("\n", 1)[1]).title is None


def test_a_title_inside_a_cover_flattened_to_one_line():
    m = meta("常熟市人民政府办公室文件 常政办发〔2018〕32号 市政府办公室关于分解落实2018年 政府工作任务的通知 "
             "各镇人民政府，各街道办事处：现将任务分解如下，请认真贯彻落实，确保完成各项目标任务。\n" + ITEMS)
    assert (m.title, m.doc_number, m.year) == ("市政府办公室关于分解落实2018年政府工作任务的通知", "常政办发〔2018〕32号", 2018)
    assert m.issuer == "市政府办公室"  # the name the notice heading opens with


def test_a_span_names_no_year_and_the_document_number_gives_one():
    assert meta("德安县社会信用体系建设(2015—2020年)任务分工方案\n" + ITEMS).year is None
    m = meta("文号 | 平政办〔2013〕11号 | 索引号 | 005452065 |\n各县(市、区)人民政府：\n" + ITEMS)
    assert (m.title, m.doc_number, m.year) == (None, "平政办〔2013〕11号", 2013)


def test_the_title_year_wins_over_the_published_date():
    m = meta("索引号: | 1137/2024-00050 | 发布日期: | 2024-01-18 |\n2023年政务公开工作要点任务分工\n" + ITEMS)
    assert (m.year, m.published_date) == (2023, "2024-01-18")


def test_nothing_printed_stays_null():
    m = meta("工作任务 | 责任单位 |\n1.推进政务公开 | 办公室 |\n2.做好政策解读 | 法规处 |\n")
    assert (m.title, m.year, m.issuer, m.published_date) == (None, None, None, None)


def test_title_and_year_coverage_over_the_samples():
    metas = [parse_document(decode(path.read_bytes()).text).meta for path in sorted(SAMPLES.glob("*.txt"))]
    titled = sum(m.title is not None for m in metas) / len(metas)
    dated = sum(m.year is not None for m in metas) / len(metas)
    assert len(metas) == 54
    assert titled >= TITLE_SHARE_FLOOR and dated >= YEAR_SHARE_FLOOR, (titled, dated)
    labels = ("名称", "名 称", "标题", "发布日期", "来源")
    assert [m.title for m in metas if m.title and m.title.startswith(labels)] == []  # no label kept in a title


def test_a_notice_that_lost_its_line_breaks_keeps_its_metadata():
    """A web copy of a notice on one line: cover, title, signature and date are read from the
    pieces its words make, as they are from the printed lines; a date and a 发文字号 keep their
    spaces ("2021 年 8 月 9 日", "〔2021〕18 号")."""
    text = ("厦海政办〔2021〕18 号 厦门市海沧区人民政府办公室 关于印发 2021 年全区政务公开工作 主要任务分解表的通知 "
            "区直各办、局，各街道办事处： 现将《2021 年全区政务公开工作主要任务分解表》印发给你们，请认真组织实施。 "
            "厦门市海沧区人民政府办公室 2021 年 8 月 9 日 抄送：区委办。 " + ITEMS.replace("\n", " "))
    m = meta(text)
    assert (m.title, m.issuer, m.doc_number, m.signed_date, m.year) == (
        "厦门市海沧区人民政府办公室关于印发2021年全区政务公开工作主要任务分解表的通知", "厦门市海沧区人民政府办公室",
        "厦海政办〔2021〕18号", "2021-08-09", 2021)


def test_the_seeds_on_one_line_keep_the_metadata_they_print():
    """Every seed with its line breaks removed reads the title, issuer, 发文字号 and signed date it
    reads as printed; but 002's title, which follows a bare "附件" line, and on one line cannot be
    told from it."""
    seeds = sorted((Path(__file__).resolve().parents[1] / "data" / "raw").glob("*.txt"))
    assert len(seeds) == 5
    for path in seeds:
        text = decode(path.read_bytes()).text
        printed, one_line = meta(text), meta(" ".join(text.split()))
        fields = ("issuer", "doc_number", "signed_date") if path.stem.startswith("002") else (
            "title", "issuer", "doc_number", "signed_date")
        assert {f: getattr(one_line, f) for f in fields} == {f: getattr(printed, f) for f in fields}, path.name
        assert printed.title, path.name
