"""Layout recognition and unit extraction: raw document text in, tasks and metadata out.

`parse_document(text)` is the one entry point; everything else in this package is a small rule it
calls. See `layouts/__init__.py` for the ordered list of layout families. Two readings run
around it (pipeline/warehouse/records.py, `taskmarts explain`): `traditional.py` turns a
traditional-character text into simplified before it is read, `due_dates.py` reads a task's
deadline phrase into a date.
"""
from pipeline.parse.document import parse_document
from pipeline.parse.model import ParsedDocument, Task, Unit

__all__ = ["parse_document", "ParsedDocument", "Task", "Unit"]
