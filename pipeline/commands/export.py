"""`taskmarts export MART`: one mart written as CSV (UTF-8 with BOM, for Excel), Excel (.xlsx,
openpyxl) or Parquet (with the column descriptions as field metadata). Nested columns are
flattened for CSV and Excel as `taskmarts sql --format csv` flattens them
(pipeline/querying/flat_text.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import polars as pl
from rich.console import Console

from pipeline.querying import read_only, schema_info
from pipeline.querying.flat_text import csv_text, flat_frame
from pipeline.safe_text import plain
from pipeline.warehouse import parquet_marts

FORMATS = ("csv", "xlsx", "parquet")
BOM = "\ufeff"
# Excel refuses longer cells (it would report the file as damaged)
EXCEL_CELL_LIMIT = 32_767


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    """CSV with a UTF-8 byte order mark, so Excel opens the Chinese text correctly."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(BOM + csv_text(frame))


def write_xlsx(frame: pl.DataFrame, path: Path, sheet: str) -> None:
    """One sheet named `sheet`: a bold header row, then the rows (nested columns flattened);
    dates stay dates, numbers stay numbers, text longer than Excel allows is cut to its limit."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    flat = flat_frame(frame)
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    header = []
    for name in flat.columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in flat.iter_rows():
        ws.append([_excel_value(v) for v in row])
    book.save(path)


def _excel_value(value):
    if isinstance(value, str):
        return value[:EXCEL_CELL_LIMIT]
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones
    return value


def export_format(fmt: str | None, output: Path | None) -> str:
    """The format to write: `fmt` as given, else the one the output's extension names (.csv,
    .xlsx, .parquet), else csv. Raises ValueError for an unknown format, or when fmt and an
    extension of another known format disagree ("--format csv --output u.xlsx")."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    named = output.suffix.lower().lstrip(".") if output else ""
    if named in FORMATS:
        if fmt is not None and fmt != named:
            raise ValueError(f"--format {fmt} does not match the output {output} (a .{named} file): "
                             f"give --format {named}, or an output ending in .{fmt}")
        return named
    return fmt or FORMATS[0]


def export_mart(warehouse: Path, mart: str, fmt: str | None = None, output: Path | None = None,
                force: bool = False) -> tuple[Path, int]:
    """Write marts.<mart> ("tasks" or "marts.tasks") of `warehouse` (opened read-only) to
    `output` (default ./<mart>.<format>) in document order (`order by all`, as the published
    Parquet files); the format is export_format(fmt, output). An existing file is replaced only
    when force. Returns (path, rows). Raises ValueError for an unknown mart or format, a format
    that disagrees with the output's extension, or an existing output without force;
    FileNotFoundError for a missing warehouse."""
    fmt = export_format(fmt, output)
    mart = schema_info.mart_name(mart)
    path = output or Path(f"{mart}.{fmt}")
    if path.exists() and not force:
        raise ValueError(f"{path} exists: give --force to replace it, or another --output")
    con = read_only.connect(warehouse)
    try:
        schema_info.check_mart(con, mart)
        if fmt == "parquet":
            rows = parquet_marts.write_mart(con, mart, path)
            return path, rows
        frame = con.sql(f'select * from marts."{mart}" order by all').pl()
    finally:
        con.close()
    if fmt == "csv":
        write_csv(frame, path)
    else:
        write_xlsx(frame, path, mart)
    return path, frame.height


def run(args: argparse.Namespace, console: Console) -> int:
    """`taskmarts export MART [--format F] [--output FILE] [--force]`: export_mart, then one line
    naming the rows and the file written. Returns 0; raises as export_mart does."""
    path, rows = export_mart(args.warehouse, args.mart, args.format, args.output, force=args.force)
    console.print(plain(f"wrote {rows} rows of marts.{args.mart} to {path}"))
    return 0
