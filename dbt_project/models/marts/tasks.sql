{{ config(materialized="incremental", incremental_strategy="append", on_schema_change="fail",
          pre_hook="{{ delete_documents_to_rebuild() }}") }}
-- depends_on: {{ ref('int_current_parses') }}
with tasks as (
    select * from {{ ref('int_tasks') }}
    {{- only_documents_to_rebuild() }}
),

unit_counts as (
    select
        task_id,
        count(*) as unit_count,
        count(*) filter (where role in ('lead', 'responsible')) as lead_or_responsible_count
    from {{ ref('int_task_units_split') }}
    {{- only_documents_to_rebuild() }}
    group by task_id
),

final as (
    select
        ---------- ids
        tasks.task_id,
        tasks.doc_id,
        tasks.seq,
        tasks.task_no,
        ---------- sections
        tasks.l1_no,
        tasks.l1_title,
        tasks.l2_no,
        tasks.l2_title,
        ---------- text
        tasks.title,
        tasks.requirement,
        tasks.deadline,
        tasks.leaders,
        ---------- due dates
        tasks.due_text,
        tasks.due_date,
        tasks.due_kind,
        tasks.milestones,
        ---------- provenance
        tasks.line_start,
        tasks.line_end,
        ---------- numerics
        coalesce(unit_counts.unit_count, 0) as unit_count,
        coalesce(unit_counts.lead_or_responsible_count, 0) as lead_or_responsible_count
    from tasks
    left join unit_counts using (task_id)
)

select * from final
