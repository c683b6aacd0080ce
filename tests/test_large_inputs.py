"""Inputs far larger than usual: a 50 MB file and a document with more than 10,000 tasks.
Both are built together, beside a small document, in one build the tests share (a module
fixture, one xdist_group): each input is its own document, so each test reads its own rows;
the 50 MB test prints the build's time and peak memory."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.helpers.documents import SMALL, small_doc
from tests.helpers.paths import ROOT


def build_measured(raw: Path, out: Path) -> tuple[subprocess.CompletedProcess, float, int]:
    """run_build's command under a wrapper that reports the peak RSS (kB) of the largest process
    of the build (the CLI, dbt or the GX worker). Returns (process, seconds, peak kB)."""
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print('peak_rss_kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
               "sys.exit(r.returncode)")
    cmd = [sys.executable, "-c", wrapper, sys.executable, "-m", "pipeline.cli", "build", "--raw-dir", str(raw),
           "--warehouse", str(out / "w.duckdb"), "--marts-dir", str(out / "marts")]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    seconds = time.perf_counter() - started
    peak = int(proc.stderr.rsplit("peak_rss_kb", 1)[1].split()[0])
    return proc, seconds, peak


def big_table(n_bytes: int) -> tuple[str, int]:
    """A tab table of about n_bytes (UTF-8) with long requirement cells (a few thousand tasks);
    returns (text, task count)."""
    head = small_doc("大文件").split("二、")[0].split("1. ")[0]
    req = "按规定时限在门户网站公开相关信息，并及时更新、做好解读回应工作。" * 90
    rows, size = [head], len(head.encode())
    while size < n_bytes:
        rows.append(f"{len(rows)}. 公开第{len(rows)}项重点工作信息。\t{req}\t区财政局\t各街道\n")
        size += len(rows[-1].encode())
    return "".join(rows), len(rows) - 1


def many_tasks_document(n_tasks: int) -> str:
    """A tab table of n_tasks numbered tasks (1. … n_tasks.) under one section."""
    head = small_doc("万项").split("一、")[0]
    rows = [f"{i}. 公开第{i}项工作。\t按时公开。\t区财政局\t各街道\n" for i in range(1, n_tasks + 1)]
    return head + "一、加强政务公开\t\t\t\n" + "".join(rows)


# the task count of many.txt: past 9999, where a task number cut to four digits would collide
MANY_TASKS = 10_001


@pytest.fixture(scope="module")
def large_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, float, int, int]:
    """One build of big.txt (a 50 MB tab table), many.txt (MANY_TASKS tasks) and small.txt;
    returns (out dir, the finished process, its seconds, its peak RSS in kB, big.txt's tasks)."""
    out = tmp_path_factory.mktemp("large_inputs")
    text, n_tasks = big_table(50_000_000)
    raw = out / "raw"
    raw.mkdir()
    (raw / "big.txt").write_text(text, encoding="utf-8")
    (raw / "many.txt").write_text(many_tasks_document(MANY_TASKS), encoding="utf-8")
    (raw / "small.txt").write_text(SMALL, encoding="utf-8")
    proc, seconds, peak_kb = build_measured(raw, out)
    return out, proc, seconds, peak_kb, n_tasks


@pytest.mark.xdist_group("large_inputs")
def test_50mb_file_builds(large_build):
    out, proc, seconds, peak_kb, n_tasks = large_build
    print(f"\n50 MB build: {seconds:.1f} s, peak RSS {peak_kb / 1024:.0f} MB (largest process)\n{proc.stdout}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        assert con.execute("select byte_size from raw.documents where doc_id = 'big'").fetchone()[0] >= 50_000_000
        assert con.execute("select task_count from marts.documents where doc_id = 'big'").fetchone()[0] == n_tasks
        assert con.execute("select count(*) from marts.tasks where doc_id = 'small'").fetchone()[0] == 3
    finally:
        con.close()
    assert seconds < 600


@pytest.mark.xdist_group("large_inputs")
def test_document_with_10000_tasks_builds(large_build):
    """Task ids never collide past 9999: the task number is never truncated (doc-1.10001)."""
    out, proc = large_build[:2]
    assert proc.returncode == 0, proc.stdout
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        assert con.execute("select count(distinct task_id) from marts.tasks where doc_id = 'many'").fetchone()[0] \
            == MANY_TASKS
    finally:
        con.close()
