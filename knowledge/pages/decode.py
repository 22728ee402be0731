"""Bytes of an article file into text, without losing or garbling what can be read.

In order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; else the charset an HTML page declares
(``<meta charset>``, ``http-equiv``, an XML declaration), when the page decodes with it; else
strict UTF-8; else UTF-8 with a few damaged bytes (valid multi-byte characters outnumber the bad
bytes: one stray byte must not turn a whole UTF-8 file into mojibake); else charset-normalizer's
statistical guess, ties going to the encodings news pages use most. Bytes that cannot be decoded
become U+FFFD and are counted, so the report can say how many were replaced.
"""

from __future__ import annotations

import codecs
import contextvars
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from knowledge.limits import ArticleRejected

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with FF FE too
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Where charset-normalizer's best candidates tie (short texts), the encodings of news pages win.
PREFERRED_LEGACY = ("cp1252", "cp1251", "cp1250", "koi8_r", "koi8_u", "iso8859_15", "iso8859_2", "cp1253",
                    "cp1254", "cp1257", "iso8859_5", "mac_cyrillic", "cp866")
# WHATWG: labels a page declares that browsers read as another encoding.
DECLARED_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "x-cp1251": "cp1251", "x-user-defined": "cp1252"}
DECLARATION_SCAN_BYTES = 4096
DECLARED_CHARSET_RE = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE)
MAX_CONTROL_SHARE = 0.01
# UTF-8 with a few damaged bytes, not another encoding: at least this many valid multi-byte characters per
# bad byte (text in a single-byte encoding has almost no valid UTF-8 sequences and many bad bytes).
DAMAGED_UTF8_RATIO = 1
ERROR_HANDLER = "factdesk.count-replace"

_replaced: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("factdesk_replaced", default=None)


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    counter = _replaced.get()
    if counter is not None:
        counter[0] += error.end - error.start
    return "\ufffd", error.end


codecs.register_error(ERROR_HANDLER, _count_and_replace)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    replaced_bytes: int = 0  # undecodable bytes that became U+FFFD


def decode_with_count(data: bytes, encoding: str) -> tuple[str, int]:
    """``data`` decoded, undecodable bytes replaced by U+FFFD, and how many bytes that was."""
    counter = [0]
    token = _replaced.set(counter)
    try:
        text = data.decode(encoding, errors=ERROR_HANDLER)
    finally:
        _replaced.reset(token)
    return text, counter[0]


def declared_charset(data: bytes) -> str | None:
    """The Python codec for the charset an HTML or XML page declares in its head, if it names one."""
    match = DECLARED_CHARSET_RE.search(data[:DECLARATION_SCAN_BYTES])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").strip().casefold()
    label = DECLARED_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A declaration read as ASCII cannot be in UTF-16/32 (WHATWG: such a label means UTF-8).
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def decode_article(data: bytes) -> DecodedText:
    """The text of an article file; empty, binary and undecodable data are refused with the reason."""
    if not data.strip():
        raise ArticleRejected("empty file")
    decoded = _decode(data)
    text = decoded.text
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ArticleRejected("binary file (control characters)")
    if not text.strip():
        raise ArticleRejected("empty file")
    return DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), decoded.encoding, decoded.replaced_bytes)


def _decode(data: bytes) -> DecodedText:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text, replaced = decode_with_count(data[len(bom):], encoding)
            return DecodedText(text, encoding, replaced)
    declared = declared_charset(data)
    if declared is not None:
        try:
            return DecodedText(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong; read the bytes for what they are
    if b"\x00" in data:
        return _without_bom_utf16(data)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text, replaced = decode_with_count(data, "utf-8")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if multibyte and multibyte >= DAMAGED_UTF8_RATIO * replaced:
        return DecodedText(text, "utf-8", replaced)
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    raise ArticleRejected("cannot tell the text's encoding (not UTF-8, and no other encoding fits)")


def _without_bom_utf16(data: bytes) -> DecodedText:
    """NUL bytes without a BOM: UTF-16/32 text if the detector says so, else a binary file."""
    guessed = _guess(data)
    if guessed is None or not guessed.encoding.startswith(("utf_16", "utf_32", "utf-16", "utf-32")):
        raise ArticleRejected("binary file (contains NUL bytes)")
    return guessed


def _guess(data: bytes) -> DecodedText | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    preferred = sorted(tied, key=lambda m: PREFERRED_LEGACY.index(m.encoding)
                       if m.encoding in PREFERRED_LEGACY else len(PREFERRED_LEGACY))
    choice = preferred[0]
    return DecodedText(str(choice), choice.encoding)
