"""Candidate links from each task to the tasks of the documents above its document
(int_citation_chains), scored by pipeline.warehouse.lineage_match.link_tasks (rapidfuzz, clause by clause).
One row per link found; task_links ranks them."""
import pyarrow as pa

from pipeline.warehouse.lineage_match import TaskText, link_tasks

SCHEMA = pa.schema([("child_task_id", pa.string()), ("parent_task_id", pa.string()),
                    ("child_doc_id", pa.string()), ("parent_doc_id", pa.string()),
                    ("score", pa.float64()), ("method", pa.string())])


def model(dbt, session):
    dbt.config(materialized="table")
    above: dict[str, list[str]] = {}
    for child_doc, parent_doc in dbt.ref("int_citation_chains").select("child_doc_id, parent_doc_id").fetchall():
        above.setdefault(child_doc, []).append(parent_doc)
    tasks: dict[str, list[TaskText]] = {}
    rows = dbt.ref("int_tasks").order("doc_id, seq").select("doc_id, task_id, title, coalesce(requirement, '')")
    for doc_id, task_id, title, requirement in rows.fetchall():
        tasks.setdefault(doc_id, []).append(TaskText(task_id, title or "", requirement))
    out = []
    for child_doc, parent_docs in sorted(above.items()):
        parents = {t.task_id: (doc, t) for doc in sorted(parent_docs) for t in tasks.get(doc, [])}
        for link in link_tasks(tasks.get(child_doc, []), [t for _, t in parents.values()]):
            out.append(dict(child_task_id=link.child_task_id, parent_task_id=link.parent_task_id,
                            child_doc_id=child_doc, parent_doc_id=parents[link.parent_task_id][0],
                            score=link.score, method=link.method))
    return pa.Table.from_pylist(out, schema=SCHEMA)
