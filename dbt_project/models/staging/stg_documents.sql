with source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        ---------- ids
        doc_id,
        source_file,
        sha256,
        aliases,
        ---------- numerics
        byte_size,
        ---------- text
        encoding,
        text
    from source
)

select * from renamed
