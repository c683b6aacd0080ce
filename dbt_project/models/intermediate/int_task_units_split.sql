{{ config(materialized="incremental", incremental_strategy="append", on_schema_change="fail",
          pre_hook="{{ delete_documents_to_rebuild() }}") }}
-- depends_on: {{ ref('int_current_parses') }}
with tasks as (
    select task_id, doc_id, units from {{ ref('int_tasks') }}
    {{- only_documents_to_rebuild() }}
),

unnested as (
    select task_id, doc_id, unnest(units) as u from tasks
),

normalised as (
    select
        task_id,
        doc_id,
        -- one printed form whatever the bracket width or stray spaces: 各市、县(区)政府 = 各市、县（区）政府
        replace(replace(regexp_replace(u.name, '\s+', '', 'g'), '(', '（'), ')', '）') as unit_name,
        u.role as role,
        u.position as position
    from unnested
)

select * from normalised
