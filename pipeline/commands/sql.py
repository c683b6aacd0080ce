"""`taskmarts sql QUERY`: one read-only SQL query against the warehouse, printed as a table, CSV
or JSON (the connection and the read-only check: pipeline/querying/read_only.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from pipeline.querying.flat_text import csv_text
from pipeline.querying.read_only import check_read_only, connect, unusable
from pipeline.safe_text import plain, printable

# below this many characters a column, a table is printed one row per block instead
MIN_COLUMN_WIDTH = 12


def run_query(warehouse: Path, sql: str, fmt: str, console: Console) -> None:
    """Run `sql` on a locked-down read-only connection to `warehouse` and print the rows.

    fmt: 'table' (rich table, values shown verbatim with control characters escaped; one block
    per row when the columns would get under MIN_COLUMN_WIDTH characters each), 'csv'
    (list columns joined with "；", structs as JSON: pipeline.querying.flat_text.flat_frame) or 'json'
    (records, UTF-8, to stdout, values unchanged). Raises FileNotFoundError when the
    warehouse does not exist; ValueError when sql is refused (see check_read_only), reads a file
    other than the warehouse, or the warehouse is locked or damaged; duckdb.Error for bad SQL.
    """
    con = connect(warehouse)
    try:
        check_read_only(con, sql)
        frame = con.sql(sql).pl()
    except duckdb.PermissionException as exc:
        raise ValueError(f"taskmarts sql reads only the warehouse: {printable(str(exc))}") from None
    except duckdb.IOException as exc:  # a block that fails its checksum, a file cut short
        raise unusable(warehouse, exc) from None
    finally:
        con.close()
    if fmt == "csv":  # list columns joined as `taskmarts export` joins them
        sys.stdout.write(csv_text(frame))
    elif fmt == "json":
        sys.stdout.write(frame.write_json() + "\n")
    elif len(frame.columns) * MIN_COLUMN_WIDTH > console.width:
        _print_records(frame, console)
    else:
        table = Table()
        for name in frame.columns:
            table.add_column(plain(name))
        for row in frame.iter_rows():
            table.add_row(*[plain("" if v is None else str(v)) for v in row])
        console.print(table)
        console.print(f"({frame.height} rows)")


def _print_records(frame, console: Console) -> None:
    """Rows too wide for the terminal, one block per row: a column per line (like psql's \\x),
    so a `select *` of a wide mart is readable instead of squeezed to two characters a column."""
    for i, row in enumerate(frame.iter_rows(), 1):
        table = Table(title=f"row {i}", title_justify="left", show_header=False)
        table.add_column("column", no_wrap=True, style="bold")
        table.add_column("value")
        for name, value in zip(frame.columns, row):
            shown = plain("" if value is None else str(value))
            shown.no_wrap, shown.overflow = False, "fold"  # long requirements wrap, never cut
            table.add_row(plain(name), shown)
        console.print(table)
    console.print(f"({frame.height} rows)")


def run(args: argparse.Namespace, console: Console) -> int:
    """`taskmarts sql QUERY [--format table|csv|json]`: run_query. Returns 0; raises as run_query does."""
    run_query(args.warehouse, args.query, args.format, console)
    return 0
