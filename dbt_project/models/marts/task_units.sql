with split as (
    select * from {{ ref('int_task_units_split') }}
),

identity as (
    select doc_id, unit_name, unit_id from {{ ref('int_unit_identity') }}
),

final as (
    select
        split.task_id,
        identity.unit_id,
        split.unit_name,
        split.role,
        split.position
    from split
    join identity
        on identity.doc_id = split.doc_id
        and identity.unit_name = split.unit_name
)

select * from final
