"""How much of a query a piece of text covers, on lightly stemmed words.

Full-text search finds candidates with any query word; this decides which candidates are about
the query at all, so that "/when moon landing" answers nothing rather than the best of nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.store.search import query_tokens
from knowledge.text.names import fold, fold_letters

WORD_RE = re.compile(r"\w+")
STEM_LENGTH = 6
SPELLINGS = {"defence": "defense", "programme": "program", "organisation": "organization"}


@lru_cache(maxsize=65536)
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
    return {stem(w) for w in WORD_RE.findall(fold_letters(text))}


def query_stems(query: str) -> list[str]:
    return [stem(fold(t)) for t in query_tokens(query)]


def coverage(query: str | list[str], text: str) -> float:
    """Share of the query's content words that occur in ``text`` (0..1)."""
    wanted = query_stems(query) if isinstance(query, str) else query
    if not wanted:
        return 0.0
    have = stems(text)
    return sum(1 for w in wanted if w in have) / len(wanted)


class Coverage:
    """:func:`coverage` of one query over many texts taken together, each distinct text stemmed once.

    ``Coverage(q)(what, snippet, title)`` equals ``coverage(q, f"{what} {snippet} {title}")``: words never
    run across the space between the parts, and an article's title, shared by its facts, is stemmed once.
    """

    def __init__(self, query: str):
        self.wanted = query_stems(query)
        self._stems: dict[str, set[str]] = {}

    def _of(self, text: str) -> set[str]:
        found = self._stems.get(text)
        if found is None:
            found = self._stems[text] = stems(text)
        return found

    def __call__(self, *texts: str) -> float:
        if not self.wanted:
            return 0.0
        have = set().union(*map(self._of, texts))
        return sum(1 for w in self.wanted if w in have) / len(self.wanted)
