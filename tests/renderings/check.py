"""The robustness harness: render every planned rendering, parse it, compare with the rows it was
rendered from, and print the matrix.

    python -m tests.renderings.check [--limit N] [--show-failures K] [--min-rate R]

A rendering passes when every figure of tests/gold_compare.compare (tasks_f1, titles,
requirements, numbering, deadlines, units_f1; NFKC and whitespace-free, like the official scorer)
is 1.0. The matrix gives, for each axis value, the renderings where the axis applied and their
pass rate, then the same per shape, then the K smallest failing renderings with their diffs.
The last line is exactly `robustness: N renderings, min axis rate R`, R being the lowest pass
rate over all (axis, value) cells. Exit status is 0 unless --min-rate is given and not met.

Only this harness imports the parser; the generator (structures, axes, tables, narratives,
render) does not.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tests.gold_compare import FIGURES, compare, parsed_tasks
from tests.renderings.axes import AXES
from tests.renderings.render import NA, SHAPES, Rendering, plan, render


@dataclass
class Result:
    """One rendering's outcome: its text, the figures, the diff lines, pass/fail."""
    rendering: Rendering
    text: str
    figures: dict
    diffs: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(self.figures[f] == 1.0 for f in FIGURES)


def check(rendering: Rendering) -> Result:
    """Render, parse and compare one rendering. A parser exception is a failure, not a crash."""
    from pipeline.parse import (
        parse_document,  # the harness, not the generator, uses the parser
    )
    text, expected = render(rendering.structure, rendering.shape, rendering.variation)
    try:
        predicted = parsed_tasks(parse_document(text))
    except Exception as exc:  # noqa: BLE001 - reported as a failing rendering
        return Result(rendering, text, {f: 0.0 for f in FIGURES}, [f"parser raised {exc!r}"])
    figures, diffs = compare(expected, predicted)
    return Result(rendering, text, figures, diffs)


def run(limit: int | None = None) -> list[Result]:
    """Check the planned renderings (the first `limit` of each shape if given)."""
    renderings = plan()
    if limit is not None:
        seen: Counter = Counter()
        renderings = [r for r in renderings if (seen.update([r.shape]) or seen[r.shape] <= limit)]
    return [check(r) for r in renderings]


def cells(results: list[Result]) -> dict[tuple[str, str], list[bool]]:
    """(axis, value) -> pass flags of the renderings where the axis applied."""
    out: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for res in results:
        for axis in AXES:
            value = res.rendering.variation[axis]
            if value != NA:
                out[(axis, value)].append(res.passed)
    return out


def min_axis_rate(results: list[Result]) -> float:
    """The lowest pass rate over all (axis, value) cells (1.0 if there are none)."""
    rates = [sum(f) / len(f) for f in cells(results).values() if f]
    return min(rates) if rates else 1.0


def failure_kinds(results: list[Result]) -> Counter:
    """How often each kind of disagreement occurs ("titles", "units", "missed gold task", ...)."""
    kinds: Counter = Counter()
    for res in results:
        for d in {_kind(line) for line in res.diffs}:
            kinds[d] += 1
    return kinds


def _kind(diff: str) -> str:
    if diff.startswith("#"):
        return diff.split(" ", 2)[1].rstrip(":")
    return diff.split(":", 1)[0].split(" #")[0].rstrip("0123456789 ")


def smallest_failures(failed: list[Result], k: int) -> list[Result]:
    """The k failures to print: the smallest failing rendering of each shape first (smallest
    text first), then the second smallest of each, and so on, so that one shape's failures do
    not hide the others'."""
    rank: Counter = Counter()
    keyed = []
    for res in sorted(failed, key=lambda r: (len(r.text), r.rendering.id)):
        keyed.append((rank[res.rendering.shape], len(res.text), res.rendering.id, res))
        rank[res.rendering.shape] += 1
    return [res for *_, res in sorted(keyed, key=lambda t: t[:3])[:k]]


def report(results: list[Result], show_failures: int, out=sys.stdout) -> float:
    """Print the matrix, the failures and the last line; returns the min axis rate."""
    w = lambda s="": print(s, file=out)
    by_cell = cells(results)
    w(f"{'axis':<18} {'value':<22} {'renderings':>10} {'pass rate':>9}")
    for axis, values in AXES.items():
        for value in values:
            flags = by_cell.get((axis, value), [])
            rate = f"{sum(flags) / len(flags):.3f}" if flags else "-"
            w(f"{axis:<18} {value!r:<22} {len(flags):>10} {rate:>9}")
    w()
    w(f"{'shape':<26} {'renderings':>10} {'pass rate':>9}")
    for shape in SHAPES:
        flags = [r.passed for r in results if r.rendering.shape == shape]
        w(f"{shape:<26} {len(flags):>10} {sum(flags) / len(flags) if flags else 0:>9.3f}")
    failed = [r for r in results if not r.passed]
    w()
    w(f"failure kinds (renderings with at least one): {dict(failure_kinds(failed).most_common())}")
    for res in smallest_failures(failed, show_failures):
        v = {k: x for k, x in res.rendering.variation.items() if x != NA}
        w()
        w(f"--- FAIL {res.rendering.id} ({res.rendering.structure.doc}) {v}")
        w(res.text.rstrip("\n"))
        w("--- diffs")
        for d in res.diffs[:12]:
            w(f"  {d}")
    rate = min_axis_rate(results)
    w()
    w(f"robustness: {len(results)} renderings, min axis rate {rate:.3f}")
    return rate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="check only the first N renderings of each shape")
    ap.add_argument("--show-failures", type=int, default=3, metavar="K", help="print the K smallest failures")
    ap.add_argument("--min-rate", type=float, help="exit 1 if the min axis rate is below this")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    results = run(args.limit)
    print(f"checked {len(results)} renderings in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    rate = report(results, args.show_failures)
    return 1 if args.min_rate is not None and rate < args.min_rate else 0


if __name__ == "__main__":
    sys.exit(main())
