"""Writes the dbt seed of unit identity words, dbt_project/seeds/unit_name_patterns.csv, from the
one vocabulary file (pipeline/rules/vocabulary.yaml: unit_identity and collective_prefixes).

The words are edited in vocabulary.yaml only; `make unit-patterns` (python -m
pipeline.warehouse.unit_patterns_seed) writes the seed again, and tests/test_vocabulary.py fails while the
committed seed differs from what the vocabulary gives.
"""
from __future__ import annotations

import csv
import io

from pipeline.parse.rules import unit_name_patterns
from pipeline.warehouse.dbt_runner import project_dir

SEED = project_dir() / "seeds" / "unit_name_patterns.csv"


def seed_csv() -> str:
    """The seed's text: a header (rule,word,value) and one row per word of unit_name_patterns(),
    an empty value for a rule that gives none; LF line endings. Raises what load_rules raises."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rule", "word", "value"])
    writer.writerows((rule, word, value or "") for rule, word, value in unit_name_patterns())
    return out.getvalue()


def main() -> None:
    """Write seed_csv() to SEED and say so."""
    SEED.write_text(seed_csv(), encoding="utf-8")
    print(f"wrote {SEED}")


if __name__ == "__main__":
    main()
