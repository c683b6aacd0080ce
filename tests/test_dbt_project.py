"""The dbt project on its own, as CI runs it: stage the seeds, then a plain `dbt build` from the
project (unit tests included, which `taskmarts build` leaves out), the docs site's manifest and
catalog, and a mart whose column type changes without its contract failing the build."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import jinja2
import pytest

from pipeline.parse.numerals import read_number
from pipeline.parse.settings import NUMERAL_MAX
from tests.helpers.paths import ROOT, SEEDS

PROJECT = ROOT / "dbt_project"
DBT = str(Path(sys.executable).with_name("dbt"))
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb"))


def dbt(args: list[str], project: Path, warehouse: Path, scratch: Path) -> subprocess.CompletedProcess:
    """Run dbt on `project` against `warehouse`, its target/ and logs/ under `scratch`."""
    env = dict(os.environ, TASKMARTS_WAREHOUSE=str(warehouse), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    cmd = [DBT, *args, "--project-dir", str(project), "--profiles-dir", str(project),
           "--target-path", str(scratch / "target"), "--log-path", str(scratch / "logs")]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, cwd=project)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """Seeds staged into a fresh warehouse, then `dbt build` and `dbt docs generate` run from the
    project folder; returns (warehouse, target dir, the build's process)."""
    tmp = tmp_path_factory.mktemp("dbt_project")
    raw, warehouse = tmp / "raw", tmp / "w.duckdb"
    shutil.copytree(SEEDS, raw)
    stage = subprocess.run([sys.executable, "-m", "pipeline.cli", "stage", "--raw-dir", str(raw),
                            "--warehouse", str(warehouse)], capture_output=True, text=True, cwd=ROOT)
    assert stage.returncode == 0, stage.stdout + stage.stderr
    build = dbt(["build"], PROJECT, warehouse, tmp)
    docs = dbt(["docs", "generate", "--no-compile"], PROJECT, warehouse, tmp)
    assert docs.returncode == 0, docs.stdout[-3000:]
    return warehouse, tmp / "target", build


@pytest.mark.xdist_group("dbt_project")
def test_plain_dbt_build_runs_and_passes_every_unit_test(built):
    _, target, build = built
    assert build.returncode == 0, build.stdout[-3000:]
    declared = set(json.loads((target / "manifest.json").read_text(encoding="utf-8"))["unit_tests"])
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    ran = {r["unique_id"]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")}
    assert len(declared) >= 9
    assert ran == dict.fromkeys(declared, "pass")


@pytest.mark.xdist_group("dbt_project")
def test_every_mart_has_an_enforced_contract(built):
    manifest = json.loads((built[1] / "manifest.json").read_text(encoding="utf-8"))
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "marts"]
    assert len(marts) == 10
    for node in marts:
        assert node["contract"]["enforced"], node["name"]
        assert all(col.get("data_type") for col in node["columns"].values()), node["name"]


@pytest.mark.xdist_group("dbt_project")
def test_docs_site_shows_exposures_and_overview(built):
    target = built[1]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    exposures = manifest["exposures"].values()
    assert sorted(e["config"]["meta"]["path"] for e in exposures) == sorted([*NOTEBOOKS, "docs/queries.sql"])
    assert all(e["depends_on"]["nodes"] and e["owner"]["name"] == "taskmarts analysts" for e in exposures)
    overview = manifest["docs"]["doc.taskmarts.__overview__"]["block_contents"]
    assert "Where to start" in overview and "marts" in overview
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    assert {"model.taskmarts.tasks", "model.taskmarts.hierarchy"} <= set(catalog["nodes"])
    assert (target / "index.html").exists()


@pytest.mark.xdist_group("dbt_project")
def test_failing_rows_are_stored_in_audit(built):
    con = duckdb.connect(str(built[0]), read_only=True)
    try:
        audit = {t: cols for t, cols in con.execute(
            "select table_name, list(column_name order by column_index) from duckdb_columns() "
            "where schema_name = 'audit' group by table_name").fetchall()}
        leftovers = con.execute("select count(*) from duckdb_tables() where table_name like '%dbt_tmp%'").fetchone()[0]
    finally:
        con.close()
    assert {"task_id", "doc_id"} <= set(audit["tasks_have_a_unit"])
    assert "task_id" in audit["task_units_role_is_known"]
    assert "doc_id" in audit["documents_parse_status_is_known"]
    assert leftovers == 0


@pytest.mark.xdist_group("dbt_project")
def test_a_column_type_changed_without_its_contract_fails_the_build(built, tmp_path):
    warehouse = built[0]
    assert built[2].returncode == 0
    project = tmp_path / "dbt_project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    sql = project / "models" / "marts" / "tasks.sql"
    text = sql.read_text(encoding="utf-8")
    assert "        tasks.seq,\n" in text
    sql.write_text(text.replace("        tasks.seq,\n", "        cast(tasks.seq as varchar) as seq,\n"), encoding="utf-8")
    proc = dbt(["build", "--select", "tasks", "--exclude-resource-type", "unit_test"], project, warehouse, tmp_path)
    assert proc.returncode != 0
    assert "enforced contract that failed" in proc.stdout, proc.stdout[-3000:]
    mismatch = [line for line in proc.stdout.splitlines() if "data type mismatch" in line]
    assert len(mismatch) == 1 and "| seq " in mismatch[0], proc.stdout[-3000:]


def test_cn_numeral_writes_what_the_parser_reads_up_to_9999():
    """cn_numeral (the expected number numbering_issues prints) writes each of 1..NUMERAL_MAX as a
    numeral that pipeline/parse/numerals.py read_number, the one reader of numerals, reads back
    to it; past NUMERAL_MAX it writes digits."""
    source = (PROJECT / "macros" / "cn_numeral.sql").read_text(encoding="utf-8")
    cn_numeral = str(jinja2.Environment().from_string(source).module.cn_numeral("n"))
    rows = duckdb.connect().execute(
        f"select n, {cn_numeral} from range(1, {NUMERAL_MAX + 2}) t(n)").fetchall()
    assert [(n, numeral) for n, numeral in rows[:-1] if read_number(numeral) != n] == []
    assert rows[-1] == (NUMERAL_MAX + 1, str(NUMERAL_MAX + 1))
    assert rows[104][1] == "一百零五" and rows[-2][1] == "九千九百九十九"
