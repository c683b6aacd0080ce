"""The `taskmarts` command: the argument parser and a table from each command's name to its
module in pipeline/commands/, whose `run(args, console)` does the work.

Exit codes: 0 success (anomalies included), 1 build/validation failure, 2 usage error (bad
arguments, missing raw folder or no .txt in it, unreadable warehouse, an output path holding
something taskmarts did not write, another build running, the published warehouse held open
read-write), 130 Ctrl-C, 143 SIGTERM. Every option may be given before or after
the subcommand's name (`taskmarts build --debug` = `taskmarts --debug build`)."""
from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import signal
import sys
from pathlib import Path

from rich.console import Console

from pipeline.commands import build_summary
from pipeline.commands.units import MIN_SCORE
from pipeline.warehouse.publish import BuildBusy
from pipeline.warehouse.stopping import (
    Terminated,
    reap_children,
    stop_signal,
)

# defaults, relative to the project folder (pipeline/project.py: $TASKMARTS_PROJECT, else the
# nearest folder upward holding data/raw or data/warehouse.duckdb); a path given is taken as given
DEFAULT_RAW = Path("data/raw")
DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEFAULT_MARTS = Path("data/marts")
# pipeline.commands.export.FORMATS, named here: importing that module loads polars (~1 s), which every
# command, `taskmarts build` with nothing to do included, would pay before doing anything.
EXPORT_FORMATS = ("csv", "xlsx", "parquet")
# command name -> its module in pipeline/commands/ (imported when the command runs, so each
# command loads only what it uses); every command the parser accepts is here
COMMANDS = {"build": "build", "stage": "stage", "sql": "sql", "tables": "tables", "describe": "tables",
            "export": "export", "explain": "explain", "lineage": "lineage", "units": "units"}
DESCRIPTION = ("Turn Chinese government task documents into DuckDB and Parquet marts, and query, "
               "describe and export them.")
EPILOG = ("Exit codes: 0 success (anomalies included), 1 build or validation failure, 2 usage error, "
          "130 Ctrl-C, 143 SIGTERM. "
          "`taskmarts COMMAND --help` lists a command's options.")


class _Help(argparse.ArgumentDefaultsHelpFormatter):
    """Defaults shown after every option's help, unless the help names its default itself."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        return text if "default" in text else super()._get_help_string(action)


def _version() -> str:
    try:
        return importlib.metadata.version("taskmarts")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _common(default) -> argparse.ArgumentParser:
    """--debug, accepted before the subcommand (default False) and after it (default SUPPRESS,
    so `taskmarts --debug build` is not reset by the subcommand's own default)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--debug", action="store_true", default=default,
                        help="show Python tracebacks instead of one-line errors (default: off)")
    return parent


def _warehouse(p: argparse.ArgumentParser, what: str = "DuckDB warehouse to read") -> None:
    p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, metavar="FILE", help=what)


