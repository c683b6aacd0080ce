{#- Generic test: the column is NULL or holds some non-blank text ('' never stands for "none"). -#}
{% test null_or_nonblank(model, column_name) %}
select * from {{ model }}
where {{ column_name }} is not null and regexp_replace({{ column_name }}, '[\s　]', '', 'g') = ''
{% endtest %}
