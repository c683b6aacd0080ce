"""The analyst's second day: `taskmarts export` (CSV with a BOM, xlsx, Parquet), `taskmarts
tables` / `describe`, descriptions as DuckDB comments and Parquet field metadata, and the
command line itself (options after the subcommand, help with defaults, --version, a capped
build summary). No __dbt_tmp relation left by a second build, and `build --debug` run for real:
tests/test_noop_build.py (its --force build)."""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from rich.console import Console

from pipeline import cli
from pipeline.commands import build_summary
from pipeline.commands.export import BOM
from pipeline.querying.flat_text import flat_frame
from pipeline.warehouse.build import BuildResult
from tests.helpers.paths import ROOT


def taskmarts(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def documents(warehouse: Path) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.sql("select doc_id, title, aliases from marts.documents order by doc_id").fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------- exports
def test_export_csv_has_a_bom_and_reads_back_with_chinese_intact(seed_warehouse, tmp_path):
    out = tmp_path / "documents.csv"
    proc = taskmarts("export", "documents", "--format", "csv", "--output", str(out), "--warehouse", str(seed_warehouse))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(BOM.encode("utf-8"))
    frame = pl.read_csv(out).sort("doc_id")
    assert frame.columns[0] == "doc_id"  # the BOM is not part of the first name
    expected = documents(seed_warehouse)
    assert frame["title"].to_list() == [title for _, title, _ in expected]
    assert any("政务公开" in (t or "") for t in frame["title"].to_list())
    # the aliases list is one cell, joined with "；"
    assert frame["aliases"].to_list() == [None if a is None else "；".join(a) for _, _, a in expected]


def test_export_xlsx_reads_back_with_openpyxl(seed_warehouse, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "docs.xlsx"
    proc = taskmarts("export", "documents", "--format", "xlsx", "--output", str(out), "--warehouse", str(seed_warehouse))
    assert proc.returncode == 0, proc.stderr
    sheet = load_workbook(out, read_only=True)["documents"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    by_id = {r[header.index("doc_id")]: r for r in body}
    for doc_id, title, aliases in documents(seed_warehouse):
        assert by_id[doc_id][header.index("title")] == title
        # Excel keeps no empty string: an empty list is an empty cell, as NULL is
        assert by_id[doc_id][header.index("aliases")] == ("；".join(aliases) if aliases else None)


def test_export_parquet_carries_descriptions(seed_warehouse, tmp_path):
    out = tmp_path / "tasks.parquet"
    proc = taskmarts("export", "tasks", "--format", "parquet", "--output", str(out), "--warehouse", str(seed_warehouse))
    assert proc.returncode == 0, proc.stderr
    schema = pq.read_schema(out)
    assert b"deadline phrase" in schema.field("due_text").metadata[b"description"]
    assert schema.metadata[b"description"].decode().startswith("One row per task")


def test_export_of_an_unknown_mart_names_the_marts(seed_warehouse, tmp_path):
    proc = taskmarts("export", "nope", "--output", str(tmp_path / "x.csv"), "--warehouse", str(seed_warehouse))
    assert proc.returncode == 2 and "documents" in proc.stderr and "Traceback" not in proc.stderr


def test_export_format_follows_the_output_extension(seed_warehouse, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "u.xlsx"
    proc = taskmarts("export", "units", "--output", str(out), "--warehouse", str(seed_warehouse))
    assert proc.returncode == 0, proc.stderr
    rows = list(load_workbook(out, read_only=True)["units"].iter_rows(values_only=True))  # a workbook, not CSV
    assert rows[0][0] == "unit_id" and len(rows) > 1


def test_export_refuses_a_format_that_disagrees_with_the_extension(seed_warehouse, tmp_path):
    out = tmp_path / "u.xlsx"
    proc = taskmarts("export", "units", "--format", "csv", "--output", str(out), "--warehouse", str(seed_warehouse))
    assert proc.returncode == 2 and "does not match" in proc.stderr and not out.exists()


def test_export_replaces_a_file_only_with_force(seed_warehouse, tmp_path):
    out = tmp_path / "units.csv"
    out.write_text("mine", encoding="utf-8")
    proc = taskmarts("export", "units", "--output", str(out), "--warehouse", str(seed_warehouse))
    assert proc.returncode == 2 and "--force" in proc.stderr and out.read_text(encoding="utf-8") == "mine"
    proc = taskmarts("export", "units", "--output", str(out), "--force", "--warehouse", str(seed_warehouse))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(BOM.encode("utf-8"))


def test_marts_are_named_with_or_without_their_schema(seed_warehouse, tmp_path):
    plain = taskmarts("sql", "select count(*) as n from tasks", "--format", "csv", "--warehouse", str(seed_warehouse))
    qualified = taskmarts("sql", "select count(*) as n from marts.tasks", "--format", "csv",
                          "--warehouse", str(seed_warehouse))
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout == qualified.stdout and plain.stdout.splitlines()[1] != "0"
    described = taskmarts("describe", "marts.tasks", "--warehouse", str(seed_warehouse))
    assert described.returncode == 0, described.stderr
    assert described.stdout == taskmarts("describe", "tasks", "--warehouse", str(seed_warehouse)).stdout
    out = tmp_path / "t.parquet"
    assert taskmarts("export", "marts.tasks", "--output", str(out), "--warehouse", str(seed_warehouse)).returncode == 0
    assert pq.read_metadata(out).num_rows == int(plain.stdout.splitlines()[1])


def test_sql_csv_joins_lists_like_export(seed_warehouse):
    proc = taskmarts("sql", "select doc_id, aliases from marts.documents order by doc_id", "--format", "csv",
                     "--warehouse", str(seed_warehouse))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "doc_id,aliases"
    assert len(proc.stdout.splitlines()) == 6


def test_flat_frame_joins_lists_and_writes_structs_as_json():
    frame = pl.DataFrame({"a": [["甲", "乙"], [], None], "s": [{"x": 1}, {"x": 2}, None], "n": [1, 2, 3]})
    flat = flat_frame(frame)
    assert flat["a"].to_list() == ["甲；乙", "", None]
    assert flat["s"].to_list() == ['{"x": 1}', '{"x": 2}', None]
    assert flat["n"].to_list() == [1, 2, 3]


def test_published_parquet_carries_field_descriptions(seed_build):
    out, _ = seed_build
    schema = pq.read_schema(out / "marts" / "tasks.parquet")
    assert all(f.metadata and f.metadata.get(b"description") for f in schema), schema
    assert "due_date" in schema.names


# ---------------------------------------------------------------- finding the schema
def test_tables_lists_marts_with_row_counts(seed_warehouse):
    proc = taskmarts("tables", "--warehouse", str(seed_warehouse))
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("│ tasks "))
    assert "156" in line
    assert "int_tasks" not in proc.stdout and "__dbt_tmp" not in proc.stdout


def test_describe_tasks_lists_columns_types_and_descriptions(seed_warehouse):
    proc = taskmarts("describe", "tasks", "--warehouse", str(seed_warehouse))
    assert proc.returncode == 0, proc.stderr
    assert "One row per task" in proc.stdout
    line = next(ln for ln in proc.stdout.splitlines() if " due_date " in ln)
    assert "DATE" in line and "resolved" in line


def test_every_mart_column_has_a_duckdb_comment(seed_warehouse):
    con = duckdb.connect(str(seed_warehouse), read_only=True)
    try:
        missing = con.sql("select table_name, column_name from duckdb_columns() "
                          "where schema_name = 'marts' and comment is null").fetchall()
        comments = dict(con.sql("select column_name, comment from duckdb_columns() "
                                "where schema_name = 'marts' and table_name = 'tasks'").fetchall())
        tables = con.sql("select count(*) from duckdb_tables() where schema_name = 'marts' "
                         "and comment is null").fetchone()[0]
    finally:
        con.close()
    assert missing == [] and tables == 0
    assert comments["due_kind"].startswith("date")


# ---------------------------------------------------------------- command line
@pytest.mark.parametrize("argv", [["build", "--debug"], ["--debug", "build"]])
def test_debug_before_or_after_the_subcommand(argv):
    assert cli.parser().parse_args(argv).debug is True


def test_debug_defaults_to_off():
    assert cli.parser().parse_args(["build"]).debug is False


def test_version():
    proc = taskmarts("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("taskmarts ")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_every_option_has_help_with_its_default():
    parser = cli.parser()
    for name, sub in {"taskmarts": parser, **_subparsers(parser)}.items():
        formatter = sub._get_formatter()
        for action in sub._actions:
            if not action.option_strings or isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
                continue
            text = formatter._get_help_string(action)
            assert action.help and "default" in text, (name, action.option_strings)
    assert "(default: data/raw)" in " ".join(_subparsers(parser)["build"].format_help().split())


def test_help_is_not_cut_off():
    proc = taskmarts("--help")
    assert proc.returncode == 0
    assert "and query, describe and export them." in " ".join(proc.stdout.split())


def test_build_summary_caps_repeated_lines():
    anomalies = [(f"d{i:04}", "l1", "二", "三", "gap", i) for i in range(2000)]
    result = BuildResult(published=True, anomalies=anomalies, warnings=[f"w{i}" for i in range(12)])
    buf = io.StringIO()
    build_summary.print_build(Console(file=buf, width=300), result, SimpleNamespace(warehouse="w.duckdb", marts_dir="m"))
    out = buf.getvalue()
    assert out.count("  anomaly: ") == build_summary.NAMES_SHOWN
    assert "  2,000 anomalies; first 10 shown; all in marts.numbering_issues\n" in out
    assert out.count("  warning: ") == 10 and "12 warnings; first 10 shown" in out


def test_the_marts_are_the_models_of_the_marts_folder():
    # one list: export, publish and the validation report read transform.marts()
    import yaml

    from pipeline.warehouse.dbt_runner import marts, project_dir

    documented = {model["name"] for path in (project_dir() / "models" / "marts").glob("*.yml")
                  for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", [])}
    assert set(marts()) == documented and "lineage_coverage" in marts() and "stg_documents" not in marts()


def test_export_writes_one_parquet_file_per_mart(seed_warehouse, tmp_path):
    from pipeline.warehouse.dbt_runner import marts
    from pipeline.warehouse.parquet_marts import write_parquet

    write_parquet(seed_warehouse, tmp_path / "marts")
    assert sorted(p.stem for p in (tmp_path / "marts").glob("*.parquet")) == list(marts())
