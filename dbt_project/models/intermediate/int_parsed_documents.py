"""Parse every staged document once (pipeline.warehouse.records -> pipeline.parse).

Incremental: a document whose sha256 and the parser's fingerprint are unchanged since the last
build keeps its row and is not parsed again; a changed one is re-parsed and replaces its row
(unique_key doc_id). The rows of documents no longer staged are deleted first (pre-hook,
macros/documents_to_rebuild.sql): staged again, such a document is parsed again, so every model
downstream rebuilds it.

The documents to parse stream from DuckDB in Arrow batches through the parse and back: the
model returns a RecordBatchReader, which dbt-duckdb writes through a cursor of its own while
this connection is still reading, so no step holds every text or every result at once.
"""
from pipeline.warehouse.fingerprint import parser_fingerprint
from pipeline.warehouse.records import BATCH_DOCUMENTS, parse_batches


def model(dbt, session):
    # full_refresh=False: --full-refresh (a build after a code change) rebuilds the models
    # downstream but keeps the parse; a parser change re-parses through parser_version
    # (pipeline/warehouse/fingerprint.py parser_fingerprint) instead
    dbt.config(materialized="incremental", unique_key="doc_id", incremental_strategy="delete+insert",
               full_refresh=False)
    documents = dbt.ref("stg_documents").select("doc_id, sha256, text")
    if dbt.is_incremental:
        done = session.sql(f"select doc_id, sha256 from {dbt.this} where parser_version = $version",
                           params={"version": parser_fingerprint()})
        documents = documents.join(done, ["doc_id", "sha256"], how="anti")
    count = documents.aggregate("count(*)").fetchone()[0]
    return parse_batches(documents.to_arrow_reader(BATCH_DOCUMENTS), count)
