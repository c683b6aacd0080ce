"""Where the tests find the project and their inputs. The seed documents live in data/raw (they
are the project's own input); tests never read ../shared."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT / "data" / "raw"
