"""Properties of parse_document: surface noise that does not change a document must not change
its parse.

Documents: every non-empty input of the layout fixtures (tests/fixtures/layouts) and the five
seed documents in data/raw. For each, the parse result (layout, and every task's numbers,
sections, title, requirement, deadline and units per role, after NFKC + whitespace removal) must
be the same when
  (a) full-width punctuation ，（）：； is folded to half-width ,():; (all of it, or a random part);
  (b) line endings become CRLF (all lines, or a random part);
  (c) random trailing spaces (plain, NBSP, U+3000) are added to lines;
  (d) a page-break header row, in the document's own header format, is inserted between two tasks
      (documents without a table header are not tested for (d));
  (e) every tab is printed as 4 or 8 spaces, or expanded to tab stops 4 or 8 columns apart, or
      (f) the whitespace-only lines of a text with tab-indented lines are dropped (documents
      with tabs, see TAB_DOCS for those left out).
Hypothesis draws the random parts; TASKMARTS_PROPERTY_EXAMPLES sets its max_examples (default 25).
"""
from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse import parse_document
from pipeline.parse.columns import join_split_header
from pipeline.parse.layouts.tab_table import broken_header
from pipeline.parse.model import Line
from pipeline.parse.rules import load_rules
from pipeline.parse.text import run_on_line
from tests.helpers.layout_fixtures import all_cases, task_record
from tests.helpers.paths import SEEDS

MAX_EXAMPLES = int(os.environ.get("TASKMARTS_PROPERTY_EXAMPLES", "25"))
SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None)

FOLD = {"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"}

# Column names a header row is made of (SCHEMA.md's column names plus common variants); used only
# to find the document's own header block, which the test then copies verbatim.
HEADER_WORDS = tuple(sorted((
    "工作任务", "重点任务", "主要任务", "工作目标", "目标", "任务", "工作要求", "具体要求", "主要内容",
    "工作措施", "具体措施", "牵头单位", "牵头部门", "责任单位", "责任部门", "责任处室", "责任科室",
    "配合单位", "协办单位", "序号", "时限", "完成时限", "时限要求", "责任领导", "牵头领导", "备注",
    "当前进度", "落实情况", "项目内容", "民生实事", "工作事项", "任务分工", "工作要点",
), key=len, reverse=True))
_WS = re.compile(r"\s+")
_RULE_ROW = re.compile(r"^[\s|:\-]+$")


@dataclass(frozen=True)
class Doc:
    """A document under test: id, raw text, and its header block (raw lines) or None."""

    id: str
    text: str
    header: tuple[str, ...] | None


def summary(text: str) -> tuple[str, list[dict]]:
    """What must not change: the layout and every task's normalised fields (not line numbers)."""
    doc = parse_document(text)
    return doc.layout, [task_record(t) for t in doc.tasks]


@lru_cache(maxsize=None)
def original_summary(text: str) -> tuple[str, list[dict]]:
    """summary() of an unchanged document, computed once per document."""
    return summary(text)


def _is_header_words(text: str) -> bool:
    """True when `text` (whitespace removed) is a run of header words: "工 作 任 务工作要求"."""
    rest = _WS.sub("", text)
    if not rest:
        return False
    while rest:
        word = next((w for w in HEADER_WORDS if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word):]
    return True


def _is_header_line(line: str) -> bool:
    """A line of a header block: header words, tab-separated header cells, or a pipe row whose
    cells are header words or halves of one ("| 工作 | 具体 |" / "| 任务 | 要求 |")."""
    body = line.strip()
    if "|" in body and _WS.sub("", body.replace("|", "")):
        cells = [_WS.sub("", c) for c in body.split("|") if _WS.sub("", c)]
        return all(_is_header_words(c) or (len(c) >= 2 and any(c in w for w in HEADER_WORDS))
                   for c in cells)
    return _is_header_words(body.replace("\t", ""))


def _is_separator(line: str) -> bool:
    """Blank lines, lines holding only "|", markdown rule rows: allowed inside a header block."""
    return not line.strip() or bool(_RULE_ROW.match(line))


