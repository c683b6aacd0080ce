"""Imports that dbt and Great Expectations pull in without needing them, skipped.

jsonschema (which dbt and GX use) imports every format checker it finds installed. One is
rfc3987_syntax, installed here because Jupyter asks for jsonschema[format-nongpl]: at import it
builds ~35 Earley parsers with lark, which measured 6.6 s of dbt's 10.9 s import and 3.4 s of
GX's 9.6 s on this project's machine (python-jsonschema/jsonschema#1392, #1428). It only checks
the "iri" and "iri-reference" string formats, which no schema of dbt, GX or this project uses.
"""
from __future__ import annotations

import sys

# modules marked absent: `import` of them raises ImportError, which jsonschema handles by
# leaving their format checkers out
UNNEEDED = ("rfc3987_syntax",)


def skip_unneeded_imports() -> None:
    """Mark UNNEEDED as absent in this process (sys.modules[name] = None), unless a module of
    that name is already imported. Call before the first import of dbt or great_expectations;
    later it changes nothing. Takes nothing, returns nothing, raises nothing."""
    for name in UNNEEDED:
        sys.modules.setdefault(name, None)
