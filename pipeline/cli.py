"""The `taskmarts` command: a thin argparse layer over pipeline.build, pipeline.stage,
pipeline.query and pipeline.explain. Exit codes: 0 success (anomalies included), 1 build/validation failure,
2 usage error (bad arguments, missing raw folder, unreadable warehouse)."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from rich.console import Console

from pipeline import report
from pipeline.publish import BuildBusy

DEFAULT_RAW = Path("data/raw")
DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEFAULT_MARTS = Path("data/marts")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="taskmarts", description=__doc__.splitlines()[0])
    ap.add_argument("--debug", action="store_true", help="show Python tracebacks")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="stage -> dbt build -> Great Expectations -> Parquet")
    b.add_argument("--raw-dir", type=Path, default=DEFAULT_RAW)
    b.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    b.add_argument("--marts-dir", type=Path, default=DEFAULT_MARTS)
    b.add_argument("--allow-shrink", action="store_true",
                   help="publish even a build with no document or under half the published tasks")
    s = sub.add_parser("stage", help="stage raw *.txt files into the warehouse's raw schema only")
    s.add_argument("--raw-dir", type=Path, default=DEFAULT_RAW)
    s.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    q = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    q.add_argument("query")
    q.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    e = sub.add_parser("explain", help="show how the parser reads one file (builds nothing)")
    e.add_argument("file", type=Path, metavar="FILE")
    return ap


def _run(args: argparse.Namespace, console: Console) -> int:
    if args.command == "build":
        from pipeline.build import build

        with report.Progress(console) as progress:
            result = build(args.raw_dir, args.warehouse, args.marts_dir, progress=progress,
                           allow_shrink=args.allow_shrink)
        report.print_build(console, result, args)
        return result.exit_code
    if args.command == "stage":
        import duckdb

        from pipeline.stage import stage

        con = duckdb.connect(str(args.warehouse))
        try:
            staged = stage(args.raw_dir, con)
        finally:
            con.close()
        console.print(f"staged {len(staged.staged)} documents into {args.warehouse}; rejected {len(staged.rejected)}")
        for name, reason in staged.rejected:
            console.print(f"  rejected {name}: {reason}")
        return 0
    if args.command == "explain":
        from pipeline.explain import explain_file, render

        render(explain_file(args.file), console)
        return 0
    from pipeline.query import run_query

    run_query(args.warehouse, args.query, args.format, console)
    return 0


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so it unwinds like Ctrl-C (children stopped, temporary
    files removed by the `finally` blocks on the way out)."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code (130 after Ctrl-C, 143 after
    SIGTERM: nothing is published then, and one line says so)."""
    args = _parser().parse_args(argv)
    console = Console(stderr=False, highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)  # errors stay on one line
    # SIGTERM unwinds like Ctrl-C; the old handler comes back after (main() may run in-process)
    before = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _run(args, console)
    except (KeyboardInterrupt, Terminated) as exc:
        if args.debug:
            raise
        what = "interrupted" if isinstance(exc, KeyboardInterrupt) else "terminated"
        err.print(f"taskmarts: {what}; nothing was published, the previous build is unchanged", markup=False)
        return 130 if isinstance(exc, KeyboardInterrupt) else 143
    except BuildBusy as exc:
        err.print(f"taskmarts: {exc}", markup=False)
        return 2
    except (FileNotFoundError, PermissionError, ValueError) as exc:
        if args.debug:
            raise
        err.print(f"taskmarts: error: {exc}", markup=False)
        return 2
    except Exception as exc:  # one line for the user; --debug shows the traceback
        if args.debug:
            raise
        err.print(f"taskmarts: {type(exc).__name__}: {exc}", markup=False)
        return 1
    finally:
        signal.signal(signal.SIGTERM, before)


if __name__ == "__main__":
    sys.exit(main())
