"""Parse every staged document once (pipeline.records -> pipeline.parse).

Incremental: a document whose sha256 and the parser's fingerprint are unchanged since the last
build keeps its row and is not parsed again; a changed one is re-parsed and replaces its row
(unique_key doc_id). Rows of deleted documents stay here but no model downstream selects them
(they join back to stg_documents on doc_id and sha256).
"""
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.records import parse_table, parser_version


def model(dbt, session):
    dbt.config(materialized="incremental", unique_key="doc_id", incremental_strategy="delete+insert")
    documents = dbt.ref("stg_documents").select("doc_id, sha256, text").to_arrow_table()
    if dbt.is_incremental:
        done = session.sql(
            f"select doc_id || ':' || sha256 from {dbt.this} where parser_version = '{parser_version()}'"
        ).fetchall()
        keys = pc.binary_join_element_wise(documents["doc_id"], documents["sha256"], ":")
        unchanged = pc.is_in(keys, value_set=pa.array([k for (k,) in done], type=pa.string()))
        documents = documents.filter(pc.invert(unchanged))
    return parse_table(documents)
