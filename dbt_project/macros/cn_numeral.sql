{#- Chinese numeral for an integer 1..9999, as section markers print it (the inverse of read_number, pipeline/parse/numerals.py):
    11 -> 十一, 20 -> 二十, 105 -> 一百零五, 110 -> 一百一十, 1001 -> 一千零一. Other values (0,
    negative, above 9999, NULL) come back as their digits. Each place from the highest non-zero
    one gives digit + unit, or 零 for a zero digit; runs of 零 fold to one, a trailing 零 goes,
    and a leading 一十 is written 十. -#}
{% macro cn_numeral(n) -%}
    {%- set v = '(' ~ n ~ ')' -%}
    {%- set d = "'一二三四五六七八九'" -%}
    case
        when {{ v }} is null or {{ v }} < 1 or {{ v }} > 9999 then cast({{ v }} as varchar)
        else regexp_replace(regexp_replace(regexp_replace(
            {%- for place, unit in [(1000, '千'), (100, '百'), (10, '十')] %}
            case when {{ v }} < {{ place }} then ''
                 when ({{ v }} // {{ place }}) % 10 = 0 then '零'
                 else substr({{ d }}, cast(({{ v }} // {{ place }}) % 10 as integer), 1) || '{{ unit }}' end ||
            {%- endfor %}
            case when {{ v }} % 10 = 0 then '零' else substr({{ d }}, cast({{ v }} % 10 as integer), 1) end,
            '零+', '零', 'g'), '零$', ''), '^一十', '十')
    end
{%- endmacro %}