def header_block(text: str) -> tuple[str, ...] | None:
    """The document's own header block, verbatim: the header lines before the first heading or
    task, plus the separator lines (blank, "|") between them and the body. None without one."""
    doc = parse_document(text)
    if not doc.tasks:
        return None
    lines = text.split("\n")
    first = min([doc.tasks[0].line_start] + [h.line for h in doc.headings]) - 1  # 0-based
    i = first - 1
    while i >= 0 and (_is_separator(lines[i]) or _is_header_line(lines[i])):
        i -= 1
    start = next((j for j in range(i + 1, first) if not _is_separator(lines[j])), None)
    if start is None:
        return None
    return tuple(lines[start:first])


def _documents() -> list[Doc]:
    """Fixture inputs (non-empty) and the seed documents in data/raw."""
    docs = [Doc(f"fixture {c.id}", c.input, header_block(c.input))
            for c in all_cases() if c.input.strip()]
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(Doc(f"raw {path.stem}", text, header_block(text)))
    return docs


DOCS = _documents()
# Folding ，→, is no change of punctuation in a CSV file but of its structure: a cell's comma becomes
# a separator (a CSV writer would have quoted that cell). The folding properties hold for the rest.
FOLDABLE = [d for d in DOCS if not d.id.startswith("fixture csv_table:")]


def _params(docs: list[Doc]) -> list:
    """pytest params, one per document, named by its id. Every property must hold on every
    document: a break the parser cannot mend yet is written as a layout fixture case with a
    strict xfail (tests/fixtures/layouts), not hidden here."""
    return [pytest.param(doc, id=doc.id) for doc in docs]


def fold(text: str, rnd: random.Random | None = None, chars: set[str] | None = None,
         share: float = 1.0) -> str:
    """Fold full-width ，（）：； to half-width: the chosen chars (default all), each occurrence
    with probability `share` (needs rnd when share < 1)."""
    chars = set(FOLD) if chars is None else chars
    return "".join(FOLD[ch] if ch in chars and (share >= 1 or rnd.random() < share) else ch
                   for ch in text)


def crlf(text: str, rnd: random.Random | None = None, share: float = 1.0) -> str:
    """Turn LF line endings into CRLF: every one, or each with probability `share`."""
    lines = text.split("\n")
    ends = ["\r\n" if share >= 1 or rnd.random() < share else "\n" for _ in lines[1:]]
    return lines[0] + "".join(end + line for end, line in zip(ends, lines[1:]))


def trailing_spaces(text: str, pads: list[str]) -> str:
    """Append pads[i % len(pads)] to line i (pads are runs of spaces, NBSP or U+3000, or empty)."""
    lines = text.split("\n")
    return "\n".join(line + pads[i % len(pads)] for i, line in enumerate(lines))


def insert_header(text: str, header: tuple[str, ...], before_line: int, blank_before: bool) -> str:
    """Insert the header block before 1-based line `before_line`, optionally after a blank line."""
    lines = text.split("\n")
    block = ([""] if blank_before else []) + list(header)
    return "\n".join(lines[: before_line - 1] + block + lines[before_line - 1:])


@lru_cache(maxsize=None)
def task_boundaries(text: str) -> list[int]:
    """1-based lines where a task starts on a line after the previous task's last line."""
    tasks = parse_document(text).tasks
    return [b.line_start for a, b in zip(tasks, tasks[1:]) if a.line_end < b.line_start]


# ---------------------------------------------------------------- (a) full-width punctuation

@pytest.mark.parametrize("doc", _params(FOLDABLE))
def test_fold_all_punctuation(doc: Doc) -> None:
    """Folding every ，（）：； to ,():; leaves the parse unchanged."""
    assert summary(fold(doc.text)) == original_summary(doc.text)


