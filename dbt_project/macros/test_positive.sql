{#- Generic test: every row of the model has a positive value in `column_name` (a unit count). -#}
{% test positive(model, column_name) %}
select * from {{ model }} where coalesce({{ column_name }}, 0) <= 0
{% endtest %}
