{#- Where each printed unit name belongs: its jurisdiction (a division of int_divisions), the part
    of the name after its place (place_key) and its qualified name. In order:
      1. stated: the name opens with a division's full name (福建省财政厅, 厦门市海沧区财政局), or with
         the short name of the document's own division or one above it (海沧生态环境局 in a 海沧区
         document); a two-character full name (沁县) counts only inside the document's province,
         and a name several divisions share (鼓楼区) only when one of them is in that province;
      2. relative: the name opens with an area word of a level (市财政局, 县住建局, 省发改委, 市直各单位):
         the nearest division, from the document's jurisdiction upward, whose name ends with that
         word (市 of 晋江市 is 晋江市 itself; 市 in a 海沧区 document is 厦门市) -> 厦门市财政局.
         An area word naming no division above (各设区市 in a province's document, 镇…, 街道…)
         names bodies inside the document's jurisdiction: 福建省各设区市政府;
      3. national: the name opens with a national word (国家…, 中国…): no jurisdiction;
      4. internal: a name scoped to its issuer (办公室, 各处室) takes the document's jurisdiction
         and keeps its name;
      5. bare: any other name (财政局, 发改局) is a body of the document's own jurisdiction.
    A relative or bare name in a document with no jurisdiction is left unplaced (int_unit_identity
    then scopes it to its issuer, so it never joins bodies of other places). -#}
with recursive names as (
    select doc_id, unit_name, name_key, scope_issuer, leading_area_word
    from {{ ref('int_unit_names') }}
),

documents as (
    select doc_id, adcode as document_adcode from {{ ref('int_current_parses') }} where adcode is not null
),

divisions as (
    select * from {{ ref('int_divisions') }}
),

patterns as (
    select rule, {{ unit_name_fold('word') }} as word, value from {{ ref('unit_name_patterns') }} as patterns
),

chain as (
    -- each document's division and the divisions above it, nearest first
    select doc_id, document_adcode as adcode, 0 as depth from documents
    union all
    select chain.doc_id, divisions.parent_adcode, chain.depth + 1
    from chain
    join divisions on divisions.adcode = chain.adcode
    where divisions.parent_adcode is not null
),

named_chain as (
    select chain.*, divisions.division_name, divisions.short_name
    from chain join divisions using (adcode)
),

located as (
    select names.*, documents.document_adcode
    from names left join documents using (doc_id)
),

stated_candidates as (
    -- a full name opening the unit name, or a parent's name followed by its child's (厦门市海沧区)
    select located.doc_id, located.unit_name, divisions.adcode, divisions.division_name as place
    from located
    join divisions on starts_with(located.name_key, divisions.division_name)
    union all
    select located.doc_id, located.unit_name, child.adcode, parent.division_name || child.division_name
    from located
    join divisions as parent on starts_with(located.name_key, parent.division_name)
    join divisions as child
        on child.parent_adcode = parent.adcode
        and starts_with(located.name_key, parent.division_name || child.division_name)
    union all
    -- the short name of the document's own division or one above it (海沧生态环境局)
    select located.doc_id, located.unit_name, named_chain.adcode, named_chain.short_name
    from located
    join named_chain
        on named_chain.doc_id = located.doc_id
        and named_chain.short_name <> named_chain.division_name
        and starts_with(located.name_key, named_chain.short_name)
),

stated as (
    select candidates.doc_id, candidates.unit_name, candidates.adcode, candidates.place
    from stated_candidates as candidates
    join located using (doc_id, unit_name)
    where located.scope_issuer is null
        and (length(candidates.place) >= 3
             or left(candidates.adcode, 2) = left(located.document_adcode, 2))
    -- the longest place; of several divisions so named, those in the document's province
    qualify rank() over (
        partition by candidates.doc_id, candidates.unit_name
        order by length(candidates.place) desc,
                 (left(candidates.adcode, 2) = left(located.document_adcode, 2)) desc nulls last) = 1
        and count(*) over (partition by candidates.doc_id, candidates.unit_name, length(candidates.place),
                           left(candidates.adcode, 2) = left(located.document_adcode, 2)) = 1
),

levelled as (
    -- the word a relative name's area word ends a division's name with: 市 for 市 and 市直
    select located.*, regexp_replace(area.word, '直$', '') as level_word
    from located
    left join patterns as area
        on area.rule = 'area_level' and area.word = located.leading_area_word
        and area.value in ('province', 'city', 'county')
),

relative as (
    select levelled.doc_id, levelled.unit_name, named_chain.adcode, named_chain.division_name,
           levelled.level_word, levelled.name_key
    from levelled
    join named_chain
        on named_chain.doc_id = levelled.doc_id
        and ends_with(named_chain.division_name, levelled.level_word)
    where levelled.scope_issuer is null
    qualify row_number() over (partition by levelled.doc_id, levelled.unit_name order by named_chain.depth) = 1
),

placed as (
    select
        located.doc_id,
        located.unit_name,
        case
            when stated.adcode is not null then 'stated'
            when relative.adcode is not null then 'relative'
            when regexp_matches(located.name_key, '^(?:' || (
                     select string_agg(regexp_escape(word), '|') from patterns where rule = 'national_prefix') || ')')
                then 'national'
            when located.scope_issuer is not null then 'internal'
            when located.document_adcode is not null then 'document'
        end as place_source,
        located.name_key,
        located.document_adcode,
        stated.adcode as stated_adcode,
        stated.place as stated_place,
        relative.adcode as relative_adcode,
        relative.division_name as relative_name,
        relative.level_word
    from located
    left join stated using (doc_id, unit_name)
    left join relative using (doc_id, unit_name)
),

final as (
    select
        placed.doc_id,
        placed.unit_name,
        placed.place_source,
        coalesce(stated_adcode, relative_adcode,
                 case when place_source in ('internal', 'document') then document_adcode end) as adcode,
        case
            when place_source = 'stated' then substr(name_key, length(stated_place) + 1)
            when place_source = 'relative' and starts_with(name_key, level_word)
                then substr(name_key, length(level_word) + 1)
            else name_key
        end as place_key,
        case
            when place_source = 'relative' and starts_with(name_key, level_word)
                then relative_name || substr(name_key, length(level_word) + 1)
            when place_source = 'relative' then relative_name || name_key
            when place_source = 'document' then document_division.division_name || name_key
            else name_key
        end as qualified_name
    from placed
    left join divisions as document_division on document_division.adcode = placed.document_adcode
)

select final.*, divisions.division_name as jurisdiction
from final
left join divisions using (adcode)
