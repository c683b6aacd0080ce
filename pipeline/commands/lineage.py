"""`taskmarts lineage ID`: a document's chain of citations up and what it made of the tasks
above it (marts.citations, marts.lineage_coverage), or a task's parents and children with their
scores (marts.task_links)."""
from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from pipeline.querying import read_only
from pipeline.safe_text import plain

# how each status of marts.lineage_coverage reads in the table
STATUS_LABELS = {"taken_up": "taken up", "merged": "merged", "not_taken_up": "NOT taken up",
                 "no_parent": "no parent (local)"}
CHAIN_DEPTH_MAX = 8  # as deep as int_citation_chains follows citations


def _units(names: list[str] | None) -> str:
    return "、".join(names or []) or "-"


def _document_label(con: duckdb.DuckDBPyConnection, doc_id: str) -> str:
    title, number = con.execute("select title, doc_number from marts.documents where doc_id = ?", [doc_id]).fetchone()
    return f"{doc_id} {title or '(no title)'}" + (f" ({number})" if number else "")


def _cited_tree(con: duckdb.DuckDBPyConnection, doc_id: str, tree: Tree, seen: set[str]) -> None:
    """Add the citations of doc_id under `tree`, following corpus documents upwards."""
    rows = con.execute("""
        select cited_number, cited_title, relation, resolution, cited_doc_id, title_score
        from marts.citations where doc_id = ? order by line_no, citation_id""", [doc_id]).fetchall()
    for number, title, relation, resolution, cited_doc_id, score in rows:
        printed = number or f"《{title}》"
        if cited_doc_id is None:
            tree.add(plain(f"{printed} — not in the corpus ({relation})"))
            continue
        how = "by number" if resolution == "number" else f"by title, score {score:.1f}"
        branch = tree.add(plain(f"{printed} → {_document_label(con, cited_doc_id)} ({relation}, {how})"))
        if cited_doc_id not in seen and len(seen) < CHAIN_DEPTH_MAX:
            _cited_tree(con, cited_doc_id, branch, seen | {cited_doc_id})


def _coverage(con: duckdb.DuckDBPyConnection, doc_id: str, console: Console) -> None:
    """One table per document above doc_id: each parent task with what doc_id made of it."""
    parents = con.execute("""
        select parent_doc_id, any_value(chain_depth),
               count(distinct parent_task_id) filter (where status in ('taken_up', 'merged')),
               count(*) filter (where status = 'not_taken_up'), count(*) filter (where status = 'no_parent')
        from marts.lineage_coverage where child_doc_id = ? group by parent_doc_id order by 2, 1""",
                          [doc_id]).fetchall()
    if not parents:
        console.print(plain("coverage: no task of a document above in the corpus"))
    for parent_doc, depth, taken, dropped, local in parents:
        table = Table(title=plain(f"coverage of {_document_label(con, parent_doc)} (depth {depth}): "
                                  f"{taken} parent tasks taken up, {dropped} not taken up, "
                                  f"{local} child tasks with no parent there"), title_justify="left")
        for name in ("parent", "parent task", "parent lead", "status", "child", "child task", "child lead", "score"):
            table.add_column(name, no_wrap=name in ("parent", "child", "status", "score"))
        rows = con.execute("""
            select parent_seq, parent_title, parent_lead_units, status, child_seq, child_title,
                   child_lead_units, score
            from marts.lineage_coverage where child_doc_id = ? and parent_doc_id = ?
            order by coalesce(parent_seq, 1e9), child_seq""", [doc_id, parent_doc]).fetchall()
        for p_seq, p_title, p_units, status, c_seq, c_title, c_units, score in rows:
            table.add_row(str(p_seq or ""), plain(p_title or ""), plain(_units(p_units) if p_seq else ""),
                          STATUS_LABELS[status], str(c_seq or ""), plain(c_title or ""),
                          plain(_units(c_units) if c_seq else ""), f"{score:.1f}" if score is not None else "")
        console.print(table)


def _print_document(con: duckdb.DuckDBPyConnection, doc_id: str, console: Console) -> None:
    tree = Tree(plain(_document_label(con, doc_id)))
    _cited_tree(con, doc_id, tree, {doc_id})
    console.print(plain("chain up (documents cited, and what they cite):"))
    console.print(tree)
    below = con.execute("""
        select doc_id, resolution from marts.citations where cited_doc_id = ? order by doc_id""", [doc_id]).fetchall()
    if below:
        console.print(plain("cited by: " + ", ".join(f"{d} (by {how})" for d, how in below)))
    for child, taken, dropped in con.execute("""
            select child_doc_id, count(distinct parent_task_id) filter (where status in ('taken_up', 'merged')),
                   count(*) filter (where status = 'not_taken_up')
            from marts.lineage_coverage where parent_doc_id = ? group by 1 order by 1""", [doc_id]).fetchall():
        console.print(plain(f"taken up below by {child}: {taken} of its tasks ({dropped} not taken up)"))
    _coverage(con, doc_id, console)


def _print_task(con: duckdb.DuckDBPyConnection, task_id: str, console: Console) -> None:
    doc_id, seq, title = con.execute("select doc_id, seq, title from marts.tasks where task_id = ?",
                                     [task_id]).fetchone()
    console.print(plain(f"{task_id} (task {seq} of {_document_label(con, doc_id)}): {title}"))
    for heading, sql in (
        ("parents (tasks above that it restates)", """
            select l.parent_task_id, t.title, l.score, l.method, l.parent_rank
            from marts.task_links l join marts.tasks t on t.task_id = l.parent_task_id
            where l.child_task_id = ? order by l.parent_rank"""),
        ("children (tasks below that restate it)", """
            select l.child_task_id, t.title, l.score, l.method, l.parent_rank
            from marts.task_links l join marts.tasks t on t.task_id = l.child_task_id
            where l.parent_task_id = ? order by l.child_task_id""")):
        rows = con.execute(sql, [task_id]).fetchall()
        if not rows:
            console.print(plain(f"{heading}: none"))
            continue
        table = Table(title=plain(f"{heading}: {len(rows)}"), title_justify="left")
        for name in ("task", "title", "score", "method", "parent rank"):
            table.add_column(name, no_wrap=name != "title")
        for other, other_title, score, method, rank in rows:
            table.add_row(plain(other), plain(other_title), f"{score:.1f}", method, str(rank))
        console.print(table)


def print_lineage(console: Console, warehouse: Path, ident: str) -> None:
    """Print the lineage of a document (doc_id: its citations up the chain, resolved or not, and
    the coverage tables) or of a task (task_id: its parents and children with scores).
    Raises ValueError when `ident` is neither a document nor a task of the warehouse."""
    con = read_only.connect(warehouse)
    try:
        if con.execute("select count(*) from marts.documents where doc_id = ?", [ident]).fetchone()[0]:
            _print_document(con, ident, console)
        elif con.execute("select count(*) from marts.tasks where task_id = ?", [ident]).fetchone()[0]:
            _print_task(con, ident, console)
        else:
            raise ValueError(f"{ident!r} is neither a document nor a task in {warehouse} "
                             "(see `taskmarts sql \"select doc_id from marts.documents\"`)")
    finally:
        con.close()


def run(args: argparse.Namespace, console: Console) -> int:
    """`taskmarts lineage ID`: print_lineage of args.id in args.warehouse. Returns 0; raises as
    print_lineage does."""
    print_lineage(console, args.warehouse, args.id)
    return 0
