{#- Incremental models keyed on doc_id (int_tasks, int_headings, int_task_units_split,
    int_unit_names, tasks, hierarchy, numbering_issues): every row belongs to one document and is
    computed from that document alone, so a build rewrites only the rows of the documents that
    changed. (Unit identity spans documents: int_unit_identity, units and task_units are
    rebuilt whole.)

    A document is rebuilt when this build parsed it: its parse_run in int_current_parses is this
    build's id (TASKMARTS_BUILD_ID; "manual" in a hand-run dbt, as the parse writes it). Its rows
    are deleted first (pre-hook), with those of documents no longer staged, then its new rows are
    appended. A document staged again after being removed is parsed again (int_parsed_documents
    drops the parse of a document that is not staged), so it is rebuilt too. Every pass of one
    build has the same id, so a model that a failing test skipped in the first pass catches up
    in the next.

    Anything else that shapes these rows (the SQL, macros, seeds, the parser) is in the code
    fingerprint: `taskmarts build` passes --full-refresh when it moved (pipeline/warehouse/build.py). A
    hand-run dbt after editing a model needs --full-refresh, as any incremental model does. -#}

{#- This build's id as a SQL string literal (a unit test overrides it) -#}
{% macro this_build() -%}
    '{{ env_var("TASKMARTS_BUILD_ID", "manual") }}'
{%- endmacro %}


{% macro documents_to_rebuild() %}
    select doc_id from {{ ref('int_current_parses') }} where parse_run = {{ this_build() }}
{% endmacro %}


{#- `where doc_id in (documents to rebuild)` in an incremental run, nothing in a full one: the
    filter of a model's input CTEs -#}
{% macro only_documents_to_rebuild() %}
    {%- if is_incremental() %}
    where doc_id in ({{ documents_to_rebuild() }})
    {%- endif %}
{% endmacro %}


{#- The pre-hook: deletes the rows of documents to rebuild and of documents no longer staged
    (empty in a full run, which replaces the table) -#}
{% macro delete_documents_to_rebuild() %}
    {%- if is_incremental() %}
    delete from {{ this }}
    where doc_id in ({{ documents_to_rebuild() }})
        or doc_id not in (select doc_id from {{ ref('int_current_parses') }})
    {%- endif %}
{% endmacro %}


{#- int_parsed_documents' pre-hook: drops the parse of documents that are no longer staged, so a
    document staged again later is parsed (and rebuilt downstream) as a new one -#}
{% macro delete_unstaged_parses() %}
    {%- if is_incremental() %}
    delete from {{ this }} where doc_id not in (select doc_id from {{ ref('stg_documents') }})
    {%- endif %}
{% endmacro %}
