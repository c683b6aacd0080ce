"""What the warehouse holds, for `taskmarts tables` and `taskmarts describe MART`: the marts
with their row counts, and each mart's columns with types and descriptions.

The descriptions are the DuckDB comments dbt writes from the models' .yml files (persist_docs in
dbt_project.yml), so they are the same text as the dbt docs and the Parquet field metadata.
"""
from __future__ import annotations

import duckdb

SCHEMA = "marts"


def marts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str | None]]:
    """(mart, row count, description) for every table of the marts schema, by name."""
    tables = con.execute(
        "select table_name, comment from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? order by table_name", [SCHEMA]).fetchall()
    return [(name, con.sql(f'select count(*) from {SCHEMA}."{name}"').fetchone()[0], _clean(comment))
            for name, comment in tables]


def mart_name(mart: str) -> str:
    """The mart's name as given, with or without its schema: "marts.tasks" -> "tasks"."""
    schema, dot, name = mart.partition(".")
    return name if dot and schema == SCHEMA else mart


def check_mart(con: duckdb.DuckDBPyConnection, mart: str) -> None:
    """Raise ValueError naming the marts when `mart` (a name from mart_name) is not one of them."""
    names = [name for name, _, _ in marts(con)]
    if mart not in names:
        raise ValueError(f"no mart named {mart!r}: the marts are {', '.join(names) or 'none (run taskmarts build)'}")


def columns(con: duckdb.DuckDBPyConnection, mart: str) -> list[tuple[str, str, str | None]]:
    """(column, DuckDB type, description) of marts.<mart> in table order."""
    rows = con.execute(
        "select column_name, data_type, comment from duckdb_columns() where database_name = current_database() "
        "and schema_name = ? and table_name = ? order by column_index", [SCHEMA, mart]).fetchall()
    return [(name, dtype, _clean(comment)) for name, dtype, comment in rows]


def description(con: duckdb.DuckDBPyConnection, mart: str) -> str | None:
    """The mart's own description (its table comment), None when it has none."""
    row = con.execute("select comment from duckdb_tables() where database_name = current_database() "
                      "and schema_name = ? and table_name = ?", [SCHEMA, mart]).fetchone()
    return _clean(row[0]) if row else None


def _clean(comment: str | None) -> str | None:
    """A comment without the line break a folded YAML description (`>`) ends with; None when empty."""
    return comment.strip() or None if comment else None
