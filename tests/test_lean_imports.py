"""pipeline/warehouse/lean_imports.py: dbt's and Great Expectations' jsonschema loads without the slow
rfc3987_syntax module and still checks the string formats it has checkers for."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers.paths import ROOT

SCRIPT = textwrap.dedent("""
    import sys
    from pipeline.warehouse.lean_imports import skip_unneeded_imports
    skip_unneeded_imports()
    import jsonschema
    from jsonschema import Draft202012Validator as V
    assert sys.modules["rfc3987_syntax"] is None, "marked absent, never imported"
    checker = V.FORMAT_CHECKER
    assert "iri" not in checker.checkers and "date" in checker.checkers
    schema = {"type": "object", "properties": {"day": {"type": "string", "format": "date"}}}
    assert not list(V(schema, format_checker=checker).iter_errors({"day": "2026-11-29"}))
    assert list(V(schema, format_checker=checker).iter_errors({"day": "2026-13-45"}))
    print("ok")
""")


def test_jsonschema_loads_without_rfc3987_syntax_and_still_checks_formats():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stdout + proc.stderr


def test_an_already_imported_module_is_left_alone():
    proc = subprocess.run([sys.executable, "-c", "import sys, json; sys.modules['rfc3987_syntax'] = json; "
                           "from pipeline.warehouse.lean_imports import skip_unneeded_imports; skip_unneeded_imports(); "
                           "print(sys.modules['rfc3987_syntax'] is json)"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "True", proc.stdout + proc.stderr
