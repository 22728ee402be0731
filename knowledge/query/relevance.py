"""How much of a query a piece of text covers, on the word's forms rather than its spelling.

Full-text search finds candidates with any query word; this decides which candidates are about
the query at all, so that "/when moon landing" answers nothing rather than the best of nothing.

A word is matched by its keys: its Porter stem (the stemmer the SQLite full-text index uses, so
what search finds and what counts as covered agree: "signing" / "signed" / "sign") and its first
six letters once a plural is off (which also meets derivations Porter keeps apart: "produced" /
"production"), both taken of the word's base form: an irregular form is its verb or singular
(lexicon ``irregular_forms``: "bought" is "buy"), a British spelling its American one (lexicon
``spelling_variants``). Two words match when they share a key.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from knowledge import lexicon
from knowledge.store.search import query_tokens
from knowledge.text.names import fold, fold_letters

WORD_RE = re.compile(r"\w+")
STEM_LENGTH = 6
_PORTER = Stemmer.Stemmer("porter")


def base_form(word: str) -> str:
    """The word an inflected or variant spelling is a form of ("bought" -> "buy", "defence" -> "defense")."""
    word = lexicon.table("spelling_variants").get(word, word)
    return lexicon.table("irregular_forms").get(word, word)


@lru_cache(maxsize=1)
def _forms_of() -> dict[str, tuple[str, ...]]:
    forms: dict[str, list[str]] = {}
    for form, base in lexicon.table("irregular_forms").items():
        forms.setdefault(base, []).append(form)
    return {base: tuple(found) for base, found in forms.items()}


def search_words(query: str) -> str:
    """The query with the other forms of its irregular words, for full-text search.

    The index stems regular forms itself; "bought" and "buy" it keeps apart, so both are searched.
    """
    extra = []
    for token in query_tokens(query):
        base = base_form(fold(token))
        extra.extend(w for w in (base, *_forms_of().get(base, ())) if w != token)
    return " ".join([query, *dict.fromkeys(extra)])


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Truncation stemming: plural off, then the first six letters.

    Crude but predictable, and enough to make "shells"/"shell", "negotiating"/"negotiations" and
    "produced"/"production" meet.
    """
    word = base_form(word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return word[:STEM_LENGTH]


@lru_cache(maxsize=65536)
def word_keys(word: str) -> frozenset[str]:
    """The keys a (folded) word is matched under: its truncation stem and its Porter stem, of its base form."""
    return frozenset((stem(word), "p:" + _PORTER.stemWord(base_form(word))))


def stems(text: str) -> set[str]:
    """Every key of every word of ``text``."""
    return {key for w in WORD_RE.findall(fold_letters(text)) for key in word_keys(w)}


def query_stems(query: str) -> list[frozenset[str]]:
    """The keys of each content word of the query, in order."""
    return [word_keys(fold(t)) for t in query_tokens(query)]


def _share(wanted: list[frozenset[str]], have: set[str]) -> float:
    return sum(1 for keys in wanted if not keys.isdisjoint(have)) / len(wanted)


def coverage(query: str | list[frozenset[str]], text: str) -> float:
    """Share of the query's content words that occur in ``text`` (0..1)."""
    wanted = query_stems(query) if isinstance(query, str) else query
    if not wanted:
        return 0.0
    return _share(wanted, stems(text))


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
        return _share(self.wanted, set().union(*map(self._of, texts)))
