"""Regions: what a reading leaves before and after it is read again, however many times a file
holds a table or a notice (issue 21, item 5: the third copy of a document used to go unread)."""
from __future__ import annotations

from pathlib import Path

from pipeline.parse import parse_document

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "000_29335d39a7fa83d2.txt"


def test_every_copy_of_a_document_in_one_file_is_read():
    text = SEED.read_text(encoding="utf-8")  # ends with a 抄送 line after its table
    one = len(parse_document(text).tasks)
    assert one == 37
    for copies in (2, 3, 10):
        assert len(parse_document("\n".join([text] * copies)).tasks) == copies * one
