"""Where a cell opens in indented column text (layouts/indented_columns.py) when the opening
indent is printed as spaces or was lost.

Indented column text opens every cell on an indented line and continues it on unindented lines.
Two copies lose that mark: an editor that turns each tab into spaces (the indent is then a run
of spaces), and one that drops whitespace-only lines: a cell whose text began on the line after
its opening tab ("\\t" alone, or "\\t" and a space, then "24.深化…改革") then starts unindented,
as if it continued the cell above. Such a line still opens a cell where the cell above cannot
run on into it (opens_lost_cell).
"""
from __future__ import annotations

from pipeline.parse.items import task_number
from pipeline.parse.layouts.base import cell_kind
from pipeline.parse.model import Line
from pipeline.parse.rules import Rules
from pipeline.parse.settings import HEADING_MAX
from pipeline.parse.text import heading_of, squash

# spaces opening a line that stand for a cell's opening tab in a text whose tabs became spaces
# ("    1.政府工作要做到公开透明"); a single space is a stray, not an indent
SPACE_INDENT_MIN = 2
# what ends a sentence at the end of a prose cell: a unit list after it is a cell of its own
SENTENCE_ENDS = "。；;！!"


def cell_opener(lines: list[Line]) -> str | None:
    """What opens a cell in indented column text: "\\t" when some line starts with a tab; else
    the spaces of the text's shallowest indent plus SPACE_INDENT_MIN, when some line is indented
    that deep (the shallowest lines are the rest of a cell, as below a tab; a paragraph indent
    before every line moves both alike); else None (every line indented alike is no cell structure).

    Serves indented_columns with its tabs printed as spaces. Example: ["附件", "    工作任务",
    "    牵头单位", "    1.推进…", "    海域处", "（审批处）"] -> "  "; the same lines each after
    two more spaces -> "    "."""
    if any(ln.text.startswith("\t") for ln in lines):
        return "\t"
    indents = [len(ln.text) - len(ln.text.lstrip(" ")) for ln in lines if squash(ln.text)]
    base = min(indents, default=0)
    return " " * (base + SPACE_INDENT_MIN) if any(i >= base + SPACE_INDENT_MIN for i in indents) else None


def opens_lost_cell(row: list[str], last_no: int | None, text: str, columns: int, rules: Rules) -> bool:
    """True when an unindented line opens a cell whose opening line was lost, rather than
    continuing the cell above.

    row: the cells of the open row so far (its task cell first; a section heading cell alone
    when no row is open), last cell last; last_no: the number of the last task cell (None before
    the first); text: the unindented line; columns: the header's column count. Three shapes:
    - a numbered task line under a section heading cell: a heading never runs on into an item
      ("（七）优化审批办事服务" then "24.深化…改革");
    - a task line numbered last_no + 1 after a cell that numbers no line of its own (a cell that
      prints its own list "1.… 2.…" continues it);
    - a unit list after a prose cell that ends its sentence, in a row still short of a cell
      ("…咨询服务。" then "办公室牵头，各处室配合" under 工作任务|工作要求|责任部门).
    Example: (["1.加强政策咨询服务。", "畅通…服务。"], 1, "办公室牵头，各处室配合", 3) -> True.
    """
    if not row:
        return False
    above, number = row[-1], task_number(text.strip())
    if number is not None:
        if len(row) == 1 and heading_of(above, 0) and len(squash(above)) <= HEADING_MAX and "\n" not in above:
            return True
        own_list = any(task_number(part.strip()) is not None for part in above.split("\n"))
        return last_no is not None and number == last_no + 1 and not own_list
    return (len(row) < columns and above.rstrip().endswith(tuple(SENTENCE_ENDS))
            and cell_kind(above, rules) == "text" and cell_kind(text, rules) == "units")
