"""Per-document agreement of a ParsedDocument with gold labels, computed the way the gold scorer
(shared/eval/score.py) does, but from the parser's output instead of a built warehouse.

Text is compared after Unicode NFKC and removal of all whitespace; section numerals also drop
their punctuation ("（一）" = "一") and task numbers their trailing "."/"、" and leading zeros. Gold
tasks are aligned to parsed tasks in order by title similarity (a missed task does not shift every
later one); units are compared per role as (task, role, name) triples, and the units of parsed
tasks that match no gold task count as wrong. Figures are in [0, 1]:

    tasks_f1      F1 of aligned tasks over gold and parsed task counts
    titles, requirements, numbering (task_no, l1_no, l2_no), deadlines
                  share of gold tasks whose aligned parsed task has the same value
    units_f1      F1 of (task, role, unit) triples
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

ROLES = ("lead", "responsible", "cooperating")
FIGURES = ("tasks_f1", "titles", "requirements", "numbering", "deadlines", "units_f1")
_WS = re.compile(r"\s+")
_SECTION_PUNCT = re.compile(r"[()（）、.．,，\s]")


def norm(text) -> str:
    return "" if text is None else _WS.sub("", unicodedata.normalize("NFKC", str(text)))


def norm_section(no) -> str:
    return "" if no is None else _SECTION_PUNCT.sub("", unicodedata.normalize("NFKC", str(no)))


def norm_task_no(no) -> str:
    s = norm(no).rstrip(".、")
    return str(int(s)) if s.isdigit() else s


def load_gold(path: Path) -> list[dict]:
    """A gold file's tasks in seq order, units as "<role>_units" lists (SCHEMA.md)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(rows, key=lambda r: r["seq"])


def parsed_tasks(doc) -> list[dict]:
    """A ParsedDocument's tasks in the gold file's shape."""
    out = []
    for t in doc.tasks:
        row = dict(task_no=t.task_no, l1_no=t.l1_no, l2_no=t.l2_no, title=t.title,
                   requirement=t.requirement, deadline=t.deadline)
        for role in ROLES:
            row[f"{role}_units"] = [u.name for u in t.units if u.role == role]
        out.append(row)
    return out


def _similarity(a: str, b: str) -> float:
    return 1.0 if not a and not b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def align(gold: list[dict], pred: list[dict], threshold: float = 0.5) -> list[tuple[int, int]]:
    """(gold index, parsed index) pairs: the order-preserving alignment with the largest summed
    title similarity, pairs below `threshold` never matching (score.py's align, unchanged)."""
    n, m = len(gold), len(pred)
    sim = [[0.0] * m for _ in range(n)]
    for i, g in enumerate(gold):
        gt, gr = norm(g["title"]), norm(g.get("requirement"))[:40]
        for j, p in enumerate(pred):
            s = _similarity(gt, norm(p["title"]))
            if s < threshold and gr:  # a title glued to its requirement still counts as the same task
                glued = (norm(p["title"]) + norm(p.get("requirement")))[: len(gt) + len(gr)]
                s = max(s, 0.9 * _similarity(gt + gr, glued))
            sim[i][j] = s
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= threshold else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= threshold and abs(best[i][j] - (sim[i][j] + best[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _triples(task: dict, key) -> set:
    return {(key, role, norm(u)) for role in ROLES for u in task.get(f"{role}_units") or []}


def compare(gold: list[dict], pred: list[dict]) -> tuple[dict[str, float], list[str]]:
    """The figures (see module docstring) and one line per disagreement, for one document."""
    pairs = align(gold, pred)
    same = dict(titles=0, requirements=0, numbering=0, deadlines=0)
    diffs: list[str] = []
    g_units = set().union(*(_triples(g, i) for i, g in enumerate(gold)))
    p_units: set = set()
    for i, j in pairs:
        g, p = gold[i], pred[j]
        checks = {
            "titles": (norm(g["title"]), norm(p["title"])),
            "requirements": (norm(g.get("requirement")), norm(p.get("requirement"))),
            "deadlines": (norm(g.get("deadline")), norm(p.get("deadline"))),
            "numbering": ((norm_task_no(g.get("task_no")), norm_section(g.get("l1_no")), norm_section(g.get("l2_no"))),
                          (norm_task_no(p.get("task_no")), norm_section(p.get("l1_no")), norm_section(p.get("l2_no")))),
        }
        for figure, (want, got) in checks.items():
            if want == got:
                same[figure] += 1
            else:
                diffs.append(f"#{g['seq']} {figure}: gold {want!r} parsed {got!r}")
        p_units |= _triples(p, i)
        gu, pu = sorted(t[1:] for t in _triples(g, i)), sorted(t[1:] for t in _triples(p, i))
        if gu != pu:
            diffs.append(f"#{g['seq']} units: gold {gu} parsed {pu}")
    matched_gold, matched_pred = {i for i, _ in pairs}, {j for _, j in pairs}
    for j, p in enumerate(pred):
        if j not in matched_pred:
            p_units |= _triples(p, ("extra", j))
            diffs.append(f"extra parsed task {j + 1}: {norm(p['title'])[:40]}")
    diffs += [f"missed gold task #{g['seq']}: {norm(g['title'])[:40]}"
              for i, g in enumerate(gold) if i not in matched_gold]
    n = len(gold) or 1
    figures = dict(tasks_f1=_f1(len(pairs), len(pred), len(gold)),
                   **{k: v / n for k, v in same.items()},
                   units_f1=_f1(len(g_units & p_units), len(p_units), len(g_units)))
    return {k: figures[k] for k in FIGURES}, diffs
