"""Article bytes into text: byte-order marks, declared charsets, UTF-8 with damage, legacy encodings."""

from __future__ import annotations

import codecs

import pytest

from knowledge.limits import ArticleRejected
from knowledge.pages.decode import decode_article

UKRAINIAN = "Міністр закордонних справ України Дмитро Кулеба заявив, що Україна і Польща підпишуть угоду."
RUSSIAN = "Министр иностранных дел Украины заявил, что стороны подпишут соглашение о производстве."


@pytest.mark.parametrize(("data", "encoding"), [
    (codecs.BOM_UTF8 + UKRAINIAN.encode(), "utf-8"),
    (codecs.BOM_UTF16_LE + UKRAINIAN.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + UKRAINIAN.encode("utf-16-be"), "utf-16-be"),
    (codecs.BOM_UTF32_LE + UKRAINIAN.encode("utf-32-le"), "utf-32-le"),
    (codecs.BOM_UTF32_BE + UKRAINIAN.encode("utf-32-be"), "utf-32-be"),
])
def test_a_byte_order_mark_decides_the_encoding(data: bytes, encoding: str) -> None:
    decoded = decode_article(data)
    assert (decoded.text, decoded.encoding, decoded.replaced_bytes) == (UKRAINIAN, encoding, 0)


@pytest.mark.parametrize("declaration", [
    '<meta charset="windows-1251">',
    "<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>",
])
def test_the_charset_an_html_page_declares_is_used(declaration: str) -> None:
    page = f"<html><head>{declaration}<title>t</title></head><body><p>{RUSSIAN}</p></body></html>"
    decoded = decode_article(page.encode("cp1251"))
    assert RUSSIAN in decoded.text and decoded.encoding == "cp1251"


@pytest.mark.parametrize(("text", "encoding"), [(UKRAINIAN, "cp1251"), (RUSSIAN, "cp1251"),
                                                ("Café au lait in Zürich", "cp1252")])
def test_text_in_a_legacy_encoding_comes_out_as_written(text: str, encoding: str) -> None:
    assert decode_article(text.encode(encoding)).text == text


def test_a_stray_byte_in_utf8_is_replaced_and_counted_not_turned_into_mojibake() -> None:
    decoded = decode_article(f"“{UKRAINIAN}” ".encode() + b"\x92 and on.")
    assert decoded.text.startswith(f"“{UKRAINIAN}”") and decoded.text.endswith("\ufffd and on.")
    assert (decoded.encoding, decoded.replaced_bytes) == ("utf-8", 1)


def test_utf16_without_a_byte_order_mark_is_text_not_binary() -> None:
    text = "A plain English article saved as UTF-16 by an old editor, with no byte order mark. " * 3
    assert decode_article(text.encode("utf-16-le")).text == text


@pytest.mark.parametrize(("data", "reason"), [
    (b"   \n\t", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
    (codecs.BOM_UTF8 + b"  \n", "empty file"),
])
def test_empty_and_binary_data_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleRejected, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode_article(data)


def test_crlf_line_ends_become_newlines() -> None:
    assert decode_article(b"one\r\ntwo\r\n").text == "one\ntwo\n"
