"""parse_document: the parser's one entry point."""
from __future__ import annotations

from pipeline.parse.assemble import assemble
from pipeline.parse.layouts import FAMILIES
from pipeline.parse.metadata import extract_meta
from pipeline.parse.model import ParsedDocument, Row
from pipeline.parse.rules import load_rules
from pipeline.parse.text import clean_lines


def parse_document(text: str) -> ParsedDocument:
    """Recognise a document's layout and extract its tasks, sections and metadata.

    text: the decoded document (str, any line endings). Returns a ParsedDocument whose layout is
    the first family in layouts.FAMILIES that yields at least one task, or 'unknown' with no
    tasks and a warning when none does. Never raises on odd input: a family that fails is
    skipped with a warning naming it.
    """
    rules = load_rules()
    lines = clean_lines(text)
    warnings: list[str] = []
    for family in FAMILIES:
        try:
            found = family.extract(lines, rules)
            if not found or not any(isinstance(e, Row) for e in found.events):
                continue
            tasks, headings = assemble(found.events, rules)
        except Exception as exc:  # a bug in one family must not lose the document
            warnings.append(f"layout {family.__name__.rsplit('.', 1)[-1]} failed: {exc!r}")
            continue
        if tasks:
            meta = extract_meta(lines, found.body_start, rules)
            return ParsedDocument(found.layout, meta, tasks, headings, warnings + found.warnings)
    warnings.append("no known layout recognised: kept with no tasks")
    return ParsedDocument("unknown", extract_meta(lines, len(lines), rules), [], [], warnings)
