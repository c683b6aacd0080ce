"""The warehouse: raw files staged into DuckDB (decoding, stage), parsed documents as records for dbt,
the dbt runner, lineage matching, the code fingerprint, the Parquet marts, and the build
that publishes a version folder at once (build, publish)."""