@pytest.mark.parametrize("doc", _params(FOLDABLE))
@SETTINGS
@given(data=st.data())
def test_fold_some_punctuation(doc: Doc, data) -> None:
    """Folding a random part of the full-width punctuation leaves the parse unchanged."""
    chars = data.draw(st.sets(st.sampled_from(sorted(FOLD)), min_size=1), label="chars")
    share = data.draw(st.sampled_from([1.0, 0.5, 0.2]), label="share")
    rnd = random.Random(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    assert summary(fold(doc.text, rnd, chars, share)) == original_summary(doc.text)


# ---------------------------------------------------------------- (a2) double spacing

@pytest.mark.parametrize("doc", _params(DOCS))
def test_double_spaced(doc: Doc) -> None:
    """A blank line after every line (a web copy printing each line as a paragraph) leaves the
    parse unchanged: a pipe row or a cell that wraps over lines still reads as one."""
    assert summary(doc.text.replace("\n", "\n\n")) == original_summary(doc.text)


@pytest.mark.parametrize("doc", _params(DOCS))
@pytest.mark.parametrize("bar", ["│", "｜"])
def test_drawn_cell_bars(doc: Doc, bar: str) -> None:
    """Cell borders drawn with a box-drawing or full-width bar instead of "|" leave the parse unchanged."""
    assert summary(doc.text.replace("|", bar)) == original_summary(doc.text)


@pytest.mark.parametrize("doc", _params(DOCS))
def test_paragraph_indent(doc: Doc) -> None:
    """Two ideographic spaces before every non-blank line (a paragraph indent) leave the parse unchanged."""
    indented = "\n".join("\u3000\u3000" + line if line.strip() else line for line in doc.text.split("\n"))
    assert summary(indented) == original_summary(doc.text)


@pytest.mark.parametrize("doc", _params(DOCS))
def test_html_entities(doc: Doc) -> None:
    """A web copy that kept HTML entities as text (&nbsp; for spaces, &ldquo; &rdquo; for quotes,
    &#12289; for 、) parses as the plain text does."""
    escaped = (doc.text.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("、", "&#12289;")
               .replace(" ", "&nbsp;"))
    assert summary(escaped) == original_summary(doc.text)


@pytest.mark.parametrize("doc", _params(DOCS))
def test_part_headings(doc: Doc) -> None:
    """Top-level sections printed "第一部分 …" instead of "一、…" give the same sections and tasks."""
    parts = re.sub(r"(?m)^([ \t]*)([一二三四五六七八九十]+)、", r"\1第\2部分 ", doc.text)
    assert summary(parts) == original_summary(doc.text)


# ---------------------------------------------------------------- (b) CRLF line endings

@pytest.mark.parametrize("doc", _params(DOCS))
def test_crlf_everywhere(doc: Doc) -> None:
    """CRLF line endings on every line leave the parse unchanged."""
    assert summary(crlf(doc.text)) == original_summary(doc.text)


@pytest.mark.parametrize("doc", _params(DOCS))
@SETTINGS
@given(data=st.data())
def test_crlf_mixed(doc: Doc, data) -> None:
    """A random mix of LF and CRLF line endings leaves the parse unchanged."""
    rnd = random.Random(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    share = data.draw(st.sampled_from([0.5, 0.1, 0.9]), label="share")
    assert summary(crlf(doc.text, rnd, share)) == original_summary(doc.text)


# ---------------------------------------------------------------- (c) trailing spaces

PADS = ["", "", " ", "  ", "   ", "\u3000", " \u00a0"]


@pytest.mark.parametrize("doc", _params(DOCS))
@SETTINGS
@given(pads=st.lists(st.sampled_from(PADS), min_size=1, max_size=17))
def test_trailing_spaces(doc: Doc, pads: list[str]) -> None:
    """Spaces added at the end of random lines leave the parse unchanged."""
    assert summary(trailing_spaces(doc.text, pads)) == original_summary(doc.text)


# ---------------------------------------------------------------- (d) page-break header rows

def _broken_header(text: str) -> bool:
    """True when the first tab row is the first line of a header printed over several lines inside
    its cells ("…\t牵头" / "单位\t配合" / …): header_block finds only its last line, and printed as
    spaces its lines are not told from rows (left out)."""
    lines = [Line(k, t) for k, t in enumerate(text.split("\n"), 1)]
    first = next((k for k, ln in enumerate(lines) if "\t" in ln.text.strip("\t")), None)
    return first is not None and broken_header(lines, first, load_rules()) is not None


HEADER_DOCS = [d for d in DOCS if d.header and task_boundaries(d.text) and not _broken_header(d.text)]


def test_header_docs_cover_every_table_family() -> None:
    """The page-break property runs on a document of every table family (guards header_block)."""
    layouts = {parse_document(d.text).layout for d in HEADER_DOCS}
    assert {"tab_table", "pipe_table", "cell_lines", "indented_columns", "pdf_wrapped"} <= layouts


@pytest.mark.parametrize("doc", _params(HEADER_DOCS))
@SETTINGS
@given(data=st.data())
def test_repeated_header_between_tasks(doc: Doc, data) -> None:
    """The document's own header block inserted between two tasks (a page break) leaves the
    parse unchanged."""
    before = data.draw(st.sampled_from(task_boundaries(doc.text)), label="before_line")
    blank = data.draw(st.booleans(), label="blank_before")
    assert summary(insert_header(doc.text, doc.header, before, blank)) == original_summary(doc.text)


# ---------------------------------------------------------------- (e, f) tabs printed as spaces

# A whitespace-only line holding a tab right above a tab-indented line: an empty cell printed on
# a line of its own. Printed as spaces or dropped, it leaves no trace, and the row reads the cell
# as merged with the row above (the strict xfail in tests/fixtures/layouts/indented_columns.txt).
_EMPTY_CELL_LINE = re.compile(r"(?m)^[ ]*\t[ \t]*\n(?:[ \t]*\n)*\t")


def _split_header(text: str) -> bool:
    """True when the first tab row is half of a header printed over two lines inside its cells
    ("工作\\t责任" over "任务\\t单位"): printed as spaces, it is not told from a row (left out)."""
    rows = [[c.strip() for c in ln.split("\t")] for ln in text.split("\n") if "\t" in ln.strip("\t")][:2]
    return len(rows) == 2 and join_split_header(*rows) is not None


_WRONG_TODAY = {f"fixture {c.id}" for c in all_cases() if c.xfail}  # no reference reading
# A table printed without its header whose tabs become one space (a cell ending a column short of
# a tab stop) has nothing left to tell its cells from the words inside them: no header to align
# with, so it is left out of the tab properties.
_HEADERLESS = {f"fixture {c.id}" for c in all_cases() if c.layout == "headerless_table"}
# Documents with tabs, but none whose tabs cannot be told apart once printed as spaces: an empty
# cell's own line, and a run-on text (a table on one line, whose tabs alone tell its cells from
# the spaces between words).
TAB_DOCS = [d for d in DOCS if "\t" in d.text and d.id not in _WRONG_TODAY | _HEADERLESS and not _EMPTY_CELL_LINE.search(d.text)
            and run_on_line([ln for ln in d.text.split("\n") if ln.strip()]) is None and not _split_header(d.text)
            and not _broken_header(d.text)]


def assert_same_reading(changed: str, doc: Doc) -> None:
    """The tasks of `changed` are those of the document; so is the layout, but that a text whose
    every line opened with a tab, printed with spaces, is one cell per line (cell_lines), the
    same cells as indented columns, and a tab table of short cells printed with spaces may line
    its cells up as a space table does (space_table, the same cells)."""
    (layout, tasks), (was, wanted) = summary(changed), original_summary(doc.text)
    assert tasks == wanted
    assert layout == was or (was, layout) in (("indented_columns", "cell_lines"), ("tab_table", "space_table"))


@pytest.mark.parametrize("doc", _params(TAB_DOCS))
@pytest.mark.parametrize("width", [4, 8])
def test_tabs_printed_as_spaces(doc: Doc, width: int) -> None:
    """Every tab printed as `width` spaces (an editor's copy) leaves the parse unchanged: a tab
    table reads with its tabs restored, indented cells open at their indent. (Two spaces are
    left out: they also pad a two-character name, "王  芳", in a cell of its own.)"""
    assert_same_reading(doc.text.replace("\t", " " * width), doc)


@pytest.mark.parametrize("doc", _params(TAB_DOCS))
@pytest.mark.parametrize("width", [4, 8])
def test_tabs_expanded_to_tab_stops(doc: Doc, width: int) -> None:
    """Every tab expanded to the next tab stop of `width` columns (str.expandtabs, an editor's
    or `expand`'s copy: 1 to `width` spaces, one where a cell ends a column short of a stop)
    leaves the parse unchanged."""
    assert_same_reading(doc.text.expandtabs(width), doc)


@pytest.mark.parametrize("doc", _params([d for d in TAB_DOCS if re.search(r"(?m)^\t", d.text)]))
def test_whitespace_only_lines_dropped(doc: Doc) -> None:
    """Dropping the blank and whitespace-only lines of a text with tab-indented lines (a tab alone
    on a line opens a cell whose text starts on the next line) leaves the parse unchanged."""
    assert_same_reading(re.sub(r"\n\s*\n", "\n", doc.text), doc)
