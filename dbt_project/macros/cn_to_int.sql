{#- Integer value of a printed section/task number: '12' -> 12, '十二' -> 12, '一百零五' -> 105,
    '一千零一' -> 1001. Chinese numerals follow the grammar of pipeline/parse/text.py cn_to_int
    ([d]千 [零] [d]百 [零] [d]十 [d], 1..9999); anything else ('十十', '一万', '') is NULL, which
    numbering_issues reports as unreadable. -#}
{% macro cn_to_int(s) -%}
    {%- set v = "replace(" ~ s ~ ", '〇', '零')" -%}
    {%- set p = "'^(?:([一二三四五六七八九])?(千))?零?(?:([一二三四五六七八九])?(百))?零?(?:([一二三四五六七八九])?(十))?([一二三四五六七八九])?$'" -%}
    {%- set d = "'一二三四五六七八九'" -%}
    case
        when {{ s }} is null then null
        when regexp_full_match({{ s }}, '[0-9]+') then try_cast({{ s }} as integer)
        when {{ v }} = '' or {{ v }} like '零%' or {{ v }} like '%零' or not regexp_full_match({{ v }}, {{ p }}) then null
        else
            {%- for digit, unit, value in [(1, 2, 1000), (3, 4, 100), (5, 6, 10)] %}
            case when regexp_extract({{ v }}, {{ p }}, {{ unit }}) = '' then 0
                 when regexp_extract({{ v }}, {{ p }}, {{ digit }}) = '' then {{ value }}
                 else instr({{ d }}, regexp_extract({{ v }}, {{ p }}, {{ digit }})) * {{ value }} end +
            {%- endfor %}
            case when regexp_extract({{ v }}, {{ p }}, 7) = '' then 0
                 else instr({{ d }}, regexp_extract({{ v }}, {{ p }}, 7)) end
    end
{%- endmacro %}
