with split as (
    select * from {{ ref('int_task_units_split') }}
),

final as (
    select
        task_id,
        unit_id,
        unit_name,
        role,
        position
    from split
)

select * from final
