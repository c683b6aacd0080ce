"""Every entry of the raw folder is in ingest_log, files that are not .txt included (status
skipped, reason "not a .txt file"); the build summary lists those on one line and does not
count them as rejected."""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import duckdb
from rich.console import Console

from pipeline.commands import build_summary
from pipeline.warehouse.build import BuildResult
from pipeline.warehouse.stage import stage

DOC = "关于做好值班工作的通知\n一、加强值班\n"


def make_raw(tmp_path, other_files):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "doc.txt").write_text(DOC, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    for name in other_files:
        (raw / name).write_text("not a task document\n", encoding="utf-8")
    return raw


def test_non_txt_files_are_logged_as_skipped(tmp_path):
    raw = make_raw(tmp_path, ["README.md", "data.csv"])
    con = duckdb.connect()
    staged = stage(raw, con)
    log = dict((r[0], r[1:]) for r in con.execute(
        "select source_file, sha256, status, reason from raw.ingest_log").fetchall())
    assert sorted(log) == sorted(p.name for p in raw.iterdir())
    assert log["README.md"] == (None, "skipped", "not a .txt file") == log["data.csv"]
    assert staged.ignored == ["README.md", "data.csv"]
    assert staged.rejected == [("empty.txt", "empty or whitespace-only file")]


def summary(tmp_path, names) -> str:
    staged = stage(make_raw(tmp_path, names), duckdb.connect())
    buf = io.StringIO()
    build_summary.print_build(Console(file=buf, width=400), BuildResult(published=True, staged=staged),
                       SimpleNamespace(warehouse="w.duckdb", marts_dir="m"))
    return buf.getvalue()


def test_summary_lists_non_txt_files_on_one_line_not_as_rejected(tmp_path):
    out = summary(tmp_path, ["a.md", "b.csv", "c.docx"])
    assert "  skipped 3 files that are not .txt: a.md, b.csv, c.docx\n" in out
    assert re.search(r"files rejected +1\b", out), out
    assert "  rejected: empty.txt: empty or whitespace-only file\n" in out
    assert "skipped: a.md" not in out


def test_summary_names_only_the_first_non_txt_files(tmp_path):
    names = [f"note{i:02}.md" for i in range(build_summary.NAMES_SHOWN + 2)]
    out = summary(tmp_path, names)
    shown = ", ".join(names[:build_summary.NAMES_SHOWN])
    assert f"  skipped {len(names)} files that are not .txt: {shown} and 2 more\n" in out
