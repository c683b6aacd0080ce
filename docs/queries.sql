-- Worked queries over the taskmarts marts (DuckDB SQL, schema `marts`).
--
-- Each query starts with a `-- name: <slug>` line and a one-line comment saying what it answers.
-- Run one against the warehouse (read-only) with the project's command, e.g.
--     .venv/bin/taskmarts sql "select unit_name, lead_task_count from marts.units order by 2 desc limit 5"
-- or paste it into a notebook: notebooks/_charts.connect() exposes the Parquet marts as the same
-- `marts.<name>` views, so every query below also runs on data/marts/*.parquet.
-- Literals to change are marked `-- <- change`. tests/test_queries.py runs every query on the
-- seed build and expects at least one row from each.

-- name: unit-tasks-with-path
-- The tasks of one unit, with its role and the task's place in the outline (doc > 一 > 一 > task).
select tu.unit_name, tu.role, t.doc_id, h.path, t.l1_title, t.l2_title, t.title
from marts.task_units as tu
join marts.tasks as t using (task_id)
join marts.hierarchy as h on h.task_id = t.task_id
where tu.unit_name = '省发改委'  -- <- change
order by t.doc_id, t.seq, tu.role;

-- name: units-by-workload
-- Units ranked by the number of tasks they lead, are responsible for or cooperate on.
select unit_name,
       is_collective,
       lead_task_count,
       responsible_task_count,
       cooperating_task_count,
       lead_task_count + responsible_task_count + cooperating_task_count as total_tasks,
       doc_count
from marts.units
order by total_tasks desc, lead_task_count desc, unit_name
limit 25;

-- name: top-organisations-by-lead-tasks
-- Organisations ranked by the tasks they lead (any printed name of theirs), collectives (各街道, 省直有关部门 …) excluded.
select canonical_name,
       coalesce(scope_issuer, '（共享）') as scope,
       kind,
       admin_level,
       lead_task_count,
       responsible_task_count + cooperating_task_count as other_tasks,
       doc_count,
       array_to_string(aliases, '、') as also_printed_as
from marts.units
where not is_collective
order by lead_task_count desc, other_tasks desc, canonical_name
limit 20;

-- name: one-organisation-across-documents
-- One organisation's tasks in every document, with the name each document printed it under.
with chosen as (
    select unit_id
    from marts.units
    where canonical_name = '福建省各设区市政府'  -- <- change
)
select t.doc_id,
       d.issuer,
       tu.unit_name as printed_as,
       tu.role,
       count(*) as tasks,
       string_agg(t.task_id, ', ' order by t.seq) as task_ids
from marts.task_units as tu
join chosen using (unit_id)
join marts.tasks as t using (task_id)
join marts.documents as d using (doc_id)
group by all
order by t.doc_id, tu.role, printed_as;

-- name: documents-by-year
-- How many documents and tasks each year has (year of signature, else the year in the title).
select year,
       count(*) as documents,
       sum(task_count) as tasks,
       string_agg(doc_id, ', ' order by doc_id) as doc_ids
from marts.documents
group by year
order by year;

-- name: document-outline
-- The outline of one document, walked from its root (parent_id is null) down to the tasks.
with recursive outline as (
    select node_id, level, number, title, [sort_key] as sort_path
    from marts.hierarchy
    where parent_id is null
      and doc_id = '002_02af6b1906b9e9a1'  -- <- change
    union all
    select child.node_id, child.level, child.number, child.title,
           list_append(outline.sort_path, child.sort_key)
    from marts.hierarchy as child
    join outline on child.parent_id = outline.node_id
)
select level,
       repeat('    ', level)
       || case level
              when 0 then ''
              when 1 then number || '、'
              when 2 then '（' || number || '）'
              else coalesce(number || '. ', '· ')
          end
       || title as outline_line
from outline
order by sort_path;

-- name: tasks-by-deadline
-- Tasks per deadline as printed; tasks of documents without a deadline column land in （无时限）.
select coalesce(nullif(trim(deadline), ''), '（无时限）') as deadline_text,
       count(*) as tasks,
       count(distinct doc_id) as documents
from marts.tasks
group by deadline_text
order by deadline_text = '（无时限）', deadline_text;

-- name: units-leading-in-several-documents
-- Units that are a lead unit (牵头单位) in more than one document.
select tu.unit_name,
       count(distinct t.doc_id) as documents,
       count(distinct tu.task_id) as lead_tasks,
       string_agg(distinct t.doc_id, ', ' order by t.doc_id) as doc_ids
from marts.task_units as tu
join marts.tasks as t using (task_id)
where tu.role = 'lead'
group by tu.unit_name
having count(distinct t.doc_id) > 1
order by documents desc, lead_tasks desc, tu.unit_name;

-- name: numbering-anomalies
-- Numbering gaps, repeats and disorder the documents print, with the heading or task at that line.
select n.doc_id, d.title as document, n.level, n.line_no, n.scheme,
       n.expected_no, n.found_no, n.issue,
       coalesce(h.title, t.title) as printed_at
from marts.numbering_issues as n
join marts.documents as d using (doc_id)
left join marts.hierarchy as h
    on h.doc_id = n.doc_id and h.sort_key = n.line_no and h.level < 3
left join marts.tasks as t on t.task_id = n.task_id
order by n.doc_id, n.line_no;

-- name: tasks-per-layout
-- Documents, tasks and units per task for each layout family the parser recognised.
select d.layout,
       count(distinct d.doc_id) as documents,
       count(t.task_id) as tasks,
       round(count(t.task_id) / count(distinct d.doc_id), 1) as tasks_per_document,
       round(avg(t.unit_count), 2) as units_per_task
from marts.documents as d
left join marts.tasks as t using (doc_id)
group by d.layout
order by tasks desc;

-- name: requirements-mentioning-phrase
-- Tasks whose requirement (工作要求) mentions a phrase, with their place in the outline.
select t.task_id, h.path, t.title, t.requirement
from marts.tasks as t
join marts.hierarchy as h on h.task_id = t.task_id
where contains(t.requirement, '政策解读')  -- <- change
order by t.doc_id, t.seq;

-- name: cooperating-only-tasks
-- How many tasks have only cooperating units (no lead or responsible unit), and which ones.
with roles as (
    select task_id, bool_and(role = 'cooperating') as cooperating_only
    from marts.task_units
    group by task_id
)
select count(*) filter (where cooperating_only) as cooperating_only_tasks,
       count(*) as tasks_with_units,
       coalesce(string_agg(task_id, ', ' order by task_id) filter (where cooperating_only), '') as task_ids
from roles;
