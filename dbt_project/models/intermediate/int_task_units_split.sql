with tasks as (
    select task_id, units from {{ ref('int_tasks') }}
),

unnested as (
    select task_id, unnest(units) as u from tasks
),

normalised as (
    select
        task_id,
        -- one unit whatever the bracket width or stray spaces: 各市、县(区)政府 = 各市、县（区）政府
        replace(replace(regexp_replace(u.name, '\s+', '', 'g'), '(', '（'), ')', '）') as unit_name,
        u.role as role,
        u.position as position
    from unnested
),

identified as (
    select
        task_id,
        'U' || substr(md5(unit_name), 1, 12) as unit_id,
        unit_name,
        role,
        position
    from normalised
)

select * from identified
