"""`taskmarts explain FILE`: how the parser reads one file, printed without building anything.

The command runs in-process (pipeline.cli.main with capsys). Expected scores and reasons come
from parse_document on the same text, so the tests check that explain shows what the parser
decided, not a copy of today's numbers.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.commands.explain import explain_file
from pipeline.parse import parse_document
from tests.helpers.paths import SEEDS

PIPE_DOC = """关于印发2024年重点工作任务分解表的通知

各有关单位：现将任务分解如下。

序号 | 工作事项 | 牵头单位 | 配合单位 |
1 | 推进政务公开标准化建设 | 县政府办公室 | 县数据局 |
2 | 完善政府信息公开专栏 | 县数据局 | 县财政局、县司法局 |
"""

NOTICE = """关于召开年度工作会议的通知

各单位：
定于2024年3月5日上午9时召开年度工作会议，请准时参加。

县人民政府办公室
2024年3月1日
"""

HEADER_ONLY = """2024年政务公开工作任务

工作任务 | 具体要求 | 责任单位 |
各单位要高度重视，认真组织实施，确保各项任务落到实处。
"""

ITEMS_WITHOUT_UNITS = """2024年工作要点

1. 加强政务公开平台建设，提升网站服务水平。
2. 推进政策解读工作，做好政策发布。
3. 完善依申请公开办理机制。
"""

# narrative items, prose, then an attached pipe table: two readings with lines between them
TWO_REGIONS = """关于印发2024年重点工作任务的通知

一、重点任务
1. 推进政务公开标准化建设，完善目录。（责任单位：县政府办公室）
2. 完善政府信息公开专栏，及时更新。（责任单位：县数据局）

各单位要高度重视，认真抓好落实。

