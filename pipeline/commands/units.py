"""`taskmarts units --suggest`: alias candidates among the units of a build, for a person to
review. Nothing is merged here: a pair the reviewer accepts becomes a row of
dbt_project/seeds/unit_aliases.csv (the report prints that row), and the next build applies it.

Two units are compared only when they could be one organisation: in one jurisdiction (the same
adcode, or both unplaced) and one scope (both shared, or both scoped to the same issuer); neither
collective; the same kind; admin levels equal or one unknown. Names are compared without their
place (厦门市财政局 -> 财政局: two bodies of one city share it); a pair is offered only when the
shorter name may abbreviate the longer (is_abbreviation: 发改委, 发展和改革委员会), and scored
with rapidfuzz's `fuzz.ratio` (a maintained fuzzy-matching library). The seed row names each unit by its most
printed name, which is what seeds/unit_aliases.csv matches; a unit is offered as an alias once,
to its best match, and never to a unit that is itself offered as an alias (no chains).
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from pipeline.querying import read_only

# fuzz.ratio of an abbreviation and its full name: 发改委 / 发展和改革委员会 55, 人社局 / 人力资源和社会
# 保障局 46; below 40 the short name keeps too little of the long one to stand for it
MIN_SCORE = 40.0


@dataclass(frozen=True)
class Suggestion:
    """A pair of units that may be one organisation: `alias` (the less used name) and `canonical`
    (the more used one), their unit ids, the shared scope (None when shared) and the score 0-100."""

    alias: str
    alias_unit_id: str
    canonical: str
    canonical_unit_id: str
    scope_issuer: str | None
    score: float

    def seed_row(self) -> str:
        """The line to add to seeds/unit_aliases.csv if the reviewer agrees."""
        return f"{self.alias},{self.canonical},{self.scope_issuer or ''}"


def is_abbreviation(short: str, full: str) -> bool:
    """True when `short` may abbreviate `full`: it opens with the same character and keeps the
    rest in order (发改委 of 发展和改革委员会, 市监局 of 市场监督管理局), and `full` does not merely
    end with it (派出所工商质监所 holds 工商质监所 beside another body). Two sibling bodies
    (民政局, 财政局) differ in a character the other lacks, so neither abbreviates the other."""
    if len(short) >= len(full) or short[:1] != full[:1] or full.endswith(short):
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def _score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def suggest(warehouse: Path, min_score: float = MIN_SCORE) -> list[Suggestion]:
    """Alias candidates among marts.units of `warehouse` (opened read-only), best first.

    Raises FileNotFoundError when the warehouse does not exist, duckdb.Error when it has no
    marts.units.
    """
    con = read_only.connect(warehouse)
    try:
        units = con.execute("""
            with printed as (
                select unit_id, unit_name, count(*) as mentions from marts.task_units group by all
            )
            select units.unit_id, units.canonical_name, units.scope_issuer, units.kind, units.admin_level,
                   units.lead_task_count + units.responsible_task_count + units.cooperating_task_count as tasks,
                   units.adcode, units.jurisdiction,
                   arg_max(printed.unit_name, (printed.mentions, -length(printed.unit_name))) as printed_name
            from marts.units as units
            left join printed using (unit_id)
            where not units.is_collective
            group by all
            order by units.unit_id""").fetchall()
    finally:
        con.close()
    pairs: list[Suggestion] = []
    for i, a in enumerate(units):
        for b in units[i + 1:]:
            if a[2] != b[2] or a[6] != b[6] or a[3] != b[3] or (a[4] and b[4] and a[4] != b[4]):
                continue
            names = [_without_place(u[1], u[7]) for u in (a, b)]
            if names[0] == names[1] or not (a[8] and b[8]):
                continue
            shorter, longer = sorted(names, key=len)
            score = _score(*names)
            if score < min_score or not is_abbreviation(shorter, longer):
                continue
            # the more used name is the canonical one; ties go to the longer (fuller) name
            canonical, alias = sorted((a, b), key=lambda u: (-u[5], -len(u[1]), u[1]))
            pairs.append(Suggestion(alias[8], alias[0], canonical[8], canonical[0], a[2], round(score, 1)))
    return _consistent(sorted(pairs, key=lambda s: (-s.score, s.canonical, s.alias)))


def _without_place(name: str, jurisdiction: str | None) -> str:
    """The name after its jurisdiction's name, when it opens with it."""
    return name[len(jurisdiction):] if jurisdiction and name.startswith(jurisdiction) and len(name) > len(jurisdiction) else name


def _consistent(pairs: list[Suggestion]) -> list[Suggestion]:
    """Best first: each unit is an alias at most once, and never the canonical of another pair."""
    aliases: set[str] = set()
    canonicals: set[str] = set()
    out = []
    for s in pairs:
        if s.alias_unit_id in aliases or s.alias_unit_id in canonicals or s.canonical_unit_id in aliases:
            continue
        aliases.add(s.alias_unit_id)
        canonicals.add(s.canonical_unit_id)
        out.append(s)
    return out


def render(suggestions: list[Suggestion]) -> str:
    """The report: one line per pair and the seed rows to paste once reviewed."""
    if not suggestions:
        return "no alias candidates (nothing is merged without a row in seeds/unit_aliases.csv)"
    lines = [f"{len(suggestions)} alias candidates (review each; nothing is merged until it is a row "
             "of dbt_project/seeds/unit_aliases.csv):"]
    for s in suggestions:
        scope = f" inside {s.scope_issuer}" if s.scope_issuer else ""
        lines.append(f"  {s.score:5.1f}  {s.alias} -> {s.canonical}{scope}  ({s.alias_unit_id} -> {s.canonical_unit_id})")
    lines.append("seed rows (alias,canonical_name,scope):")
    lines += [f"  {s.seed_row()}" for s in suggestions]
    return "\n".join(lines)


def run(args: argparse.Namespace, console: Console) -> int:
    """`taskmarts units --suggest [--min-score N]`: the alias candidates of args.warehouse,
    printed as render() gives them. Returns 0; raises as suggest() does."""
    console.print(render(suggest(args.warehouse, args.min_score)), markup=False, highlight=False)
    return 0
