{#- Chinese numeral for an integer 1..99, as section markers print it: 11 -> 十一, 20 -> 二十. -#}
{% macro cn_numeral(n) -%}
    {%- set v = '(' ~ n ~ ')' -%}
    case
        when {{ v }} is null or {{ v }} < 1 or {{ v }} > 99 then cast({{ v }} as varchar)
        when {{ v }} < 10 then substr('一二三四五六七八九', {{ v }}, 1)
        else case when {{ v }} < 20 then '' else substr('一二三四五六七八九', {{ v }} // 10, 1) end
             || '十'
             || case when {{ v }} % 10 = 0 then '' else substr('一二三四五六七八九', {{ v }} % 10, 1) end
    end
{%- endmacro %}
