"""Table shapes: a structure's items written as a flattened table.

Each shape function takes the rendering's `Layout` (header cells, items with their cells) and
returns `Blocks`: the header lines, then one block of lines per heading or item, and the string
that joins lines ("\n", or "\n\n" where cells are blank-line paragraphs). render.py adds the
preamble, page noise and width folding. This module imports nothing from `pipeline`.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from tests.renderings.axes import display_width, letter_space, wrap

# Space tables separate cells by runs of two or more spaces; the renderer pads to the widest cell
# of each column and then adds this many spaces, so even the widest cell is followed by a run.
SPACE_GAP = 2
# An editor that prints each tab as spaces uses this many (tab_table_spaces, indented_cells_spaces)
TAB_SPACES = 4


@dataclass
class Row:
    """One line of a table: a heading (text only) or an item (cells in column order; an empty
    string is an empty cell; `merged` holds the indexes of cells merged with the row above)."""
    heading: str | None = None
    cells: list[str] = field(default_factory=list)
    merged: set[int] = field(default_factory=set)


@dataclass
class Layout:
    """Header cell texts and the rows, plus the axis values the table shapes read."""
    header: list[str]
    rows: list[Row]
    letter_spaced: bool = False
    wrap_width: int | None = None  # cell_paragraphs, pipe_rows, tab_table, csv_rows: wrap long cells inside them
    wrap_cols: frozenset = frozenset()  # the cells that may wrap: title and requirement only, since
    # a line break inside a unit cell separates units (SCHEMA) and a deadline is short
    bar_lines: bool = False  # cell_per_line only: a line "|" after each cell instead of " |"
    sub_header: list[str] | None = None  # a second header row under merged cells (TWO_ROW_HEADERS)
    heading_cell: str = "first_cell"  # axes.AXES["heading_cell"]: where a section row prints its numeral
    quoted: bool = True  # tab_table: a cell holding line breaks is quoted (Excel), else printed bare (Word)
    headerless: bool = False  # header_rows "none": no header row printed (HEADERLESS_SHAPES)


@dataclass
class Blocks:
    """Header lines, one list of lines per row (heading or item, `is_item` per block), the joiner."""
    header: list[str]
    blocks: list[list[str]]
    is_item: list[bool]
    joiner: str = "\n"


def _header(layout: Layout) -> list[str]:
    return [letter_space(h) if layout.letter_spaced else h for h in layout.header]


def _header_rows(layout: Layout, row) -> list[str]:
    """The header's lines: its row, and the row under its merged cells when it has one; none
    for a table printed without its header (Layout.headerless)."""
    if layout.headerless:
        return []
    spaced = [letter_space(h) if layout.letter_spaced else h for h in layout.sub_header or []]
    return [row(_header(layout))] + ([row(spaced)] if layout.sub_header else [])


# a section heading's numeral and mark, and its title ("（一）法规文件" -> "（一）", "法规文件")
_HEADING_NUMERAL = re.compile(r"^([(（]?[一二三四五六七八九十]+[)）]?)([、.．]?)\s*(.*)$", re.S)


def heading_cells(layout: Layout, heading: str) -> list[str]:
    """A section row's cells as a table with a 序号 column prints them (Layout.heading_cell): the
    heading in the first cell, or its numeral (with or without its mark) in the 序号 cell and its
    title in the next; the other cells empty."""
    m = _HEADING_NUMERAL.match(heading)
    if layout.heading_cell == "first_cell" or m is None:
        cells = [heading]
    else:
        numeral, mark, title = m.groups()
        cells = [numeral + (mark if layout.heading_cell == "seq_cell" else ""), title]
    return cells + [""] * (len(layout.header) - len(cells))


def _blocks(layout: Layout, header: list[str], item_lines, heading_lines, joiner="\n") -> Blocks:
    blocks = [heading_lines(r.heading) if r.heading is not None else item_lines(r) for r in layout.rows]
    return Blocks(header, blocks, [r.heading is None for r in layout.rows], joiner)


def _broken(layout: Layout, i: int, cell: str) -> str:
    """The cell with line breaks at the wrap width where it may wrap (title, requirement)."""
    return "\n".join(wrap(cell, layout.wrap_width)) if layout.wrap_width and i in layout.wrap_cols else cell


def tab_table(layout: Layout) -> Blocks:
    """One row per line, cells separated by tabs; a heading row is the heading followed by the
    empty cells of the other columns. With a wrap width, a long title or requirement cell holds
    line breaks and is quoted, as Excel copies such a cell ('1\t"推进公开，' / '完善制度"\t…'), or
    (not Layout.quoted) printed bare, as Word copies it ('1\t推进公开，' / '完善制度\t…')."""
    len(layout.header)

    def body(r: Row) -> list[str]:
        cells = [(f'"{b}"' if "\n" in (b := _broken(layout, i, c)) and layout.quoted else b) for i, c in enumerate(r.cells)]
        return "\t".join(cells).split("\n")
    return _blocks(layout, _header_rows(layout, "\t".join), body, lambda h: ["\t".join(heading_cells(layout, h))])


def csv_rows(layout: Layout) -> Blocks:
    """A spreadsheet saved as CSV: one row per line, cells joined by ",", a cell holding a comma,
    a quote or (with a wrap width, a long title or requirement) a line break quoted (the csv
    library's own quoting); a heading row fills the first cell."""
    len(layout.header)

    def row(cells: list[str]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)  # "\n" in a cell is then quoted too
        return out.getvalue()[:-1]
    return _blocks(layout, _header_rows(layout, row),
                   lambda r: row([_broken(layout, i, c) for i, c in enumerate(r.cells)]).split("\n"),
                   lambda h: [row(heading_cells(layout, h))])


def pipe_rows(layout: Layout) -> Blocks:
    """One row per line as "| a | b | c |"; a heading row fills the first cell, the rest empty.
    With a wrap width, a long title or requirement cell wraps onto new lines inside its row
    ("| 1 | 完善决策程序，" / "落实公众参与 | 县司法局 |"), as a converter prints a tall cell."""
    len(layout.header)
    row = lambda cells: "| " + " | ".join(cells) + " |"

    def body(r: Row) -> list[str]:
        return row([_broken(layout, i, c) for i, c in enumerate(r.cells)]).split("\n")
    return _blocks(layout, _header_rows(layout, row), body, lambda h: [row(heading_cells(layout, h))])


def cell_per_line(layout: Layout) -> Blocks:
    """Every cell on its own line ending in " |" (an empty cell is a line " |"); a heading is one
    line "一、… |". With `bar_lines`, each cell is followed by a line holding only "|" (an empty
    cell prints no line, so two "|" lines follow one another), as in web copies of Word tables."""
    if layout.bar_lines:
        cell = lambda c: [c, "|"] if c else ["|"]
    else:
        cell = lambda c: [f"{c} |" if c else " |"]
    cells = lambda cs: [line for c in cs for line in cell(c)]
    return _blocks(layout, cells(_header(layout)), lambda r: cells(r.cells), lambda h: cell(h))


def cell_paragraphs(layout: Layout) -> Blocks:
    """Every cell is a paragraph and paragraphs are separated by blank lines; a long cell may wrap
    over several lines inside its paragraph. Empty cells vanish, so the renderer only prints
    columns that are never empty (layout built accordingly)."""
    def para(i: int, text: str) -> str:
        return "\n".join(wrap(text, layout.wrap_width)) if layout.wrap_width and i in layout.wrap_cols else text
    return _blocks(layout, list(_header(layout)), lambda r: [para(i, c) for i, c in enumerate(r.cells) if c],
                   lambda h: [h], joiner="\n\n")


def space_rows(layout: Layout) -> Blocks:
    """One row per line, cells padded to their column's display width plus SPACE_GAP spaces (the
    last cell unpadded); a heading is a line of its own."""
    items = [r.cells for r in layout.rows if r.heading is None]
    widths = [max(display_width(c) for c in col) + SPACE_GAP for col in zip(layout.header, *items)]

    def line(cells: list[str]) -> str:
        padded = [c + " " * (w - display_width(c)) for c, w in zip(cells[:-1], widths)]
        return ("".join(padded) + cells[-1]).rstrip()
    return _blocks(layout, [line(layout.header)], lambda r: [line(r.cells)], lambda h: [h])


def delimiter_free(layout: Layout) -> Blocks:
    """Every cell on its own line with no delimiter at all; empty cells and cells merged with the
    row above vanish (the parser must inherit a merged cell from the row above)."""
    return _blocks(layout, list(_header(layout)),
                   lambda r: [c for i, c in enumerate(r.cells) if c and i not in r.merged], lambda h: [h])


def tab_table_one_line(layout: Layout) -> Blocks:
    """tab_table with every line break lost (a web copy): preamble, header and rows on one line,
    each line's end a space."""
    blocks = tab_table(layout)
    blocks.joiner = " "
    return blocks


def pipe_rows_one_line(layout: Layout) -> Blocks:
    """pipe_rows with every line break lost (a web copy): "… | 2.x | y | 县财政局 | | 3.…"."""
    blocks = pipe_rows(layout)
    blocks.joiner = " "
    return blocks


def cell_per_line_one_line(layout: Layout) -> Blocks:
    """cell_per_line with every line break lost: one stream of cells and "|" marks ("任务 | 责任单位
    | | 做好公开 | …"), rows found from the header's column count, not from a line start."""
    blocks = cell_per_line(layout)
    blocks.joiner = " "
    return blocks


def indented_cells(layout: Layout) -> Blocks:
    """Every cell on a line of its own opening with a tab, in column order (an empty cell is the
    tab alone); a long title or requirement wraps onto unindented lines; each header cell and
    each heading is a tab-indented line of its own (Word tables copied as text)."""
    def cell(i: int, text: str) -> list[str]:
        lines = wrap(text, layout.wrap_width) if layout.wrap_width and i in layout.wrap_cols else [text]
        return ["\t" + lines[0]] + lines[1:]
    return _blocks(layout, ["\t" + h for h in _header(layout)],
                   lambda r: [line for i, c in enumerate(r.cells) for line in cell(i, c)], lambda h: ["\t" + h])


def _tabs_as_spaces(blocks: Blocks) -> Blocks:
    """The same lines with every tab printed as TAB_SPACES spaces (an editor's copy)."""
    tab = " " * TAB_SPACES
    return Blocks([h.replace("\t", tab) for h in blocks.header],
                  [[line.replace("\t", tab) for line in b] for b in blocks.blocks], blocks.is_item, blocks.joiner)


def tab_table_spaces(layout: Layout) -> Blocks:
    """tab_table with every tab printed as TAB_SPACES spaces: two runs together around an empty cell."""
    return _tabs_as_spaces(tab_table(layout))


def single_spaced(layout: Layout) -> Blocks:
    """tab_table with every tab printed as one space (a web copy that prints a cell border so):
    an empty cell leaves two spaces together; the header is never letter-spaced."""
    blocks = tab_table(layout)
    return Blocks([h.replace("\t", " ") for h in blocks.header],
                  [[line.replace("\t", " ") for line in b] for b in blocks.blocks], blocks.is_item, blocks.joiner)


def indented_cells_spaces(layout: Layout) -> Blocks:
    """indented_cells with every tab printed as TAB_SPACES spaces: an empty cell's line is then
    blank, and the cell vanishes (VANISHING)."""
    return _tabs_as_spaces(indented_cells(layout))


TABLE_SHAPES = {f.__name__: f for f in (tab_table, csv_rows, pipe_rows, cell_per_line, cell_paragraphs, space_rows, delimiter_free,
                                         tab_table_one_line, pipe_rows_one_line, cell_per_line_one_line,
                                         tab_table_spaces, indented_cells, indented_cells_spaces, single_spaced)}
# Shapes on one line: a letter-spaced header cannot be told from the text before it, and page
# noise is a page number only (a repeated header row is read as a row).
ONE_LINE_TABLES = ("tab_table_one_line", "pipe_rows_one_line", "cell_per_line_one_line")
# Of those, the shapes whose rows the item grammar finds by their number: a bare 序号 cell is no
# item there (a cell stream counts its cells instead)
NUMBERED_ONE_LINE = ("tab_table_one_line", "pipe_rows_one_line")
# Shapes that print a two-row header (header_rows "two"): their empty cells show where a cell is merged
TWO_ROW_HEADERS = ("tab_table", "pipe_rows", "csv_rows", "tab_table_spaces")
# Shapes printed without their header row too (header_rows "none"): cells split at tabs or pipes
HEADERLESS_SHAPES = ("tab_table", "pipe_rows")
# Shapes where an empty cell leaves no trace: a column is printed only if no cell of it is empty.
VANISHING = ("cell_paragraphs", "space_rows", "delimiter_free", "indented_cells_spaces")
