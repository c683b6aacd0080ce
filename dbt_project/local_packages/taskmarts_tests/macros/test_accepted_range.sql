{#- dbt_utils.accepted_range, same name and arguments: every non-NULL value lies between
    min_value and max_value (bounds included unless inclusive=false). Fails with the whole rows. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
{%- set below = '<' if inclusive else '<=' -%}
{%- set above = '>' if inclusive else '>=' -%}
select *
from {{ model }}
where {{ column_name }} is not null
  and (false
  {%- if min_value is not none %} or {{ column_name }} {{ below }} {{ min_value }}{% endif %}
  {%- if max_value is not none %} or {{ column_name }} {{ above }} {{ max_value }}{% endif %})
{% endtest %}
