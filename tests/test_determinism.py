"""The same text reads the same in every process: nothing in the reading may depend on Python's
hash seed (the order of a set of words, say), or a rebuild would change marts for no reason.

Every layout fixture case is parsed in two processes with different PYTHONHASHSEED values and
the task records compared."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers.paths import ROOT

READ_ALL = """\
import json
from pipeline.parse import parse_document
from tests.helpers.layout_fixtures import all_cases, task_record
print(json.dumps({c.id: [task_record(t) for t in parse_document(c.input).tasks] for c in all_cases()},
                 ensure_ascii=False, sort_keys=True))
"""


def _read_all(seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run([sys.executable, "-c", READ_ALL], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout)


def test_every_fixture_reads_the_same_under_two_hash_seeds():
    first, second = _read_all("1"), _read_all("2")
    assert len(first) > 100, "every fixture case is read"
    differ = [case for case in first if first[case] != second[case]]
    assert not differ, differ
