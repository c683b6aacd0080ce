"""Task ids follow the outline as printed (doc-l1.l2.task), so deleting one task from a document
leaves every other task's id as it was. One build of the document before (plan.txt) and after
the deletion (plan_after.txt): a task id is the document's id and the task's place in the
outline, so each task of the edited document keeps the place it has in the original."""
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


def ids_by_title(out: Path, doc_id: str) -> dict[str, str]:
    """title -> task id without the document's id (its place in the outline, "1.1.2")."""
    con = duckdb.connect(str(out / "w.duckdb"), read_only=True)
    try:
        rows = con.execute("select title, task_id from marts.tasks where doc_id = ?", [doc_id]).fetchall()
    finally:
        con.close()
    prefix = f"{doc_id}-"
    assert all(task_id.startswith(prefix) for _, task_id in rows), rows
    return {title: task_id.removeprefix(prefix) for title, task_id in rows}


@pytest.mark.slow
def test_deleting_a_task_keeps_the_other_ids(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text(document(), encoding="utf-8")
    (raw / "plan_after.txt").write_text(document(drop=DROPPED), encoding="utf-8")
    proc = run_build(raw, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    before = ids_by_title(tmp_path, "plan")
    assert before["公开部门决算。"] == "1.1.2"
    assert before["推进跨省通办。"] == "2.2"

    after = ids_by_title(tmp_path, "plan_after")

    assert len(after) == len(before) - 1 == 8
    assert {title: before[title] for title in after} == after
