"""Loads the parser's one vocabulary file (pipeline/rules/vocabulary.yaml), which users may extend
without code. Set TASKMARTS_RULES_DIR to a folder holding an edited vocabulary.yaml to override it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.parse.model import ROLES
from pipeline.parse.settings import LABEL_MAX, MEMO_MAX

VOCABULARY = "vocabulary.yaml"
_SECTIONS = ("columns", "unit_nouns", "filler", "headers", "role_words", "role_actions", "bare_labels", "org_words",
             "collective_prefixes", "scope_note_prefixes", "none_values", "unit_identity", "stop_lines",
             "deadline_words", "notice_title_kinds", "task_title_kinds", "quoted_title_kinds")
# unit_identity's lists of words -> the rule of each word in the warehouse (seeds/unit_name_patterns.csv);
# a mapping section gives each word its value (synonyms: the replacement; area_levels, kind_suffixes:
# value -> words)
_IDENTITY_RULES = {"collective_words": "collective_word", "collective_suffixes": "collective_suffix",
                   "synonyms": "synonym", "issuer_prefixes": "issuer_prefix", "area_levels": "area_level",
                   "kind_suffixes": "kind_suffix", "national_prefixes": "national_prefix",
                   "prefix_exceptions": "prefix_exception"}


@dataclass(frozen=True)
class Rules:
    """The vocabulary, shaped for matching.

    columns: (meaning, words) in the order meanings are tried; unit_nouns, filler: words;
    vocabulary_words: every column word, unit noun and filler word, longest first (what a header
    may consist of); header_names: known whole headers, longest first (to cut letter-spaced
    one-line headers); role_words: (word, role), longest first; bare_labels: {word: role};
    org_suffixes: organisation words, longest first; collective_prefixes, scope_prefixes,
    none_values, notice_title_kinds, task_title_kinds, quoted_title_kinds: tuples of str; joint_words / joint_before: "X会Y" (units.joint_partner); role_word_set: the role words for str.endswith; memo: caches of
    what depends only on the vocabulary and a text (see memoised); label_re: a candidate label,
    a run of up to LABEL_MAX CJK characters before a colon or inside 【】/[] (group 1, 2 or 3),
    or before "为" (group 4, "责任单位为X"); columns.label_at decides whether it is one."""

    columns: tuple[tuple[str, tuple[str, ...]], ...]
    unit_nouns: tuple[str, ...]
    filler: tuple[str, ...]
    vocabulary_words: tuple[str, ...]
    header_names: tuple[str, ...]
    role_words: tuple[tuple[str, str], ...]
    bare_labels: dict[str, str]
    org_suffixes: tuple[str, ...]
    collective_prefixes: tuple[str, ...]
    scope_prefixes: tuple[str, ...]
    none_values: tuple[str, ...]
    stop_re: re.Pattern  # a line after which the body is over (stop_lines, at the line's start)
    deadline_word_re: re.Pattern  # any of deadline_words
    notice_title_kinds: tuple[str, ...]
    task_title_kinds: tuple[str, ...]
    quoted_title_kinds: tuple[str, ...]
    label_re: re.Pattern
    role_word_set: tuple[str, ...] = ()  # the role words alone, for str.endswith(tuple)
    joint_words: tuple[str, ...] = ()  # "X会Y": the words joining a unit and its cooperating partner
    joint_before: tuple[str, ...] = ()  # the organisation words X must end with
    person_posts: tuple[str, ...] = ()  # a clause holding one names a person ("副县长张志强"), no unit
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)  # per-vocabulary caches


_DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"  # resolved once: every parse asks


def rules_dir() -> Path:
    """The folder the vocabulary is read from."""
    return Path(os.environ.get("TASKMARTS_RULES_DIR") or _DEFAULT_RULES_DIR)


def _longest_first(words) -> tuple:
    return tuple(sorted(words, key=lambda w: -len(w if isinstance(w, str) else w[0])))


def _vocabulary(folder: str) -> dict:
    """The vocabulary file of `folder` as parsed YAML. Raises FileNotFoundError naming a missing
    file and ValueError naming a missing section."""
    path = Path(folder) / VOCABULARY
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [s for s in _SECTIONS if s not in data]
    if missing:
        raise ValueError(f"{path}: missing section(s) {', '.join(missing)}")
    return data


@lru_cache(maxsize=4)
def _load(folder: str) -> Rules:
    data = _vocabulary(folder)
    columns = tuple((meaning, tuple(words)) for meaning, words in data["columns"].items())
    # in the file's order, without repeats: words of one length keep it (a set's order changes
    # with each process's hash seed, and so would what `remainder` strips first)
    vocab = dict.fromkeys([w for _, words in columns for w in words] + data["unit_nouns"] + data["filler"])
    role_words = [(w, role) for role in ROLES for w in data["role_words"].get(role, [])]
    # a role word followed by the action it governs is that role's too: "配合实施", "牵头推进"
    printed = {w for w, _ in role_words}
    role_words += [(w + action, role) for w, role in list(role_words) for action in data["role_actions"]
                   if w + action not in printed and not w.endswith(action)]
    bare = {w: role for role, words in data["bare_labels"].items() for w in words}
    cjk = rf"[\u4e00-\u9fff]{{1,{LABEL_MAX}}}"
    # a letter-spaced label ("责 任 单 位："): single characters, each followed by one space
    spaced = rf"(?:[\u4e00-\u9fff][ \u3000]){{2,{LABEL_MAX}}}[\u4e00-\u9fff]"
    return Rules(
        columns=columns,
        unit_nouns=_longest_first(data["unit_nouns"]),
        filler=_longest_first(data["filler"]),
        vocabulary_words=_longest_first(vocab),
        header_names=_longest_first(data["headers"]),
        role_words=_longest_first(role_words),
        bare_labels=bare,
        org_suffixes=_longest_first(data["org_words"]),
        collective_prefixes=tuple(data["collective_prefixes"]),
        scope_prefixes=tuple(data["scope_note_prefixes"]),
        none_values=tuple(data["none_values"]),
        stop_re=re.compile(rf"^\s*(?:{'|'.join(data['stop_lines'])})"),
        deadline_word_re=re.compile("|".join(map(re.escape, _longest_first(data["deadline_words"])))),
        notice_title_kinds=tuple(data["notice_title_kinds"]),
        task_title_kinds=tuple(data["task_title_kinds"]),
        quoted_title_kinds=tuple(data["quoted_title_kinds"]),
        role_word_set=tuple(w for w, _ in _longest_first(role_words)),
        joint_words=_longest_first(data.get("joint_words", [])),
        joint_before=_longest_first(data.get("joint_before", [])),
        person_posts=tuple(data.get("person_posts", [])),
        label_re=re.compile(rf"[【\[]\s*({cjk})\s*[】\]]\s*[:：]?|({spaced})\s*[:：]|({cjk})\s*[:：]|({cjk})为"),
    )


_MISSING = object()  # a memo entry that is not there (None is a cached answer)


def memoised(rules: Rules, key: tuple, compute):
    """rules.memo[key], computing it with compute() the first time. The memo is emptied when it
    reaches MEMO_MAX entries, so a long build's memory stays bounded."""
    memo = rules.memo
    value = memo.get(key, _MISSING)  # one lookup: hashing a key tuple is most of a hit's cost
    if value is _MISSING:
        if len(memo) >= MEMO_MAX:
            memo.clear()
        value = memo[key] = compute()
    return value


