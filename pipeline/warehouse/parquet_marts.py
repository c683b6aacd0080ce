"""Parquet export of the marts: one file per mart, in a fixed row order, carrying the dbt
descriptions as metadata (the mart's under the schema key b"description", each column's under
its field's b"description")."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.warehouse.dbt_runner import marts

DESCRIPTION = b"description"


def _described(con: duckdb.DuckDBPyConnection, mart: str, table: pa.Table) -> pa.Table:
    """table with the mart's DuckDB comments as schema and field metadata."""
    from pipeline.querying import schema_info

    comments = {name: comment for name, _, comment in schema_info.columns(con, mart) if comment}
    fields = [f.with_metadata({DESCRIPTION: comments[f.name].encode()}) if f.name in comments else f
              for f in table.schema]
    mart_comment = schema_info.description(con, mart)
    meta = {DESCRIPTION: mart_comment.encode()} if mart_comment else None
    return table.cast(pa.schema(fields, metadata=meta))


def write_mart(con: duckdb.DuckDBPyConnection, mart: str, path: Path) -> int:
    """Write marts.<mart> to `path` as Parquet, rows sorted by all their columns, descriptions
    as metadata; returns the number of rows."""
    table = con.sql(f'select * from marts."{mart}" order by all').to_arrow_table()
    pq.write_table(_described(con, mart, table), path)
    return table.num_rows


def write_parquet(warehouse: Path, out_dir: Path) -> None:
    """Write every mart of `warehouse` (transform.marts()) as out_dir/<name>.parquet (out_dir is
    created).

    Rows are sorted by all their columns (`order by all`), so two builds of the same input
    give byte-identical files. Each file carries the mart's description and its columns'
    (the comments dbt's persist_docs wrote) as Parquet key-value metadata: read them with
    pyarrow.parquet.read_schema(path).field(name).metadata[b"description"]. out_dir is a new
    version folder (pipeline/warehouse/publish.py): nothing published changes here. Raises duckdb.Error
    when a mart is missing.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for mart in marts():
            write_mart(con, mart, out_dir / f"{mart}.parquet")
    finally:
        con.close()
