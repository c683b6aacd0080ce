"""`taskmarts export MART`: one mart written as CSV (UTF-8 with BOM, for Excel), Excel (.xlsx,
openpyxl) or Parquet (with the column descriptions as field metadata), and the flattening that
CSV and Excel need, shared with `taskmarts sql --format csv`.

Flattening (flat_frame): a list of plain values is joined with LIST_SEPARATOR ("；", the
separator the marts already use between leaders); a struct, or a list of structs, is written as
JSON text. Every other column is unchanged, so a CSV cell shows what the mart holds.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

LIST_SEPARATOR = "；"
FORMATS = ("csv", "xlsx", "parquet")
BOM = "\ufeff"
# Excel refuses longer cells (it would report the file as damaged)
EXCEL_CELL_LIMIT = 32_767


def _is_plain_list(dtype: pl.DataType) -> bool:
    return isinstance(dtype, (pl.List, pl.Array)) and not isinstance(dtype.inner, (pl.List, pl.Array, pl.Struct))


def flat_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """frame with every nested column made text: plain lists joined with LIST_SEPARATOR (NULL
    stays NULL, an empty list gives ''), structs and nested lists as JSON. Used by CSV and
    Excel exports and by `taskmarts sql --format csv`."""
    columns = []
    for name, dtype in frame.schema.items():
        if _is_plain_list(dtype):
            columns.append(pl.col(name).list.eval(pl.element().cast(pl.String)).list.join(LIST_SEPARATOR))
        elif isinstance(dtype, (pl.List, pl.Array, pl.Struct)):
            columns.append(pl.Series(name, [None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                                            for v in frame[name].to_list()], dtype=pl.String))
        else:
            columns.append(pl.col(name))
    return frame.select(columns) if columns else frame


def csv_text(frame: pl.DataFrame) -> str:
    """CSV of frame (header row first) with nested columns flattened, without a BOM."""
    return flat_frame(frame).write_csv()


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
    from pipeline.querying import read_only, schema_info
    from pipeline.warehouse import parquet_marts

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
