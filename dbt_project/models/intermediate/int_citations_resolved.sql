{#- Each citation occurrence with the corpus document it names: by its number (a document whose own
    folded 发文字号 is the same; `number`), else by its title (int_citation_title_matches, when the
    matched document prints no number of its own or the citation none; `title`), else none
    (`unresolved`: a document outside the corpus). A citation of the citing document itself
    (its own title quoted) is left out. -#}
with occurrences as (
    select * from {{ ref('int_citation_occurrences') }}
),

numbered_documents as (
    select
        {{ doc_number_key('doc_number') }} as number_key,
        min(doc_id) as doc_id  -- one document per number (two copies of one notice: the first)
    from {{ ref('int_current_parses') }}
    where doc_number is not null
    group by 1
),

own_numbers as (
    select doc_id, {{ doc_number_key('doc_number') }} as number_key from {{ ref('int_current_parses') }}
),

title_matches as (
    select
        matches.cited_title,
        matches.matched_doc_id,
        matches.title_score,
        own_numbers.number_key as matched_number_key
    from {{ ref('int_citation_title_matches') }} as matches
    left join own_numbers on own_numbers.doc_id = matches.matched_doc_id
),

resolved as (
    select
        occurrences.*,
        by_number.doc_id as number_doc_id,
        by_title.matched_doc_id as title_doc_id,
        by_title.title_score,
        case
            when by_number.doc_id is not null then 'number'
            when by_title.matched_doc_id is not null
                and (occurrences.cited_number_key is null or by_title.matched_number_key is null) then 'title'
            else 'unresolved'
        end as resolution
    from occurrences
    left join numbered_documents as by_number on by_number.number_key = occurrences.cited_number_key
    left join title_matches as by_title on by_title.cited_title = occurrences.cited_title
),

final as (
    select
        doc_id,
        citation_index,
        cited_number,
        cited_number_key,
        cited_title,
        relation,
        line_no,
        case resolution when 'number' then number_doc_id when 'title' then title_doc_id end as cited_doc_id,
        resolution,
        case when resolution = 'title' then title_score end as title_score
    from resolved
)

select * from final
where cited_doc_id is distinct from doc_id
