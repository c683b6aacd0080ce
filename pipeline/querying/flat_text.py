"""Nested values of a mart as text, for CSV and Excel (`taskmarts export`) and
`taskmarts sql --format csv`.

A list of plain values is joined with LIST_SEPARATOR ("；", the separator the marts already use
between leaders); a struct, or a list of structs, is written as JSON text. Every other column is
unchanged, so a CSV cell shows what the mart holds.
"""
from __future__ import annotations

import json

import polars as pl

LIST_SEPARATOR = "；"


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
