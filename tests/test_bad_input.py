"""Bad input: one raw folder holding every kind of bad or odd entry is built once (the module
fixture `mixed`), then each case checks its own behaviour against the marts, the raw schema,
marts.ingest_log and the printed summary. The 50 MB file and the 10,000-task document get their
own builds at the end.

Inputs are generated here from the seed documents (data/raw) and small invented texts. A case
whose content is a seed, or the small invented table, re-encoded or re-broken must produce the
same marts as its UTF-8 "twin" (ids aside).
"""
from __future__ import annotations

import codecs
import hashlib
import os
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.commands.build_summary import NAMES_SHOWN
from pipeline.warehouse.decoding import (
    DocumentText,
    UndecodableError,
    decode,
    read_document,
)
from pipeline.warehouse.records import document_record
from tests.helpers.builds import run_build
from tests.helpers.documents import SMALL, small_doc
from tests.helpers.paths import SEEDS

SEED = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
NO_TASKS = ("关于做好春节期间值班工作的通知\n各街道、各部门：\n"
            "春节将至，请各单位认真做好值班值守工作，确保节日期间安全稳定。\n某区人民政府办公室\n2022年1月20日\n")
LONG_CELL = 1_000_000  # characters in one requirement cell (a 3 MB line)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + bytes(40)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
DOCX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"[Content_Types].xml" + bytes(64)
GBK_NAME = b"gbk_name_\xd6\xd0\xce\xc4.txt"  # "中文" in GBK: not a valid UTF-8 file name


def with_nuls(text: str) -> bytes:
    return "\x00".join(text[i:i + 500] for i in range(0, len(text), 500)).encode("utf-8")


def truncated_seed_000() -> str:
    """Seed 000 cut in the middle of task 9's responsible-units cell (the last column)."""
    row = SEED["000"].index("9. 加大惠民惠农")
    return SEED["000"][:SEED["000"].index("，各市", row) + 3]


def random_bytes() -> bytes:
    rng = random.Random(5)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(4000))


@dataclass(frozen=True)
class Case:
    """name: file name in the raw folder; data: its bytes; status and a reason fragment expected
    in ingest_log; twin: doc id of the UTF-8 document it must build exactly like; blank: how many
    blank lines it has after the twin's text (see twin_text)."""

    id: str
    name: str
    data: bytes
    status: str
    reason: str | None = None
    twin: str | None = None
    blank: int = 0


def twin_text(text: str, blank: int) -> str:
    """text with `blank` more blank lines at its end: one text in two encodings is one document
    (staged once, the other name an alias: tests/test_published_data_survives.py), so each twin
    differs from its UTF-8 original, and from the other twins, by trailing blank lines, which the
    parser does not read."""
    return text + "\n" * blank


