"""Every threshold the parser uses, named, with the reason for its value (one place to tune).

Values are document-independent: they describe the shapes of text (a header cell is short, a unit
list has no sentence end), never a particular office's wording.
"""

# --- header cells and labels ---------------------------------------------------------------
HEADER_CELL_MAX = 14  # chars (whitespace removed): the longest real header seen is 9 ("具体工作任务和要求"); prose is longer
HEADER_REMAINDER = 2  # chars of a header left after removing vocabulary words ("民生" of 民生实事); more is prose
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
UNIT_NAME_MAX = 30  # chars: the longest real name with its alias is 22 ("市政府办公室(市政务公开工作领导小组办公室)")
DEADLINE_CELL_MAX = 40  # chars: a composite deadline cell that starts with a date ("2021年2月…,2021年8月…") is shorter
SEQ_MAX_DIGITS = 6  # a bare 序号 cell has at most this many digits: lists run past 10,000 rows; a longer bare number is a phone number or a code

# --- numerals ---------------------------------------------------------------------------------
# the largest Chinese numeral read (九千九百九十九): no list runs to 一万, so a marker with 万 is kept as
# printed and reported as unreadable, never misread
NUMERAL_MAX = 9_999

# --- headings, deadlines, signatures --------------------------------------------------------
# chars (whitespace removed): a section heading ("一、紧扣“十四五”开好局起好步，进一步深化政务公开"
# is 26) is short; a longer "一、…" line is an item's paragraph, not a heading
HEADING_MAX = 60
DEADLINE_PHRASE_MAX = 20  # chars: a deadline cell ("2024年6月底前", "每季度") is a phrase; a longer one is an item
# chars besides the date on a signature line ("青禾县人民政府办公室 2024年2月26日"): an office's name
SIGNATURE_PREFIX_MAX = 20

# --- flattened tables -------------------------------------------------------------------------
PIPE_LINES_MIN = 4  # "|"-closed lines needed to call a flattening one cell per "|" line: a header alone has 2-3
BLANK_GAP_SHARE = 0.6  # share of consecutive cells separated by a blank line that makes blocks the cells
SEQ_CELL_DIGITS = 3  # a bare number cell of at most 3 digits anchors rows by 序号 (tables of up to 999 rows)
PDF_LINE_MEDIAN_MAX = 25  # chars: a PDF table's wrapped cells are narrow; a median line longer than this is prose

# --- narrative items ------------------------------------------------------------------------
HEADLINE_MAX = 30  # chars: a headline sentence ("出台…落实意见。") that titles an item is short; real ones are 12-20
# chars: a headline is cut from its body only when the body is a paragraph of requirements (the
# seed notice's bodies run 89-429 chars); a sentence or two after a headline (18-79 chars in the
# samples) belongs to the title, as SCHEMA.md says of narrative items
REQUIREMENT_BODY_MIN = 85
SIGNATURE_NAME_MAX = 24  # chars: an issuing office's name alone on a line ("青禾县人民政府办公室" is 10)

# --- items inside a line ---------------------------------------------------------------------
# A line shorter than this holds at most one item: the shortest real "1.X（责任单位：Y）。2.…" pair
# is ~30 chars, so shorter lines (most table cells and label lines) are never searched.
INLINE_MIN_CHARS = 24
RUN_ON_SHARE = 0.6  # one line holding this share of a document's characters: its line breaks were lost

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
REGION_MIN_LINES = 2  # a leftover region shorter than this many non-blank lines is not read again
# regions are read again inside what a reading leaves before and after it, this many levels deep:
# a file of several tables or notices one after another needs one level per copy (2 levels left
# the 3rd copy unread); each level reads a smaller region, so the bound only guards recursion
REGION_DEPTH_MAX = 64
HEADING_ABOVE_LINES = 2  # a table's own heading stands just above it, at most a table title between

# --- unparsed documents ------------------------------------------------------------------------
TASKLIKE_ITEMS_MIN = 2  # numbered items in a body that mean "there were tasks here" when none were read
