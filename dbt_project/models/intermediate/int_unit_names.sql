{#- The identity rules, one row per document and unit name as printed. Every word the rules use
    is data (seeds/unit_name_patterns.csv); user-declared aliases are data (seeds/unit_aliases.csv).
    In order, on a folded copy of the name (full/half width, brackets, whitespace):
      1. a declared alias becomes its canonical name (scope empty = every document, else only in
         the documents of that issuer);
      2. synonyms are replaced (人民政府 -> 政府), and a trailing collective suffix is dropped and
         flagged (省农业厅等 -> 省农业厅, and_others);
      3. an issuer prefix is dropped when what is left is an internal or collective name
         (厅海域处 -> 海域处, 厅机关各处室 -> 各处室), unless the prefix opens a word of the
         prefix_exception rule (厅长办公室, 局属各单位, 委员会办公室 stay whole);
      4. a trailing bracketed organisation name is the unit's other name: 海域处（审批处） -> 审批处,
         and 海域处 is remembered as its alias (int_unit_identity applies it);
      5. the name is classified: collective (a collective word: 各, 有关, 相关, 属下, 、 …, a collective
         suffix: 等, or nothing but area words: 街道, 镇（街道）), area word (省/市/设区市/区/县/街道 … at the start, or ending a place name:
         福建省…, 厦门市海沧区…), kind by its last organisation word;
      6. a name with no area word that is collective or ends with an internal-office word
         (处, 科, 室, 股, 办, 中心 …) only means something inside its issuer: it is scoped to the
         document's issuer — except a collective of departments (各直属机构) in a document of a
         government or its general office, which belongs to the jurisdiction; every other name is
         placed by int_unit_places. -#}
{{ config(materialized="incremental", incremental_strategy="append", on_schema_change="fail",
          pre_hook="{{ delete_documents_to_rebuild() }}") }}
with printed as (
    -- every name printed, and every organisation a printed list names (int_unit_members)
    select doc_id, unit_name, count(*) as mentions
    from (
        select doc_id, unit_name from {{ ref('int_task_units_split') }} as split
        {{- only_documents_to_rebuild() }}
        union all
        select members.doc_id, members.member_name
        from {{ ref('int_unit_members') }} as members
        join {{ ref('int_task_units_split') }} as split using (doc_id, unit_name)
        {{- only_documents_to_rebuild() }}
    ) as names
    group by doc_id, unit_name
),

documents as (
    select doc_id, nullif({{ unit_name_fold('issuer') }}, '') as issuer_key
    from {{ ref('int_current_parses') }} as parses
    {{- only_documents_to_rebuild() }}
),

patterns as (
    select rule, {{ unit_name_fold('word') }} as word, value
    from {{ ref('unit_name_patterns') }} as patterns
),

aliases as (
    select
        {{ unit_name_fold('alias') }} as alias_key,
        {{ unit_name_fold('canonical_name') }} as canonical_key,
        nullif({{ unit_name_fold("coalesce(scope, '')") }}, '') as scope_key
    from {{ ref('unit_aliases') }} as unit_aliases
),

vocabulary as (
    -- one alternation per rule, longest words first (设区市 before 市, 委员会 before 会)
    select
        coalesce(string_agg(regexp_escape(word), '|' order by length(word) desc, word)
            filter (where rule = 'collective_word'), '$^') as collective_words,
        coalesce(string_agg(regexp_escape(word), '|' order by length(word) desc, word)
            filter (where rule = 'collective_suffix'), '$^') as collective_suffixes,
        coalesce(string_agg(regexp_escape(word), '|' order by length(word) desc, word)
            filter (where rule = 'issuer_prefix'), '$^') as issuer_prefixes,
        coalesce(string_agg(regexp_escape(word), '|' order by length(word) desc, word)
            filter (where rule = 'area_level'), '$^') as area_words,
        coalesce(string_agg(regexp_escape(word), '|' order by length(word) desc, word)
            filter (where rule = 'kind_suffix'), '$^') as kind_suffixes,
        coalesce(string_agg(regexp_escape(word), '|' order by length(word) desc, word)
            filter (where rule = 'kind_suffix' and value = 'internal office'), '$^') as internal_suffixes,
        coalesce(string_agg(regexp_escape(word), '|' order by length(word) desc, word)
            filter (where rule = 'kind_suffix' and value = 'government'), '$^') as government_words,
        coalesce(string_agg(regexp_escape(word), '|' order by length(word) desc, word)
            filter (where rule = 'prefix_exception'), '$^') as prefix_exceptions,
        coalesce(list(word order by length(word) desc, word) filter (where rule = 'synonym'), []) as synonym_words,
        map_from_entries(coalesce(list((word, value)) filter (where rule = 'synonym'), [])) as synonyms
    from patterns
),

area_levels as (
    select word, nullif(value, 'unknown') as admin_level from patterns where rule = 'area_level'
),

kind_suffixes as (
    select word, value as suffix_kind from patterns where rule = 'kind_suffix'
),

folded as (
    select
        printed.doc_id,
        printed.unit_name,
        printed.mentions,
        documents.issuer_key,
        {{ unit_name_fold('printed.unit_name') }} as folded_name
    from printed
    left join documents on documents.doc_id = printed.doc_id
),

declared as (
    -- 1. declared aliases; one scoped to the document's issuer wins over a shared one
    select
        folded.*,
        coalesce(aliases.canonical_key, folded.folded_name) as declared_name,
        aliases.alias_key is not null as from_alias_seed
    from folded
    left join aliases
        on aliases.alias_key = folded.folded_name
        and (aliases.scope_key is null or aliases.scope_key = folded.issuer_key
             or aliases.scope_key = '（' || folded.doc_id || '）')
    qualify row_number() over (
        partition by folded.doc_id, folded.unit_name order by aliases.scope_key nulls last) = 1
),

names as (
    -- steps 2-5 depend on the name alone: each distinct name is read once, however many
    -- documents print it (the patterns are built per row, so each regex is compiled per row)
    select distinct declared_name from declared
),

replaced as (
    -- 2. synonyms, each replaced everywhere in the name
    select
        names.declared_name,
        list_reduce(list_prepend(names.declared_name, vocabulary.synonym_words),
                    (acc, w) -> replace(acc, w, vocabulary.synonyms[w])) as replaced_name
    from names
    cross join vocabulary
),

synonymised as (
    -- 2b. a trailing collective suffix (省农业厅等) is dropped for identity and kept as a flag
    select
        replaced.declared_name,
        case when and_others then regexp_replace(replaced_name, '(?:' || vocabulary.collective_suffixes || ')$', '')
             else replaced_name end as synonym_name,
        and_others
    from (
        select replaced.*,
               regexp_matches(replaced_name, '^.{2,}(?:' || vocabulary.collective_suffixes || ')$') as and_others
        from replaced cross join vocabulary
    ) as replaced
    cross join vocabulary
),

prefix_split as (
    select
        synonymised.*,
        regexp_replace(synonym_name, '^(?:' || vocabulary.issuer_prefixes || ')', '') as unprefixed
    from synonymised
    cross join vocabulary
),

unprefixed as (
    -- 3. an issuer prefix goes when the rest is an internal or collective name of two characters or
    --    more, and the prefix does not open a word (厅长办公室, 局属各单位, 委员会办公室 stay whole)
    select
        prefix_split.*,
        case
            when unprefixed <> synonym_name
                and length(unprefixed) >= 2
                and not regexp_matches(synonym_name, '^(?:' || vocabulary.prefix_exceptions || ')')
                and (regexp_matches(unprefixed, '(?:' || vocabulary.collective_words || ')')
                     or regexp_matches(unprefixed, '(?:' || vocabulary.collective_suffixes || ')$')
                     -- a trailing bracket does not count: 厅海域处（审批处） -> 海域处（审批处）
                     or regexp_matches(regexp_replace(unprefixed, '（[^（）]*）$', ''),
                                       '(?:' || vocabulary.internal_suffixes || ')$'))
                then unprefixed
            else synonym_name
        end as base_name
    from prefix_split
    cross join vocabulary
),

bracketed as (
    -- 4. a trailing bracketed organisation name: 海域处（审批处）
    select
        unprefixed.*,
        regexp_extract(base_name, '^(.+)（([^（）]+)）$', 1) as outer_name,
        regexp_extract(base_name, '^(.+)（([^（）]+)）$', 2) as inner_name
    from unprefixed
),

keyed as (
    select
        bracketed.*,
        case when inner_name <> '' and length(inner_name) >= 2
                  and regexp_matches(inner_name, '(?:' || vocabulary.kind_suffixes || ')$')
             then true else false end as is_bracketed_alias
    from bracketed
    cross join vocabulary
),

named as (
    select
        keyed.*,
        case when is_bracketed_alias then inner_name else base_name end as name_key,
        case when is_bracketed_alias then outer_name end as alias_key
    from keyed
),

classified as (
    -- 5. collective, area word, last organisation word
    select
        named.*,
        regexp_matches(name_key, '(?:' || vocabulary.collective_words || ')')
            or regexp_matches(name_key, '(?:' || vocabulary.collective_suffixes || ')$')
            -- nothing but area words, brackets aside: 街道, 镇（街道）, 乡镇 name every such division
            or regexp_full_match(regexp_replace(name_key, '（[^（）]*）', '', 'g'),
                                 '(?:' || vocabulary.area_words || ')+') as is_collective,
        -- an area word opening the name once collective words are dropped: 省…, 各设区市…
        -- (not one opening a word of seeds' prefix_exception: 市场监管局)
        case when not regexp_matches(regexp_replace(name_key, '^(?:' || vocabulary.collective_words || ')+', ''),
                                     '^(?:' || vocabulary.prefix_exceptions || ')')
             then nullif(regexp_extract(regexp_replace(name_key, '^(?:' || vocabulary.collective_words || ')+', ''),
                                        '^(' || vocabulary.area_words || ')', 1), '') end as leading_area_word,
        nullif(coalesce(
            leading_area_word,
            -- the last area word of a leading place name: 厦门市海沧区… -> 区
            nullif(regexp_extract(name_key, '^(?:[^、（）]{1,6}?(' || vocabulary.area_words || '))+', 1), '')
        ), '') as area_word,
        nullif(regexp_extract(name_key, '(' || vocabulary.kind_suffixes || ')$', 1), '') as suffix_word
    from named
    cross join vocabulary
),

issuers as (
    -- the issuer's own area word (福建省… -> 省), for a name that has none
    select
        issuer_key,
        nullif(coalesce(
            nullif(regexp_extract(issuer_key, '^(' || vocabulary.area_words || ')', 1), ''),
            nullif(regexp_extract(issuer_key, '^(?:[^、（）]{1,6}?(' || vocabulary.area_words || '))+', 1), '')
        ), '') as issuer_area_word
    from (select distinct issuer_key from documents where issuer_key is not null) as keys
    cross join vocabulary
),

scoped as (
    -- 6. internal and collective names without an area word belong to the issuer
    select
        declared.doc_id,
        declared.unit_name,
        declared.issuer_key,
        declared.from_alias_seed,
        declared.mentions,
        classified.name_key,
        classified.alias_key,
        classified.is_collective,
        classified.area_word,
        classified.leading_area_word,
        issuers.issuer_area_word,
        kind_suffixes.suffix_kind,
        classified.area_word is null
            and coalesce(kind_suffixes.suffix_kind, '') not in ('government', 'enterprise')
            and (classified.is_collective or kind_suffixes.suffix_kind = 'internal office')
            -- a government's (or its general office's) 各直属机构 are the government's bodies,
            -- not the office's: they belong to the jurisdiction (int_unit_places), not the issuer
            and not (classified.is_collective and kind_suffixes.suffix_kind = 'department'
                     and regexp_matches(coalesce(declared.issuer_key, ''),
                                        '(?:' || vocabulary.government_words || ')(?:办公厅|办公室)?$')) as is_scoped,
        synonymised.and_others
    from declared
    inner join classified on classified.declared_name = declared.declared_name
    inner join synonymised on synonymised.declared_name = declared.declared_name
    left join issuers on issuers.issuer_key = declared.issuer_key
    left join kind_suffixes on kind_suffixes.word = classified.suffix_word
    cross join vocabulary
),

final as (
    select
        ---------- ids
        scoped.doc_id,
        scoped.unit_name,
        scoped.name_key,
        scoped.alias_key,
        case when is_scoped then coalesce(issuer_key, '（' || scoped.doc_id || '）') end as scope_issuer,
        coalesce(issuer_key, '（' || scoped.doc_id || '）') as document_scope,
        leading_area_word,
        ---------- classification
        is_collective,
        case
            when is_collective then 'collective'
            when suffix_kind in ('government', 'enterprise') then suffix_kind
            when is_scoped then 'internal office'
            when suffix_kind is not null then 'department'
            else 'other'
        end as kind,
        case
            when is_scoped then 'internal'
            when area_word is not null then name_level.admin_level
            else issuer_level.admin_level
        end as admin_level,
        and_others,
        ---------- provenance
        from_alias_seed,
        mentions
    from scoped
    left join area_levels as name_level on name_level.word = scoped.area_word
    left join area_levels as issuer_level on issuer_level.word = scoped.issuer_area_word
)

select * from final
