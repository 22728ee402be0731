"""Where the quotes are: quote marks paired across sentences and across paragraphs.

A quote that runs on opens each new paragraph with a quote mark and closes only at its end; some
outlets do not reopen it, so one unmarked paragraph is accepted when it closes the quote and names
the speaker right after. Single quotes count when they close like a quote and not like a possessive,
and a page cut off inside its last quote keeps that quote to the end. Who said a quote is
:mod:`knowledge.extract.quotes`'s business; this module only reads the marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge import lexicon

OPENERS = "“«„"
CLOSERS = "”»“"
MIN_QUOTE_WORDS = 4  # shorter quoted stretches are scare quotes and titles, not quotes
MAX_ATTRIBUTION_WORDS = 10
# After a closing mark, an attribution within a few words: '," Umierov said.', ', said the minister'.
ATTRIBUTION_AFTER_RE = re.compile(
    rf"\s*[,.]?\s*(?:[^\s.!?;:\"“”]+\s+){{0,{MAX_ATTRIBUTION_WORDS}}}?{lexicon.pattern('speech_verbs')}\b", re.I)


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # offset of the opening mark
    end: int  # offset after the closing mark
    text: str


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quoted stretches, joined across paragraphs when the quote runs on."""
    spans: list[QuoteSpan] = []
    i = 0
    n = len(text)
    last_break = text.rfind("\n\n")
    while i < n:
        ch = text[i]
        if ch == "‘" and (i == 0 or not text[i - 1].isalnum()):
            close = _single_close(text, i)
            if close is not None:
                spans.append(QuoteSpan(i, close + 1, text[i + 1:close].strip()))
                i = close + 1
                continue
        if ch in OPENERS or (ch == '"' and (i == 0 or not text[i - 1].isalnum())) or _closer_opening(text, i):
            close = _find_close(text, i)
            if close is None and last_break < i and len(text[i:].split()) >= MIN_QUOTE_WORDS:
                close = len(text.rstrip()) - 1  # a page cut off inside its last quote: the quote runs to the end
                spans.append(QuoteSpan(i, close + 1, text[i + 1:close + 1].strip()))
                break
            if close is None:
                i += 1
                continue
            inner = text[i + 1:close].strip()
            spans.append(QuoteSpan(i, close + 1, inner))
            i = close + 1
            continue
        i += 1
    return spans


def _closer_opening(text: str, i: int) -> bool:
    """A closing mark typed where a quote opens: 'the founder said, ”There doesn’t ...”' (after a space,
    before a letter)."""
    return text[i] == "”" and (i == 0 or text[i - 1] in " \n\t(") and i + 1 < len(text) and text[i + 1].isalnum()


def _find_close(text: str, open_at: int) -> int | None:
    straight = text[open_at] == '"'
    j = open_at + 1
    unmarked_breaks = 0
    while j < len(text):
        ch = text[j]
        if (straight and ch == '"') or (not straight and ch in "”»") or (
                not straight and ch == "“" and j > open_at + 1 and text[j - 1] not in " \n"):
            return j
        if ch == "\n" and text.startswith("\n", j + 1):
            # Paragraph break: the quote runs on only if the next paragraph opens with a quote mark.
            k = j
            while k < len(text) and text[k].isspace():
                k += 1
            if k < len(text) and text[k] in OPENERS + '"':
                j = k + 1
                continue
            # Some outlets do not reopen the quote: accept one unmarked paragraph when it ends the quote
            # and names the speaker right after ('..., we meet the key needs," Umierov said.'), or when it
            # starts in lower case: a sentence cut by a stray break ('"the dogs may\n\nbark but ...").
            if unmarked_breaks == 0 and (_closes_with_attribution(text, k, straight) or (
                    k < len(text) and text[k].islower() and _closes_in_paragraph(text, k, straight))):
                unmarked_breaks += 1
                j = k
                continue
            return None
        j += 1
    return None


def _single_close(text: str, open_at: int) -> int | None:
    """The ’ that closes a ‘single-quoted’ quote: followed by a space, punctuation or the end, within
    the paragraph, and not a possessive ("countries’ armies" has a letter-s before it)."""
    end = text.find("\n\n", open_at)
    end = len(text) if end == -1 else end
    for j in range(open_at + 1, end):
        if text[j] == "’" and (j + 1 == len(text) or not text[j + 1].isalnum()):
            if text[j - 1] == "s" and j + 1 < len(text) and text[j + 1] == " " and text[j + 2:j + 3].islower():
                continue  # "the companies’ plans": a possessive
            if len(text[open_at + 1:j].split()) >= MIN_QUOTE_WORDS:
                return j
            return None
    return None


def _closes_with_attribution(text: str, start: int, straight: bool) -> bool:
    """Whether the paragraph at ``start`` holds the closing mark, followed by an attribution."""
    closer = _closing_mark(text, start, straight)
    return closer is not None and bool(ATTRIBUTION_AFTER_RE.match(text, closer + 1, _line_end(text, start)))


def _closes_in_paragraph(text: str, start: int, straight: bool) -> bool:
    return _closing_mark(text, start, straight) is not None


def _closing_mark(text: str, start: int, straight: bool) -> int | None:
    """Offset of the mark that closes a quote in the paragraph at ``start``, if no quote opens before it."""
    paragraph = text[start:_line_end(text, start)]
    closer = paragraph.find('"') if straight else min((i for i in (paragraph.find("”"), paragraph.find("»"))
                                                       if i >= 0), default=-1)
    if closer < 0 or any(ch in paragraph[:closer] for ch in OPENERS):
        return None
    return start + closer


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end
