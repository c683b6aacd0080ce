"""Reader of the layout fixture files (tests/fixtures/layouts/<family>.txt), the parser's
behaviour spec, and the normalised task record both sides are compared in.

Fixture format (tests/fixtures/layouts/<family>.txt, UTF-8), in the spirit of markdown-it-py's
fixture files. Text before the first "===" line is a free description of the family.

    === <case name>                  starts a case; the name is the test id
    --- layout <name>                expected ParsedDocument.layout ("tab_table", …, "unknown")
    --- xfail parser: <what>         optional; the parser gets this case wrong today. The case
                                     keeps the CORRECT expected output (per the gold SCHEMA.md)
                                     and runs as a strict xfail, so it turns red once fixed.
    --- input                        the raw document, verbatim, up to the next line starting
                                     with "--- " or "=== ": literal tabs, NBSP, trailing tabs
                                     (empty cells) and blank lines are kept; blank lines at the
                                     very end of the block are dropped
    --- expect                       one JSON object per task, in document order; blank lines
                                     and lines starting with "#" are ignored; an empty block or
                                     a line "none" = no tasks
    --- meta                         optional; one JSON object with DocumentMeta fields to check

Expect objects have the keys task_no, l1_no, l2_no, title, requirement, lead, responsible,
cooperating, deadline; l1_title, l2_title and leaders (the person fields, Task.leaders, as
printed) are optional and compared when present. Units are compared per role as ordered lists.
Text is compared like the gold scorer: Unicode NFKC, then all whitespace removed (so full-width
and half-width punctuation are equal).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.paths import FIXTURES

FIXTURE_DIR = FIXTURES / "layouts"
REQUIRED_KEYS = ("task_no", "l1_no", "l2_no", "title", "requirement",
                 "lead", "responsible", "cooperating", "deadline")
OPTIONAL_KEYS = ("l1_title", "l2_title", "leaders")
ROLES = ("lead", "responsible", "cooperating")
_WS = re.compile(r"\s+")


@dataclass
class Case:
    """One fixture case: where it is, what goes in, and what must come out."""

    file: str
    name: str
    line: int
    layout: str = ""
    xfail: str | None = None
    input: str = ""
    expect: list[dict] = field(default_factory=list)
    meta: dict | None = None

    @property
    def id(self) -> str:
        """Test id: "<family file stem>: <case name>"."""
        return f"{self.file}: {self.name}"


def norm(value):
    """Scorer normalisation: NFKC, then all whitespace removed; None stays None, lists map."""
    if value is None:
        return None
    if isinstance(value, list):
        return [norm(v) for v in value]
    return _WS.sub("", unicodedata.normalize("NFKC", str(value)))


def _parse_block(case: Case, section: str, lines: list[str], start: int) -> None:
    """Store one "--- <section>" block's lines on the case (start = its first line number)."""
    if section == "input":
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        case.input = "\n".join(lines)
    elif section == "expect":
        for offset, raw in enumerate(lines):
            if not raw.strip() or raw.lstrip().startswith("#") or raw.strip() == "none":
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{case.file}:{start + offset}: bad JSON: {exc}") from exc
            missing = [k for k in REQUIRED_KEYS if k not in obj]
            unknown = [k for k in obj if k not in REQUIRED_KEYS + OPTIONAL_KEYS]
            if missing or unknown:
                raise ValueError(f"{case.file}:{start + offset}: missing {missing}, unknown {unknown}")
            case.expect.append(obj)
    elif section == "meta":
        text = "\n".join(lines).strip()
        case.meta = json.loads(text) if text else None
    elif lines and any(s.strip() for s in lines):
        raise ValueError(f"{case.file}:{start}: text after '--- {section}'")


def read_fixture(path: Path) -> list[Case]:
    """All cases of one fixture file, in order. Raises ValueError naming the line of a bad block."""
    cases: list[Case] = []
    case: Case | None = None
    section, block, block_start = None, [], 0
    raw_lines = path.read_text(encoding="utf-8").split("\n")

    def flush() -> None:
        if case is not None and section is not None:
            _parse_block(case, section, block, block_start)

    for no, raw in enumerate(raw_lines, 1):
        line = raw.rstrip("\r")
        if line.startswith("=== "):
            flush()
            case = Case(file=path.stem, name=line[4:].strip(), line=no)
            cases.append(case)
            section, block = None, []
        elif line.startswith("--- ") and case is not None:
            flush()
            head, _, rest = line[4:].partition(" ")
            block, block_start = [], no + 1
            if head == "layout":
                case.layout, section = rest.strip(), None
            elif head == "xfail":
                case.xfail, section = rest.strip(), None
                if not case.xfail.startswith("parser: "):
                    raise ValueError(f"{path.name}:{no}: xfail reason must start with 'parser: '")
            elif head in ("input", "expect", "meta"):
                section = head
            else:
                raise ValueError(f"{path.name}:{no}: unknown block '--- {head}'")
        elif case is not None and section is not None:
            block.append(line)
    flush()
    for c in cases:
        if not c.layout:
            raise ValueError(f"{path.name}:{c.line}: case '{c.name}' has no '--- layout'")
    return cases


def all_cases() -> list[Case]:
    """Every case of every fixture file, files in name order."""
    return [c for path in sorted(FIXTURE_DIR.glob("*.txt")) for c in read_fixture(path)]


def task_record(task) -> dict:
    """A parsed Task in the fixture's expect shape, normalised (units grouped per role, in order)."""
    record = {
        "task_no": norm(task.task_no), "l1_no": norm(task.l1_no), "l1_title": norm(task.l1_title),
        "l2_no": norm(task.l2_no), "l2_title": norm(task.l2_title), "title": norm(task.title),
        "requirement": norm(task.requirement), "deadline": norm(task.deadline),
        "leaders": norm(task.leaders),
    }
    for role in ROLES:
        record[role] = [norm(u.name) for u in task.units if u.role == role]
    return record


def expected_record(obj: dict, keys: list[str]) -> dict:
    """An expect object restricted to `keys`, normalised like task_record."""
    return {k: norm(obj[k]) for k in keys}
