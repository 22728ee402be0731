"""How much of a query a piece of text covers, on the word's forms rather than its spelling.

Full-text search finds candidates with any query word; this decides which candidates are about
the query at all, so that "/when moon landing" answers nothing rather than the best of nothing.

A word is matched by its keys: its Porter stem (the stemmer the SQLite full-text index uses, so
what search finds and what counts as covered agree: "signing" / "signed" / "sign") and its first
six letters once a plural is off (which also meets derivations Porter keeps apart: "produced" /
"production"), both taken of the word's base form: an irregular form is its verb or singular
(lexicon ``irregular_forms``: "bought" is "buy"; ``irregular_plurals``: "crises" is "crisis"), a
British spelling its American one (lexicon ``spelling_variants``). An abbreviation and the words it
stands for share one key where the whole phrase is written (lexicon ``acronyms``: "IPO", "initial
public offering"); the nouns that name an agreement ("deal", "contract", "memorandum") share one key,
and so do words of one sense (lexicon ``same_meaning``: "takeover", "bought"). Two words match when
they share a key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import Stemmer

from knowledge import lexicon
from knowledge.store.search import query_tokens
from knowledge.text.names import fold, fold_letters

WORD_RE = re.compile(r"\w+")
STEM_LENGTH = 6
#: Full-text searches per question: the query and a few versions of it (see :func:`search_variants`).
MAX_SEARCHES = 5
MAX_SPELLINGS = 3
OTHER_DEAL_NOUNS = 2
_PORTER = Stemmer.Stemmer("porter")


def base_form(word: str) -> str:
    """The word an inflected or variant spelling is a form of ("bought" -> "buy", "defence" -> "defense")."""
    word = lexicon.table("spelling_variants").get(word, word)
    return lexicon.table("irregular_forms").get(word) or lexicon.table("irregular_plurals").get(word, word)


@lru_cache(maxsize=1)
def _forms_of() -> dict[str, tuple[str, ...]]:
    """Base word -> its irregular forms ("buy" -> "bought")."""
    forms: dict[str, list[str]] = {}
    for form, base in lexicon.table("irregular_forms").items():
        forms.setdefault(base, []).append(form)
    return {base: tuple(found) for base, found in forms.items()}


@lru_cache(maxsize=1)
def _same_kind_nouns() -> tuple[str, ...]:
    return tuple(noun for noun, kind in lexicon.table("deal_nouns").items() if kind in SAME_DEAL_KINDS
                 and " " not in noun and len(noun) > 3)


@lru_cache(maxsize=1)
def _acronyms() -> dict[str, str]:
    """Abbreviation -> the words it stands for (lexicon ``acronyms``), both lower case."""
    return lexicon.table("acronyms")


@lru_cache(maxsize=1)
def _expansions() -> re.Pattern[str]:
    """Any phrase an abbreviation stands for, as whole words."""
    phrases = sorted(_acronyms().values(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


@lru_cache(maxsize=1)
def _acronym_of() -> dict[str, str]:
    return {phrase: short for short, phrase in _acronyms().items()}


def search_variants(query: str, spellings: Mapping[str, Sequence[str]] | None = None, *,
                    limit: int = MAX_SEARCHES) -> list[str]:
    """The query, then versions of it with other words for what it names, for full-text search.

    The index stems regular forms itself; what it keeps apart is searched as separate versions of the
    query rather than as more words of one (a search for every word would then need all of them): a
    named organisation's other names ("NB" -> "Nordlys Bygg"), an irregular word's other
    forms ("bought" -> "buy"), another noun for an agreement ("deal" -> "contract"), another word of
    the same sense ("takeover" -> "buy").
    """
    query = topic_of(query)
    variants = [query]
    words = query.split()

    def replaced(old: str, new: str) -> None:
        pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)", re.IGNORECASE)
        variant = pattern.sub(lambda _: new, query, count=1)
        if variant != query and variant not in variants:
            variants.append(variant)

    for part, names in (spellings or {}).items():
        for name in names[:MAX_SPELLINGS]:
            replaced(part, name)
    folded_words = [fold(w.strip(".,;:!?\"'()")) for w in words]
    for word in folded_words:
        if word in _acronyms():
            replaced(word, _acronyms()[word])  # "IPO" -> "initial public offering"
    for phrase in _expansions().findall(fold(query)):
        replaced(phrase, _acronym_of()[phrase])
    for word in folded_words:
        base = base_form(word)
        for form in (base, *_forms_of().get(base, ())):
            if form != word:
                replaced(word, form)
    for word in folded_words:
        base = base_form(word)
        if _deal_kind(base):
            for noun in [n for n in _same_kind_nouns() if n not in (word, word.rstrip("s"))][:OTHER_DEAL_NOUNS]:
                replaced(word, noun)
        sense = _senses().get(_PORTER.stemWord(base))
        if sense:
            same = [w for w, s in lexicon.table("same_meaning").items() if s == sense
                    and _PORTER.stemWord(w) != _PORTER.stemWord(base)]
            for other in same[:OTHER_DEAL_NOUNS]:
                replaced(word, other)
    return variants[:limit]


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


#: Deal nouns of these kinds (lexicon ``deal_nouns``) name one kind of thing: "/when NB deal" asks
#: about the agreement the text names "a contract".
SAME_DEAL_KINDS = frozenset({"agreement"})


def _deal_kind(word: str) -> str | None:
    nouns = lexicon.table("deal_nouns")
    for form in (word, word[:-1] if word.endswith("s") else None):
        if form and nouns.get(form) in SAME_DEAL_KINDS:
            return nouns[form]
    return None


@lru_cache(maxsize=1)
def _senses() -> dict[str, str]:
    """Porter stem of a word of lexicon ``same_meaning`` -> its sense ("bought", "buying" -> purchase)."""
    return {_PORTER.stemWord(base_form(word)): sense for word, sense in lexicon.table("same_meaning").items()}


@lru_cache(maxsize=65536)
def word_keys(word: str) -> frozenset[str]:
    """The keys a (folded) word is matched under: its truncation stem and its Porter stem, of its base form,
    and the kind of deal it names."""
    base = base_form(word)
    porter = _PORTER.stemWord(base)
    keys = {stem(word), "p:" + porter}
    kind = _deal_kind(base)
    if kind:
        keys.add("k:" + kind)
    sense = _senses().get(porter)
    if sense:
        keys.add("s:" + sense)
    if word in _acronyms():
        keys.add("a:" + word)
    return frozenset(keys)


def stems(text: str) -> set[str]:
    """Every key of every word of ``text``."""
    found: set[str] = set()
    folded = fold_letters(text)
    for word in set(WORD_RE.findall(folded)):
        found |= word_keys(word)
    found.update("a:" + _acronym_of()[phrase] for phrase in _expansions().findall(folded.casefold()))
    return found


@lru_cache(maxsize=1)
def _fillers() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + lexicon.pattern("question_fillers") + r"(?!\w)", re.IGNORECASE)


def topic_of(query: str) -> str:
    """The query without the words a question wraps its topic in (lexicon ``question_fillers``)."""
    topic = _fillers().sub(" ", query)
    return topic if topic.strip() else query


def query_stems(query: str) -> list[frozenset[str]]:
    """The keys of each content word of the query, in order; the words of a phrase an abbreviation stands
    for also match the abbreviation ("initial public offering" is covered by "IPO")."""
    tokens = [fold(t) for t in query_tokens(topic_of(query))]
    keys = [set(word_keys(t)) for t in tokens]
    for phrase, short in _acronym_of().items():
        words = query_tokens(phrase)
        for start in range(len(tokens) - len(words) + 1):
            if tokens[start:start + len(words)] == words:
                for entry in keys[start:start + len(words)]:
                    entry.add("a:" + short)
    return [frozenset(k) for k in keys]


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

    ``spellings`` maps runs of the query's words that name an organisation or a person to its other
    names in the store: the words count as covered where the text uses one of those ("/when NB
    terminal" is covered by "Nordlys Bygg ... terminal").
    """

    def __init__(self, query: str, spellings: Mapping[str, Sequence[str]] | None = None):
        self.wanted = query_stems(query)
        position = {token: i for i, token in enumerate(query_tokens(topic_of(query)))}
        self._others: list[list[list[frozenset[str]]]] = [[] for _ in self.wanted]
        for words, names in (spellings or {}).items():
            keyed = [keys for keys in (query_stems(name) for name in names) if keys]
            for token in query_tokens(words):
                if token in position:
                    self._others[position[token]].extend(keyed)
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
        hits = sum(1 for keys, others in zip(self.wanted, self._others, strict=True)
                   if not keys.isdisjoint(have) or any(all(not k.isdisjoint(have) for k in name) for name in others))
        return hits / len(self.wanted)
