"""Bytes of a raw file -> text, with the encoding recorded. UTF-8 (with or without BOM) is
tried first; anything else is detected by charset-normalizer. read_document() is the one way a
raw file becomes a document's text (staging and `taskmarts explain` both call it): decoded, line
ends made \\n, NUL bytes removed, each repair named."""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import CharsetMatch, from_bytes
from charset_normalizer.utils import is_multi_byte_encoding


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """text: the decoded str (BOM removed); encoding: the codec name that decoded it;
    warning: what was repaired to decode it (None when nothing was)."""

    text: str
    encoding: str
    warning: str | None = None


@dataclass(frozen=True)
class DocumentText:
    """A raw file's text as the pipeline reads it: text (line ends \\n, NUL bytes removed);
    encoding: the codec that decoded it; repairs: what was repaired to read it, in order (an
    incomplete last character removed, NUL bytes removed), empty when nothing was."""

    text: str
    encoding: str
    repairs: tuple[str, ...] = ()


# Formats people drop into a folder of .txt files by mistake, recognised by their first bytes.
_MAGIC = ((b"%PDF", "PDF document"), (b"\x89PNG", "PNG image"), (b"PK\x03\x04", "ZIP/Office document"),
          (b"\xd0\xcf\x11\xe0", "legacy Office document"), (b"\xff\xd8\xff", "JPEG image"),
          (b"GIF8", "GIF image"), (b"{\\rtf", "RTF document"))
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Windows-1252 is by far the commonest single-byte code page, but charset-normalizer ranks
# code pages that score the same (cp1250, cp1006…) before it. It wins a tie when its reading
# looks Western: non-ASCII characters only from this set (Latin-1 letters, Œœ and the
# punctuation Western text uses; not Š/Ž, which point to Central Europe) ...
_WESTERN = (set(bytes(range(0xC0, 0x100)).decode("latin-1")) - set("×÷ÝýÞþÐð")
            | set("Œœ€‚„…†‡‰‹›‘’“”•–—˜™«»¡¿°§©®±·£¥¢\xa0"))
# ... and a minority of its letters accented: Cyrillic or Greek bytes read as cp1252 give
# accented letters only ("Ïðèâåò").
_WESTERN_ACCENTED_SHARE = 0.5
# Languages charset-normalizer may recognise in a cp1252 reading of cp1250 bytes (Hungarian ő
# reads as õ, Czech č as è): when its first guess is one of these, cp1250 is kept.
_CENTRAL_EUROPEAN = {"Croatian", "Czech", "Hungarian", "Polish", "Romanian", "Serbian", "Slovak", "Slovene"}


def _utf8(data: bytes, bom: bool = False) -> Decoded:
    """UTF-8 (after a 3-byte BOM when bom), tolerating only a last character cut short (a copy
    or download that stopped mid-file): it is dropped with a warning. Raises
    UnicodeDecodeError otherwise, its offsets counted from the start of the file."""
    start = 3 if bom else 0
    encoding = "utf-8-sig" if bom else "utf-8"
    try:
        return Decoded(data[start:].decode("utf-8"), encoding)
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end + start == len(data):
            return Decoded(data[start:start + exc.start].decode("utf-8"), encoding,
                           "file ends inside a UTF-8 character (truncated?): incomplete character removed")
        raise UnicodeDecodeError("utf-8", data, exc.start + start, exc.end + start, exc.reason) from None


def _guess(data: bytes, utf8_error: UnicodeDecodeError) -> Decoded:
    # UTF-16/32 are only accepted with a BOM (see decode); on a tie the Chinese reading wins,
    # because for a few dozen bytes of GBK charset-normalizer often ranks Korean or Japanese first.
    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        raise UndecodableError(f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
                               f"{utf8_error.start}) and no other text encoding fits these bytes")
    best = matches[0]
    best = next((m for m in matches if m.encoding == "gb18030" and m.chaos <= best.chaos), best)
    return _prefer_cp1252(best, matches)


def _looks_western(text: str) -> bool:
    """True when text reads as Western European (see _WESTERN)."""
    letters = [c for c in text if c.isalpha()]
    accented = sum(not c.isascii() for c in letters)
    return (bool(letters) and accented < _WESTERN_ACCENTED_SHARE * len(letters)
            and all(c in _WESTERN for c in text if not c.isascii()))


def _prefer_cp1252(best: CharsetMatch, matches: list[CharsetMatch]) -> Decoded:
    """best, or the cp1252 reading when it is as free of noise as best (chaos; coherence is
    unreliable on short text), looks Western and is not recognised as a Central European
    language. A multi-byte best (GB18030, Big5…) is kept as it is; when best's text is what
    cp1252 gives too, the encoding is named cp1252."""
    if is_multi_byte_encoding(best.encoding) or best.encoding == "cp1252":
        return Decoded(str(best), best.encoding)
    tie = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos), None)
    if tie and _looks_western(str(tie)) and not _CENTRAL_EUROPEAN.intersection(tie.languages[:1]):
        return Decoded(str(tie), "cp1252")
    same = "cp1252" in best.could_be_from_charset and _looks_western(str(best))
    return Decoded(str(best), "cp1252" if same else best.encoding)


def decode(data: bytes) -> Decoded:
    """Decode one file's bytes.

    Returns Decoded(text, encoding, warning). Raises UndecodableError when the bytes are a known
    binary format (PDF, PNG, Office…), start with a byte-order mark but do not decode in its
    encoding, contain NUL bytes outside UTF-16/32 and are not UTF-8, or fit no text encoding.
    A UTF-8 file with stray NUL bytes decodes (callers remove them).
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise UndecodableError(f"binary file ({kind}), not text")
    try:
        if data.startswith(codecs.BOM_UTF8):
            return _utf8(data, bom=True)
        for bom, name in _BOMS:
            if data.startswith(bom):
                return Decoded(data.decode(name), name)
    except UnicodeDecodeError as exc:
        raise UndecodableError(f"starts with a {exc.encoding} byte-order mark but is not valid "
                               f"{exc.encoding}: {exc.reason} at offset {exc.start}") from None
    try:
        return _utf8(data)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in data:
        raise UndecodableError("binary content (NUL bytes) and no UTF-16/32 byte-order mark")
    return _guess(data, utf8_error)


def read_document(data: bytes) -> DocumentText:
    """A raw file's bytes -> its DocumentText: decoded (decode()), CRLF and CR line ends made
    \\n, NUL bytes removed with a repair saying so. Example: b"a\\r\\nb\\x00" ->
    DocumentText("a\\nb", "utf-8", ("NUL bytes removed",)). Raises UndecodableError when the bytes
    are not text (see decode()) or hold nothing but whitespace."""
    decoded = decode(data)
    if not decoded.text.strip():
        raise UndecodableError("empty or whitespace-only file")
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    repairs = [decoded.warning] if decoded.warning else []
    if "\x00" in text:
        text = text.replace("\x00", "")
        repairs.append("NUL bytes removed")
    return DocumentText(text, decoded.encoding, tuple(repairs))
