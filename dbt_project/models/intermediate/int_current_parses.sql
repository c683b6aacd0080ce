{{ config(materialized="view") }}

-- The parse of each document as it is staged now: int_parsed_documents is incremental, and the
-- join on sha256 as well as doc_id keeps a parse of other bytes from ever reaching a model.
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
