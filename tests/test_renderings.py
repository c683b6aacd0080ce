"""The rendering suite (issue 20): the generator stays independent of the parser, is deterministic,
prints exactly the structure it expects back, and the parser reads a fixed subset of renderings
back at least as well as it did when the suite was written (make robustness runs all of them)."""
from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gold_compare import norm
from tests.renderings import axes as ax
from tests.renderings.check import check, min_axis_rate, report, run
from tests.renderings.render import NA, SHAPES, applicable, plan, render
from tests.renderings.structures import gold_files, load_structures
from tests.renderings.tables import ONE_LINE_TABLES

GENERATOR = ("structures", "axes", "tables", "narratives", "render")
RENDERINGS = Path(__file__).resolve().parent / "renderings"
# Renderings per shape in the read-back subset: 18 shapes x 20 = 360 renderings, ~2 s.
SUBSET = 20
# Share of the subset the parser reads back fully (0.985 measured with the 54 samples' gold;
# 0.315 at d8da415), rounded down: any drop fails.
SUBSET_FLOOR = 0.98
# The lowest pass rate of any (axis, value) over every rendering: 0.990 measured with the 54
# samples' gold (14 shapes, tables on one line and CSV rows included; 0.992 with 17, tabs printed as
# spaces and tab-indented cells included), rounded down to issue 20's target;
# make robustness prints the matrix.
MIN_AXIS_FLOOR = 0.98
# Sanitising may leave a gold file without enough safe tasks (30 of 32 give a structure today);
# if far fewer did, the sanitising rules would be hiding most of the gold.
KEPT_SHARE = 0.8


@pytest.fixture(scope="module")
def renderings():
    return plan()


def test_generator_does_not_import_the_parser():
    for name in GENERATOR:
        tree = ast.parse((RENDERINGS / f"{name}.py").read_text(encoding="utf-8"))
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.split(".")[0] == "pipeline"], name
    code = ("import sys; from tests.renderings.render import plan, render; r = plan()[0]; "
            "render(r.structure, r.shape, r.variation); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pipeline'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=RENDERINGS.parents[1], check=True).stdout
    assert out.strip() == "[]"


def test_every_gold_file_is_read_and_most_give_a_structure():
    structures = load_structures()
    assert len(gold_files()) >= 32
    assert len(structures) >= KEPT_SHARE * len(gold_files())
    assert all(2 <= len(s.tasks) <= 8 for s in structures)


def test_plan_meets_the_issue_targets(renderings):
    assert len(renderings) >= 2000
    assert len(ax.AXES) >= 10 and len(SHAPES) >= 10
    seen: dict = {}
    for r in renderings:
        for axis, value in r.variation.items():
            if axis in ax.AXES and value != NA:
                seen.setdefault((r.shape, axis), set()).add(value)
    # every value an axis may take in a shape occurs there (cycling covers them all)
    for r in renderings:
        for axis in ax.AXES:
            allowed = applicable(axis, r.shape, r.structure, r.variation)
            if allowed and axis != "deadline_label":
                assert set(allowed) <= seen[(r.shape, axis)], (r.shape, axis)


def test_renderings_are_deterministic(renderings):
    again = plan()
    assert [(r.id, r.structure.doc, r.variation) for r in renderings] == \
           [(r.id, r.structure.doc, r.variation) for r in again]
    for r in renderings[::97]:
        assert render(r.structure, r.shape, r.variation) == render(r.structure, r.shape, r.variation)


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_prints_every_expected_row(renderings, shape):
    """Oracle self-check, parser-free: one expected row per task, seq 1..n, and every expected
    title, requirement, unit and deadline is printed in the text (whitespace removed)."""
    mine = [r for r in renderings if r.shape == shape]
    for r in mine:
        text, rows = render(r.structure, r.shape, r.variation)
        assert len(rows) == len(r.structure.tasks)
        assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
        flat = norm(text)
        for row in rows:
            for value in (row["title"], row["requirement"], row["deadline"], *row["lead_units"],
                          *row["responsible_units"], *row["cooperating_units"]):
                assert norm(value) in flat, (r.id, value)
    # a couple of axis values change the text as they should
    by_width = {r.variation["width"]: render(r.structure, r.shape, r.variation)[0] for r in mine}
    if shape != "csv_rows":  # a CSV file is printed as it is (render.applicable)
        assert "，" not in by_width["half"] and "（" not in by_width["half"]
    one_line = shape == "one_line" or shape in ONE_LINE_TABLES
    if shape != "one_line":
        noisy = [r for r in mine if r.variation["page_noise"] == "page_numbers" and len(r.structure.tasks) > ax.PAGE_ROWS]
        mark = r" - 1 - " if one_line else r"^- 1 -$"
        assert re.search(mark, render(noisy[0].structure, shape, noisy[0].variation)[0], re.M)
    if one_line:
        assert all(render(r.structure, shape, r.variation)[0].count("\n") == 1 for r in mine[:20])


def test_expected_rows_follow_the_printed_numbering(renderings):
    for r in renderings:
        if r.variation["numbering"] == "（一）":
            _, rows = render(r.structure, r.shape, r.variation)
            assert rows[0]["task_no"] == "一" and all(row["l2_no"] is None for row in rows)
            return
    pytest.fail("no rendering numbers its tasks （一）")


def test_subset_reads_back_at_least_as_well_as_before():
    results = run(limit=SUBSET)
    rate = sum(r.passed for r in results) / len(results)
    assert rate >= SUBSET_FLOOR, f"read-back rate fell to {rate:.3f} (floor {SUBSET_FLOOR})"


def test_every_axis_value_reads_back_at_least_as_well_as_before():
    """All renderings (~11 s): no (axis, value) cell of the matrix falls below the floor."""
    rate = min_axis_rate(run())
    assert rate >= MIN_AXIS_FLOOR, f"min axis rate fell to {rate:.3f} (floor {MIN_AXIS_FLOOR})"


# Renderings the parser reads back fully: one of each shape.
KNOWN_GOOD = ["tab_table#1", "pipe_rows#5", "cell_per_line#0", "cell_paragraphs#1", "space_rows#3",
              "delimiter_free#0", "narrative_trailer#1", "narrative_label_lines#7",
              "narrative_unit_sentence#1", "one_line#0", "tab_table_spaces#23", "indented_cells#3",
              "indented_cells_spaces#5"]


@pytest.mark.parametrize("rendering_id", KNOWN_GOOD)
def test_known_renderings_read_back(renderings, rendering_id):
    r = next(r for r in renderings if r.id == rendering_id)
    result = check(r)
    assert result.passed, "\n".join([result.text] + result.diffs)


def test_report_ends_with_the_robustness_line():
    results = run(limit=2)
    out = io.StringIO()
    rate = report(results, show_failures=1, out=out)
    last = out.getvalue().rstrip("\n").splitlines()[-1]
    assert re.fullmatch(r"robustness: \d+ renderings, min axis rate \d\.\d{3}", last)
    assert last == f"robustness: {len(results)} renderings, min axis rate {min_axis_rate(results):.3f}"
    assert rate == min_axis_rate(results)
