"""Run every notebook top to bottom (nbclient, a kernel on this interpreter) against the seed
build and check the result: no cell raises, every chart is saved as a non-blank PNG, Chinese text
is drawn with a CJK font (matplotlib reports no missing glyph) and the key findings are shown."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import polars as pl
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from PIL import Image

from tests.helpers.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"
# notebook -> the charts it must save (names without .png), in the order they are drawn
CHARTS = {
    "01_overview": ["01_tasks_per_document", "01_tasks_per_section"],
    "02_units": ["02_unit_workload", "02_tasks_by_province", "02_unit_section_heatmap"],
    "03_quality": ["03_validation_results", "03_numbering_anomalies"],
    "04_lineage": ["04_citation_graph", "04_coverage_matrix"],
}
# text each executed notebook must show (outline gap, search hits, chosen unit, the 002 anomaly)
MUST_SHOW = {
    "01_overview": ["（十）整合各类政务热线电话", "（十二）贯彻落实政府信息公开条例", "tasks mention “政策解读”"],
    "02_units": ["省发改委: ", "平潭综合实验区管委会", "福建省"],
    "03_quality": ["002_02af6b1906b9e9a1 line 234: l2 gap: expected （十一）, found （十二）",
                   "expectations passed on", "dbt data tests passed", "tasks have cooperating units only",
                   "report.html"],
    "04_lineage": ["003_0c5d3fa26a0cc915 cites 闽政办函〔2021〕34 号 → 000_29335d39a7fa83d2 (basis, by number)",
                   "推进地方政府规章集中统一公开。: not taken up by 003_0c5d3fa26a0cc915",
                   "name a document of the corpus", "tasks restate no task of a document above"],
}
TOFU = ("missing from font", "missing from current font", "no CJK font found")


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory) -> Path:
    """A kernelspec folder whose only kernel runs ipykernel on the interpreter running pytest."""
    folder = tmp_path_factory.mktemp("kernels")
    spec = folder / "taskmarts-pytest"
    spec.mkdir()
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "taskmarts (pytest)", "language": "python"}), encoding="utf-8")
    return folder


def output_text(nb) -> str:
    """All text a notebook's outputs show (streams, plain text, Markdown, HTML), joined."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            for mime in ("text/plain", "text/markdown", "text/html"):
                parts.append(out.get("data", {}).get(mime, ""))
    return "\n".join(parts)


def image_outputs(nb) -> int:
    """Number of PNG figures the notebook displayed."""
    return sum("image/png" in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", []))


def ink_fraction(png: Path) -> float:
    """Share of pixels that are not (near) white."""
    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
        return 1 - sum(histogram[245:]) / (grey.width * grey.height)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_committed_notebook_has_no_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "How to run" in nb.cells[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def run_notebook(name: str, out: Path, kernel_dir: Path, tmp_path: Path, monkeypatch, warehouse: bool):
    """Execute notebooks/<name>.ipynb against the build in `out` (its warehouse only when
    `warehouse`); charts go to tmp_path/charts. Returns the executed notebook, also written to
    tmp_path/<name>.executed.ipynb for inspection. The kernel is shut down before it returns
    (or raises)."""
    monkeypatch.setenv("TASKMARTS_MARTS_DIR", str(out / "marts"))
    if warehouse:
        monkeypatch.setenv("TASKMARTS_WAREHOUSE", str(out / "w.duckdb"))
    else:
        monkeypatch.delenv("TASKMARTS_WAREHOUSE", raising=False)
    monkeypatch.setenv("TASKMARTS_CHART_DIR", str(tmp_path / "charts"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))  # notebook 03's GX re-run folder
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    km = KernelManager(kernel_name="taskmarts-pytest",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        client.execute()  # raises CellExecutionError naming the cell when any cell raises
    finally:
        nbformat.write(nb, tmp_path / f"{name}.executed.ipynb")
        if km.has_kernel:  # a kernel manager passed in is the caller's to stop (nbclient leaves it running)
            km.shutdown_kernel(now=True)
    assert not km.is_alive(), "the notebook's kernel outlives its test"
    return nb


def check_charts(name: str, nb, charts: Path) -> None:
    """Every chart of `name` was displayed once and saved as a sizeable, non-blank PNG."""
    assert sorted(p.stem for p in charts.glob("*.png")) == sorted(CHARTS[name])
    assert image_outputs(nb) == len(CHARTS[name])
    for stem in CHARTS[name]:
        png = charts / f"{stem}.png"
        assert png.stat().st_size > 15_000, png
        with Image.open(png) as image:
            assert image.width >= 400 and image.height >= 250, (png, image.size)
        assert ink_fraction(png) > 0.02, png


# the seed document whose outline notebook 01 must draw (its numbering gap is in MUST_SHOW)
OUTLINE_DOC = "002_02af6b1906b9e9a1"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_notebook_runs_on_seed_build(name, seed_build, kernel_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("TASKMARTS_DOC_ID", OUTLINE_DOC)
    nb = run_notebook(name, seed_build[0], kernel_dir, tmp_path, monkeypatch, warehouse=True)
    text = output_text(nb)
    assert [t for t in TOFU if t in text] == [], "a chart fell back to a font without Chinese glyphs"
    assert [s for s in MUST_SHOW[name] if s not in text] == []
    check_charts(name, nb, tmp_path / "charts")


def test_quality_notebook_without_saved_results(seed_build, kernel_dir, tmp_path, monkeypatch):
    """Marts copied without their validation folder: notebook 03 (which never re-runs the checks)
    says so and shows the numbering_issues mart."""
    copy = tmp_path / "copy"
    shutil.copytree(seed_build[0] / "marts", copy / "marts")
    nb = run_notebook("03_quality", copy, kernel_dir, tmp_path, monkeypatch, warehouse=False)
    text = output_text(nb)
    assert "no saved validation results" in text and "expectations passed on" not in text
    assert "002_02af6b1906b9e9a1 line 234: l2 gap: expected （十一）, found （十二）" in text
    assert [t for t in TOFU if t in text] == []
    check_charts("03_quality", nb, tmp_path / "charts")


def test_overview_notebook_defaults_to_the_first_document(seed_build, kernel_dir, tmp_path, monkeypatch):
    """Marts without the seed document a reader might pick: notebook 01, given no DOC_ID, draws
    the outline of the first document it holds."""
    copy = tmp_path / "copy"
    (copy / "marts").mkdir(parents=True)
    for parquet in (seed_build[0] / "marts").glob("*.parquet"):
        frame = pl.read_parquet(parquet)
        if "doc_id" in frame.columns:
            frame = frame.filter(pl.col("doc_id") != OUTLINE_DOC)
        frame.write_parquet(copy / "marts" / parquet.name)
    first = pl.read_parquet(copy / "marts" / "hierarchy.parquet")["doc_id"].min()
    monkeypatch.delenv("TASKMARTS_DOC_ID", raising=False)
    nb = run_notebook("01_overview", copy, kernel_dir, tmp_path, monkeypatch, warehouse=False)
    assert f"{first}  " in output_text(nb)
