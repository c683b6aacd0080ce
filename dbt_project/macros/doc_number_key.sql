{#- Key for matching a 发文字号, never shown: every bracket pair around the year (〔〕 [] ［］ 【】 () （）)
    folded to 〔〕, full-width digits to half width, whitespace removed, so 闽政办函[2021]34号,
    闽政办函（2021）３４ 号 and 闽政办函〔2021〕34号 are one key. NULL stays NULL. -#}
{% macro doc_number_key(number) -%}
    regexp_replace(translate({{ number }}, '[]［］【】()（）０１２３４５６７８９',
                             '〔〕〔〕〔〕〔〕〔〕0123456789'), '\s+', '', 'g')
{%- endmacro %}
