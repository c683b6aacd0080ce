{{ config(materialized="incremental", incremental_strategy="append", on_schema_change="fail",
          pre_hook="{{ delete_documents_to_rebuild() }}") }}
with parsed as (
    select doc_id, headings from {{ ref('int_current_parses') }}
    {{- only_documents_to_rebuild() }}
),

unnested as (
    select doc_id, unnest(headings) as h from parsed
),

shaped as (
    select
        doc_id,
        h.heading_index as heading_index,
        h.level as level,
        h.numeral as numeral,
        h.ordinal as ordinal,
        h.title as title,
        h.line_no as line_no,
        h.parent_index as parent_index
    from unnested
)

select * from shaped
