"""A read-only connection to the published warehouse, for every command that reads the marts
(`taskmarts sql`, `tables`, `describe`, `export`, `lineage`, `units`).

For `taskmarts sql`, read-only is enforced twice: exactly one statement is accepted and it must be a SELECT (or
EXPLAIN of one), and the connection is opened read-only with file access disabled and its
settings locked, so COPY, ATTACH, read_text(), INSTALL/LOAD or SET fail even if one slipped by.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from pipeline.safe_text import printable

# No file but the warehouse may be read or written (COPY, ATTACH, read_text, extensions), and no
# setting changed afterwards (SET enable_external_access = true would undo the first).
_LOCKED_DOWN = {"enable_external_access": False, "lock_configuration": True}
# unqualified names are marts first, then dbt's main schema (where nothing user-facing lives)
SEARCH_PATH = "marts,main"
# DuckDB classifies `describe`, `show`, `summarize` and read-only `pragma`s as SELECT too.
_ALLOWED = (duckdb.StatementType.SELECT,)
# EXPLAIN [ANALYZE] [(options)] <statement>, after any leading comments: ANALYZE runs the
# statement, so the statement explained must itself be allowed.
_EXPLAIN = re.compile(r"^(?:\s|--[^\n]*(?:\n|$)|/\*.*?\*/)*explain\s+(?:analy[sz]e\s+)?(?:\([^)]*\)\s*(?=\S))?",
                      re.IGNORECASE | re.DOTALL)
# DuckDB's wording for a lock held by another process (a build or a notebook writing the file);
# any other IO error means the file is not a usable database (no other file can be reached).
_LOCKED = "Could not set lock"


def _refuse(what: str) -> ValueError:
    """The error for a refused query; what: the reason, e.g. "a COPY statement"."""
    return ValueError(f"taskmarts sql is read-only and runs one SELECT (or EXPLAIN of one): refused {what}")


def check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Accept sql only when it is exactly one SELECT, or EXPLAIN [ANALYZE] of one SELECT.

    Raises ValueError naming what was refused (no statement, several, or the statement type,
    e.g. COPY, ATTACH, SET); duckdb.ParserException when sql does not parse."""
    statements = con.extract_statements(sql)
    if not statements:
        raise _refuse("an empty query: give one statement")
    if len(statements) > 1:
        raise _refuse(f"{len(statements)} statements: give exactly one statement")
    statement = statements[0]
    if statement.type == duckdb.StatementType.EXPLAIN:
        explained = _EXPLAIN.match(statement.query)
        if not explained:
            raise _refuse("an EXPLAIN it could not read")
        check_read_only(con, statement.query[explained.end():])
    elif statement.type not in _ALLOWED:
        raise _refuse(f"a {statement.type.name} statement")


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A locked-down read-only connection whose search path starts with the marts schema, so
    `select * from tasks` and `select * from marts.tasks` read the same mart. Raises
    FileNotFoundError when the warehouse does not exist and ValueError (one line) when it is
    locked by a writer or is not a usable database."""
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse not found: {warehouse} (run `taskmarts build` first, or run from "
                                f"the project folder or set TASKMARTS_PROJECT to it)")
    try:
        con = duckdb.connect(str(warehouse), read_only=True, config=_LOCKED_DOWN)
    except duckdb.IOException as exc:
        raise unusable(warehouse, exc) from None
    has_marts = con.execute("select count(*) from duckdb_schemas() where database_name = current_database() "
                            "and schema_name = ?", [SEARCH_PATH.split(",")[0]]).fetchone()[0]
    if has_marts:  # a session setting, which the lock leaves free; a file with no marts keeps the default
        con.execute(f"set search_path = '{SEARCH_PATH}'")
    return con


def unusable(warehouse: Path, exc: duckdb.IOException) -> ValueError:
    """The one-line error (returned, for the caller to raise) for an IO error on the warehouse:
    locked by a writer, or damaged."""
    reason = printable((str(exc).splitlines() or [type(exc).__name__])[0])
    if _LOCKED in reason:
        return ValueError(f"warehouse {warehouse} is in use by another process, try again: {reason}")
    return ValueError(f"warehouse {warehouse} is damaged ({reason}); `taskmarts build` sets it aside "
                      f"and rebuilds it")
