"""`taskmarts build`: stage -> dbt build -> Great Expectations -> Parquet, published at once
(pipeline/warehouse/build.py), with a progress line while it runs and a summary at the end
(pipeline/commands/build_summary.py)."""
from __future__ import annotations

import argparse

from rich.console import Console

from pipeline.commands import build_summary
from pipeline.safe_text import plain
from pipeline.warehouse.build import build
from pipeline.warehouse.stopping import adopt_orphans


def run(args: argparse.Namespace, console: Console) -> int:
    """Build args.raw_dir into args.warehouse and args.marts_dir (options --allow-shrink,
    --force, --show). Returns the build's exit code: 0 (published, or up to date: nothing
    changed since the last clean build), 1 (failed; nothing published). Raises as
    pipeline.warehouse.build.build does (BuildBusy, FileNotFoundError for the raw folder …)."""
    adopt_orphans()  # what dbt's process leaves is reaped by pipeline.cli.main (reap_children)

    with build_summary.Progress(console) as progress:
        result = build(args.raw_dir, args.warehouse, args.marts_dir, progress=progress,
                       allow_shrink=args.allow_shrink, force=args.force)
    if result.up_to_date:
        for warning in result.warnings:  # a stale log removed before the check, say
            console.print(plain(f"  warning: {warning}"))
        console.print(plain(f"up to date: nothing changed since the last build of {args.warehouse} "
                            f"(--force builds anyway)"))
        return 0
    build_summary.print_build(console, result, args, shown=args.show)
    return result.exit_code
