"""Loads the rule data files (pipeline/rules/*.csv|yaml) that users may extend without code.

Set TASKMARTS_RULES_DIR to a folder holding the same three files to override them.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROLES = ("lead", "responsible", "cooperating")


@dataclass(frozen=True)
class Rules:
    """org_suffixes: organisation words, longest first; role_words: (word, role), longest first;
    labels: (label, role), longest first; scope_prefixes, none_values: tuples of str;
    headers: header text (whitespace removed) -> canonical column name; header_names: the
    same texts, longest first; label_re: matches a role label and its colon ("牵头单位："), also
    bracketed with the colon optional ("【牵头单位】"); group 1 or 2 holds the label."""

    org_suffixes: tuple[str, ...]
    role_words: tuple[tuple[str, str], ...]
    labels: tuple[tuple[str, str], ...]
    scope_prefixes: tuple[str, ...]
    none_values: tuple[str, ...]
    headers: dict[str, str]
    header_names: tuple[str, ...]
    label_re: re.Pattern


def rules_dir() -> Path:
    """The folder the rule files are read from."""
    return Path(os.environ.get("TASKMARTS_RULES_DIR") or Path(__file__).resolve().parent.parent / "rules")


@lru_cache(maxsize=4)
def _load(folder: str) -> Rules:
    base = Path(folder)
    with open(base / "org_words.csv", encoding="utf-8") as fh:
        suffixes = [row["suffix"].strip() for row in csv.DictReader(fh) if row["suffix"].strip()]
    with open(base / "column_headers.csv", encoding="utf-8") as fh:
        headers = {row["header"].strip(): row["column"].strip() for row in csv.DictReader(fh)}
    roles = yaml.safe_load((base / "role_words.yaml").read_text(encoding="utf-8"))
    role_words = [(w, role) for role in ROLES for w in roles.get(role, [])]
    labels = [(w, role) for role, words in roles.get("labels", {}).items() for w in words]
    by_len = lambda pairs: tuple(sorted(pairs, key=lambda p: -len(p[0])))  # noqa: E731
    label_words = "|".join(re.escape(w) for w, _ in by_len(labels))
    return Rules(
        org_suffixes=tuple(sorted(suffixes, key=len, reverse=True)),
        role_words=by_len(role_words),
        labels=by_len(labels),
        scope_prefixes=tuple(roles.get("scope_note_prefixes", [])),
        none_values=tuple(roles.get("none_values", [])),
        headers=headers,
        header_names=tuple(sorted(headers, key=len, reverse=True)),
        label_re=re.compile(rf"[【\[]({label_words})[】\]]\s*[:：]?|({label_words})\s*[:：]"),
    )


def load_rules() -> Rules:
    """The rules in force (cached per folder). Raises FileNotFoundError naming a missing file."""
    return _load(str(rules_dir()))
