"""Helpers shared by the notebooks: where the marts are, a DuckDB connection over the Parquet
marts, a CJK font for matplotlib, saving charts, and reading the build's saved validation
results (validation/results.json beside the marts; the checks are never re-run here).

Environment variables (all optional):
    TASKMARTS_MARTS_DIR   folder with the <mart>.parquet files (default ../data/marts
                          relative to this folder); the validation results are read from the
                          folder `validation` beside it
    TASKMARTS_CHART_DIR   when set, every chart is also saved there as <name>.png
"""
from __future__ import annotations

import json
import os
import warnings
from importlib import resources
from pathlib import Path

import duckdb

NOTEBOOKS = Path(__file__).resolve().parent
MARTS = ("documents", "tasks", "units", "task_units", "hierarchy", "numbering_issues", "ingest_log", "citations",
         "task_links", "lineage_coverage")
# Bundled by the `mpl-font` package (notebooks extra); tried first so every machine draws the same.
BUNDLED_FONT = ("mpl_font", ("fonts", "noto"), ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf"),
                "Noto Sans CJK SC")
# Used only when the bundled font is missing (the notebooks extra was not installed).
SYSTEM_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC")
ROLE_LABELS = {"lead": "牵头单位", "responsible": "责任单位", "cooperating": "配合单位"}


def marts_dir() -> Path:
    """Folder of the Parquet marts: $TASKMARTS_MARTS_DIR, else ../data/marts next to the notebooks."""
    configured = os.environ.get("TASKMARTS_MARTS_DIR")
    return Path(configured).expanduser().resolve() if configured else (NOTEBOOKS.parent / "data" / "marts")


def chart_dir() -> Path | None:
    """Folder named by $TASKMARTS_CHART_DIR (created), or None when charts are only shown."""
    configured = os.environ.get("TASKMARTS_CHART_DIR")
    if not configured:
        return None
    folder = Path(configured).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def connect(folder: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per mart, `marts.<name>`, over the Parquet
    files, so the SQL in the notebooks is the SQL of docs/queries.sql. Nothing is locked: a build
    running at the same time swaps the files atomically and never waits for the notebook.

    Raises FileNotFoundError naming the missing files when the marts have not been built.
    """
    folder = folder or marts_dir()
    missing = [m for m in MARTS if not (folder / f"{m}.parquet").is_file()]
    if missing:
        raise FileNotFoundError(
            f"no Parquet marts {', '.join(missing)} in {folder}: run `make build` or set TASKMARTS_MARTS_DIR")
    con = duckdb.connect()
    con.execute("create schema marts")
    for mart in MARTS:
        path = str(folder / f"{mart}.parquet").replace("'", "''")
        con.execute(f"create view marts.{mart} as select * from read_parquet('{path}')")
    return con


def use_cjk_font() -> str:
    """Register a simplified-Chinese font with matplotlib and make it the default; returns its name.

    The Noto Sans CJK SC file shipped by the `mpl-font` package is used when installed (the
    `notebooks` extra); otherwise the first CJK font found among the system fonts. Warns when
    there is none (Chinese labels would then be drawn as empty boxes).
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    package, folder, filenames, name = BUNDLED_FONT
    try:
        paths = [resources.files(package).joinpath(*folder, f) for f in filenames]
    except ModuleNotFoundError:
        paths = []
    if paths and all(p.is_file() for p in paths):
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in paths:
            if str(path) not in known:
                font_manager.fontManager.addfont(str(path))
    else:
        name = None
    if name is None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        name = next((n for n in SYSTEM_CJK_FONTS if n in installed), None)
    if name is None:
        warnings.warn("no CJK font found: install the notebooks extra (uv sync --all-extras)", stacklevel=2)
        return mpl.rcParams["font.sans-serif"][0]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [name, *[f for f in mpl.rcParams["font.sans-serif"] if f != name]]
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def setup() -> tuple[duckdb.DuckDBPyConnection, str]:
    """What every notebook runs first: table display options, the CJK font and the connection.

    Returns (connection over the Parquet marts, font name).
    """
    import polars as pl

    pl.Config.set_fmt_str_lengths(80)
    pl.Config.set_tbl_rows(60)
    pl.Config.set_tbl_width_chars(200)
    font = use_cjk_font()
    return connect(), font


def save(fig, name: str) -> Path | None:
    """Save `fig` as <name>.png into $TASKMARTS_CHART_DIR when that is set; returns the path."""
    folder = chart_dir()
    if folder is None:
        return None
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path


def short(text: str | None, width: int = 14) -> str:
    """`text` cut to `width` characters with an ellipsis (chart labels)."""
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def validation_dir(folder: Path | None = None) -> Path:
    """The build's validation folder: `validation` beside the marts folder (data/validation for
    data/marts), holding results.json and report.html."""
    return (folder or marts_dir()).parent / "validation"


def validation_results(folder: Path | None = None) -> dict | None:
    """The build's saved checks (results.json, see pipeline/quality/validation_report.py):
    {"expectations": [...], "dbt_tests": [...], "quarantined": [...], ...}, or None when the
    build wrote none there (marts copied without their validation folder)."""
    path = validation_dir(folder) / "results.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
