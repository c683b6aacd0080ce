{#- One row per task with its id. The id follows the outline as printed, so it survives edits
    elsewhere in the document: doc_id-<l1>.<l2>.<task>, each part the number's value (一 -> 1,
    （十二） -> 12, "07" -> 7), or the numeral as printed when it cannot be read; a missing level
    is left out. An unnumbered task takes s<n>, its place among the unnumbered tasks of its
    innermost section. A path printed twice (a numbering error) gets _2, _3 … in document order. -#}
{{ config(materialized="incremental", incremental_strategy="append", on_schema_change="fail",
          pre_hook="{{ delete_documents_to_rebuild() }}") }}
with parsed as (
    select doc_id, tasks from {{ ref('int_current_parses') }}
    {{- only_documents_to_rebuild() }}
),

unnested as (
    select doc_id, unnest(tasks) as t from parsed
),

shaped as (
    select
        doc_id,
        t.seq as seq,
        t.task_no as task_no,
        t.task_ordinal as task_ordinal,
        t.task_no_inherited as task_no_inherited,
        ---------- sections
        t.l1_no as l1_no,
        t.l1_ordinal as l1_ordinal,
        t.l1_title as l1_title,
        t.l2_no as l2_no,
        t.l2_ordinal as l2_ordinal,
        t.l2_title as l2_title,
        t.section_index as section_index,
        ---------- text
        t.title as title,
        t.requirement as requirement,
        t.deadline as deadline,
        t.leaders as leaders,
        ---------- provenance
        t.line_start as line_start,
        t.line_end as line_end,
        t.units as units,
        ---------- due dates (pipeline/parse/due_dates.py)
        t.due_text as due_text,
        t.due_date as due_date,
        t.due_kind as due_kind,
        t.milestones as milestones
    from unnested
),

-- each number's value (read by the parser, pipeline/parse/numerals.py), else the number as printed
numbered as (
    select
        *,
        coalesce(cast(l1_ordinal as varchar), l1_no) as l1_part,
        coalesce(cast(l2_ordinal as varchar), l2_no) as l2_part,
        coalesce(cast(task_ordinal as varchar), task_no) as task_part
    from shaped
),

placed as (
    select
        *,
        concat_ws('.', l1_part, l2_part, coalesce(task_part, 's' || row_number() over (
            partition by doc_id, l1_part, l2_part, task_part is null order by seq))) as outline_key
    from numbered
),

keyed as (
    select
        *,
        row_number() over (partition by doc_id, outline_key order by seq) as occurrence
    from placed
),

final as (
    select
        ---------- ids
        doc_id || '-' || outline_key || case when occurrence > 1 then '_' || occurrence else '' end as task_id,
        doc_id,
        seq,
        task_no,
        task_ordinal,
        task_no_inherited,
        ---------- sections
        l1_no,
        l1_title,
        l2_no,
        l2_title,
        section_index,
        ---------- text
        title,
        requirement,
        deadline,
        leaders,
        ---------- provenance
        line_start,
        line_end,
        units,
        ---------- due dates
        due_text,
        due_date,
        due_kind,
        milestones
    from keyed
)

select * from final
