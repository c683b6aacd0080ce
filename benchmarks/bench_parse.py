"""Benchmark: parse throughput per core on the seed documents, beside a plain line scan.

Usage: python benchmarks/bench_parse.py [--rounds 5] [--min-seconds 1.0] [FILE ...]
       python benchmarks/bench_parse.py --scale

In this one process (one core, no workers): reads data/raw/*.txt (or the files given) as UTF-8,
parses every text once as a warm-up (rules load and are cached), then times
`pipeline.parse.parse_document(text)` over all texts, repeated so that each round takes at least
--min-seconds, and keeps the best of --rounds rounds. The baseline is timed the same way:
for each text, `for line in text.splitlines(): line.strip()` and one `LINE_RE.search` on the
stripped line. MB is 10^6 bytes of UTF-8 input. A figure, not an assertion: the exit code is 0
whether or not the target is met.

--scale times one parse of a generated notice ("一、总体要求", then N lines "N. 完成第N项工作。
（责任单位：县财政局）") for 10,000 and 100,000 lines and prints the seconds and their ratio:
parse time linear in the lines gives a ratio near 10 (a quadratic step would give ~100).
"""
from __future__ import annotations

import argparse
import math
import re
import time
from pathlib import Path

from pipeline.parse import parse_document

ROOT = Path(__file__).resolve().parent.parent
# issue 20: parse >= 5 MB/s per core in one process on the seeds (4.2 was issue 13's)
TARGET_MB_S = 5.0
# The baseline's per-line regex: a numbered-item opening such as "一、", "（二）", "3." or "4、".
LINE_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")


def seed_paths() -> list[Path]:
    return sorted((ROOT / "data" / "raw").glob("*.txt"))


def _parse_all(texts: list[str]) -> None:
    for text in texts:
        parse_document(text)


def _scan_all(texts: list[str]) -> None:
    search = LINE_RE.search
    for text in texts:
        for line in text.splitlines():
            search(line.strip())


def _best_round(fn, texts: list[str], rounds: int, min_seconds: float) -> tuple[float, int]:
    """(best seconds for one pass over texts, passes per round); each round runs >= min_seconds."""
    start = time.perf_counter()
    fn(texts)  # calibration pass, also a warm-up
    one = max(time.perf_counter() - start, 1e-9)
    passes = max(1, math.ceil(min_seconds / one))
    best = math.inf
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(passes):
            fn(texts)
        best = min(best, (time.perf_counter() - start) / passes)
    return best, passes


def measure_parse_throughput(paths, rounds: int = 5, min_seconds: float = 1.0) -> dict:
    """Time parse_document and a plain line scan over the texts of paths, in this process.

    Returns corpus size (documents, UTF-8 bytes), seconds per pass (best round), passes per round,
    parse and line-scan MB/s (10^6 bytes/s, one core), their ratio, ms per document, the target
    and whether it is met.
    """
    texts = [Path(p).read_bytes().decode("utf-8") for p in paths]
    if not texts:
        raise ValueError("no documents to parse")
    size = sum(len(t.encode("utf-8")) for t in texts)
    _parse_all(texts)  # warm-up: rules load once per process, outside the timing
    parse_s, parse_passes = _best_round(_parse_all, texts, rounds, min_seconds)
    scan_s, scan_passes = _best_round(_scan_all, texts, rounds, min_seconds)
    parse_mb_s = size / parse_s / 1e6
    return dict(documents=len(texts), bytes=size, rounds=rounds, min_seconds=min_seconds,
                parse_seconds=parse_s, parse_passes=parse_passes,
                scan_seconds=scan_s, scan_passes=scan_passes,
                parse_mb_s=parse_mb_s, scan_mb_s=size / scan_s / 1e6,
                scan_to_parse=parse_s / scan_s, ms_per_document=parse_s / len(texts) * 1e3,
                target_mb_s=TARGET_MB_S, meets_target=parse_mb_s >= TARGET_MB_S)


# Documents timed through the build's own parse (parse_batches, one process per core): ~15 MB,
# enough that starting the workers is a small share, a few seconds on two cores.
POOL_DOCUMENTS = 1000


