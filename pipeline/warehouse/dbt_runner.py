"""Runs `dbt build` on the project in dbt_project/ against a given warehouse file.

dbt runs in a child process (pipeline/warehouse/dbt_process.py), started before staging so its import
overlaps it: dbt-duckdb keeps its DuckDB connection open for the life of the process, and the
validation step (another process) must be able to open the file afterwards. dbt's JSON log is
read line by line to report progress and failures.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pipeline

# dbt gets this long to stop cleanly after SIGTERM (it closes its DuckDB connection) before SIGKILL
DBT_STOP_SECONDS = 10
# dbt's parse of the project (partial_parse.msgpack) shared by the builds of every warehouse, in
# the project's own target/ (not tracked): a first build of a new warehouse then parses only what
# changed since any build of this project (~2 s) instead of all of it (~8 s). dbt checks the file
# itself (project files, profile, dbt version) and parses in full when it does not match.
PARTIAL_PARSE = "partial_parse.msgpack"
PARSE_CACHE = Path("target", "taskmarts-build", PARTIAL_PARSE)


def project_dir() -> Path:
    """dbt_project/ next to the pipeline package (TASKMARTS_DBT_PROJECT overrides)."""
    default = Path(pipeline.__file__).resolve().parent.parent / "dbt_project"
    return Path(os.environ.get("TASKMARTS_DBT_PROJECT") or default)


def marts() -> tuple[str, ...]:
    """The marts, by name: the models of the dbt project's models/marts folder (the stems of its
    .sql and .py files). The one list of them: export writes a Parquet file per name, publish
    knows a marts folder of its own by those files and the validation report shows them first.
    Raises FileNotFoundError when the folder is missing."""
    folder = project_dir() / "models" / "marts"
    return tuple(sorted(path.stem for path in folder.iterdir() if path.suffix in (".sql", ".py")))


@dataclass
class DbtTest:
    """One data test's outcome from dbt's log: test name, the model it tests (its name; "" for a
    source), status (pass | warn | fail | error), severity (error | warn, from the manifest),
    failures (rows the test returned) and relation, the `audit.<test>` table holding them."""

    name: str
    model: str
    status: str
    severity: str
    failures: int
    relation: str


@dataclass
class DbtOutcome:
    """success: dbt exited 0 (warnings allowed); failures: "node: message" lines; nodes: how
    many models, seeds and tests finished; tests: every data test's outcome; broken: models,
    seeds and tests that errored (not a data failure, so no document can be blamed)."""

    success: bool
    nodes: int = 0
    failures: list[str] = field(default_factory=list)
    tests: list[DbtTest] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)

    @property
    def failed_tests(self) -> list[DbtTest]:
        """Data tests of severity error that returned rows."""
        return [t for t in self.tests if t.status == "fail"]


class DbtProcess:
    """One `dbt build` of the warehouse file `warehouse`, in a child process started when this
    object is made (pipeline/warehouse/dbt_process.py): dbt's import (~4 s) runs while the caller stages,
    and build() then only hands it the command. A context manager: leaving it stops the child if
    it is still running (a build that failed before dbt, or was interrupted).
    dbt runs in the warehouse's folder and is given the file's bare name: its profile is then the
    same in every build (a changed profile makes dbt parse the whole project again)."""

    def __init__(self, warehouse: Path):
        env = dict(os.environ, TASKMARTS_WAREHOUSE=warehouse.name, DBT_SEND_ANONYMOUS_USAGE_STATS="false",
                   TASKMARTS_BUILD_PID=str(os.getpid()))  # the child dies with this process
        # -P: the warehouse's folder (the child's working directory) is never on its import path
        self.proc = subprocess.Popen([sys.executable, "-P", "-m", "pipeline.warehouse.dbt_process"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     encoding="utf-8", env=env, cwd=warehouse.resolve().parent)

    def __enter__(self) -> "DbtProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the child unless it has exited: SIGTERM, then SIGKILL after DBT_STOP_SECONDS."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=DBT_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()

    def build(self, state_dir: Path, on_node: Callable[[str, str], None] | None = None,
              full_refresh: bool = True) -> DbtOutcome:
        """Run `dbt build` in the child and follow its log; on_node(name, status) is called as
        each model or test finishes. state_dir: a folder kept between the builds of one
        warehouse (and used by one build at a time) for dbt's target/ and logs/, so dbt
        re-parses only the project files that changed (partial parsing: ~8 s a build on this
        machine). full_refresh: rebuild the per-document incremental models whole (dbt's
        --full-refresh; the parse, int_parsed_documents, is kept either way); False rewrites
        only the rows of the documents that changed (macros/documents_to_rebuild.sql).
        Returns the DbtOutcome (dbt missing from the environment shows as a failure naming
        the import error)."""
        proj = str(project_dir())
        target = state_dir / "target"
        # unit tests check the project's SQL, not the user's data: they run in CI (tests/test_dbt_project.py).
        # No log file: the build follows dbt's JSON log on stdout, and the debug file (every SQL
        # statement, ~5 MB for the seeds) cost ~1.2 s of CPU a build
        args = ["--log-format", "json", "--log-level-file", "none", "build", "--project-dir", proj,
                "--profiles-dir", proj, "--target-path", str(target), "--log-path", str(state_dir / "logs"),
                "--exclude-resource-type", "unit_test", *(["--full-refresh"] if full_refresh else [])]
        _share_parse(project_dir() / PARSE_CACHE, target / PARTIAL_PARSE)
        outcome = self._run(args, target / "manifest.json", on_node)
        if outcome.nodes:
            _share_parse(target / PARTIAL_PARSE, project_dir() / PARSE_CACHE, replace=True)
        return outcome

    def _run(self, args: list[str], manifest: Path, on_node: Callable[[str, str], None] | None) -> DbtOutcome:
        """Send `args` to the child and follow its JSON log into a DbtOutcome."""
        proc = self.proc
        assert proc.stdin is not None and proc.stdout is not None
        outcome = DbtOutcome(success=False)
        errors: list[str] = []
        try:
            with contextlib.suppress(BrokenPipeError):  # a child dead before reading: its output says why
                proc.stdin.write(json.dumps(args) + "\n")
                proc.stdin.close()
            _follow(proc, outcome, errors, on_node, manifest)
            proc.wait()
        except BaseException:  # Ctrl-C or SIGTERM: dbt must not go on writing after we stop
            self.stop()
            raise
        outcome.success = proc.returncode == 0
        if not outcome.success:
            # the error events carry the database's message; the node results only the status
            outcome.failures = errors[-5:] or outcome.failures or [f"dbt exited with {proc.returncode}"]
        return outcome


def _share_parse(source: Path, dest: Path, replace: bool = False) -> None:
    """Copy dbt's saved parse from source to dest (atomically: a copy, then one rename), unless
    source is missing or dest exists and not replace. A folder that cannot be written (a
    read-only install) only means the next first build parses in full: OSError is ignored."""
    if not source.is_file() or (dest.exists() and not replace):
        return
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(f"{dest.name}.{os.getpid()}.part")
        shutil.copyfile(source, part)
        os.replace(part, dest)
    except OSError:
        pass


def _follow(proc: subprocess.Popen, outcome: DbtOutcome, errors: list[str],
            on_node: Callable[[str, str], None] | None, manifest: Path) -> None:
    """Read dbt's JSON log lines until it exits: count nodes, report them, keep error lines,
    record each data test (status, rows returned, node_info.node_relation: its audit table).
    The tests' severities come from `manifest`, the manifest.json dbt wrote under its --target-path."""
    tests: dict[str, DbtTest] = {}  # unique_id -> outcome
    for raw in proc.stdout:
        try:
            event = json.loads(raw)
        except json.JSONDecodeError:
            errors.append(raw.strip())
            continue
        name = event.get("info", {}).get("name")
        data = event.get("data", {})
        if name in ("LogModelResult", "LogSeedResult", "LogTestResult"):
            outcome.nodes += 1
            info = data.get("node_info", {})
            node = info.get("node_name") or data.get("name", "")
            status = str(data.get("status") or info.get("node_status", "")).lower()
            if on_node:
                on_node(node, status)
            if status in ("error", "fail"):
                outcome.failures.append(f"dbt {node}: {status}")
            if status == "error" or (status == "fail" and info.get("resource_type") != "test"):
                outcome.broken.append(node)
            if info.get("resource_type") == "test":
                relation = info.get("node_relation") or {}
                tests[info.get("unique_id", node)] = DbtTest(
                    node, str(data.get("attached_node") or "").rpartition(".")[2], status, "",
                    int(data.get("num_failures") or 0), f"{relation.get('schema')}.{relation.get('alias')}")
        elif event.get("info", {}).get("level") == "error":
            msg = (data.get("msg") or event.get("info", {}).get("msg", "")).strip()
            if msg:  # "Runtime Error in model X (path)" + the database's own first line
                errors.append(" / ".join(ln.strip() for ln in msg.splitlines()[:2]))
    if tests and manifest.is_file():
        nodes = json.loads(manifest.read_text(encoding="utf-8")).get("nodes", {})
        for unique_id, test in tests.items():
            test.severity = str(nodes.get(unique_id, {}).get("config", {}).get("severity", "")).lower()
    outcome.tests = list(tests.values())
