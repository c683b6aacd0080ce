"""Baseline for the validation step: a plain Great Expectations checkpoint script.

Usage: python benchmarks/gx_baseline.py WAREHOUSE

What any GX validation of the marts costs at least: import GX, make an ephemeral context, read
marts.tasks into pandas and run one checkpoint of two expectations (task_id not null and
unique). Prints the seconds of each part and exits 0 whether or not they pass.
"""
from __future__ import annotations

import sys
import time


def main() -> None:
    started = time.perf_counter()
    import duckdb
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig

    imported = time.perf_counter()
    con = duckdb.connect(sys.argv[1], read_only=True)
    frame = con.sql("select * from marts.tasks").df()
    con.close()
    read = time.perf_counter()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = context.data_sources.add_pandas("marts").add_dataframe_asset("tasks").add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite(name="tasks", expectations=[
        gxe.ExpectColumnValuesToNotBeNull(column="task_id"), gxe.ExpectColumnValuesToBeUnique(column="task_id")]))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name="tasks", data=batch, suite=suite))
    result = context.checkpoints.add(gx.Checkpoint(name="tasks", validation_definitions=[definition])).run(
        batch_parameters={"dataframe": frame})
    done = time.perf_counter()
    print(f"gx baseline: {done - started:.1f} s (import {imported - started:.1f} s, read {len(frame)} tasks "
          f"{read - imported:.1f} s, checkpoint {done - read:.1f} s, success {result.success})")


if __name__ == "__main__":
    main()