def cases() -> list[Case]:
    s = SEED
    long_cell = SMALL.replace("按规定时限公开。", "按" * LONG_CELL)
    return [
        # the UTF-8 originals every twin is compared with
        *[Case(f"utf8-seed-{k}", f"seed_{k}.txt", s[k].encode(), "staged") for k in s],
        Case("utf8-small", "small.txt", SMALL.encode(), "staged"),
        # encodings: decoded correctly, same marts as the UTF-8 twin
        Case("gbk", "gbk_000.txt", twin_text(s["000"], 1).encode("gbk"), "staged", "decoded as gb18030", "seed_000", 1),
        Case("gb18030", "gb18030_001.txt", twin_text(s["001"], 1).encode("gb18030"), "staged", "decoded as gb18030",
             "seed_001", 1),
        Case("gbk-small", "gbk_small.txt", twin_text(SMALL, 1).encode("gbk"), "staged", "decoded as gb18030", "small", 1),
        Case("utf16le-bom", "utf16le_bom_002.txt", twin_text(s["002"], 1).encode("utf-16"), "staged",
             "decoded as utf-16", "seed_002", 1),
        Case("utf16be-bom", "utf16be_bom_004.txt", codecs.BOM_UTF16_BE + twin_text(s["004"], 1).encode("utf-16-be"),
             "staged", "decoded as utf-16", "seed_004", 1),
        Case("utf8-bom", "utf8_bom_003.txt", twin_text(s["003"], 1).encode("utf-8-sig"), "staged", None, "seed_003", 1),
        # line endings and NUL bytes
        Case("crlf", "crlf_004.txt", twin_text(s["004"], 2).replace("\n", "\r\n").encode(), "staged", None,
             "seed_004", 2),
        Case("cr-only", "cr_002.txt", twin_text(s["002"], 2).replace("\n", "\r").encode(), "staged", None,
             "seed_002", 2),
        Case("mixed-endings", "mixed_endings.txt",
             "".join(line + ("\r\n", "\r", "\n")[i % 3]
                     for i, line in enumerate(twin_text(SMALL, 2).split("\n")[:-1])).encode(),
             "staged", None, "small", 2),
        Case("nul-bytes", "nul_000.txt", with_nuls(twin_text(s["000"], 2)), "staged_with_warning", "NUL bytes removed",
             "seed_000", 2),
        # truncation
        Case("truncated-mid-row", "truncated_row_000.txt", truncated_seed_000().encode(), "staged"),
        Case("truncated-mid-char", "truncated_char.txt", small_doc("截断", "区直各部门").encode()[:-2],
             "staged_with_warning", "incomplete character removed"),
        # rejected with a reason
        Case("pdf", "report.pdf.txt", PDF, "rejected", "binary file (PDF document)"),
        Case("png-renamed", "image.txt", PNG, "rejected", "binary file (PNG image)"),
        Case("docx-renamed", "word.txt", DOCX, "rejected", "binary file (ZIP/Office document)"),
        Case("random-bytes", "random.txt", random_bytes(), "rejected", "no other text encoding fits"),
        Case("utf8-bad-bytes", "bad_bytes.txt", s["004"][:200].encode() + b"\xff\xfe" + s["004"][200:].encode(),
             "rejected", f"not valid UTF-8 (byte 0xff at offset {len(s['004'][:200].encode())})"),
        Case("utf16-no-bom", "utf16_no_bom.txt", s["002"].encode("utf-16-le"), "rejected", "NUL bytes"),
        Case("utf16-bom-odd-length", "utf16_odd.txt", SMALL.encode("utf-16") + b"A", "rejected",
             "utf-16-le byte-order mark but is not valid"),
        Case("utf8-bom-invalid", "bom_invalid.txt", codecs.BOM_UTF8 + b"\xc0\xc1 abc", "rejected",
             "utf-8 byte-order mark but is not valid"),
        Case("empty", "empty.txt", b"", "rejected", "empty or whitespace-only"),
        Case("whitespace-only", "blank.txt", " \t\n\r\n\u3000\u3000 \n".encode(), "rejected",
             "empty or whitespace-only"),
        Case("bom-only", "bom_only.txt", codecs.BOM_UTF8, "rejected", "empty or whitespace-only"),
        # no tasks: staged, kept with no tasks (and a warning in the summary)
        Case("no-tasks", "no_tasks.txt", NO_TASKS.encode(), "staged", "no tasks recognised (layout unknown)"),
        Case("gbk-tiny", "gbk_tiny.txt", "关于做好值班工作的通知".encode("gbk"), "staged", "decoded as gb18030"),
        # duplicates: kept under the first name in sort order ("dup c 副本.txt")
        Case("dup-kept", "dup c 副本.txt", small_doc("重复").encode(), "staged"),
        Case("dup-a", "dup_a.txt", small_doc("重复").encode(), "duplicate", "same content as dup c 副本.txt"),
        Case("dup-b", "dup_b.txt", small_doc("重复").encode(), "duplicate", "same content as dup c 副本.txt"),
        # awkward names
        Case("name-spaces", "with  two spaces .txt", small_doc("空格").encode(), "staged"),
        Case("name-chinese", "中文文件名 通知.txt", small_doc("中文名").encode(), "staged"),
        Case("name-quotes", "quotes 'single' \"double\".txt", small_doc("引号").encode(), "staged"),
        Case("name-markup", "brackets [1] [bold]x[red].txt", NO_TASKS.replace("春节", "元旦").encode(), "staged",
             "no tasks recognised"),
        Case("name-upper-ext", "upper.TXT", small_doc("大写").encode(), "staged"),
        Case("id-collision-kept", "collide.TXT", small_doc("冲突一").encode(), "staged"),
        Case("id-collision", "collide.txt", small_doc("冲突二").encode(), "rejected",
             "document id 'collide' is already used by collide.TXT"),
        # long lines
        Case("long-cell", "long_cell.txt", long_cell.encode(), "staged"),
        Case("one-2mb-line", "one_line.txt", ("为深入贯彻落实政务公开工作要求，进一步提升政务公开质量和实效。" * 23_000).encode(),
             "staged", "no tasks recognised"),
    ]


