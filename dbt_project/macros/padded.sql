{#- Zero-padded text of an integer, never truncated: lpad() cuts longer values, so task 10000
    of a document would get the id of task 1000. padded('seq', 4): 7 -> '0007', 12345 -> '12345'. -#}
{% macro padded(n, width) -%}
    lpad(cast({{ n }} as varchar), cast(greatest({{ width }}, length(cast({{ n }} as varchar))) as integer), '0')
{%- endmacro %}