def unit_name_patterns() -> list[tuple[str, str, str | None]]:
    """The words of the warehouse's unit identity rules, from the vocabulary in force, as rows
    (rule, word, value): value is the replacement of a synonym, the admin_level of an area word
    ("unknown" for none) and the kind of a kind suffix, None for the other rules. The collective
    words are collective_prefixes and unit_identity's collective_words, each written once.
    Example: ("collective_word", "各", None), ("synonym", "人民政府", "政府"), ("area_level", "省",
    "province"). Raises what load_rules raises, and ValueError naming an unknown unit_identity list."""
    folder = str(rules_dir())
    data = _vocabulary(folder)
    identity = data["unit_identity"]
    unknown = sorted(set(identity) - set(_IDENTITY_RULES))
    if unknown:
        raise ValueError(f"{Path(folder) / VOCABULARY}: unknown unit_identity list(s) {', '.join(unknown)}")
    rows = [("collective_word", w, None) for w in data["collective_prefixes"]]
    for section, rule in _IDENTITY_RULES.items():
        words = identity.get(section) or []
        if section == "synonyms":
            rows += [(rule, word, value) for word, value in words.items()]
        elif isinstance(words, dict):
            rows += [(rule, word, value) for value, listed in words.items() for word in listed]
        else:
            rows += [(rule, word, None) for word in words]
    return rows


def load_rules() -> Rules:
    """The rules in force (cached per folder). Raises FileNotFoundError naming a missing file and
    ValueError naming a missing section."""
    return _load(str(rules_dir()))
