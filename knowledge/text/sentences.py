"""Sentence splitting that never crosses a paragraph and never rewrites the text.

A rule splitter rather than a parser's: news sentences end in a small set of ways, the rules are
fast, predictable and keep offsets exact, and the known traps (titles such as "Lt. Gen.", initials,
"U.S.", closing quotes after the full stop) are easy to list.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from knowledge import lexicon
from knowledge.facts import Sentence

ABBREVIATIONS = lexicon.words("abbreviations")
CLOSERS = "\"'”’»)]"
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then white space.
BOUNDARY_RE = re.compile(r"[.!?…]+[" + re.escape(CLOSERS) + r"]*(?=\s+)")
NEXT_START_RE = re.compile(r"\s+([\"'“‘«(\[]?[A-ZА-ЯЇІЄҐ0-9])")
INITIALISM_RE = re.compile(r"(?:[a-z]\.){1,3}[a-z]")
PARAGRAPH_RE = re.compile(r"\n\s*\n")
LIST_ITEM_MAX_WORDS = 8  # "more than 10,000 mid-range strike drones," is one item
LAST_ITEM_MAX_WORDS = 8


def _word_before(text: str, pos: int) -> str:
    """The run of word characters and dots that ends at ``pos`` (read backwards: its length, not the text's)."""
    start = pos
    while start > 0 and (text[start - 1] == "." or text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:pos].casefold().rstrip(".")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    next_start = NEXT_START_RE.match(text, match.end())
    if not next_start:
        return False
    if match.group(0).startswith(".") and not match.group(0).endswith(tuple(CLOSERS)):
        word = _word_before(text, match.start())
        opens_quote = next_start.group(1)[:1] in "“\""
        if opens_quote and word in ABBREVIATIONS and word not in lexicon.words("honorifics"):
            return True  # "... of Yearout Mechanical Inc. “The economy went south”": a quote opens a sentence
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or INITIALISM_RE.fullmatch(word):
            return False  # "A.P. Moller", "J.P. Morgan": initials, not a sentence end
        if _list_number(text, match.start(), word):
            return False  # "as follows: 1. Finland 2. Norway 3. ...": a numbered list, not sentences
    return True


LIST_NUMBER_RE = re.compile(r"(?:^|[:\s])(?P<n>\d{1,2})\.\s+[A-Z][^.!?]{0,60}?\s(?P<next>\d{1,2})\.\s+[A-Z]")


def _list_number(text: str, at: int, word: str) -> bool:
    """The full stop at ``at`` ends the number of a list item followed by the next one ("1. Finland 2. Norway")
    or by the item that follows the one before ("... 9. Spain 10. United States")."""
    if not word.isdigit() or len(word) > 2:
        return False
    start = at - len(word)
    if start > 0 and not (text[start - 1].isspace() or text[start - 1] == ":"):
        return False
    ahead = LIST_NUMBER_RE.match(text, max(start - 1, 0))
    if ahead and int(ahead["next"]) == int(word) + 1:
        return True
    behind = re.search(rf"(?:^|[:\s]){int(word) - 1}\.\s+[A-Z][^.!?]{{0,60}}?\s$", text[max(0, start - 80):start])
    return bool(behind) and int(word) > 1


def split_block(text: str, start: int, end: int) -> Iterable[Sentence]:
    """Sentences of ``text[start:end]``, offsets into ``text``, surrounding white space trimmed."""
    block = text[start:end]
    cursor = 0
    for match in BOUNDARY_RE.finditer(block):
        if not _is_boundary(block, match):
            continue
        yield from _trimmed(text, start + cursor, start + match.end())
        cursor = match.end()
    yield from _trimmed(text, start + cursor, end)


def _trimmed(text: str, start: int, end: int) -> Iterable[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Sentence(start, end, text[start:end])


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text separated by blank lines."""
    return list(_paragraph_spans(text))


@lru_cache(maxsize=4)
def _paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    # Cached: the extraction steps ask for one article's paragraphs many times.
    spans = []
    cursor = 0
    for match in PARAGRAPH_RE.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return tuple((s, e) for s, e in spans if text[s:e].strip())


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of a cleaned article, paragraph by paragraph."""
    return [s for start, end in paragraph_spans(text) for s in split_block(text, start, end)]


def list_items_after(text: str, sentence: Sentence) -> list[tuple[int, int, str]]:
    """Short paragraphs right after a sentence ending in ':' (one list item each)."""
    if not sentence.text.rstrip().endswith(":"):
        return []
    items = []
    paragraphs = _paragraph_spans(text)
    first = bisect.bisect_left(paragraphs, sentence.end, key=lambda span: span[0])
    for index in range(first, len(paragraphs)):
        start, end = paragraphs[index]
        item = text[start:end].strip()
        words = len(item.split())
        if words > LIST_ITEM_MAX_WORDS:
            break
        if item.endswith((".", "!", "?", ":")):
            if words <= LAST_ITEM_MAX_WORDS and item.endswith("."):
                items.append((start, end, item))
            break
        items.append((start, end, item))
    return items
