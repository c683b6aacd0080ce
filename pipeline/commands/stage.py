"""`taskmarts stage`: raw *.txt files staged into a scratch copy of the warehouse, never the
published one (pipeline/warehouse/stage_scratch.py)."""
from __future__ import annotations

import argparse

from rich.console import Console

from pipeline.safe_text import plain
from pipeline.warehouse.stage_scratch import stage_scratch


def run(args: argparse.Namespace, console: Console) -> int:
    """Stage args.raw_dir into the scratch warehouse (args.output, else one beside
    args.warehouse) and print what was staged and rejected. Returns 0; raises as
    stage_scratch does (FileNotFoundError for a missing raw folder …)."""
    target, staged = stage_scratch(args.raw_dir, args.warehouse, args.output,
                                   notify=lambda text: console.print(plain(f"  {text}")))
    console.print(plain(f"staged {len(staged.staged)} documents into {target}; rejected {len(staged.rejected)}"))
    if target.absolute() != args.warehouse.absolute():
        console.print(plain(f"the published warehouse is unchanged: {args.warehouse} (`taskmarts build` publishes)"))
    for name, reason in staged.rejected:
        console.print(plain(f"  rejected {name}: {reason}"))
    return 0
