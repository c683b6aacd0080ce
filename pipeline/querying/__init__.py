"""Reading the published marts: a locked-down read-only connection (read_only), which marts and
columns there are (schema_info), nested values as text (flat_text)."""