def measure_pool_parse(paths, limit: int = POOL_DOCUMENTS) -> dict:
    """Time pipeline.warehouse.records.parse_batches over the first `limit` of paths, as the build parses
    (workers started inside the timing). Returns documents, bytes, seconds, workers and MB/s
    (10^6 bytes/s over every worker together)."""
    import pyarrow as pa

    from pipeline.warehouse.records import PARALLEL_FROM, parse_batches, parse_workers

    paths = list(paths)[:limit]
    texts = [Path(p).read_bytes().decode("utf-8") for p in paths]
    ids = [Path(p).stem for p in paths]
    size = sum(len(t.encode("utf-8")) for t in texts)
    table = pa.table({"doc_id": ids, "sha256": ids, "text": texts})
    start = time.perf_counter()
    rows = sum(batch.num_rows for batch in parse_batches(table.to_batches(), table.num_rows))
    seconds = time.perf_counter() - start
    workers = parse_workers() if rows >= PARALLEL_FROM else 1
    return dict(documents=rows, bytes=size, seconds=seconds, workers=workers, mb_s=size / seconds / 1e6)


SCALE_SIZES = (10_000, 100_000)  # numbered lines of the --scale documents


def numbered_document(n: int) -> str:
    """A narrative notice of one section holding n numbered items, each naming its unit."""
    return ("关于印发重点工作任务的通知\n县人民政府办公室\n\n一、总体要求\n"
            + "".join(f"{i}. 完成第{i}项工作。（责任单位：县财政局）\n" for i in range(1, n + 1)))


def measure_scale(sizes=SCALE_SIZES) -> dict[int, float]:
    """Seconds of one parse_document call per size (rules loaded beforehand), {lines: seconds}."""
    parse_document(numbered_document(10))  # warm-up: rules load once per process
    out = {}
    for n in sizes:
        text = numbered_document(n)
        start = time.perf_counter()
        parse_document(text)
        out[n] = time.perf_counter() - start
    return out


def scale_report(seconds: dict[int, float]) -> str:
    """The --scale figures as printed lines."""
    (small, t_small), (large, t_large) = sorted(seconds.items())[:2]
    return "\n".join([
        "parse scaling: one narrative notice of N numbered lines, one process / one core",
        *(f"  {n:>7,} lines: {s:.2f} s" for n, s in sorted(seconds.items())),
        f"  ratio {large:,} / {small:,} lines: {t_large / t_small:.1f} (linear: {large / small:.0f})",
    ])


def report(r: dict) -> str:
    """The figures as printed lines."""
    verdict = "PASS" if r["meets_target"] else "BELOW"
    return "\n".join([
        f"parse throughput: {r['documents']} seed documents, {r['bytes']:,} bytes (UTF-8), "
        f"one process / one core, best of {r['rounds']} rounds of >= {r['min_seconds']:g} s",
        f"  parse_document: {r['parse_mb_s']:.2f} MB/s per core, {r['ms_per_document']:.2f} ms per document "
        f"({r['parse_passes']} passes a round)",
        f"  line scan:      {r['scan_mb_s']:.2f} MB/s per core ({r['scan_passes']} passes a round)",
        "    (per text: for line in text.splitlines(): re.search(LINE_RE, line.strip()),",
        f"    LINE_RE = {LINE_RE.pattern})",
        f"  ratio: parse takes {r['scan_to_parse']:.0f}x the line scan's time "
        f"(parse MB/s / line-scan MB/s = {r['parse_mb_s'] / r['scan_mb_s']:.3f})",
        f"  target: parse throughput must stay >= {r['target_mb_s']} MB/s per core: "
        f"{r['parse_mb_s']:.2f} MB/s {verdict}",
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="documents to parse (default: data/raw/*.txt)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--min-seconds", type=float, default=1.0, help="least work per round")
    ap.add_argument("--scale", action="store_true", help="time 10,000 and 100,000 numbered lines instead")
    args = ap.parse_args()
    if args.scale:
        print(scale_report(measure_scale()))
        return
    print(report(measure_parse_throughput(args.files or seed_paths(), args.rounds, args.min_seconds)))


if __name__ == "__main__":
    main()
