with task_units as (
    select * from {{ ref('int_task_units_split') }}
),

tasks as (
    select task_id, doc_id from {{ ref('int_tasks') }}
),

final as (
    select
        task_units.unit_id,
        task_units.unit_name,
        count(distinct case when role = 'lead' then task_units.task_id end) as lead_task_count,
        count(distinct case when role = 'responsible' then task_units.task_id end) as responsible_task_count,
        count(distinct case when role = 'cooperating' then task_units.task_id end) as cooperating_task_count,
        count(distinct tasks.doc_id) as doc_count
    from task_units
    join tasks using (task_id)
    group by task_units.unit_id, task_units.unit_name
)

select * from final
