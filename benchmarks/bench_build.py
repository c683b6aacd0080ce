"""Benchmark: parse throughput per core, then a full build at the target scale and a rebuild.

After the parse figure: a full build of a synthetic corpus, then an unchanged rebuild.

Usage: python benchmarks/bench_build.py [--docs 10000] [--keep DIR] [--parse-only]

First (about 10 s), parse throughput on the seed documents in this one process: see
bench_parse.py. --parse-only stops there.

The corpus is made from the five seed documents in data/raw: each generated document is a seed
with a unique first line, so every file has its own sha256 and is parsed, and the corpus has
the seeds' mix of layouts (~15 KB a document, ~150 MB for 10,000). Prints wall time per build
step (from the build's own progress lines), documents and tasks per second, the warehouse size
and the peak resident memory of the build and its children. Figures, not assertions: targets
are judged by reading them.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_parse import measure_parse_throughput, report, seed_paths

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(raw: Path, n: int) -> int:
    """Write n documents into raw; returns the total bytes written."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    raw.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        text = f"本件编号：bench-{i:06d}\n" + seeds[i % len(seeds)]  # preamble line: parsed as metadata only
        data = text.encode("utf-8")
        (raw / f"bench_{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def run(raw: Path, out: Path) -> tuple[float, str]:
    """One `taskmarts build`; returns (seconds, stdout). Exits when the build fails."""
    cmd = [sys.executable, "-m", "pipeline.cli", "build", "--raw-dir", str(raw),
           "--warehouse", str(out / "w.duckdb"), "--marts-dir", str(out / "marts")]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return took, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="build here and keep the result")
    ap.add_argument("--parse-only", action="store_true", help="only the parse-throughput figure")
    args = ap.parse_args()
    print(report(measure_parse_throughput(seed_paths())), flush=True)
    if args.parse_only:
        return
    base = args.keep or Path(tempfile.mkdtemp(prefix="taskmarts-bench-"))
    raw, out = base / "raw", base / "out"
    size = make_corpus(raw, args.docs)
    print(f"corpus: {args.docs} documents, {size / 1e6:.1f} MB in {raw}")
    for label in ("first build", "unchanged rebuild"):
        took, stdout = run(raw, out)
        steps = [ln.strip() for ln in stdout.splitlines() if ln.startswith("  ") and " in " in ln and ": " in ln]
        counts = [" ".join(ln.split()) for ln in stdout.splitlines()
                  if ln.strip().startswith(("tasks ", "parsed this build", "units "))]
        print(f"{label}: {took:.1f} s wall; " + "; ".join(steps))
        print(f"  {args.docs / took:.0f} documents/s overall; " + "; ".join(counts))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"warehouse: {(out / 'w.duckdb').stat().st_size / 1e6:.1f} MB; "
          f"peak RSS of the largest child process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
