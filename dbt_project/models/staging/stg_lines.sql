with source as (
    select * from {{ source('raw', 'lines') }}
),

renamed as (
    select
        doc_id,
        line_no,
        text
    from source
)

select * from renamed
