"""Task ids follow the outline as printed (doc-l1.l2.task), so deleting one task from a document
leaves every other task's id as it was. Two builds of the same raw folder, before and after."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.helpers.builds import run_build

HEAD = "关于印发2024年政务公开工作任务的通知\n某区人民政府办公室\n2024年3月1日\n\n工作任务\t工作要求\t牵头单位\t责任单位\n"
SECTIONS = {
    "一、加强政务公开": ["（一）公开预算", "1. 公开年度预算。", "2. 公开部门决算。", "3. 公开三公经费。",
                   "（二）公开政策", "1. 公开重大决策。", "2. 公开政策解读。", "3. 公开办事指南。"],
    "二、优化政务服务": ["1. 推进一网通办。", "2. 推进跨省通办。", "3. 推进告知承诺。"],
}
DROPPED = "2. 公开部门决算。"


def document(drop: str | None = None) -> str:
    lines = [HEAD.rstrip("\n")]
    for l1, items in SECTIONS.items():
        lines.append(f"{l1}\t\t\t")
        for item in items:
            if item == drop:
                continue
            lines.append(f"{item}\t按规定时限公开。\t区财政局\t各街道" if not item.startswith("（") else f"{item}\t\t\t")
    return "\n".join(lines) + "\n"


def ids_by_title(out: Path) -> dict[str, str]:
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        return dict(con.execute("select title, task_id from marts.tasks").fetchall())
    finally:
        con.close()


@pytest.mark.slow
def test_deleting_a_task_keeps_the_other_ids(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text(document(), encoding="utf-8")
    assert run_build(raw, tmp_path).returncode == 0
    before = ids_by_title(tmp_path)
    assert before["公开部门决算。"] == "plan-1.1.2"
    assert before["推进跨省通办。"] == "plan-2.2"

    (raw / "plan.txt").write_text(document(drop=DROPPED), encoding="utf-8")
    proc = run_build(raw, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = ids_by_title(tmp_path)

    assert len(after) == len(before) - 1 == 8
    assert {title: before[title] for title in after} == after
