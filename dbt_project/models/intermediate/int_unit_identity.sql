{#- Which organisation each printed name in each document stands for. A name that int_unit_names
    saw as the outer part of a bracketed alias (海域处 of 海域处（审批处）) resolves, in the same
    scope, to the bracketed name (审批处). A name placed in a jurisdiction (int_unit_places) is the
    unit (adcode, the name after its place): 市财政局 in a 厦门市 document and 厦门市财政局 are one
    unit, 市财政局 of two cities two, named by its most printed qualified name (厦门市财政局). Other
    names are (name key, scope issuer): scoped names of two issuers stay two units; a relative or
    bare name of a document with no jurisdiction is scoped to its issuer; national names are one
    unit across documents, named by the key when it was printed or declared in
    seeds/unit_aliases.csv, else by the most printed form. -#}
with names as (
    select
        unit_names.* exclude (scope_issuer),
        coalesce(unit_names.scope_issuer,
                 case when places.place_source is null then unit_names.document_scope end) as scope_issuer,
        places.place_source,
        places.adcode,
        places.jurisdiction,
        places.place_key,
        places.qualified_name
    from {{ ref('int_unit_names') }} as unit_names
    join {{ ref('int_unit_places') }} as places using (doc_id, unit_name)
),

alias_pairs as (
    select distinct scope_issuer, alias_key, name_key as resolved_key
    from names
    where alias_key is not null
),

resolved as (
    select
        names.*,
        case when names.place_source in ('stated', 'relative', 'document')
             then names.adcode || '|' || names.place_key
             else coalesce(alias_pairs.resolved_key, names.name_key) end as unit_key
    from names
    left join alias_pairs
        on alias_pairs.alias_key = names.name_key
        and alias_pairs.scope_issuer is not distinct from names.scope_issuer
    qualify row_number() over (
        partition by names.doc_id, names.unit_name order by alias_pairs.resolved_key) = 1
),

identified as (
    select
        resolved.*,
        'U' || substr(md5(coalesce(scope_issuer || '|', '') || unit_key), 1, 12) as unit_id,
        sum(mentions) over (partition by scope_issuer, unit_key, unit_name) as name_mentions
    from resolved
),

named as (
    select
        identified.*,
        coalesce(
            -- a placed unit: its most printed qualified name (厦门市财政局)
            first_value(case when place_source in ('stated', 'relative', 'document') then qualified_name end
                        ignore nulls) over (
                partition by unit_id order by name_mentions desc, length(qualified_name), qualified_name
                rows between unbounded preceding and unbounded following),
            max(case when {{ unit_name_fold('unit_name') }} = unit_key or from_alias_seed then unit_key end)
                over (partition by unit_id),
            first_value(unit_name) over (
                partition by unit_id order by name_mentions desc, length(unit_name), unit_name)
        ) as canonical_name,
        -- the unit's attributes come from the name that is its key (the alias's own row otherwise)
        row_number() over (
            partition by unit_id order by name_key = unit_key desc, name_mentions desc, unit_name, doc_id
        ) as attribute_rank
    from identified
),

final as (
    select
        ---------- ids
        named.doc_id,
        named.unit_name,
        named.unit_id,
        ---------- the organisation
        named.canonical_name,
        named.scope_issuer,
        named.and_others,
        first_value(named.is_collective) over unit_attributes as is_collective,
        first_value(named.admin_level) over unit_attributes as admin_level,
        first_value(named.kind) over unit_attributes as kind,
        first_value(named.jurisdiction) over unit_attributes as jurisdiction,
        first_value(named.adcode) over unit_attributes as adcode
    from named
    window unit_attributes as (partition by named.unit_id order by named.attribute_rank)
)

select * from final
