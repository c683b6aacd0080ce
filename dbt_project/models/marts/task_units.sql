with split as (
    select * from {{ ref('int_task_units_split') }}
),

identity as (
    select doc_id, unit_name, unit_id, and_others from {{ ref('int_unit_identity') }}
),

members as (
    -- the organisations a printed list names (晋江市、福安市人民政府), as unit ids
    select members.doc_id, members.unit_name, list(identity.unit_id order by identity.unit_id) as member_unit_ids
    from {{ ref('int_unit_members') }} as members
    join identity on identity.doc_id = members.doc_id and identity.unit_name = members.member_name
    group by members.doc_id, members.unit_name
),

final as (
    select
        split.task_id,
        identity.unit_id,
        split.unit_name,
        split.role,
        split.position,
        identity.and_others,
        coalesce(members.member_unit_ids, []) as member_unit_ids
    from split
    join identity
        on identity.doc_id = split.doc_id
        and identity.unit_name = split.unit_name
    left join members
        on members.doc_id = split.doc_id
        and members.unit_name = split.unit_name
)

select * from final
