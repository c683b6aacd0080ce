with staged as (
    select * from {{ ref('stg_documents') }}
),

parsed as (
    select * from {{ ref('int_current_parses') }}
),

provinces as (
    select adcode, division_name from {{ ref('int_divisions') }} where admin_level = 'province'
),

task_counts as (
    select doc_id, count(*) as task_count from {{ ref('int_tasks') }} group by doc_id
),

final as (
    select
        ---------- ids
        staged.doc_id,
        staged.source_file,
        staged.sha256,
        staged.aliases,
        ---------- metadata
        parsed.title,
        parsed.issuer,
        parsed.doc_number,
        parsed.signed_date,
        parsed.published_date,
        parsed.year,
        ---------- jurisdiction
        parsed.jurisdiction,
        parsed.adcode,
        provinces.division_name as province,
        parsed.admin_level,
        parsed.jurisdiction_source,
        ---------- layout
        parsed.layout,
        ---------- parse outcome
        parsed.parse_status,
        parsed.parse_score,
        parsed.runner_up_layout,
        parsed.runner_up_score,
        ---------- numerics
        coalesce(task_counts.task_count, 0) as task_count
    from staged
    left join parsed using (doc_id, sha256)
    left join task_counts using (doc_id)
    left join provinces on provinces.adcode = left(parsed.adcode, 2) || '0000'
)

select * from final
