"""Every command the README shows runs verbatim, the way a user would type it.

The README is copied (with every tracked file, modification times kept) into a temporary
checkout whose `.venv` is a link to this one; `make build` runs there first, then every other
command in the order the README gives it, from the checkout's root, with `.venv/bin` first on
PATH (a user with the environment activated). Commands come from:
- ```sh blocks: one command per line (comments are left to the shell);
- ```python blocks: the whole block, run by .venv/bin/python;
- untyped blocks: lines starting with "$ "; the plain lines of the output shown after such a
  command must appear in what it prints (so a sample output cannot go stale).

Not run: `make test` (it is the command running this test) and programs the README names but the
project does not install (the DuckDB CLI, harlequin): those are skipped with their reason when
they are not on PATH.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

README = ROOT / "README.md"
FENCE = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```", re.M | re.S)
# What running this suite already is: running it again from inside would recurse.
NOT_RUN = {"make test": "make test is the command running this test"}
# Programs the README shows for browsing the warehouse that the project does not install.
EXTERNAL = ("duckdb", "harlequin")
# A README command must finish well inside this (the slowest, `make build`, takes ~30 s).
COMMAND_TIMEOUT_S = 600
# Box-drawing characters and the ellipsis mark text the terminal layout or the README trimmed.
BOX = "│┌┐└┘─├┤┬┴┼"
TRIMMED = ("…", "[…")


@dataclass
class Command:
    """One README command: the text run by bash (or python), and the output lines shown after
    it that must appear in what it prints."""

    text: str
    lang: str = "sh"
    shown: list[str] = field(default_factory=list)

    @property
    def bare(self) -> str:
        """The first line without a trailing shell comment (for naming and matching)."""
        return self.text.splitlines()[0].split(" #")[0].strip()

    @property
    def id(self) -> str:
        return self.bare[:60]


def readme_commands(text: str) -> list[Command]:
    """The commands of a README text in order: see the module docstring for what counts."""
    commands: list[Command] = []
    for fence in FENCE.finditer(text):
        lang, body = fence["lang"], fence["body"]
        if lang == "sh":
            commands += [Command(line.strip()) for line in body.splitlines()
                         if line.strip() and not line.lstrip().startswith("#")]
        elif lang == "python":
            commands.append(Command(body, lang="python"))
        elif not lang:
            for line in body.splitlines():
                if line.startswith("$ "):
                    commands.append(Command(line[2:].strip()))
                elif commands and commands[-1].lang == "sh" and body.lstrip().startswith("$ "):
                    commands[-1].shown.append(line)
    return commands


def _plain(line: str) -> str:
    return " ".join(line.translate({ord(c): " " for c in BOX}).split())


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A copy of the tracked files with `.venv` linked, and the `make build` run in it."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    root = tmp_path_factory.mktemp("readme") / "taskmarts"
    for name in filter(None, tracked.decode().split("\0")):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)  # times kept: make must see the install as done
    (root / ".venv").symlink_to(ROOT / ".venv")
    # `make test` has just installed the venv (the stamp is newer than the lock); make must not
    # re-install the project from this temporary copy into the shared venv
    stamp = (ROOT / ".venv" / ".synced").stat().st_mtime
    for name in ("uv.lock", "pyproject.toml"):
        os.utime(root / name, (stamp - 1, stamp - 1))
    assert subprocess.run(["make", "-q", "install"], cwd=root).returncode == 0, "run `make install` first"
    build = subprocess.run("make build", shell=True, cwd=root, env=_env(root), capture_output=True,
                           text=True, timeout=COMMAND_TIMEOUT_S)
    return root, build


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKMARTS_")}
    env["PATH"] = f"{root / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "100"  # the width the README's sample outputs were taken at
    return env


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def test_readme_has_the_commands_a_user_needs():
    texts = [c.bare for c in COMMANDS]
    assert texts[:2] == ["make build", "make test"]
    assert any(t.startswith(".venv/bin/taskmarts export") for t in texts)
    assert any(c.lang == "python" for c in COMMANDS)
    assert any(c.shown for c in COMMANDS), "the explain sample output is checked"


@pytest.mark.xdist_group("readme_checkout")
def test_make_build(checkout):
    root, build = checkout
    assert build.returncode == 0, build.stdout + build.stderr
    assert (root / "data" / "warehouse.duckdb").exists()
    assert "built data/warehouse.duckdb" in build.stdout


@pytest.mark.xdist_group("readme_checkout")
@pytest.mark.parametrize("command", [c for c in COMMANDS if c.bare != "make build"], ids=lambda c: c.id)
def test_readme_command_runs(command: Command, checkout):
    checkout, build = checkout
    if command.bare in NOT_RUN:
        pytest.skip(NOT_RUN[command.bare])
    program = command.bare.split()[0]
    if program in EXTERNAL and shutil.which(program) is None:
        pytest.skip(f"{program} is not installed here (the README shows it for users who have it)")
    assert build.returncode == 0, f"make build failed:\n{build.stdout}{build.stderr}"
    args = ([str(checkout / ".venv" / "bin" / "python"), "-c", command.text] if command.lang == "python"
            else ["bash", "-c", command.text])
    proc = subprocess.run(args, cwd=checkout, env=_env(checkout), capture_output=True, text=True,
                          encoding="utf-8", timeout=COMMAND_TIMEOUT_S)
    assert proc.returncode == 0, f"{command.text}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    output = _plain(proc.stdout)
    for line in command.shown:
        plain = _plain(line)
        if plain and not any(mark in line for mark in TRIMMED):
            assert plain in output, f"README shows {line!r}, the command printed:\n{proc.stdout}"
    written = re.search(r"--output (\S+)", command.text)
    if written:
        assert (checkout / written[1]).stat().st_size > 0
