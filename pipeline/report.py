"""What the command shows: a progress line while building and a summary table at the end."""
from __future__ import annotations

import time

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.safe_text import plain, printable

# Names listed on the one summary line for files that are not .txt: enough to recognise them,
# the full list is in marts.ingest_log.
NAMES_SHOWN = 10


class Progress:
    """Context manager showing the current step and its latest item (file, dbt node) on one
    line; prints a line per finished step so logs keep the timeline."""

    def __init__(self, console: Console):
        self.console = console
        self.status = console.status("starting")
        self.current: str | None = None
        self.count = 0
        self.started = time.perf_counter()

    def __enter__(self) -> "Progress":
        self.status.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._close_step()
        self.status.__exit__(*exc)

    def _close_step(self) -> None:
        if self.current:
            took = f"{time.perf_counter() - self.started:.1f} s"
            done = f"{self.count} items" if self.count else "done"
            self.console.print(f"  {self.current}: {done} in {took}")

    def step(self, name: str) -> None:
        """Start a step (stage, dbt build, validate, export)."""
        self._close_step()
        self.current, self.count, self.started = name, 0, time.perf_counter()
        self.status.update(f"{name} …")

    def item(self, text: str) -> None:
        """One unit of work in the current step finished."""
        self.count += 1
        # Text, not a markup string: a file name like 附件[bold].txt is shown as it is
        self.status.update(Text(f"{self.current} [{self.count}] {printable(text)}"))


def _not_txt(names: list[str]) -> str:
    """The one summary line for raw files skipped because they are not .txt."""
    listed = ", ".join(names[:NAMES_SHOWN])
    more = f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else ""
    return f"  skipped {len(names)} files that are not .txt: {listed}{more}"


def print_build(console: Console, result, args) -> None:
    """The end-of-build summary: counts, checks, anomalies, rejected files, errors. Lines that
    carry file names, document ids, reasons or paths are printed as plain Text through
    safe_text.plain: shown verbatim (markup would drop "[bold]" from a name, and "[/" would raise
    MarkupError) and on one line (a newline or escape sequence in a name is shown as \\n, \\x1b)."""
    table = Table(title="taskmarts build", show_header=False, box=None)
    staged = result.staged
    table.add_row("documents", str(result.counts.get("documents", len(staged.staged) if staged else 0)))
    table.add_row("parsed this build", str(result.counts.get("parsed", "-")))
    table.add_row("tasks", str(result.counts.get("tasks", "-")))
    table.add_row("units", str(result.counts.get("units", "-")))
    v = result.validation
    table.add_row("checks passed", f"{v.passed}/{v.evaluated}" if v else "-")
    table.add_row("anomalies reported", str(len(result.anomalies)))
    table.add_row("unparsed", str(len(result.unparsed)) if result.published else "-")
    table.add_row("files rejected", str(sum(s in ("rejected", "skipped") for _, s, _ in staged.notes)) if staged else "-")
    table.add_row("quarantined", str(sum(s == "quarantined" for _, s, _ in staged.notes)) if staged else "-")
    table.add_row("duplicates", str(sum(s == "duplicate" for _, s, _ in staged.notes)) if staged else "-")
    console.print(table)
    for doc_id, reason in result.unparsed:  # a parser failure: first after the counts, in bold
        console.print(plain(f"  unparsed: {doc_id}: {reason}", style="bold"))
    for doc_id, level, expected, found, issue, line in result.anomalies:
        console.print(plain(f"  anomaly: {doc_id} line {line}: {level} numbering {issue}: expected {expected}, "
                            f"found {found}"))
    if staged:
        for name, status, reason in staged.notes:
            console.print(plain(f"  {status}: {name}: {reason}"))
        if staged.ignored:
            console.print(plain(_not_txt(staged.ignored)))
    for warning in result.warnings:
        console.print(plain(f"  warning: {warning}"))
    if v and v.data_docs:
        console.print(plain(f"  Data Docs: {v.data_docs}"))
    for error in result.errors:
        console.print(plain(f"  error: {error}"))
    quarantined = [n for n, s, _ in staged.notes if s == "quarantined"] if staged else []
    if result.published and quarantined:
        console.print(plain(f"built {args.warehouse} and {args.marts_dir}/*.parquet without "
                            f"{len(quarantined)} quarantined document(s): {', '.join(quarantined)}"))
    elif result.published:
        console.print(plain(f"built {args.warehouse} and {args.marts_dir}/*.parquet"))
    else:
        console.print(plain(f"build failed: {args.warehouse} and {args.marts_dir} left as they were"))
