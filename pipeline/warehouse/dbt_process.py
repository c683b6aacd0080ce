"""A child process that imports dbt before it has work, then runs one dbt command.

`python -m pipeline.warehouse.dbt_process` imports dbt's Python entry point (dbtRunner) and the DuckDB
adapter (~4 s here, pipeline/warehouse/lean_imports.py), then reads one line from stdin: the command's
arguments as a JSON list (what would follow `dbt` on the command line). It runs them with
dbtRunner, whose log goes to stdout as the `dbt` command's would, and exits with the `dbt`
command's codes: 0 success, 1 a model or test failed, 2 dbt itself failed. End of input before
a line (the build stopped before dbt was needed): exit 0 without running anything.

The build starts this process before staging (pipeline/warehouse/dbt_runner.py DbtProcess), so dbt's import
overlaps the staging instead of following it. Nothing slow is imported at module level: the
parse model's worker processes are spawned from this process and import this module again as
their `__main__`; they must not pay for dbt.
"""
from __future__ import annotations

import json
import os
import sys

BUILD_PID = "TASKMARTS_BUILD_PID"  # the pid of the process that started this one (see main)


def main() -> int:
    """Import dbt, wait for the arguments on stdin, run them; returns the exit code. Killed by
    the kernel when the build that started it (TASKMARTS_BUILD_PID) dies, even by SIGKILL."""
    from pipeline.warehouse.lean_imports import skip_unneeded_imports
    from pipeline.warehouse.stopping import die_with_parent

    if os.environ.get(BUILD_PID):
        die_with_parent(int(os.environ[BUILD_PID]))

    skip_unneeded_imports()  # ~7 s of dbt's import on this machine
    import dbt.adapters.duckdb  # noqa: F401  (registered by the invocation; imported now, while waiting)
    from dbt.cli.main import dbtRunner

    line = sys.stdin.readline()
    if not line.strip():
        return 0
    args = json.loads(line)
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        print(f"pipeline.warehouse.dbt_process: expected a JSON list of strings on stdin, got {line[:200]!r}", flush=True)
        return 2
    result = dbtRunner().invoke(args)
    sys.stdout.flush()
    if result.exception is not None:
        print(f"pipeline.warehouse.dbt_process: dbt failed: {result.exception}", flush=True)
        return 2
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
