"""Layout families, tried in order; the first that recognises a document's structure wins.

Each module exposes `extract(lines, rules) -> Extraction | None` and returns None unless it finds
its own structure (a header row of its kind, numbered items with unit trailers, …). Adding a
family means adding a module and a line to FAMILIES. Order matters only where structures nest:
explicit separators (tabs, pipes) before implicit ones (indentation, one cell per line, wrapped
PDF text), and tables before narrative items (a run-on pipe table whose rows are numbered reads
the same as a cell stream and as items: the tie goes to the table).
"""
from __future__ import annotations

from pipeline.parse.layouts import (
    cell_lines,
    cell_stream,
    csv_table,
    headerless_table,
    indented_columns,
    narrative,
    pdf_wrapped,
    pipe_table,
    plain,
    space_table,
    tab_table,
)
from pipeline.parse.layouts.base import Extraction

FAMILIES = (tab_table, csv_table, pipe_table, indented_columns, cell_lines, cell_stream, space_table, headerless_table,
            pdf_wrapped, narrative, plain)

__all__ = ["FAMILIES", "Extraction"]
