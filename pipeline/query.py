"""Read-only SQL against the warehouse, printed as a table, CSV or JSON."""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table


def run_query(warehouse: Path, sql: str, fmt: str, console: Console) -> None:
    """Run `sql` on a read-only connection to `warehouse` and print the rows.

    fmt: 'table' (rich table), 'csv' or 'json' (records, UTF-8, to stdout). Raises
    FileNotFoundError when the warehouse does not exist; duckdb.Error for bad SQL or a write.
    """
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse not found: {warehouse} (run `taskmarts build` first)")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        frame = con.sql(sql).pl()
    finally:
        con.close()
    if fmt == "csv":
        sys.stdout.write(frame.write_csv())
    elif fmt == "json":
        sys.stdout.write(frame.write_json() + "\n")
    else:
        table = Table(*frame.columns)
        for row in frame.iter_rows():
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)
        console.print(f"({frame.height} rows)")
