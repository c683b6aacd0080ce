"""Parse every staged document once (pipeline.records -> pipeline.parse).

Returns one row per document with its metadata and nested lists of headings and tasks; the
SQL models downstream only unnest and shape.
"""
from pipeline.records import parse_table


def model(dbt, session):
    dbt.config(materialized="table")
    documents = dbt.ref("stg_documents").select("doc_id, text").to_arrow_table()
    return parse_table(documents)