# entries that are not plain files: (id, name, expected status, reason fragment)
SPECIAL = [
    ("symlink", "link.txt", "skipped", "symbolic link"),
    ("broken-symlink", "dangling.txt", "skipped", "symbolic link"),
    ("symlink-to-folder", "link_dir.txt", "skipped", "symbolic link"),
    ("sub-folder", "sub", "skipped", "sub-folder"),
    ("sub-folder-named-txt", "folder.txt", "skipped", "sub-folder"),
    ("named-pipe", "fifo.txt", "skipped", "not a regular file"),
    ("gbk-file-name", r"gbk_name_\xd6\xd0\xce\xc4.txt", "staged_with_warning", "file name is not valid UTF-8"),
]
IGNORED = ["README.md", "notes.docx", "data.csv"]


def make_raw(raw: Path) -> None:
    raw.mkdir()
    for case in cases():
        (raw / case.name).write_bytes(case.data)
    (raw / "link.txt").symlink_to(raw / "seed_000.txt")
    (raw / "dangling.txt").symlink_to(raw / "missing.txt")
    (raw / "sub").mkdir()
    (raw / "sub" / "inner.txt").write_text(small_doc("子目录"), encoding="utf-8")
    (raw / "link_dir.txt").symlink_to(raw / "sub")
    (raw / "folder.txt").mkdir()
    os.mkfifo(raw / "fifo.txt")
    with open(os.path.join(os.fsencode(raw), GBK_NAME), "wb") as f:
        f.write(small_doc("文件名").encode())
    for name in IGNORED:
        (raw / name).write_text("不是任务文件\n", encoding="utf-8")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """(out dir, finished process, build seconds) of one build over every case."""
    out = tmp_path_factory.mktemp("bad_input")
    make_raw(out / "raw")
    started = time.perf_counter()
    proc = run_build(out / "raw", out)
    seconds = time.perf_counter() - started
    print(f"\nmixed bad-input build: {seconds:.1f} s")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc, seconds


