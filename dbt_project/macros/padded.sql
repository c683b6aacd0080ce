{#- Zero-padded text of an integer, never truncated: lpad() cuts longer values, so heading 1000
    of a document would get the node id of heading 100. padded('seq', 4): 7 -> '0007', 12345 -> '12345'. -#}
{% macro padded(n, width) -%}
    lpad(cast({{ n }} as varchar), cast(greatest({{ width }}, length(cast({{ n }} as varchar))) as integer), '0')
{%- endmacro %}
