"""Layout recognition and unit extraction: raw document text in, tasks and metadata out.

`parse_document(text)` is the one entry point; everything else in this package is a small rule it
calls. See `layouts/__init__.py` for the ordered list of layout families.
"""
from pipeline.parse.document import parse_document
from pipeline.parse.model import ParsedDocument, Task, Unit

__all__ = ["parse_document", "ParsedDocument", "Task", "Unit"]
