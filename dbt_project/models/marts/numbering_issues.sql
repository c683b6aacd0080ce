{#- Numbering anomalies the source documents really have (gaps, repeats, disorder), reported not fixed.
    Each level is checked under each numbering scheme a document may use - running through the
    whole document, restarting under each 一、 section, or restarting under the innermost
    section - and judged by the scheme with the fewest breaks. -#}
{{ config(materialized="incremental", incremental_strategy="append", on_schema_change="fail",
          pre_hook="{{ delete_documents_to_rebuild() }}") }}
-- depends_on: {{ ref('int_current_parses') }}
with headings as (
    select * from {{ ref('int_headings') }}
    {{- only_documents_to_rebuild() }}
),

tasks as (
    select * from {{ ref('int_tasks') }}
    {{- only_documents_to_rebuild() }}
),

task_items as (
    select
        tasks.doc_id, tasks.task_id, tasks.seq as item_order, 'task' as level,
        tasks.task_no as found_no, tasks.task_ordinal as ordinal, tasks.line_start as line_no,
        coalesce(case when h.level = 2 then h.parent_index else h.heading_index end, -1) as l1_key,
        coalesce(tasks.section_index, -1) as section_key
    from tasks
    left join headings as h
        on h.doc_id = tasks.doc_id and h.heading_index = tasks.section_index
    where tasks.task_no is not null
        and tasks.task_no_inherited is not true  -- only numbers the document prints on the row
),

heading_items as (
    select
        doc_id, cast(null as varchar) as task_id, heading_index as item_order,
        case level when 1 then 'l1' else 'l2' end as level,
        numeral as found_no, ordinal, line_no,
        coalesce(parent_index, -1) as l1_key,
        coalesce(parent_index, -1) as section_key
    from headings
),

items as (
    select * from task_items
    union all
    select * from heading_items
),

{#- the partition of each numbering scheme: running through the document, restarting under each
    一、 section, restarting under the innermost section -#}
{%- set schemes = {'document': 'doc_id, level', 'l1': 'doc_id, level, l1_key', 'section': 'doc_id, level, section_key'} %}

positioned as (
    select
        *,
        {%- for name, part in schemes.items() %}
        row_number() over (partition by {{ part }} order by item_order) as rn_{{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from items
),

-- previous: the number the item before should carry. An unreadable number (ordinal NULL) is
-- reported once and counts as the number expected in its place, so the items after it are
-- compared with the last readable number plus the unreadable ones in between.
compared as (
    select
        *,
        {%- for name, part in schemes.items() %}
        {%- set before = "over (partition by " ~ part ~ " order by item_order rows between unbounded preceding and 1 preceding)" %}
        coalesce(last_value(ordinal ignore nulls) {{ before }}, 0)
            + rn_{{ name }} - 1
            - coalesce(max(case when ordinal is not null then rn_{{ name }} end) {{ before }}, 0)
            as prev_{{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from positioned
),

breaks as (
    select
        doc_id, level,
        count(*) filter (where ordinal is distinct from prev_document + 1) as document_breaks,
        count(*) filter (where ordinal is distinct from prev_l1 + 1) as l1_breaks,
        count(*) filter (where ordinal is distinct from prev_section + 1) as section_breaks
    from compared
    group by doc_id, level
),

schemes as (
    select
        doc_id, level,
        case
            when document_breaks <= least(l1_breaks, section_breaks) then 'document'
            when l1_breaks <= section_breaks then 'l1_section'
            else 'section'
        end as scheme
    from breaks
),

judged as (
    select
        compared.*,
        schemes.scheme,
        case schemes.scheme
            when 'document' then prev_document
            when 'l1_section' then prev_l1
            else prev_section
        end as previous
    from compared
    join schemes using (doc_id, level)
),

final as (
    select
        doc_id,
        level,
        task_id,
        line_no,
        scheme,
        case when level = 'task' then cast(previous + 1 as varchar) else {{ cn_numeral('previous + 1') }} end as expected_no,
        found_no,
        case
            when ordinal is null then 'unreadable'
            when ordinal = previous then 'repeat'
            when ordinal > previous + 1 then 'gap'
            else 'out_of_order'
        end as issue
    from judged
    where ordinal is distinct from previous + 1
)

select * from final
