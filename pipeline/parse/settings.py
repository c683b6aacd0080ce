"""Every threshold the parser uses, named, with the reason for its value (one place to tune).

Values are document-independent: they describe the shapes of text (a header cell is short, a unit
list has no sentence end), never a particular office's wording.
"""

# --- header cells and labels ---------------------------------------------------------------
HEADER_CELL_MAX = 14  # chars (whitespace removed): the longest real header seen is 9 ("具体工作任务和要求"); prose is longer
HEADER_REMAINDER = 2  # chars of a header left after removing vocabulary words ("民生" of 民生实事); more is prose
BROKEN_HEADER_LINES = 8  # lines a tab header row may span when its cells hold line breaks ("牵头" / "单位"): six columns, most broken once or twice
LABEL_MAX = 8  # chars before a ":" that may form a label ("主要协作单位" is 6); longer runs are sentences
UNKNOWN_HEADERS_MAX_SHARE = 0.5  # a header row may hold at most this share of unknown cells; more is a body row

MAX_COLUMNS = 8  # the widest real task table has 6 columns (序号…备注); a header run is looked for up to this

# a flattening is one cell per line when this share of its "|"-closed lines hold one cell or none;
# pipe rows ("1 | 任务 | 单位 |") hold several, and a few metadata rows above a table must not count
ONE_CELL_SHARE = 0.8

# --- reading a column by its cells -----------------------------------------------------------
COLUMN_EVIDENCE_SHARE = 0.7  # share of a column's non-empty cells that must read as units (or prose) to overturn its header
OVERTURN_MIN_CELLS = 3  # a known header is overturned only on this many cells of evidence, never on one odd row
# chars: a unit list may name a dozen organisations (real cells and unit sentences run to ~130);
# what tells it from prose is that each clause is a name of at most UNIT_NAME_MAX chars
UNIT_CELL_MAX = 240
# chars: a bare bracket closing an item ("…增长6%。（县发改局）") names units when its longest name
# is at least this long: the bracketed words of titles are two ("（试行）", "（暂行）"), and a list
# holds a name with its place or kind ("县妇联", "各乡镇") beside any short one ("街道")
BARE_TRAILER_NAME_MIN = 3
UNIT_NAME_MAX = 30  # chars: the longest real name with its alias is 22 ("市政府办公室(市政务公开工作领导小组办公室)")
DEADLINE_CELL_MAX = 40  # chars: a composite deadline cell that starts with a date ("2021年2月…,2021年8月…") is shorter
SEQ_MAX_DIGITS = 6  # a bare 序号 cell has at most this many digits: lists run past 10,000 rows; a longer bare number is a phone number or a code

# --- aligning cells to columns (layouts/base.py align, layouts/rows.py) -------------------------
# How well a kind of cell (row: seq, unit, deadline, prose cell) fits a kind of column; alignments
# are compared by the sum. A 序号 in the 序号 column is the surest anchor (2); a cell of the wrong
# kind in a seq, unit or text column costs most (-2); a date in a prose column costs less
# (-0.5: requirements print dates) and prose fits a prose column only weakly (0.5), so a unit or
# deadline cell that fits its own column (1) decides the alignment.
CELL_FIT = {
    "seq": {"seq": 2, "units": -2, "deadline": -1, "text": -2},
    "unit": {"seq": -2, "units": 1, "deadline": -1, "text": -2},
    "deadline": {"seq": -1, "units": -1, "deadline": 1, "text": -1},
    "prose": {"seq": -1, "units": -1, "deadline": -0.5, "text": 0.5},
}
SKIP_COST = 1e-3  # what skipping a column costs: a tie-breaker only, far below any difference in CELL_FIT
FIT_SLACK = 1e-9  # float slack when the best alignment is traced back: sums of CELL_FIT and SKIP_COST steps
# A new row costs this much fit: three cells that fit their columns (0.5 + 1 + 1) stay one row
# rather than three, while a cell that fits no later column (-1) opens the next row.
NEW_ROW_COST = 0.5
JOIN_GAIN = 0.5  # a unit cell joining the unit cell before it: less than a column of its own (1)
# a unit cell's extra for a unit column whose other cells hold its names: it decides only between
# columns the cell fits equally (fits differ by 0.5 or more), and outweighs the skip tie-breakers
PROFILE_GAIN = 0.01
PROFILE_MIN_SHARED = 2  # names a unit cell shares with a column's other cells: one ("办公室") is everywhere

