{{ config(materialized="view") }}

-- The parse of each document as it is staged now: int_parsed_documents is incremental and keeps
-- the rows of deleted files, so every model downstream reads this one instead.
with parsed as (
    select * from {{ ref('int_parsed_documents') }}
),

staged as (
    select doc_id, sha256 from {{ ref('stg_documents') }}
),

current_parses as (
    select parsed.*
    from parsed
    join staged using (doc_id, sha256)
)

select * from current_parses
