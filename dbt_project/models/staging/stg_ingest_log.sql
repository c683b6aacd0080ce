with source as (
    select * from {{ source('raw', 'ingest_log') }}
),

renamed as (
    select
        source_file,
        sha256,
        status,
        reason
    from source
)

select * from renamed
