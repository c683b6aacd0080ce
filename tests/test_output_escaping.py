"""What the command prints from data (file names, doc ids, reasons, warnings, cell values) is
shown verbatim and on one line: no Rich markup or emoji codes interpreted, control characters
(newlines, terminal escape sequences) shown as visible escapes."""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import duckdb
import pytest
from rich.console import Console

from pipeline.cli import main
from pipeline.commands import build_summary
from pipeline.warehouse.build import BuildResult
from pipeline.warehouse.stage import StageReport

FORGED = "a.txt: x\nbuilt OK: 999 tasks published"
ESCAPE = "b\x1b[2J\x1b]0;title\x07.txt"


@pytest.mark.parametrize("raw, shown", [
    ("line\nnext\r\tend", r"line\nnext\r\tend"),
    ("\x1b[31mred\x1b[0m", r"\x1b[31mred\x1b[0m"),
    ("del\x7f c1\x85 nul\x00", r"del\x7f c1\x85 nul\x00"),
    ("sep\u2028rtl\u202e", r"sep\u2028rtl\u202e"),
    ("通知 [bold] 附件.txt", "通知 [bold] 附件.txt"),
])
def test_printable_escapes_control_characters_only(raw, shown):
    from pipeline.safe_text import printable

    assert printable(raw) == shown


def build_output(result: BuildResult) -> str:
    buf = io.StringIO()
    build_summary.print_build(Console(file=buf, width=300), result, SimpleNamespace(warehouse="w.duckdb", marts_dir="m"))
    return buf.getvalue()


def test_build_summary_cannot_be_forged_by_a_file_name():
    staged = StageReport(staged=["x"], notes=[(FORGED, "rejected", "empty or whitespace-only file"),
                                              (ESCAPE, "duplicate", f"same content as {FORGED}")])
    result = BuildResult(published=False, staged=staged, unparsed=[(FORGED, "reason\x1b[1m")],
                         anomalies=[(ESCAPE, 1, "1", "3", "gap", 7)], warnings=[f"w {FORGED}"],
                         errors=[f"e {ESCAPE}"])
    out = build_output(result)
    assert not re.search(r"^built OK", out, re.M), out
    assert "\x1b" not in out and "\x07" not in out
    assert r"  rejected: a.txt: x\nbuilt OK: 999 tasks published: empty or whitespace-only file" in out
    assert r"  unparsed: a.txt: x\nbuilt OK: 999 tasks published: reason\x1b[1m" in out
    assert r"b\x1b[2J\x1b]0;title\x07.txt line 7" in out


def test_build_summary_shows_markup_and_emoji_codes_literally():
    name = "[bold]x[/] :smile: [/].txt"
    out = build_output(BuildResult(staged=StageReport(notes=[(name, "rejected", "why [red]")])))
    assert f"  rejected: {name}: why [red]" in out


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("""create table t as select * from (values
        (1, '[bookmark: BodyEnd]'), (2, '[/]'), (3, 'x' || chr(27) || '[2Jy' || chr(10) || 'z'), (4, ':smile:'))
        v(n, "[b]col")""")
    con.close()
    return path


def test_sql_table_shows_values_and_headers_verbatim(capsys, warehouse):
    code = main(["sql", 'select n, "[b]col" from t order by n', "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    assert code == 0, err
    for shown in ("[bookmark: BodyEnd]", "[/]", r"x\x1b[2Jy\nz", ":smile:", "[b]col"):
        assert shown in out, out
    assert "\x1b" not in out and "(4 rows)" in out
