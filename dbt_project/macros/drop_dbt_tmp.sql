{#- Drops the `<model>__dbt_tmp…` tables an incremental run leaves behind. dbt-duckdb writes the
    new rows of an incremental Python model (int_parsed_documents) into such a table and, since
    it is meant to be a temporary one, never drops it. Runs at the end of every dbt run/build
    (on-run-end in dbt_project.yml), so no build publishes one. -#}
{% macro drop_dbt_tmp_relations() %}
  {% if execute %}
    {% set leftovers = run_query(
        "select schema_name, table_name from duckdb_tables() "
        ~ "where database_name = current_database() and not temporary and table_name like '%\\_\\_dbt\\_tmp%' escape '\\'"
    ) %}
    {% for row in leftovers.rows %}
      {% do run_query('drop table if exists "' ~ row[0] ~ '"."' ~ row[1] ~ '"') %}
    {% endfor %}
    {% set views = run_query(
        "select schema_name, view_name from duckdb_views() "
        ~ "where database_name = current_database() and not temporary and view_name like '%\\_\\_dbt\\_tmp%' escape '\\'"
    ) %}
    {% for row in views.rows %}
      {% do run_query('drop view if exists "' ~ row[0] ~ '"."' ~ row[1] ~ '"') %}
    {% endfor %}
  {% endif %}
{% endmacro %}
