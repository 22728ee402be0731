"""How much of a query a piece of text covers, on lightly stemmed words.

Full-text search finds candidates with any query word; this decides which candidates are about
the query at all, so that "/when moon landing" answers nothing rather than the best of nothing.
"""

from __future__ import annotations

import re

from knowledge.store.search import query_tokens
from knowledge.text.names import fold

WORD_RE = re.compile(r"\w+")
STEM_LENGTH = 6
SPELLINGS = {"defence": "defense", "programme": "program", "organisation": "organization"}


def stem(word: str) -> str:
    """Truncation stemming: plural off, then the first six letters.

    Crude but predictable, and enough to make "shells"/"shell", "negotiating"/"negotiations" and
    "produced"/"production" meet.
    """
    word = SPELLINGS.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return word[:STEM_LENGTH]


def stems(text: str) -> set[str]:
    return {stem(w) for w in WORD_RE.findall(fold(text))}


def query_stems(query: str) -> list[str]:
    return [stem(fold(t)) for t in query_tokens(query)]


def coverage(query: str | list[str], text: str) -> float:
    """Share of the query's content words that occur in ``text`` (0..1)."""
    wanted = query_stems(query) if isinstance(query, str) else query
    if not wanted:
        return 0.0
    have = stems(text)
    return sum(1 for w in wanted if w in have) / len(wanted)
