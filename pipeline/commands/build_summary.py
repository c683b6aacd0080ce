"""What `taskmarts build` shows: a progress line while building and a summary table at the end."""
from __future__ import annotations

import time

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.safe_text import plain, printable

# Names listed on the one summary line for files that are not .txt, and lines shown of each
# kind of repeated finding (anomalies, unparsed documents, file notes, warnings): enough to
# recognise them; a last line says how many there are and where all of them are kept.
NAMES_SHOWN = 10
# where the full list of each kind of finding is kept
KEPT_IN = {
    "anomalies": "marts.numbering_issues",
    "unparsed documents": "marts.documents where parse_status = 'unparsed'",
    "file notes": "marts.ingest_log",
    "warnings": "the parser's warnings in intermediate.int_current_parses",
}


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

    def note(self, text: str) -> None:
        """A line the user must see now (the build waits for something), above the status."""
        self.console.print(plain(f"  {text}"))

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


def _citations(counts: dict[str, int]) -> str:
    """"20 (15% resolved in the corpus)": citations and the share naming a corpus document."""
    cited, resolved = counts.get("citations"), counts.get("citations resolved")
    if cited is None:
        return "-"
    return f"{cited} ({resolved / cited:.0%} resolved in the corpus)" if cited else "0"


def _capped(console: Console, kind: str, lines: list[Text], shown: int) -> None:
    """The first `shown` lines, then one line: "2,000 anomalies; first 10 shown; all in …"."""
    for line in lines[:shown]:
        console.print(line)
    if len(lines) > shown:
        console.print(plain(f"  {len(lines):,} {kind}; first {shown:,} shown; all in {KEPT_IN[kind]}"))


def print_build(console: Console, result, args, shown: int = NAMES_SHOWN) -> None:
    """The end-of-build summary: counts, checks, anomalies, rejected files, errors. Lines that
    carry file names, document ids, reasons or paths are printed as plain Text through
    safe_text.plain: shown verbatim (markup would drop "[bold]" from a name, and "[/" would raise
    MarkupError) and on one line (a newline or escape sequence in a name is shown as \\n, \\x1b).
    Of each kind of repeated line (unparsed, anomaly, file note, warning) the first `shown` are
    printed, then a count and where all of them are kept. Errors are always printed in full."""
    table = Table(title="taskmarts build", show_header=False, box=None)
    staged = result.staged
    table.add_row("documents", str(result.counts.get("documents", len(staged.staged) if staged else 0)))
    table.add_row("parsed this build", str(result.counts.get("parsed", "-")))
    table.add_row("tasks", str(result.counts.get("tasks", "-")))
    table.add_row("units", str(result.counts.get("units", "-")))
    table.add_row("citations", _citations(result.counts))
    table.add_row("task links", str(result.counts.get("task links", "-")))
    v = result.validation
    table.add_row("GX checks passed", f"{v.passed}/{v.evaluated}" if v else "-")
    tests = result.dbt.tests if result.dbt else []
    table.add_row("dbt tests passed", f"{sum(t.status == 'pass' for t in tests)}/{len(tests)}" if tests else "-")
    table.add_row("anomalies reported", str(len(result.anomalies)))
    table.add_row("unparsed", str(len(result.unparsed)) if result.published else "-")
    table.add_row("files rejected", str(sum(s in ("rejected", "skipped") for _, s, _ in staged.notes)) if staged else "-")
    table.add_row("quarantined", str(sum(s == "quarantined" for _, s, _ in staged.notes)) if staged else "-")
    table.add_row("duplicates", str(sum(s == "duplicate" for _, s, _ in staged.notes)) if staged else "-")
    console.print(table)
    # a parser failure: first after the counts, in bold
    _capped(console, "unparsed documents",
            [plain(f"  unparsed: {doc_id}: {reason}", style="bold") for doc_id, reason in result.unparsed], shown)
    _capped(console, "anomalies", [plain(f"  anomaly: {doc_id} line {line}: {level} numbering {issue}: expected "
                                         f"{expected}, found {found}")
                                   for doc_id, level, expected, found, issue, line in result.anomalies], shown)
    if staged:
        _capped(console, "file notes", [plain(f"  {status}: {name}: {reason}") for name, status, reason in staged.notes],
                shown)
        if staged.ignored:
            console.print(plain(_not_txt(staged.ignored)))
    _capped(console, "warnings", [plain(f"  warning: {warning}") for warning in result.warnings], shown)
    if result.report_page and result.report_page.is_file():  # only a path the user can open
        console.print(plain(f"  validation report: {result.report_page}"))
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
