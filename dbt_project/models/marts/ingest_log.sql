with log as (
    select * from {{ ref('stg_ingest_log') }}
),

documents as (
    select source_file, layout, task_count from {{ ref('documents') }}
),

final as (
    select
        log.source_file,
        log.sha256,
        log.status,
        -- a staged document that gave no task is suspicious: say so next to the file
        case
            when documents.task_count = 0
                then concat_ws('; ', log.reason, 'no tasks recognised (layout ' || documents.layout || ')')
            else log.reason
        end as reason
    from log
    left join documents using (source_file)
)

select * from final