# --- numerals ---------------------------------------------------------------------------------
# the largest Chinese numeral read (九千九百九十九): no list runs to 一万, so a marker with 万 is kept as
# printed and reported as unreadable, never misread
NUMERAL_MAX = 9_999

# --- headings, deadlines, signatures --------------------------------------------------------
# chars (whitespace removed): a section heading ("一、紧扣“十四五”开好局起好步，进一步深化政务公开"
# is 26) is short; a longer "一、…" line is an item's paragraph, not a heading
# chars before its trailer of a line read as an item with no known number (item_walk._unmarked_item):
# a task's sentence or short paragraph; a longer run is a notice's prose that happens to name units
UNMARKED_ITEM_MAX = 200
HEADING_MAX = 60
DEADLINE_PHRASE_MAX = 20  # chars: a deadline cell ("2024年6月底前", "每季度") is a phrase; a longer one is an item
# chars besides the date on a signature line ("青禾县人民政府办公室 2024年2月26日"): an office's name
SIGNATURE_PREFIX_MAX = 20
SIGNATURE_ABOVE_LINES = 3  # lines above a signature's date searched for the issuer's name: it stands just above, blank lines aside

# --- titles and issuers (metadata.py) ---------------------------------------------------------
TITLE_MAX = 60  # chars: the longest sample titles are ~50 characters; a longer line is prose
# chars: a notice heading line ("…关于印发…的通知") is shorter; a longer line holding 关于 is a cover
# flattened to one line (number, heading, salutation), whose heading is cut out of it
NOTICE_LINE_MAX = 80
NOTICE_TITLE_LINES = 4  # lines a notice heading may wrap over: a title (TITLE_MAX chars) takes a few lines even when narrow
ISSUER_ABOVE_LINES = 2  # lines above "关于…" searched for the issuer printed on a line of its own

# --- flattened tables -------------------------------------------------------------------------
PIPE_LINES_MIN = 4  # "|"-closed lines needed to call a flattening one cell per "|" line: a header alone has 2-3
BLANK_GAP_SHARE = 0.6  # share of consecutive cells separated by a blank line that makes blocks the cells
SEQ_CELL_DIGITS = 3  # a bare number cell of at most 3 digits anchors rows by 序号 (tables of up to 999 rows)
PDF_LINE_MEDIAN_MAX = 25  # chars: a PDF table's wrapped cells are narrow; a median line longer than this is prose
PDF_UNIT_LINE_MAX = 12  # chars: a PDF unit line is a name or a wrapped piece of a narrow unit column
PDF_LEAD_NAME_MIN = 3  # chars: a lead name sharing a line with the wrapped cell ("区政府办 区 直 各 部"); the wrapped pieces are 1-2
PDF_RECORD_MIN_LINES = 3  # a heading-shaped line ends a PDF record only after this many lines: nearer its start it is a piece of its wrapped cells
# a numbered line opens the next PDF record when its number follows the last by at most this much
# (a row or two the text lost); a bigger jump is a number inside a wrapped cell's text
PDF_NUMBER_STEP_MAX = 3

# --- narrative items ------------------------------------------------------------------------
HEADLINE_MAX = 30  # chars: a headline sentence ("出台…落实意见。") that titles an item is short; real ones are 12-20
# chars: a headline is cut from its body only when the body is a paragraph of requirements (the
# seed notice's bodies run 89-429 chars); a sentence or two after a headline (18-79 chars in the
# samples) belongs to the title, as SCHEMA.md says of narrative items
REQUIREMENT_BODY_MIN = 85
SIGNATURE_NAME_MAX = 24  # chars: an issuing office's name alone on a line ("青禾县人民政府办公室" is 10)
JOINT_NAME_MIN = 3  # chars: X of "X会Y" is a whole name (宣传处), not a word's first part (委员会, 工会)

# --- items inside a line ---------------------------------------------------------------------
# A line shorter than this holds at most one item: the shortest real "1.X（责任单位：Y）。2.…" pair
# is ~30 chars, so shorter lines (most table cells and label lines) are never searched.
INLINE_MIN_CHARS = 24
ITEM_COMMA_DIGITS = 3  # "（1）"…"（999）" and "1，"…"999，" are items; 4 digits there are a year or a code
RUN_ON_SHARE = 0.6  # one line holding this share of a document's characters: its line breaks were lost
# a run-on line with this many "|" marks is a table's cell stream (layouts/cell_stream.py): a
# header of two cells and one row of two already print three; fewer is a sentence quoting a bar
CELL_STREAM_MIN_MARKS = 6
# rows of a run-on table with no cell mark are split at spaces only when at least this share of
# them then name units: a hard-wrapped PDF copy has spaces inside its words ("生 态环境局"), and
# one row that happens to split well says nothing about the others
SPACED_ROWS_MIN = 0.5

