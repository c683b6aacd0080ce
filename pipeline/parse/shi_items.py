"""Items run together as "一是…二是…" inside one paragraph, each closed by its own unit trailer.

Example: "（一）推进决策公开。一是完善制度（责任单位：区政府办）。二是加强解读（责任单位：区发改局）。"
-> the heading text "（一）推进决策公开。" and two items 一, 二.
"""
from __future__ import annotations

import re

from pipeline.parse.rules import Rules
from pipeline.parse.text import CN_DIGITS
from pipeline.parse.trailers import find_trailer

# "一是" starting a text or following a sentence/clause end
SHI_RE = re.compile(rf"(?:^|(?<=[。；;，,\s]))([{CN_DIGITS}]+)是")


def split_shi_items(text: str, rules: Rules) -> tuple[str, list[tuple[str, str]]] | None:
    """Split "（一）引言。一是A（责任单位：X）。二是B（责任单位：Y）。" into ("（一）引言。",
    [("一", "A（责任单位：X）。"), ("二", "B（责任单位：Y）。")]) when the parts run 一, 二, …
    and at least two of them end in a unit trailer; None otherwise."""
    if "是" not in text:
        return None  # a quick test before the regex: most lines hold no "一是"
    starts = list(SHI_RE.finditer(text))
    if len(starts) < 2 or starts[0].group(1) != "一" or starts[1].group(1) != "二":
        return None
    parts = []
    for m, nxt in zip(starts, starts[1:] + [None]):
        parts.append((m.group(1), text[m.end(): nxt.start() if nxt else len(text)]))
    if sum(1 for _, p in parts if find_trailer(p.strip(), rules)) < 2:
        return None
    return text[: starts[0].start()], parts
