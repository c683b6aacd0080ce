"""Parquet export of the marts: one file per mart, in a fixed row order."""
from __future__ import annotations

from pathlib import Path

import duckdb

MARTS = ("documents", "tasks", "units", "task_units", "hierarchy", "numbering_issues", "ingest_log")


def write_parquet(warehouse: Path, out_dir: Path) -> None:
    """Write every mart of `warehouse` as out_dir/<name>.parquet (out_dir is created).

    Rows are sorted by all their columns (`order by all`), so two builds of the same input
    give byte-identical files. out_dir is a new version folder (pipeline/publish.py): nothing
    published changes here. Raises duckdb.Error when a mart is missing.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for mart in MARTS:
            target = str(out_dir / f"{mart}.parquet").replace("'", "''")
            con.execute(f"copy (select * from marts.{mart} order by all) to '{target}' (format parquet)")
    finally:
        con.close()
