"""Incremental staging: given the sha256 of every raw file (`known`, as the build measures it),
stage() reads only files whose bytes are not already staged under their name in the copy of
the previous warehouse, and leaves raw.documents, raw.ingest_log and the StageReport exactly as
staging every file into a new database would."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.warehouse import fingerprint
from pipeline.warehouse.stage import stage

TEXT = "关于做好值班工作的通知\n各街道、各部门：\n{}请各单位认真做好值班值守工作，确保节日期间安全稳定。\n某区人民政府办公室\n"


def doc(tag: str) -> bytes:
    return TEXT.format(f"{tag}\n").encode("utf-8")


def with_nuls(text: str) -> bytes:
    return "\x00".join(text[i:i + 20] for i in range(0, len(text), 20)).encode("utf-8")


FIRST = {  # the raw folder of the first build
    "a.txt": doc("a"), "b.txt": doc("a"),  # b: duplicate of a
    "c.TXT": doc("x"), "c.txt": doc("c"),  # c.txt: its document id is taken by c.TXT
    "d.txt": doc("d"), "f.txt": doc("f"), "k.txt": doc("k"),
    "gbk.txt": TEXT.format("").encode("gbk"),
    "nul.txt": with_nuls(TEXT.format("nul\n")),
    "empty.txt": b"",
    "notes.md": b"not a document\n",
}
NEW_NAMES = ["0a.txt", "c.txt", "d.txt", "e.txt", "k.TXT", "nul_copy.txt"]


def second(raw: Path) -> None:
    """Change the raw folder of FIRST as the next build sees it."""
    (raw / "d.txt").write_bytes(doc("d changed"))  # changed
    (raw / "c.TXT").unlink()  # c.txt now staged under its id
    (raw / "f.txt").unlink()  # gone
    (raw / "e.txt").write_bytes(doc("e"))  # new
    (raw / "nul_copy.txt").write_bytes(FIRST["nul.txt"])  # a new alias of a kept document
    (raw / "0a.txt").write_bytes(FIRST["a.txt"])  # sorts first: a.txt becomes its duplicate
    (raw / "k.TXT").write_bytes(FIRST["k.txt"])  # same doc id and bytes, another source_file


def make_raw(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def known(raw: Path) -> dict[str, str | None]:
    return {name: entry[4] for name, entry in fingerprint.raw_state(raw).items()}


def tables(con) -> tuple[list, list, list]:
    return (con.execute("select * from raw.documents order by doc_id").fetchall(),
            con.execute("select * from raw.ingest_log order by source_file").fetchall(),
            con.execute("select * from raw.lines order by doc_id, line_no").fetchall())


def full(raw: Path, path: Path, quarantine=None):
    """(tables, report) of staging raw into a new database."""
    with duckdb.connect(str(path)) as con:
        report = stage(raw, con, quarantine=quarantine)
        return tables(con), report


@pytest.fixture
def previous(tmp_path) -> tuple[Path, Path]:
    """(raw folder of the first build, changed as the second sees it; warehouse of the first)."""
    raw = make_raw(tmp_path / "raw", FIRST)
    warehouse = tmp_path / "first.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        stage(raw, con)
        log = dict(con.execute("select source_file, reason from raw.ingest_log").fetchall())
    assert log["gbk.txt"] == "decoded as gb18030"
    assert log["nul.txt"] == "NUL bytes removed"
    second(raw)
    return raw, warehouse


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Names of the files read with Path.read_bytes (how staging reads a raw file)."""
    seen: list[str] = []
    read_bytes = Path.read_bytes

    def spy(self):
        seen.append(self.name)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    return seen


def incremental(raw: Path, warehouse: Path, copy: Path, quarantine=None, digests=None):
    """(tables, report) of staging raw into a copy of warehouse, with known digests."""
    shutil.copyfile(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        report = stage(raw, con, quarantine=quarantine, known=known(raw) if digests is None else digests)
        return tables(con), report


def test_incremental_stage_equals_a_full_restage(previous, tmp_path):
    raw, warehouse = previous
    got = incremental(raw, warehouse, tmp_path / "copy.duckdb")
    assert got == full(raw, tmp_path / "fresh.duckdb")
    (documents, log, _), report = got
    assert [row[:2] for row in documents] == [("0a", "0a.txt"), ("c", "c.txt"), ("d", "d.txt"), ("e", "e.txt"),
                                              ("gbk", "gbk.txt"), ("k", "k.TXT"), ("nul", "nul.txt")]
    assert dict((row[0], row[5]) for row in documents)["nul"] == ["nul_copy.txt"]
    assert {row[0]: row[2] for row in log}["a.txt"] == "duplicate"
    assert report.ignored == ["notes.md"] and ("empty.txt", "empty or whitespace-only file") in report.rejected


def test_unchanged_files_are_not_read(previous, tmp_path, reads):
    raw, warehouse = previous
    incremental(raw, warehouse, tmp_path / "copy.duckdb")
    staged_before = {"a.txt", "gbk.txt", "k.txt", "nul.txt"}  # same bytes, staged under their own name
    assert sorted(name for name in reads if name.endswith((".txt", ".TXT"))) == sorted(
        name for name in known(raw) if name.lower().endswith(".txt") and name not in staged_before)
    assert set(NEW_NAMES) <= set(reads)


def test_a_file_logged_with_other_bytes_is_read(previous, tmp_path, reads):
    raw, warehouse = previous
    digests = known(raw)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        logged = dict(con.execute("select source_file, sha256 from raw.ingest_log").fetchall())
    assert digests["d.txt"] != logged["d.txt"]
    incremental(raw, warehouse, tmp_path / "copy.duckdb", digests=digests)
    assert "d.txt" in reads
    reads.clear()
    incremental(raw, warehouse, tmp_path / "copy2.duckdb", digests={**digests, "gbk.txt": None})
    assert "gbk.txt" in reads  # no digest measured: read


def test_quarantined_kept_document_is_removed_and_logged(previous, tmp_path, reads):
    raw, warehouse = previous
    digest = known(raw)["gbk.txt"]
    quarantine = {digest: "dbt test failed on line 3"}
    got = incremental(raw, warehouse, tmp_path / "copy.duckdb", quarantine=quarantine)
    assert "gbk.txt" not in reads
    assert got == full(raw, tmp_path / "fresh.duckdb", quarantine)
    (documents, log, _), report = got
    assert "gbk" not in [row[0] for row in documents]
    assert ("gbk.txt", digest, "quarantined", "dbt test failed on line 3") in log
    assert ("gbk.txt", "dbt test failed on line 3") in report.rejected


def test_warehouse_staged_by_other_code_is_staged_again_whole(previous, tmp_path, reads):
    raw, warehouse = previous
    with duckdb.connect(str(warehouse)) as con:
        con.execute("comment on table raw.documents is 'staged by other code'")
    got = incremental(raw, warehouse, tmp_path / "copy.duckdb")
    assert "a.txt" in reads
    assert got == full(raw, tmp_path / "fresh.duckdb")


def test_first_build_with_known_digests(tmp_path):
    raw = make_raw(tmp_path / "raw", FIRST)
    with duckdb.connect(str(tmp_path / "new.duckdb")) as con:
        report = stage(raw, con, known=known(raw))
        got = tables(con), report
    assert got == full(raw, tmp_path / "fresh.duckdb")
