{#- The organisations a printed list names when its names share the last one's organisation word:
    "晋江市、福安市人民政府" names 晋江市人民政府 and 福安市人民政府. The list stays one printed unit
    (task_units, as the labelling convention keeps it); its members count in each organisation's
    workload (units) and are linked from its row (task_units.member_unit_ids).
    A part takes the last name's words after the character it ends with (市 of 晋江市 -> 人民政府
    of 福安市人民政府). A list with brackets or another collective word (各市、县政府) is left alone,
    and so is one whose every part does not make a name. -#}
{{ config(materialized="view") }}
with printed as (
    select distinct doc_id, unit_name from {{ ref('int_task_units_split') }} as split
),

collective_words as (
    select coalesce(string_agg(regexp_escape(word), '|'), '$^') as words
    from {{ ref('unit_name_patterns') }} as patterns
    where rule = 'collective_word' and word <> '、'
),

lists as (
    select printed.doc_id, printed.unit_name, string_split(printed.unit_name, '、') as parts
    from printed
    cross join collective_words
    where contains(printed.unit_name, '、')
        and not regexp_matches(printed.unit_name, '[（）()]')
        and not regexp_matches(printed.unit_name, collective_words.words)
),

parts as (
    select doc_id, unit_name, unnest(parts) as part, parts[-1] as last_part, len(parts) as part_count,
           unnest(range(1, len(parts) + 1)) as part_index
    from lists
),

members as (
    select
        doc_id,
        unit_name,
        part_count,
        case
            when part_index = part_count then part
            -- the last name's words after the character this part ends with
            when length(part) >= 2 and strpos(last_part, right(part, 1)) between 2 and length(last_part) - 2
                then part || substr(last_part, strpos(last_part, right(part, 1)) + 1)
        end as member_name
    from parts
),

final as (
    select doc_id, unit_name, member_name
    from members
    where member_name is not null
    qualify count(*) over (partition by doc_id, unit_name) = part_count
)

select distinct * from final
