{#- dbt_utils.unique_combination_of_columns, same name and arguments: no two rows share the
    combination. A failing row is one combination (its columns, as named) and how many rows share it. -#}
{% test unique_combination_of_columns(model, combination_of_columns, quote_columns=false) %}
{%- set columns = combination_of_columns if not quote_columns
        else combination_of_columns | map('tojson') | list -%}
select {{ columns | join(', ') }}, count(*) as n_records
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
