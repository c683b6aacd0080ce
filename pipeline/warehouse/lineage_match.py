"""Matching down a breakdown chain (rapidfuzz): a title cited without a number to the corpus
document it names, and a child document's tasks to the tasks of the documents it cites.

Called by the dbt Python models int_citation_title_matches and int_task_link_scores; the SQL
models around them resolve numbers, walk the citation chain and rank the links.

A lower document restates an upper one's task in its own words but keeps some of its clauses
nearly word for word ("及时发布新冠肺炎病毒疫苗接种工作信息"), so tasks are compared clause by
clause, not as whole texts: a whole-text ratio is drowned by the local additions around them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

# A cited title matches a corpus title when their rapidfuzz ratio is at least this: one added
# or dropped word ("关于印发福建省2021年…" for "关于印发2021年…", three characters in forty) scores
# ~96; two notices of one issuer on different subjects differ in ten characters or more (< 85).
TITLE_MATCH_MIN = 90.0
YEAR = re.compile(r"(?:19|20)\d{2}")
# clauses: a task's title and requirement, whitespace removed (PDF copies space and wrap words),
# cut at sentence and clause marks
CLAUSE_MARKS = re.compile(r"[。；;！？!?，,：:]+")
# Clauses shorter than this are not compared: "及时发布权威信息"-length stock phrases recur in
# unrelated tasks and would link them.
CLAUSE_MIN = 6
# A child task's main parent is the parent task with the most similar clause pair, taken when
# that pair's ratio is at least this. On the seeds (003 → 000) every labelled parent has a
# clause pair of 82 or more and the best pair of the tasks labelled as having no parent is 63:
# a restated task keeps at least one clause nearly verbatim, a local addition keeps none.
LINK_MIN = 75.0
# A clause pair at least this similar counts as the same clause (ties between parents are broken
# by how many child clauses a parent restates).
SAME_CLAUSE = 80.0
# Further parents (a merged task): a parent whose clause of at least RESTATED_MIN characters
# stands in one of the child's clauses with at least RESTATED_SHARE of its character pairs
# (word order may change: "开展…专项检查" → "对…开展专项检查"). Shorter clauses recur across
# tasks; on the seeds no unlabelled pair reaches 0.7, the labelled ones 0.88 or more.
RESTATED_MIN = 14
RESTATED_SHARE = 0.8


@dataclass(frozen=True)
class TaskText:
    """A task to match: its id, title and requirement ('' when none)."""

    task_id: str
    title: str
    requirement: str


@dataclass(frozen=True)
class Link:
    """child task → parent task, score in [0, 100], method 'clause_ratio' (the best clause pair,
    the main parent) or 'restated_clause' (a parent clause restated inside the child's)."""

    child_task_id: str
    parent_task_id: str
    score: float
    method: str


def clauses(task: TaskText, least: int = CLAUSE_MIN) -> list[str]:
    """The clauses of a task's title and requirement of at least `least` characters.
    Example: TaskText("x", "办好政府公报。", "完善数据库，推进数字化利用") -> ["办好政府公报"] (least 6)."""
    text = "".join(f"{task.title}。{task.requirement}".split())
    return [c for c in CLAUSE_MARKS.split(text) if len(c) >= least]


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _restated(parent_pairs: list[set[str]], child_pairs: list[set[str]], every: set[str]) -> float:
    """The largest share of a parent clause's character pairs found in one child clause (each
    clause given as its set of character pairs; `every`: the union of the child's), counted
    only for the parent clauses that may reach RESTATED_SHARE: a clause whose pairs the whole
    child holds fewer of cannot (0.0 when none may)."""
    best = 0.0
    for pairs in parent_pairs:
        if len(pairs & every) >= RESTATED_SHARE * len(pairs):
            best = max([best, *(len(pairs & cp) / len(pairs) for cp in child_pairs)])
    return best


def link_tasks(children: list[TaskText], parents: list[TaskText]) -> list[Link]:
    """Links from each child task to the parent tasks it restates.

    children: tasks of one document; parents: tasks of the documents it cites (directly or down
    a chain). Returns per child its main parent (best clause pair, LINK_MIN or more; ties broken
    by the number of clauses restated, then by the larger task id) and every other parent one of
    whose long clauses it restates (RESTATED_MIN, RESTATED_SHARE); none for a local addition.
    Scores in [0, 100]. One rapidfuzz matrix per child task against every parent clause (not
    one per pair of tasks): a document citing a long one costs one call per task.
    """
    parent_clauses = [clauses(p) for p in parents]
    compared = [i for i, theirs in enumerate(parent_clauses) if theirs]  # parents with clauses
    flat = [c for i in compared for c in parent_clauses[i]]
    starts = np.cumsum([0] + [len(parent_clauses[i]) for i in compared[:-1]])
    long_pairs = [[_pairs(c) for c in clauses(p, RESTATED_MIN)] for p in parents]
    links: list[Link] = []
    for child in children:
        mine = clauses(child)
        if not mine:
            continue
        main = None
        if flat:
            # per child clause (row) and parent (column): the best ratio against that parent's clauses
            matrix = np.maximum.reduceat(process.cdist(mine, flat, scorer=fuzz.ratio), starts, axis=1)
            best, same = matrix.max(axis=0), (matrix >= SAME_CLAUSE).sum(axis=0)
            top = max((float(best[k]), int(same[k]), parents[i].task_id) for k, i in enumerate(compared))
            if top[0] >= LINK_MIN:
                main = top[2]
                links.append(Link(child.task_id, main, round(top[0], 1), "clause_ratio"))
        child_pairs = [_pairs(c) for c in clauses(child, 2)]
        every = set().union(*child_pairs)
        for parent, theirs in zip(parents, long_pairs):
            if parent.task_id == main or not theirs:
                continue
            share = _restated(theirs, child_pairs, every)
            if share >= RESTATED_SHARE:
                links.append(Link(child.task_id, parent.task_id, round(100 * share, 1), "restated_clause"))
    return links


def match_titles(cited: list[str], documents: list[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """(cited title, doc_id, score) for each cited title that names a corpus document.

    cited: titles as cited (whitespace removed); documents: (doc_id, title). A title matches the
    document with the highest rapidfuzz ratio when it is TITLE_MATCH_MIN or more and the years
    both print agree (a notice of 2022 is not that of 2021). Ties go to the first doc_id.
    """
    out = []
    for title in dict.fromkeys(cited):
        years = set(YEAR.findall(title))
        best = None
        for doc_id, doc_title in sorted(documents):
            if not doc_title or (years and set(YEAR.findall(doc_title)) and set(YEAR.findall(doc_title)) != years):
                continue
            score = fuzz.ratio(title, "".join(doc_title.split()))
            if score >= TITLE_MATCH_MIN and (best is None or score > best[2]):
                best = (title, doc_id, round(score, 1))
        if best:
            out.append(best)
    return out
