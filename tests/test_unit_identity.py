"""Issue 10 on the seed build: marts.units keys an organisation, not a string; task_units keeps the
name as printed and points to the resolved unit; alias candidates are only suggested."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.commands import units
from pipeline.querying import read_only


@pytest.fixture(scope="module")
def con(seed_warehouse: Path):
    # the configuration `taskmarts units` opens with: DuckDB refuses a second configuration of one
    # file in one process
    c = read_only.connect(seed_warehouse)
    yield c
    c.close()


def unit_ids_printed_as(con, *names: str) -> set[str]:
    rows = con.execute("select distinct unit_id from marts.task_units where list_contains(?, unit_name)",
                       [list(names)]).fetchall()
    return {r[0] for r in rows}


def test_three_forms_of_the_approval_office_are_one_unit(con):
    ids = unit_ids_printed_as(con, "审批处", "海域处（审批处）", "厅海域处（审批处）")
    assert len(ids) == 1
    name, aliases, scope, kind, level = con.execute(
        "select canonical_name, aliases, scope_issuer, kind, admin_level from marts.units where unit_id = ?",
        [ids.pop()]).fetchone()
    assert name == "审批处" and sorted(aliases) == ["厅海域处（审批处）", "海域处（审批处）"]
    assert scope is not None and kind == "internal office" and level == "internal"


def test_government_and_peoples_government_are_one_collective(con):
    ids = unit_ids_printed_as(con, "各设区市政府", "各设区市人民政府")
    assert len(ids) == 1
    row = con.execute("select is_collective, kind, admin_level, scope_issuer, doc_count from marts.units "
                      "where unit_id = ?", [ids.pop()]).fetchone()
    assert row == (True, "collective", "city", None, 2)


def test_two_offices_of_two_issuers_stay_two_units(con):
    rows = con.execute("select unit_id, scope_issuer, doc_count from marts.units where canonical_name = '办公室' "
                       "order by scope_issuer").fetchall()
    assert len(rows) == 2 and rows[0][1] != rows[1][1] and None not in (rows[0][1], rows[1][1])
    assert "福建省科学技术厅" in {r[1] for r in rows} and all(r[2] == 1 for r in rows)
    # each task_units row of 办公室 points to the office of its own document's issuer
    per_doc = con.execute("""
        select t.doc_id, count(distinct tu.unit_id) from marts.task_units tu join marts.tasks t using (task_id)
        where tu.unit_name = '办公室' group by t.doc_id""").fetchall()
    assert len(per_doc) == 2 and all(n == 1 for _, n in per_doc)
    assert len(unit_ids_printed_as(con, "办公室")) == 2


def test_relative_names_are_the_bodies_of_their_jurisdiction_and_never_merged(con):
    # 省… in the 福建省 seeds is 福建省's, 区… in the 海沧区 seed 海沧区's: shared across documents
    # of one jurisdiction, named with their place, each at its own level
    rows = {r[0]: r[1:] for r in con.execute("""
        select distinct task_units.unit_name, units.canonical_name, units.scope_issuer, units.admin_level, units.adcode
        from marts.task_units join marts.units using (unit_id)
        where task_units.unit_name in ('省发改委', '省财政厅', '区发改局', '区财政局')""").fetchall()}
    assert rows == {
        "省发改委": ("福建省发改委", None, "province", "350000"),
        "省财政厅": ("福建省财政厅", None, "province", "350000"),
        "区发改局": ("海沧区发改局", None, "county", "350205"),
        "区财政局": ("海沧区财政局", None, "county", "350205"),
    }
    assert con.execute("select doc_count from marts.units where canonical_name = '福建省发改委'").fetchone()[0] == 2


def test_every_unit_has_collective_flag_and_kind(con):
    assert con.execute("select count(*) from marts.units where is_collective is null or kind is null").fetchone()[0] == 0
    collectives = {r[0] for r in con.execute("select canonical_name from marts.units where is_collective").fetchall()}
    assert {"海沧区各街道", "海沧区直各部门", "福建省各设区市政府", "厅机关各处室", "各处室（局）及直属单位",
            "福建省直有关部门"} <= collectives
    assert not collectives & {"福建省发改委", "办公室", "海沧区政府办"}


def test_task_units_keep_the_printed_name_and_every_unit_is_used(con):
    # the printed forms are all still there (the scorer compares them)
    printed = {r[0] for r in con.execute("select distinct unit_name from marts.task_units").fetchall()}
    assert {"审批处", "海域处（审批处）", "厅海域处（审批处）", "各设区市政府", "各设区市人民政府"} <= printed
    assert con.execute("select count(*) from marts.task_units tu anti join marts.units u using (unit_id)").fetchone()[0] == 0
    # every unit is printed, or named by a printed list (晋江市、福安市人民政府: member_unit_ids)
    assert con.execute("""select count(*) from marts.units u anti join (
                              select unit_id from marts.task_units
                              union all select unnest(member_unit_ids) from marts.task_units) using (unit_id)
                       """).fetchone()[0] == 0


def test_workload_counts_every_name_of_a_unit(con):
    lead = con.execute("select lead_task_count from marts.units where canonical_name = '审批处'").fetchone()[0]
    printed = con.execute("""select count(distinct task_id) from marts.task_units
                             where role = 'lead' and unit_name in ('审批处', '海域处（审批处）', '厅海域处（审批处）')""").fetchone()[0]
    assert lead == printed == 11


def test_suggestions_never_merge_and_skip_levels_and_collectives(seed_warehouse):
    suggestions = units.suggest(seed_warehouse, min_score=0)
    pairs = {frozenset((s.alias, s.canonical)) for s in suggestions}
    assert frozenset(("省财政厅", "区财政局")) not in pairs  # province vs county
    assert not any(name.startswith("各") for s in suggestions for name in (s.alias, s.canonical))
    assert all(s.seed_row().count(",") == 2 for s in suggestions)
    assert "nothing is merged" in units.render(units.suggest(seed_warehouse))


def test_a_printed_list_counts_for_each_organisation_it_names(con):
    # "晋江市、福安市人民政府" stays one printed unit; each government it names counts its task
    rows = con.execute("""select task_id, member_unit_ids from marts.task_units
                          where unit_name = '晋江市、福安市人民政府'""").fetchall()
    assert rows
    for task_id, members in rows:
        names = {r[0] for r in con.execute("select canonical_name from marts.units where list_contains(?, unit_id)",
                                           [members]).fetchall()}
        assert names == {"晋江市政府", "福安市政府"}
    counts = con.execute("""select min(lead_task_count + responsible_task_count + cooperating_task_count)
                            from marts.units where canonical_name in ('晋江市政府', '福安市政府')""").fetchone()[0]
    assert counts >= len({r[0] for r in rows})


def test_a_provincial_governments_direct_agencies_belong_to_the_province(con):
    row = con.execute("""select units.canonical_name, units.scope_issuer, units.adcode
                         from marts.task_units join marts.units using (unit_id)
                         where task_units.unit_name = '各直属机构' limit 1""").fetchone()
    assert row == ("福建省各直属机构", None, "350000")
