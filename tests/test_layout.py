"""The layout docs/architecture.md draws is the tree: every module path it names exists, every
`taskmarts` command has its module in pipeline/commands/ with one handler, and no module of
pipeline/ imports (even inside a function) a module that imports it back."""
from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re

import pytest

from pipeline import cli
from tests.helpers.paths import ROOT

DOCS = [ROOT / "docs" / "architecture.md", ROOT / "README.md"]
# a path under pipeline/ as the docs write it: pipeline/warehouse/stage.py, pipeline/querying/
PATH = re.compile(r"pipeline/[\w/]*\w(?:\.py|/)")


def _module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """module -> the pipeline modules it imports anywhere in its source but annotations-only
    blocks (`from pipeline.x import y` counts as pipeline.x.y when that is a module, else as
    pipeline.x)."""
    paths = {_module_name(p): p for p in (ROOT / "pipeline").rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        found = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # imports under `if TYPE_CHECKING:` are for annotations only: never run, they make no cycle
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and getattr(block.test, "id", None) == "TYPE_CHECKING" for n in ast.walk(block)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline"):
                found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in paths else node.module
                          for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in paths}
        graph[name] = found - {name}
    return graph


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_module_path_the_docs_name_exists(doc):
    named = set(PATH.findall(doc.read_text(encoding="utf-8")))
    assert named, f"{doc.name} names no module path"
    assert not sorted(p for p in named if not (ROOT / p).exists()), f"{doc.name} names paths that do not exist"


def test_every_module_of_the_package_tree_is_named_in_the_architecture_doc():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = [p for p in (ROOT / "pipeline").glob("**/*.py")
               if p.name != "__init__.py" and "parse" not in p.relative_to(ROOT).parts]
    assert modules
    assert not sorted(str(p.relative_to(ROOT)) for p in modules if p.name not in text)


def test_no_module_imports_a_module_that_imports_it_back():
    graph, state, cycles = _imports(), {}, []

    def visit(name: str, stack: list[str]) -> None:
        stack.append(name)
        state[name] = "open"
        for dep in sorted(graph.get(name, ())):
            if state.get(dep) == "open":
                cycles.append(" -> ".join([*stack[stack.index(dep):], dep]))
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not cycles


def test_only_the_command_line_imports_the_commands():
    importers = {name for name, deps in _imports().items()
                 if not name.startswith("pipeline.commands") and any(d.startswith("pipeline.commands") for d in deps)}
    assert importers == {"pipeline.cli"}


def test_every_command_has_its_module_with_one_handler_and_an_unknown_command_is_refused():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as refused:
        cli.parser().parse_args(["no-such-command"])
    assert refused.value.code == 2
    accepted = re.search(r"choose from (.*)\)", err.getvalue()).group(1)
    assert sorted(re.findall(r"\w+", accepted)) == sorted(cli.COMMANDS)
    for command, module in cli.COMMANDS.items():
        assert callable(getattr(importlib.import_module(f"pipeline.commands.{module}"), "run", None)), command
