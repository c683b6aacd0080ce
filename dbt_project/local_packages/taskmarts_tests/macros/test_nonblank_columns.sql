{#- Generic test (ours): null_or_nonblank on several columns at once, one node. Each of `columns`
    is NULL or holds non-blank text ('' or only (full-width) spaces never stand for "none").
    Fails with the whole rows (select *) holding a blank value in any of them. -#}
{% test nonblank_columns(model, columns) %}
{%- if not columns %}{{ exceptions.raise_compiler_error("nonblank_columns on " ~ model ~ ": `columns` lists no column") }}{% endif %}
select *
from {{ model }}
where {% for column in columns %}({{ column }} is not null and regexp_replace({{ column }}, '[\s　]', '', 'g') = ''){% if not loop.last %}
   or {% endif %}{% endfor %}
{% endtest %}
