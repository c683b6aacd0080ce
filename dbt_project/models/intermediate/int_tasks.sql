with parsed as (
    select doc_id, tasks from {{ ref('int_current_parses') }}
),

unnested as (
    select doc_id, unnest(tasks) as t from parsed
),

shaped as (
    select
        ---------- ids
        doc_id || '-' || {{ padded('t.seq', 4) }} as task_id,
        doc_id,
        t.seq as seq,
        t.task_no as task_no,
        ---------- sections
        t.l1_no as l1_no,
        t.l1_title as l1_title,
        t.l2_no as l2_no,
        t.l2_title as l2_title,
        t.section_index as section_index,
        ---------- text
        t.title as title,
        t.requirement as requirement,
        t.deadline as deadline,
        t.leaders as leaders,
        ---------- provenance
        t.line_start as line_start,
        t.line_end as line_end,
        t.units as units
    from unnested
)

select * from shaped