# a cell printed one character per line: this many single-character lines in a row are one text
# (a real column of one-character lines is never shorter than a two-character header, "序\n号", plus one)
VERTICAL_MIN = 3

# --- speed ----------------------------------------------------------------------------------
# Every reader reads the same lines and cells again, and cells repeat down tables: what depends
# only on a text (and the vocabulary) is remembered per process, within these bounds.
MEMO_MAX = 50_000  # rules.memo entries: readings of lines, cells, names (~400 B each, ~20 MB full)
SQUASH_CACHE = 16_384  # squashed texts (text.squash): a 15 KB document has ~1,000 distinct lines and cells
HEADING_CACHE = 8_192  # heading readings of stripped lines and cells (assemble.heading_of)
ITEM_CACHE = 16_384  # item styles of lines and line tails (items.item_style): every line, twice per reading
SPLIT_CACHE = 8_192  # lines split at runs of spaces (space_table): a few hundred per document
NUMERAL_CACHE = 4_096  # printed numbers read (numerals.read_number): markers and date parts repeat across documents

# --- scoring competing readings --------------------------------------------------------------
# weights of the parts of a reading's score (sum 1): units decide whether a reading found tasks
# at all, names that read as organisations and clean titles decide whether it cut cells right,
# numbering and coverage break the remaining ties.
SCORE_WEIGHTS = {"units": 0.3, "organisations": 0.15, "clean": 0.2, "numbering": 0.05, "coverage": 0.3}
REGION_MIN_SCORE = 0.55  # a second region (narrative before a table, a second table) joins only when read this well
NUMBERING_UNKNOWN = 0.5  # numbering part of a reading with no two numbered tasks to compare: neither good nor bad
REGION_MIN_LINES = 2  # a leftover region shorter than this many non-blank lines is not read again
# regions are read again inside what a reading leaves before and after it, this many levels deep:
# a file of several tables or notices one after another needs one level per copy (2 levels left
# the 3rd copy unread); each level reads a smaller region, so the bound only guards recursion
REGION_DEPTH_MAX = 64
HEADING_ABOVE_LINES = 2  # a table's own heading stands just above it, at most a table title between

# --- unparsed documents ------------------------------------------------------------------------
TASKLIKE_ITEMS_MIN = 2  # numbered items in a body that mean "there were tasks here" when none were read

# --- site labels, places and citations ---------------------------------------------------------
# A label without colon, bracket or cell bar is read only beside another label on its line:
# "发文日期 2023-01-03  发布机构 X" is a metadata row, "序号 名称 工作任务" a table header.
BARE_LABELS_MIN = 2
# Characters of the preamble and of the body searched for place names: a document names its place
# near its top (a header, the first cells), and the search costs ~6 µs a character (a 50 MB file
# would take minutes)
SCAN_CHARS = 20_000
FULL_NAME_MIN = 3  # two-character full names (成县, 和县, 城区) are everyday words in running text
SHORT_NAME_MIN = 2  # a one-character short name (沁县 -> 沁) is read in no text: too many false hits
# chars after a short place name read for what it names (厦门…局, 湛江分公司): a cell's name is shorter
PLACE_CONTEXT_CHARS = 40
# characters of issuer code before a 发文字号's year brackets, the document's own or one cited (the
# longest codes seen are about six: 闽财非税函, 厦海政办)
PREFIX_MAX = 12
# chars of a title cited in 《》: a notice's title is seldom over 100 characters; this leaves room for
# the spaces and line breaks of a wrapped one
CITED_TITLE_MAX = 150
AFTER_WINDOW = 6  # chars after a citation read for its relation (…》印发给你们, …》要求): the words that state it are short
AFTER_RAW_CHARS = 3 * AFTER_WINDOW  # raw chars read to find AFTER_WINDOW of them once spaces and line breaks are squashed
# unit heading lines ("县发改局：" above its items) a document must print before they are read as
# headings: one such line is a letter's salutation to one unit, a grouping by unit prints several
UNIT_HEADINGS_MIN = 2
# rows a table printed without its header must have before its columns are read from its cells:
# two numbered lines with a tab are too few to tell a table from a list
HEADERLESS_MIN_ROWS = 3
# a bracket after a unit's name holding a deadline word ("（长期坚持）", "（年底前完成）") is a time when
# no longer than this; a longer one is a note of its own ("（负责…年底前…的部分）")
TIME_NOTE_MAX = 8
