with log as (
    select * from {{ ref('stg_ingest_log') }}
),

documents as (
    select doc_id, source_file, layout, task_count, parse_status from {{ ref('documents') }}
),

parses as (
    select doc_id, parse_reasons from {{ ref('int_current_parses') }}
),

final as (
    select
        log.source_file,
        log.sha256,
        -- a body that looked task-like but gave no task is a parser failure: its own status
        case when documents.parse_status = 'unparsed' then 'unparsed' else log.status end as status,
        -- a staged document that gave no task is suspicious: say so next to the file
        case
            when documents.parse_status = 'unparsed'
                then concat_ws('; ', log.reason, 'unparsed (layout ' || documents.layout || '): '
                    || coalesce(nullif(array_to_string(parses.parse_reasons, '; '), ''), 'no reason given'))
            when documents.task_count = 0
                then concat_ws('; ', log.reason, 'no tasks recognised (layout ' || documents.layout || ')')
            else log.reason
        end as reason
    from log
    left join documents using (source_file)
    left join parses using (doc_id)
)

select * from final
