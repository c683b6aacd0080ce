{{ config(materialized="incremental", incremental_strategy="append", on_schema_change="fail",
          pre_hook="{{ delete_documents_to_rebuild() }}") }}
-- depends_on: {{ ref('int_current_parses') }}
with recursive documents as (
    select doc_id, title from {{ ref('documents') }}
    {{- only_documents_to_rebuild() }}
),

headings as (
    select * from {{ ref('int_headings') }}
    {{- only_documents_to_rebuild() }}
),

tasks as (
    select * from {{ ref('int_tasks') }}
    {{- only_documents_to_rebuild() }}
),

-- the root's NULL ordinal is bigint, the type the mart's contract gives ordinal (the parse ships int32)
nodes as (
    select doc_id as node_id, doc_id, cast(null as varchar) as parent_id, 0 as level,
           cast(null as varchar) as number, cast(null as bigint) as ordinal, title,
           cast(null as varchar) as task_id, 0 as sort_key
    from documents
    union all
    select doc_id || '/s' || {{ padded('heading_index', 3) }},
           doc_id,
           case when parent_index is null then doc_id
                else doc_id || '/s' || {{ padded('parent_index', 3) }} end,
           level, numeral, ordinal, title, null, line_no
    from headings
    union all
    select task_id,
           doc_id,
           case when section_index is null then doc_id
                else doc_id || '/s' || {{ padded('section_index', 3) }} end,
           3, task_no, task_ordinal, title, task_id, line_start
    from tasks
),

-- walk from each document root down, so path is built the way analysts read the outline
walk as (
    select node_id, doc_id || '' as path from nodes where parent_id is null
    union all
    select child.node_id, walk.path || ' > ' || coalesce(child.number, '·')
    from nodes as child
    join walk on child.parent_id = walk.node_id
),

final as (
    select
        nodes.node_id,
        nodes.doc_id,
        nodes.parent_id,
        nodes.level,
        nodes.number,
        nodes.ordinal,
        nodes.title,
        walk.path,
        nodes.task_id,
        nodes.sort_key
    from nodes
    join walk using (node_id)
)

select * from final
