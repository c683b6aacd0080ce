{#- Drops the `<model>__dbt_tmp…` tables an incremental run leaves behind. dbt-duckdb writes the
    new rows of an incremental Python model (int_parsed_documents) into such a table and, since
    it is meant to be a temporary one, never drops it. Runs at the end of every dbt run/build
    (on-run-end in dbt_project.yml), so no build publishes one. -#}
{% macro drop_dbt_tmp_relations() %}
  {% if execute %}
    {% for kind, catalog, name in [('table', 'duckdb_tables', 'table_name'), ('view', 'duckdb_views', 'view_name')] %}
      {% set leftovers = run_query(
          "select schema_name, " ~ name ~ " from " ~ catalog ~ "() "
          ~ "where database_name = current_database() and not temporary and " ~ name
          ~ " like '%\\_\\_dbt\\_tmp%' escape '\\'"
      ) %}
      {% for row in leftovers.rows %}
        {% do run_query('drop ' ~ kind ~ ' if exists "' ~ row[0] ~ '"."' ~ row[1] ~ '"') %}
      {% endfor %}
    {% endfor %}
  {% endif %}
{% endmacro %}
