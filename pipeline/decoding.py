"""Bytes of a raw file -> text, with the encoding recorded. UTF-8 (with or without BOM) is
tried first; anything else is detected by charset-normalizer."""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """text: the decoded str (BOM removed); encoding: the codec name that decoded it."""

    text: str
    encoding: str


# Formats people drop into a folder of .txt files by mistake, recognised by their first bytes.
_MAGIC = ((b"%PDF", "PDF document"), (b"\x89PNG", "PNG image"), (b"PK\x03\x04", "ZIP/Office document"),
          (b"\xd0\xcf\x11\xe0", "legacy Office document"), (b"\xff\xd8\xff", "JPEG image"),
          (b"GIF8", "GIF image"), (b"{\\rtf", "RTF document"))
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> Decoded:
    """Decode one file's bytes.

    Returns Decoded(text, encoding). Raises UndecodableError when the bytes are a known binary
    format (PDF, PNG, Office…), contain NUL bytes outside UTF-16/32 and are not UTF-8, or fit no
    text encoding. A UTF-8 file with stray NUL bytes decodes (callers remove them).
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise UndecodableError(f"binary file ({kind}), not text")
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(name), name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise UndecodableError("binary content (NUL bytes) and no UTF-16/32 byte-order mark")
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError("no text encoding fits these bytes")
    return Decoded(str(best), best.encoding)