附表：民生实事任务分解表
序号 | 工作事项 | 牵头单位 | 配合单位 |
1 | 建设社区养老服务中心 | 县民政局 | 县财政局 |
2 | 改造老旧小区 | 县住建局 | 县财政局、县自然资源局 |
3 | 新建城区停车位 | 县公安局 | 县住建局 |
"""


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """A wide console, so table cells are not shortened below what the assertions look for."""
    monkeypatch.setenv("COLUMNS", "200")


def explain(capsys, path: Path) -> tuple[int, str, str]:
    code = main(["explain", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_tab_table(capsys):
    seed = next(SEEDS.glob("000_*.txt"))
    doc = parse_document(seed.read_text(encoding="utf-8"))
    code, out, err = explain(capsys, seed)
    assert code == 0, err
    assert doc.layout == "tab_table"
    assert f"{seed.name}: 100 lines, encoding utf-8" in out
    assert f"status parsed, layout tab_table, score {doc.score:.4f}, {len(doc.tasks)} tasks" in out
    assert "闽政办函〔2021〕34号" in out and "2021-05-14" in out  # metadata
    assert "preamble (not read as tasks)" in out
    assert "GRID tab_table, lines 23-97" in out
    assert "header line 23: 工作任务 → task | 工作要求 → requirement | 牵头单位 → lead | 责任单位 → responsible" in out
    assert "columns read: task, requirement, lead, responsible" in out
    assert "more rows/headings" in out  # the grid shows the first rows only
    if doc.runner_up:
        assert f"chosen over {doc.runner_up} {doc.runner_up_score:.4f}" in out
        assert "winner: tab_table" in out and f"runner-up: {doc.runner_up}" in out
        assert "coverage" in out and "organisations" in out
    assert f"TASKS ({len(doc.tasks)})" in out
    assert "lead: 省财政厅" in out
    assert "READERS THAT READ NOTHING" in out and "pipe_table: " in out


def test_inline_pipe_table(capsys, tmp_path):
    doc = parse_document(PIPE_DOC)
    code, out, err = explain(capsys, write(tmp_path, "pipe.txt", PIPE_DOC))
    assert code == 0, err
    assert doc.layout == "pipe_table"
    assert f"layout pipe_table, score {doc.score:.4f}, 2 tasks" in out
    assert "line 5: 序号 → seq | 工作事项 → task | 牵头单位 → lead | 配合单位 → cooperating" in out
    assert "columns read: seq, task, lead, cooperating" in out
    assert "lines 1-3: preamble (not read as tasks)" in out
    assert "lead: 县政府办公室" in out and "coop: 县财政局、县司法局" in out
    assert "推进政务公开标准化建设" in out
    if doc.runner_up is None:
        assert "none: no other reader read" in out


def test_two_regions_and_the_lines_between(tmp_path):
    expl = explain_file(write(tmp_path, "two.txt", TWO_REGIONS))
    report = expl.report
    assert report is expl.document.report  # the parse's own report: explain runs no reader again
    assert [r.layout for r in report.chosen] == ["narrative", "pipe_table"]
    assert expl.document.layout == "narrative+pipe_table"
    assert [(g.kind, g.start, g.end) for g in expl.gaps] == [("preamble", 1, 1), ("between readings", 7, 9)]
    assert report.chosen[report.winner].layout == "pipe_table"
    assert report.runner_ups and report.runner_ups[0].layout == "narrative"


def test_two_regions_printed(capsys, tmp_path):
    code, out, _ = explain(capsys, write(tmp_path, "two.txt", TWO_REGIONS))
    assert code == 0
    assert "lines 7-9: between readings (not read as tasks): 各单位要高度重视" in out
    assert "GRID narrative, lines 4-5" in out and "GRID pipe_table, lines 10-13" in out
    assert "§ 一 重点任务" in out  # a heading event is a grid row
    assert "pipe_table reading, 3 tasks" in out and "(winner)" in out


def test_document_without_tasks_names_every_reason(capsys, tmp_path):
    doc = parse_document(NOTICE)
    code, out, err = explain(capsys, write(tmp_path, "notice.txt", NOTICE))
    assert code == 0, err
    assert doc.status == "no_tasks" and doc.reasons
    assert "status no_tasks, layout unknown, score -, 0 tasks" in out
    assert "lines 1-7: whole document (not read as tasks)" in out
    assert "WHY NO TASK: status no_tasks" in out
    lines = out.splitlines()
    for reason in doc.reasons:
        assert f"  {reason}" in lines
    assert any(line.startswith("  narrative: ") for line in lines)
    assert "no reading: nothing to compare" in out and "TASKS" not in out


def test_items_without_units_are_read_by_their_shape(capsys, tmp_path):
    """Numbered items that name no unit still give tasks (the plain reading), and say so."""
    doc = parse_document(ITEMS_WITHOUT_UNITS)
    code, out, _ = explain(capsys, write(tmp_path, "bare.txt", ITEMS_WITHOUT_UNITS))
    assert code == 0
    assert (doc.status, doc.layout, len(doc.tasks)) == ("parsed", "plain", 3)
    assert "no numbered item names a unit: 3 item(s) read as tasks by their shape" in out


@pytest.mark.parametrize("text", [HEADER_ONLY], ids=["header_only"])
def test_unparsed_document(capsys, tmp_path, text):
    doc = parse_document(text)
    code, out, _ = explain(capsys, write(tmp_path, "unparsed.txt", text))
    assert code == 0
    assert doc.status == "unparsed"
    assert "WHY NO TASK: status unparsed" in out
    assert "unparsed: a table header or numbered items" in out  # the parser's warning
    for reason in doc.reasons:
        assert f"  {reason}" in out.splitlines()


def test_decoded_as_staging_does(capsys, tmp_path):
    gbk, nul = tmp_path / "gbk.txt", tmp_path / "nul.txt"
    gbk.write_bytes(PIPE_DOC.replace("\n", "\r\n").encode("gb18030"))
    nul.write_bytes(PIPE_DOC.encode("utf-8").replace(b"\n", b"\x00\n", 1))
    code, out, _ = explain(capsys, gbk)
    assert code == 0
    assert "encoding gb18030" in out and "layout pipe_table" in out and "coop: 县财政局、县司法局" in out
    code, out, _ = explain(capsys, nul)
    assert code == 0
    assert "encoding utf-8" in out and "  - NUL bytes removed" in out and "layout pipe_table" in out


def test_missing_file_is_a_usage_error(capsys, tmp_path):
    code, out, err = explain(capsys, tmp_path / "none.txt")
    assert code == 2 and out == ""
    assert err.strip() == f"taskmarts: error: {tmp_path / 'none.txt'}: no such file"


@pytest.mark.parametrize("data,why", [(b"%PDF-1.4 binary", "binary file (PDF document)"),
                                      (b"  \n", "empty or whitespace-only file")])
def test_undecodable_file_is_a_usage_error(capsys, tmp_path, data, why):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    code, _, err = explain(capsys, path)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert f"{path}: cannot be read as text: {why}" in err


def test_library_raises_value_error_naming_the_file(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(ValueError, match="bad.txt"):
        explain_file(path)


def test_a_reading_chosen_over_another_is_no_build_warning(capsys, caplog, tmp_path):
    """A runner-up reading is a choice, not a fault: it is not among the document's warnings (the
    build summary prints those), but explain shows it and the parser's log records it."""
    text = PIPE_DOC + "\n3、完善政府网站常态化监管\n"  # a numbered line the plain reading also reads
    path = tmp_path / "pipe.txt"
    path.write_text(text, encoding="utf-8")
    with caplog.at_level("INFO", logger="pipeline.parse.document"):
        doc = parse_document(text)
    assert doc.runner_up is not None and doc.layout.startswith("pipe_table")
    assert [w for w in doc.warnings if "chosen over" in w] == []
    assert any("chosen over" in r.getMessage() for r in caplog.records)
    code, out, _ = explain(capsys, path)
    assert code == 0 and f"chosen over {doc.runner_up}" in out
