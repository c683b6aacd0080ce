"""The corpus document each cited title names (pipeline.warehouse.lineage_match.match_titles, rapidfuzz),
one row per distinct cited title that matches; a title naming no corpus document has no row."""
import pyarrow as pa

from pipeline.warehouse.lineage_match import match_titles

SCHEMA = pa.schema([("cited_title", pa.string()), ("matched_doc_id", pa.string()), ("title_score", pa.float64())])


def model(dbt, session):
    dbt.config(materialized="table")
    cited = [r[0] for r in dbt.ref("int_citation_occurrences")
             .filter("cited_title is not null").select("cited_title").distinct().order("cited_title").fetchall()]
    documents = dbt.ref("int_current_parses").select("doc_id, title").fetchall()
    rows = match_titles(cited, documents)
    return pa.Table.from_pylist([dict(zip(SCHEMA.names, r)) for r in rows], schema=SCHEMA)
