{#- One row per citation the parser read (pipeline/parse/citations.py), in printed order: the
    发文字号 as printed and its key (macros/doc_number_key.sql), the title beside it, the relation
    and the line. A number equal to the document's own (its metadata's doc_number) is left out. -#}
with parsed as (
    select doc_id, doc_number, citations from {{ ref('int_current_parses') }}
),

unnested as (
    select
        doc_id,
        doc_number,
        unnest(citations) as c,
        generate_subscripts(citations, 1) as citation_index
    from parsed
),

shaped as (
    select
        doc_id,
        citation_index,
        c.number as cited_number,
        {{ doc_number_key('c.number') }} as cited_number_key,
        c.title as cited_title,
        c.relation as relation,
        c.line_no as line_no,
        {{ doc_number_key('doc_number') }} as own_number_key
    from unnested
),

final as (
    select doc_id, citation_index, cited_number, cited_number_key, cited_title, relation, line_no
    from shaped
    where not coalesce(cited_number_key = own_number_key, false)  -- a title alone is kept, numbered or not
)

select * from final
