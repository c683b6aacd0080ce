"""Text from the data (file names, document ids, reasons, cell values) made safe to print on a
terminal: one line, shown as it is, unable to move the cursor or forge output."""
from __future__ import annotations

import re

from rich.text import Text

# C0 controls (newline, carriage return, ESC that starts terminal sequences), DEL and C1 controls;
# U+2028/U+2029 break lines in some terminals; the bidi embeddings, overrides and isolates
# reorder what is shown, so a name could display as something else.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """text with every control character shown as a visible escape (\\n, \\t, \\x1b, \\u202e);
    everything else, brackets and backslashes included, unchanged. Never raises."""
    return _UNPRINTABLE.sub(_escape, text)


def plain(text: str, style: str = "") -> Text:
    """printable(text) as a Rich Text: printed verbatim, with no markup or :emoji: codes read."""
    return Text(printable(text), style=style)