@pytest.fixture(scope="module")
def con(mixed):
    c = duckdb.connect(str(mixed[0] / "w.duckdb"), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def log(con) -> dict[str, tuple]:
    rows = con.execute("select source_file, sha256, status, reason from marts.ingest_log").fetchall()
    names = [r[0] for r in rows]
    assert len(names) == len(set(names)), "one ingest_log row per raw entry"
    return {r[0]: r for r in rows}


def doc_rows(con, doc_id: str) -> dict[str, list]:
    """Every mart row of one document, with the document id replaced by <doc> (so twins compare
    equal) and the file columns (name, sha256, aliases) left out, and unit_id too: a generic
    name (办公室) in a document that prints no issuer is scoped to that document."""
    out = {}
    for mart in ("documents", "tasks", "task_units", "hierarchy", "numbering_issues"):
        cols = [c for (c, *_) in con.execute(f"describe marts.{mart}").fetchall()
                if c not in ("source_file", "sha256", "aliases", "unit_id")]
        where = ("task_id in (select task_id from marts.tasks where doc_id = $d)" if mart == "task_units"
                 else "doc_id = $d")
        rows = con.execute(f"select {', '.join(cols)} from marts.{mart} where {where}", {"d": doc_id}).fetchall()
        out[mart] = sorted((tuple(v.replace(doc_id, "<doc>") if isinstance(v, str) else v for v in r)
                            for r in rows), key=repr)
    return out


def one(con, sql: str, *params) -> tuple | None:
    return con.execute(sql, list(params)).fetchone()


def tasks_of(con, doc_id: str) -> list[tuple]:
    return con.execute("select seq, title, requirement, unit_count from marts.tasks where doc_id = ? order by seq",
                       [doc_id]).fetchall()


def units_of(con, doc_id: str) -> list[tuple]:
    return con.execute("select t.seq, u.role, u.unit_name from marts.task_units u join marts.tasks t using (task_id) "
                       "where t.doc_id = ? order by t.seq, u.position", [doc_id]).fetchall()


# ---------------------------------------------------------------- one assertion set per case

@pytest.mark.xdist_group("bad_input")
@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_case_logged_with_status_reason_and_sha256(case, log):
    name, sha256, status, reason = log[case.name]
    assert status == case.status, reason
    assert sha256 == hashlib.sha256(case.data).hexdigest()
    if case.reason:
        assert case.reason in (reason or "")
    elif case.status == "staged":
        assert reason is None


@pytest.mark.xdist_group("bad_input")
@pytest.mark.parametrize("case", [c for c in cases() if c.twin], ids=lambda c: c.id)
def test_twin_builds_the_same_marts(case, con):
    doc_id = Path(case.name).stem
    mine, twin = doc_rows(con, doc_id), doc_rows(con, case.twin)
    assert twin["tasks"], "the twin has tasks"
    for mart in mine:
        assert mine[mart] == twin[mart], mart


@pytest.mark.xdist_group("bad_input")
@pytest.mark.parametrize("case", [c for c in cases() if c.twin], ids=lambda c: c.id)
def test_twin_text_decoded_exactly(case, con):
    mine, twin = (con.execute("select text from raw.documents where doc_id = ?", [d]).fetchone()[0]
                  for d in (Path(case.name).stem, case.twin))
    assert mine == twin_text(twin, case.blank)


@pytest.mark.xdist_group("bad_input")
@pytest.mark.parametrize("entry_id, name, status, reason", SPECIAL, ids=[s[0] for s in SPECIAL])
def test_special_entry_logged(entry_id, name, status, reason, log):
    assert log[name][2] == status
    assert reason in log[name][3]


@pytest.mark.xdist_group("bad_input")
def test_every_note_in_summary_and_every_other_document_builds(mixed, log, con):
    stdout = mixed[1].stdout
    notes = {f"  {status}: {name}: {reason}" for name, sha256, status, reason in log.values()
             if (status != "staged" or reason) and reason != "not a .txt file"}
    printed = [line for line in stdout.splitlines()
               if re.match(r"  (staged|staged_with_warning|rejected|skipped|duplicate|quarantined): ", line)]
    shown = NAMES_SHOWN  # the summary's cap on each kind of repeated line
    assert printed and set(printed) <= notes, "every note printed is one the ingest log holds"
    capped = re.search(rf"^  (\d+) file notes; first {shown} shown; all in marts.ingest_log$", stdout, re.M)
    assert capped and shown < int(capped.group(1)) <= len(notes), "the rest are counted, not printed"
    assert len(printed) == shown
    staged = {Path(n).stem for n, _, s, _ in log.values() if s in ("staged", "staged_with_warning")}
    built = {d for (d,) in con.execute("select doc_id from marts.documents").fetchall()}
    assert built == staged
    rejected = sum(s in ("rejected", "skipped") and r != "not a .txt file" for _, _, s, r in log.values())
    assert re.search(rf"files rejected +{rejected}\b", stdout)
    assert re.search(r"duplicates +2\b", stdout)
    assert re.search(rf"documents +{len(staged)}\b", stdout)


@pytest.mark.xdist_group("bad_input")
def test_ingest_log_exported_and_matches_raw(mixed, con):
    """marts.ingest_log is raw.ingest_log plus a note on staged documents that gave no task."""
    marts = con.execute("select * from marts.ingest_log order by source_file").fetchall()
    raw = con.execute("select * from raw.ingest_log order by source_file").fetchall()
    assert [m[:3] for m in marts] == [r[:3] for r in raw]
    for (_, _, _, reason), (_, _, _, raw_reason) in zip(marts, raw):
        if reason != raw_reason:
            assert reason.startswith(raw_reason or "") and reason.endswith("no tasks recognised (layout unknown)")
    parquet = pl.read_parquet(mixed[0] / "marts" / "ingest_log.parquet").sort("source_file")
    assert parquet.rows() == marts


@pytest.mark.xdist_group("bad_input")
def test_non_txt_files_logged_and_summarised_on_one_line(mixed, log):
    for name in IGNORED:
        assert log[name][2:] == ("skipped", "not a .txt file")
    assert f"  skipped {len(IGNORED)} files that are not .txt: {', '.join(sorted(IGNORED))}\n" in mixed[1].stdout


@pytest.mark.xdist_group("bad_input")
def test_sub_folder_not_read(log, con):
    assert "inner.txt" not in log
    assert one(con, "select count(*) from marts.documents where doc_id in ('inner', 'sub', 'link')") == (0,)


@pytest.mark.xdist_group("bad_input")
def test_duplicates_recorded_once_with_aliases(con):
    rows = con.execute("select doc_id, source_file, aliases, task_count from marts.documents "
                       "where doc_id like 'dup%'").fetchall()
    assert rows == [("dup c 副本", "dup c 副本.txt", ["dup_a.txt", "dup_b.txt"], 3)]
    assert con.execute("select count(*) from marts.tasks where doc_id like 'dup%'").fetchone()[0] == 3


@pytest.mark.xdist_group("bad_input")
def test_awkward_names_keep_their_ids(con):
    for name in ("with  two spaces .txt", "中文文件名 通知.txt", "quotes 'single' \"double\".txt", "upper.TXT"):
        doc_id = Path(name).stem
        assert one(con, "select source_file, task_count from marts.documents where doc_id = ?", doc_id) == (name, 3)
        assert [t for (t,) in con.execute("select task_id from marts.tasks where doc_id = ? order by seq",
                                          [doc_id]).fetchall()] == [f"{doc_id}-1.{i}" for i in (1, 2, 3)]


@pytest.mark.xdist_group("bad_input")
def test_markup_like_name_printed_verbatim(mixed, con):
    assert one(con, "select task_count from marts.documents where doc_id = ?", "brackets [1] [bold]x[red]") == (0,)
    assert "  warning: brackets [1] [bold]x[red]: no known layout recognised" in mixed[1].stdout


@pytest.mark.xdist_group("bad_input")
def test_gbk_file_name_staged_under_escaped_name(con):
    row = one(con, "select source_file, task_count from marts.documents where doc_id like 'gbk_name_%'")
    assert row == (r"gbk_name_\xd6\xd0\xce\xc4.txt", 3)


@pytest.mark.xdist_group("bad_input")
def test_id_collision_keeps_the_first_name(con):
    assert con.execute("select source_file from marts.documents where doc_id = 'collide'").fetchall() == [
        ("collide.TXT",)]
    assert len(tasks_of(con, "collide")) == 3


@pytest.mark.xdist_group("bad_input")
def test_no_tasks_document_kept_with_warning(mixed, con):
    assert one(con, "select layout, task_count, title from marts.documents where doc_id = 'no_tasks'") == (
        "unknown", 0, "关于做好春节期间值班工作的通知")
    assert "  warning: no_tasks: no known layout recognised" in mixed[1].stdout


@pytest.mark.xdist_group("bad_input")
def test_tiny_gbk_text_decoded_as_chinese(con):
    assert one(con, "select text, encoding from raw.documents where doc_id = 'gbk_tiny'") == (
        "关于做好值班工作的通知", "gb18030")


@pytest.mark.xdist_group("bad_input")
def test_truncated_mid_row_keeps_complete_rows(con):
    cut, full = tasks_of(con, "truncated_row_000"), tasks_of(con, "seed_000")
    assert len(cut) == 9
    assert cut[:8] == full[:8]
    assert cut[8][:3] == full[8][:3]  # task 9 keeps its title and requirement, loses half a unit name
    assert units_of(con, "truncated_row_000")[-1] == (9, "responsible", "各市")


@pytest.mark.xdist_group("bad_input")
def test_truncated_mid_char_drops_only_that_character(con):
    assert [t[:3] for t in tasks_of(con, "truncated_char")] == [t[:3] for t in tasks_of(con, "small")]
    assert units_of(con, "truncated_char")[-1] == (3, "responsible", "区直各部")


@pytest.mark.xdist_group("bad_input")
def test_long_cell_kept_whole(con):
    lengths = con.execute("select seq, length(requirement) from marts.tasks where doc_id = 'long_cell' "
                          "order by seq").fetchall()
    assert lengths == [(1, LONG_CELL), (2, 5), (3, 5)]


@pytest.mark.xdist_group("bad_input")
def test_single_huge_line_builds_with_no_tasks(con):
    assert one(con, "select layout, task_count from marts.documents where doc_id = 'one_line'") == ("unknown", 0)
    assert one(con, "select count(*) from raw.lines where doc_id = 'one_line'") == (1,)


# ---------------------------------------------------------------- without a build

def test_truncated_mid_requirement_keeps_earlier_rows_in_the_parser():
    """Cut inside a requirement cell, the last task loses its units (checked in the parser, the
    build only warns of a task with no unit): the rows before it parse exactly as in the full
    text."""
    text = SEED["000"]
    row = text.index("9. 加大惠民惠农")
    cut = text[:text.index("\t", row) + 10]
    full, part = (document_record("d", t)["tasks"] for t in (text, cut))
    assert len(part) == 9
    assert [(t["title"], t["units"]) for t in part[:8]] == [(t["title"], t["units"]) for t in full[:8]]


@pytest.mark.parametrize("title", ["政务公开", "关于印发通知", "关于做好值班工作的通知", "厦门市海沧区人民政府办公室"])
def test_short_gbk_not_read_as_korean(title):
    assert decode(title.encode("gbk")).text == title


def test_read_document_repairs_line_ends_and_nul_bytes():
    # the one decode-and-repair staging and `taskmarts explain` share
    document = read_document("一、任务\r\n1. 推进\x00公开\r".encode("utf-8"))
    assert document == DocumentText("一、任务\n1. 推进公开\n", "utf-8", ("NUL bytes removed",))
    assert read_document("政务公开".encode("gbk")).encoding == "gb18030"
    with pytest.raises(UndecodableError, match="whitespace-only"):
        read_document(b" \r\n\t")
