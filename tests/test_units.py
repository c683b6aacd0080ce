"""Unit splitting, case by case from the gold SCHEMA.md unit rules, against
pipeline.parse.units.split_units(cell, default_role).

Each case: (cell text, the role of the column it came from, expected [(name, role), …] in printed
order). Names are compared like the gold scorer (NFKC, whitespace removed), so "（" == "(".
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from pipeline.parse.units import split_units

_WS = re.compile(r"\s+")
L, R, C = "lead", "responsible", "cooperating"


def norm(text: str) -> str:
    """Scorer normalisation: NFKC, then all whitespace removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def split(cell: str | None, role: str) -> list[tuple[str, str]]:
    """split_units() as normalised (name, role) pairs, in the order returned."""
    return [(norm(u.name), u.role) for u in split_units(cell, role)]


def want(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Expected (name, role) pairs, normalised like split()."""
    return [(norm(n), r) for n, r in pairs]


CASES = [
    # "、" splits only after a complete organisation name
    ("各市、县（区）政府", R, [("各市、县（区）政府", R)]),
    # a "、" inside a bracket parts no names: "各镇（区、街道）" is one collective
    ("各镇（区、街道）、市财政局", R, [("各镇（区、街道）", R), ("市财政局", R)]),
    # a cell listing its units by number, one a line: the numbers are no part of the names
    ("1.县发改局\n2.县财政局", R, [("县发改局", R), ("县财政局", R)]),
    ("各市、县(区)政府", R, [("各市、县(区)政府", R)]),
    ("晋江市、福安市人民政府", R, [("晋江市、福安市人民政府", R)]),
    ("各县（市、区）政府", R, [("各县（市、区）政府", R)]),
    ("省政府各部门、各直属机构", R, [("省政府各部门", R), ("各直属机构", R)]),
    ("各设区市政府、平潭综合实验区管委会", R, [("各设区市政府", R), ("平潭综合实验区管委会", R)]),
    ("区市场监管局、区税务局、海沧生态环境局", R,
     [("区市场监管局", R), ("区税务局", R), ("海沧生态环境局", R)]),
    ("资配处、农村处、星火办", L, [("资配处", L), ("农村处", L), ("星火办", L)]),
    # ，,；; and line breaks always split
    ("市直有关部门，各区人民政府", R, [("市直有关部门", R), ("各区人民政府", R)]),
    ("市教育局,市卫健委;市民政局；市医保局", R,
     [("市教育局", R), ("市卫健委", R), ("市民政局", R), ("市医保局", R)]),
    ("建设管理处\n安全监督处", L, [("建设管理处", L), ("安全监督处", L)]),
    # spaces split only between complete names; letter spacing is removed
    ("省发改委 省商务厅", L, [("省发改委", L), ("省商务厅", L)]),
    ("省发改委 省市场监管局 省商务厅", L, [("省发改委", L), ("省市场监管局", L), ("省商务厅", L)]),
    ("区 直 各 部 门", R, [("区直各部门", R)]),
    ("区 直 各 部 门，各街道", R, [("区直各部门", R), ("各街道", R)]),
    ("生 态 环 境 局", R, [("生态环境局", R)]),
    ("区政府办 区 直 各 部 门", R, [("区政府办", R), ("区直各部门", R)]),
    # scope-of-duty parentheticals are dropped; aliases and name parts stay
    ("省司法厅（负责省政府规章）、各设区市政府", R, [("省司法厅", R), ("各设区市政府", R)]),
    ("省司法厅（负责省政府规章）", R, [("省司法厅", R)]),
    ("海域处（审批处）", L, [("海域处（审批处）", L)]),
    ("海域处\n（审批处）", L, [("海域处（审批处）", L)]),
    ("省司法厅(负责省政府规章)、各设区市政府", R, [("省司法厅", R), ("各设区市政府", R)]),
    ("省教育厅（涉及高校部分）", R, [("省教育厅", R)]),
    ("市政府办公室（市政府研究室）、市发改委", R, [("市政府办公室（市政府研究室）", R), ("市发改委", R)]),
    ("各处室（局）", C, [("各处室（局）", C)]),
    ("各处室（局）、各直属单位", R, [("各处室（局）", R), ("各直属单位", R)]),
    # role words
    ("办公室牵头", R, [("办公室", L)]),
    ("市发改委牵头落实", R, [("市发改委", L)]),
    ("市金融办、人民银行云川市中心支行、云川银保监分局分别牵头落实", R,
     [("市金融办", L), ("人民银行云川市中心支行", L), ("云川银保监分局", L)]),
    ("各科室配合", R, [("各科室", C)]),
    ("信息中心协办", R, [("信息中心", C)]),
    ("各区人民政府参照落实", R, [("各区人民政府", R)]),
    ("市直各部门按职责分工落实", R, [("市直各部门", R)]),
    ("各乡镇人民政府按职能分工落实", R, [("各乡镇人民政府", R)]),
    ("各县（市、区）政府落实", R, [("各县（市、区）政府", R)]),
    ("县应急管理局负责", R, [("县应急管理局", R)]),
    ("资配处、农村处牵头，各处室（局）及直属单位配合", R,
     [("资配处", L), ("农村处", L), ("各处室（局）及直属单位", C)]),
    ("办公室牵头,信息所配合", R, [("办公室", L), ("信息所", C)]),
    ("市财政局牵头，市发改委配合，各区人民政府落实", R,
     [("市财政局", L), ("市发改委", C), ("各区人民政府", R)]),
    ("省发改委牵头，省直各有关单位", R, [("省发改委", L), ("省直各有关单位", R)]),
    # the column's role applies when no role word is given
    ("省财政厅", L, [("省财政厅", L)]),
    ("县发改局、县财政局", C, [("县发改局", C), ("县财政局", C)]),
    # a trailing 等 stays on the last unit as written
    ("基层处等", R, [("基层处等", R)]),
    ("各处室（局）等", R, [("各处室（局）等", R)]),
    ("新材料产业园、高端装备产业园、食品产业园等", R,
     [("新材料产业园", R), ("高端装备产业园", R), ("食品产业园等", R)]),
    # "X会Y": X does the task with Y cooperating; a name holding 会 as a word part stays whole
    ("宣传处会办公室", R, [("宣传处", R), ("办公室", C)]),
    ("办公室会同财务科", L, [("办公室", L), ("财务科", C)]),
    ("委员会办公室", R, [("委员会办公室", R)]),
    ("人大常委会办公室", R, [("人大常委会办公室", R)]),
    ("工会办公室", R, [("工会办公室", R)]),
    # a dash or bullet before the list is no part of a name
    ("——县司法局牵头，县政府各部门配合", R, [("县司法局", L), ("县政府各部门", C)]),
    ("·县政府办", R, [("县政府办", R)]),
    # a role word in brackets after a name gives that unit alone its role; other brackets are names
    ("县农业农村局（牵头）、县财政局、各乡镇", R, [("县农业农村局", L), ("县财政局", R), ("各乡镇", R)]),
    ("县行政审批局(牵头)，县直各部门（配合）", R, [("县行政审批局", L), ("县直各部门", C)]),
    ("县财政局、县政府办（县政务公开办）", R, [("县财政局", R), ("县政府办（县政务公开办）", R)]),
    # "/" between two complete names parts them; inside a name ("教育/卫生部门") it stays
    ("县发改局/县财政局", R, [("县发改局", R), ("县财政局", R)]),
    ("县发改局（牵头）／县财政局", R, [("县发改局", L), ("县财政局", R)]),
    ("教育/卫生部门", R, [("教育/卫生部门", R)]),
    # a role word whose first character completes an organisation word is part of the name
    ("县政协办、县人大办", R, [("县政协办", R), ("县人大办", R)]),
    ("县政协办牵头，县委办协办", R, [("县政协办", L), ("县委办", C)]),
    # "/" or an empty cell means no unit
    ("/", R, []),
    ("／", L, []),
    ("", R, []),
    ("  \n ", R, []),
    (None, R, []),
]


@pytest.mark.parametrize("cell,role,expected", CASES, ids=[repr(c[0]) + "/" + c[1] for c in CASES])
def test_split_units(cell, role, expected) -> None:
    """split_units gives the schema's units, roles and order for one cell."""
    assert split(cell, role) == want(expected)


def test_no_duplicates_within_a_role() -> None:
    """A unit named twice with the same role is listed once."""
    assert split("办公室，办公室", R) == want([("办公室", R)])


LINE_AND_SPACE_CASES = [
    pytest.param("各科室、\n各直属单位", R, [("各科室", R), ("各直属单位", R)], id="'、' at a line break"),
    pytest.param("办公室牵头 各科室配合", R, [("办公室", L), ("各科室", C)], id="space between role clauses"),
    pytest.param("县农业农村局 牵头；县林业局、县水利局 配合", R, [("县农业农村局", L), ("县林业局", C), ("县水利局", C)],
                 id="space before a role word"),
    pytest.param("市发改委 市科技局 负责", R, [("市发改委", R), ("市科技局", R)], id="names split by spaces, then a role word"),
]


@pytest.mark.parametrize("cell,role,expected", LINE_AND_SPACE_CASES)
def test_split_units_at_wraps_and_spaces(cell, role, expected) -> None:
    """A list wrapped after "、" and role clauses separated by a space split cleanly."""
    assert split(cell, role) == want(expected)
