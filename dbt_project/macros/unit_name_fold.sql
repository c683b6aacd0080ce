{#- Key for matching unit names, never shown: full-width letters, digits and punctuation folded to
    half width (ＡＢＣ１２ -> ABC12, ，-> ,), then round brackets to full width (the form the marts print),
    whitespace of either width removed. task_units.unit_name keeps the printed form. -#}
{% macro unit_name_fold(name) -%}
    regexp_replace(translate({{ name }},
        '！＂＃＄％＆＇＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　()',
        '!"#$%&''*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ （）'), '\s+', '', 'g')
{%- endmacro %}
