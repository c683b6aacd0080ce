{#- Use the folder's schema name as is (raw, staging, intermediate, marts), not "main_marts":
    analysts and CI query marts.tasks. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name else target.schema }}
{%- endmacro %}
