{#- Integer value of a printed section/task number: '12' -> 12, '十二' -> 12, '二十一' -> 21 (1..99). -#}
{% macro cn_to_int(s) -%}
    case
        when {{ s }} is null then null
        when regexp_full_match({{ s }}, '[0-9]+') then try_cast({{ s }} as integer)
        when {{ s }} = '十' then 10
        when regexp_full_match({{ s }}, '[一二三四五六七八九]') then instr('一二三四五六七八九', {{ s }})
        when regexp_full_match({{ s }}, '十[一二三四五六七八九]') then 10 + instr('一二三四五六七八九', substr({{ s }}, 2, 1))
        when regexp_full_match({{ s }}, '[一二三四五六七八九]十') then 10 * instr('一二三四五六七八九', substr({{ s }}, 1, 1))
        when regexp_full_match({{ s }}, '[一二三四五六七八九]十[一二三四五六七八九]')
            then 10 * instr('一二三四五六七八九', substr({{ s }}, 1, 1)) + instr('一二三四五六七八九', substr({{ s }}, 3, 1))
    end
{%- endmacro %}
