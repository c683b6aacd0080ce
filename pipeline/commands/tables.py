"""`taskmarts tables` and `taskmarts describe MART`: the marts with their row counts and
descriptions, and one mart's columns with their types and descriptions
(pipeline/querying/schema_info.py reads them)."""
from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from pipeline.querying import read_only, schema_info
from pipeline.safe_text import plain


def print_schema(console: Console, warehouse, mart: str | None = None) -> None:
    """`taskmarts tables` (mart is None): the marts, their row counts and descriptions;
    `taskmarts describe MART`: the mart's description, then its columns, types and descriptions.
    Raises ValueError for an unknown mart (the message lists the marts)."""
    con = read_only.connect(warehouse)
    try:
        if mart is None:
            table = Table(title=f"marts in {warehouse}", title_justify="left")
            table.add_column("mart", no_wrap=True)
            table.add_column("rows", justify="right", no_wrap=True)
            table.add_column("description")
            for name, rows, comment in schema_info.marts(con):
                table.add_row(plain(name), f"{rows:,}", plain(comment or ""))
            console.print(table)
            console.print(plain("`taskmarts describe MART` lists a mart's columns"))
            return
        mart = schema_info.mart_name(mart)
        schema_info.check_mart(con, mart)
        about, cols = schema_info.description(con, mart), schema_info.columns(con, mart)
    finally:
        con.close()
    console.print(plain(f"marts.{mart}: {about or 'no description'}"))
    table = Table(title_justify="left")
    table.add_column("column", no_wrap=True)
    # a nested type (STRUCT(due_text VARCHAR, due_date DATE)[]) wraps at the width of the longest
    # plain one rather than squeezing the descriptions
    flat = [len(dtype) for _, dtype, _ in cols if not any(mark in dtype for mark in "([")]
    table.add_column("type", overflow="fold", max_width=max(flat, default=None))
    table.add_column("description")
    for name, dtype, comment in cols:
        table.add_row(plain(name), plain(dtype), plain(comment or ""))
    console.print(table)


def run(args: argparse.Namespace, console: Console) -> int:
    """`taskmarts tables` (no MART) or `taskmarts describe MART`: print_schema. Returns 0;
    raises as print_schema does."""
    print_schema(console, args.warehouse, getattr(args, "mart", None))
    return 0
