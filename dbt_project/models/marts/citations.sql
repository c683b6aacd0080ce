{#- One row per (document, document it cites): the citations of int_citations_resolved grouped by
    the document cited (a corpus document), else by the folded number, else by the title; printed
    forms, relation and line from the first occurrence. -#}
with occurrences as (
    select
        *,
        coalesce(cited_doc_id, cited_number_key, cited_title) as cited_key
    from {{ ref('int_citations_resolved') }}
),

grouped as (
    select
        doc_id,
        cited_key,
        min(citation_index) as first_index,
        min(line_no) as line_no,
        count(*) as occurrences,
        arg_min(cited_number, citation_index) filter (where cited_number is not null) as cited_number,
        arg_min(cited_number_key, citation_index) filter (where cited_number_key is not null) as cited_number_normalised,
        arg_min(cited_title, citation_index) filter (where cited_title is not null) as cited_title,
        arg_min(relation, citation_index) as relation,
        any_value(cited_doc_id) as cited_doc_id,
        case
            when bool_or(resolution = 'number') then 'number'
            when bool_or(resolution = 'title') then 'title'
            else 'unresolved'
        end as resolution,
        max(title_score) as title_score
    from occurrences
    group by doc_id, cited_key
),

final as (
    select
        doc_id || '-c' || row_number() over (partition by doc_id order by first_index) as citation_id,
        doc_id,
        cited_number,
        cited_number_normalised,
        cited_title,
        relation,
        cast(line_no as integer) as line_no,
        cast(occurrences as integer) as occurrences,
        cited_doc_id,
        resolution,
        case when resolution = 'title' then title_score end as title_score
    from grouped
)

select * from final
