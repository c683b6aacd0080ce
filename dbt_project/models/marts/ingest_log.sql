with log as (
    select * from {{ ref('stg_ingest_log') }}
)

select source_file, sha256, status, reason from log
