"""The three unit roles have one list in Python (pipeline/parse/model.py ROLES) and one in dbt (the
var unit_roles in dbt_project.yml, read by the task_units role test and the units mart's counts)."""
from __future__ import annotations

import yaml

from pipeline.parse.model import ROLES
from pipeline.parse.rules import load_rules
from tests.helpers.paths import ROOT


def test_dbt_var_lists_the_parser_roles_in_order():
    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["unit_roles"] == list(ROLES)


def test_every_role_word_of_the_vocabulary_names_one_of_the_roles():
    assert {role for _, role in load_rules().role_words} == set(ROLES)
