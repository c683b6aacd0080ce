"""Parquet export of the marts: one file per mart, swapped into place only when all are written."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb

MARTS = ("documents", "tasks", "units", "task_units", "hierarchy", "numbering_issues", "ingest_log")


def write_parquet(warehouse: Path, out_dir: Path) -> Path:
    """Write every mart of `warehouse` as <name>.parquet into a new temporary folder (.marts-*)
    inside out_dir and return it; the published files in out_dir do not change yet (see publish)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".marts-", dir=out_dir))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for mart in MARTS:
            target = str(staging / f"{mart}.parquet").replace("'", "''")
            con.execute(f"copy (select * from marts.{mart}) to '{target}' (format parquet)")
    finally:
        con.close()
    return staging


def publish(staging: Path, out_dir: Path) -> None:
    """Move each written file over its old copy (an atomic rename per file, so a reader sees
    the old or the new file, never half of one) and remove the temporary folder."""
    for path in staging.glob("*.parquet"):
        os.replace(path, out_dir / path.name)
    shutil.rmtree(staging, ignore_errors=True)
