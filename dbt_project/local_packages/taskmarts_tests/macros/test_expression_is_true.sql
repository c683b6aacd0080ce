{#- dbt_utils.expression_is_true, same name and arguments: the SQL expression holds for every row
    (on a column: `column_name expression`, e.g. column unit_count with expression '>= 1').
    Fails with the whole rows where it is false; a NULL result is not a failure (pair with not_null). -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not ({{ column_name ~ ' ' if column_name is not none }}{{ expression }})
{% endtest %}
