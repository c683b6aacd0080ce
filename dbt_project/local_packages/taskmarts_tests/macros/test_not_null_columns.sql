{#- Generic test (ours), one node for a model's NOT NULL rules: none of `columns` is NULL on any
    row. Fails with the whole rows (select *) where one of them is, so task_id / doc_id reach the
    audit table and a failure traces to its document (pipeline/warehouse/build.py _dbt_failures). Same check
    as one dbt `not_null` per column, at one node's cost. -#}
{% test not_null_columns(model, columns) %}
{%- if not columns %}{{ exceptions.raise_compiler_error("not_null_columns on " ~ model ~ ": `columns` lists no column") }}{% endif %}
select *
from {{ model }}
where {% for column in columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
