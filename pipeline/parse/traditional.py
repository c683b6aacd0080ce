"""Documents in traditional characters (Big5 copies on mirror sites, 正體 text in UTF-8) are
read through a traditional -> simplified conversion before parsing: the parser's vocabulary
(牵头单位, 责任单位 …) is simplified. raw.documents keeps the original text; only what the
parser reads is converted.

The conversion is OpenCC's t2s (opencc-python-reimplemented: pure Python, its dictionaries
inside the package, nothing fetched at runtime). It converted 16 KB in ~20 ms here, so a text is
converted only when it looks traditional: at least TRADITIONAL_MIN_SHARE of the first
SAMPLE_HANZI Chinese characters (within the first SAMPLE_SPAN * SAMPLE_HANZI characters) are
characters that only traditional text uses.
"""
from __future__ import annotations

import functools
from pathlib import Path

import opencc

from pipeline.parse.text import HAN  # Chinese characters: where both scripts differ

# Chinese characters looked at: about a page. The shares measured below (0.0 and 0.36-0.38) are
# far apart on any page, and the check costs ~0.3 ms a document here instead of ~0.7 ms for 4,000.
SAMPLE_HANZI = 1000
# Characters of the text searched for them: a page with tables and numbers is still mostly Chinese.
SAMPLE_SPAN = 3
# Share of traditional-only characters from which a text is converted. Measured on the seeds:
# 0.0 in each, 0.36-0.38 in their traditional copies (OpenCC s2t); a simplified text quoting a
# traditional name or two stays far below.
TRADITIONAL_MIN_SHARE = 0.05
NOTE = "traditional characters: read through a traditional-to-simplified conversion (OpenCC t2s); raw keeps the original"


@functools.cache
def _traditional_only() -> frozenset[str]:
    """Characters OpenCC maps to another character and never to themselves (TSCharacters.txt)."""
    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and source not in targets.split():
            chars.add(source)
    return frozenset(chars)


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def traditional_share(text: str) -> float:
    """Share of traditional-only characters among the first SAMPLE_HANZI Chinese characters of
    text (0.0 when it has none)."""
    hanzi = HAN.findall(text, 0, SAMPLE_SPAN * SAMPLE_HANZI)[:SAMPLE_HANZI]
    return sum(map(_traditional_only().__contains__, hanzi)) / len(hanzi) if hanzi else 0.0


def simplified(text: str) -> tuple[str, bool]:
    """(text in simplified characters, True) when text looks traditional (see the module
    docstring), else (text, False). Line breaks are kept, so line numbers stay those of the file."""
    if traditional_share(text) < TRADITIONAL_MIN_SHARE:
        return text, False
    return _converter().convert(text), True