def parser() -> argparse.ArgumentParser:
    """The `taskmarts` argument parser: one subcommand per key of COMMANDS; an unknown command is
    an argparse error (exit code 2)."""
    ap = argparse.ArgumentParser(prog="taskmarts", description=DESCRIPTION, epilog=EPILOG,
                                 formatter_class=_Help, parents=[_common(False)])
    ap.add_argument("--version", action="version", version=f"taskmarts {_version()}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = _common(argparse.SUPPRESS)

    def command(name: str, summary: str, description: str | None = None) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=description or summary + ".",
                              formatter_class=_Help, parents=[common])

    b = command("build", "stage -> dbt build -> Great Expectations -> Parquet, published at once")
    b.add_argument("--raw-dir", type=Path, default=DEFAULT_RAW, metavar="DIR", help="folder of raw *.txt documents")
    _warehouse(b, "DuckDB warehouse to build (a link into its version folder)")
    b.add_argument("--marts-dir", type=Path, default=DEFAULT_MARTS, metavar="DIR",
                   help="folder for the Parquet marts (a link into the version folder)")
    b.add_argument("--allow-shrink", action="store_true",
                   help="publish even a build with no document or under half the published tasks")
    b.add_argument("--force", action="store_true",
                   help="build even when nothing changed since the last clean build (raw files, parser, "
                        "vocabulary, dbt project, libraries); without it such a build says 'up to date' "
                        "and does nothing")
    b.add_argument("--show", type=int, default=build_summary.NAMES_SHOWN, metavar="N",
                   help="lines shown per kind of repeated finding (anomalies, warnings …) in the summary")
    s = command("stage", "stage raw *.txt files into a scratch copy of the warehouse (never the published one)",
                "Stage raw *.txt files into the raw schema of a scratch warehouse: a copy of the published "
                "warehouse written as FILE.staged.duckdb beside it (or --output), or FILE itself when "
                "nothing is there yet. The published warehouse changes only by `taskmarts build`.")
    s.add_argument("--raw-dir", type=Path, default=DEFAULT_RAW, metavar="DIR", help="folder of raw *.txt documents")
    _warehouse(s, "published DuckDB warehouse to start from (never written)")
    s.add_argument("--output", type=Path, metavar="FILE",
                   help="scratch warehouse to write (default: <warehouse stem>.staged.duckdb beside it)")
    q = command("sql", "run one read-only SQL query against the warehouse",
                "Run one read-only SELECT against the warehouse (opened read-only, no file access). "
                "List columns are joined with '；' in CSV, as `taskmarts export` does.")
    q.add_argument("query", help="one SELECT (or EXPLAIN of one), e.g. \"select * from marts.tasks\"")
    _warehouse(q)
    q.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format")
    t = command("tables", "list the marts with their row counts and descriptions")
    _warehouse(t)
    d = command("describe", "list a mart's columns with their types and descriptions")
    d.add_argument("mart", metavar="MART", help="mart name, e.g. tasks (see `taskmarts tables`)")
    _warehouse(d)
    x = command("export", "write one mart as CSV (UTF-8 with BOM, for Excel), Excel .xlsx or Parquet",
                "Write one mart to a file: CSV with a UTF-8 byte order mark (Excel shows Chinese), "
                "Excel .xlsx, or Parquet with the column descriptions as field metadata. List columns "
                "are joined with '；' in CSV and Excel.")
    x.add_argument("mart", metavar="MART", help="mart name, e.g. documents (see `taskmarts tables`)")
    x.add_argument("--format", choices=list(EXPORT_FORMATS),
                   help="file format (default: the one --output's extension names, else csv); a format "
                        "that disagrees with the extension is refused")
    x.add_argument("--output", type=Path, metavar="FILE", help="file to write (default: ./MART.FORMAT, e.g. ./documents.csv)")
    x.add_argument("--force", action="store_true", help="replace the output file when it exists")
    _warehouse(x)
    e = command("explain", "show how the parser reads one file (builds nothing)")
    e.add_argument("file", type=Path, metavar="FILE", help="raw .txt document")
    g = command("lineage", "a document's citations up the chain and coverage, or a task's parents and children",
                "For a document id: the documents it cites (up the chain; those outside the corpus named as "
                "such) and, per document above it, each parent task taken up, merged or not taken up, with "
                "the lead units on both sides. For a task id: its parent and child tasks with their scores.")
    g.add_argument("id", metavar="ID", help="a doc_id (003_0c5d3fa26a0cc915) or a task_id (see marts.tasks)")
    _warehouse(g)
    u = command("units", "unit identity reports: alias candidates (nothing is merged)")
    u.add_argument("--suggest", action="store_true", required=True,
                   help="list alias candidates (rapidfuzz) and the seeds/unit_aliases.csv rows to add")
    _warehouse(u)
    u.add_argument("--min-score", type=float, default=MIN_SCORE, help="least similarity (0-100) to suggest")
    return ap


def _in_project(args: argparse.Namespace) -> None:
    """Every path option left at its default is made the project's own (pipeline/project.py)."""
    from pipeline.project import in_project

    for name, default in (("raw_dir", DEFAULT_RAW), ("warehouse", DEFAULT_WAREHOUSE), ("marts_dir", DEFAULT_MARTS)):
        if getattr(args, name, None) is default:  # argparse hands the default object over unchanged
            setattr(args, name, in_project(default))


def _run(args: argparse.Namespace, console: Console) -> int:
    """Run the command's handler (COMMANDS); returns its exit code."""
    _in_project(args)
    handler = importlib.import_module(f"pipeline.commands.{COMMANDS[args.command]}")
    return handler.run(args, console)


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code (130 after Ctrl-C, 143 after
    SIGTERM: nothing is published then, and one line says so)."""
    args = parser().parse_args(argv)
    console = Console(stderr=False, highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)  # errors stay on one line
    # SIGTERM unwinds like Ctrl-C; the old handler comes back after (main() may run in-process)
    before = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        try:
            return _run(args, console)
        except Exception as exc:  # DuckDB's "Query interrupted" caused by Ctrl-C or SIGTERM is that signal
            stopped = stop_signal(exc)
            if stopped is None:
                raise
            stopped.published_version = getattr(exc, "published_version", None)
            raise stopped from None
    except (KeyboardInterrupt, Terminated) as exc:
        if args.debug:
            raise
        what = "interrupted" if isinstance(exc, KeyboardInterrupt) else "terminated"
        published = getattr(exc, "published_version", None)  # the signal came once the switch was made
        outcome = (f"the new build was published ({published})" if published else
                   "nothing was published, the previous build is unchanged")
        err.print(f"taskmarts: {what}; {outcome}", markup=False)
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
        if args.command == "build":
            reap_children()


if __name__ == "__main__":
    sys.exit(main())
