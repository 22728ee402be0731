"""The title lexicon read as words: is a word an office, rank or calling, and which titles companies
hold too (lexicon ``title_heads``, ``title_abbreviations``, ``shared_roles``, ``organisation_descriptors``).

The vocabulary of roles is open (any words may stand around a title, "Pakistan-based developer"), but
its head is checked here: one entry per office, rank or job, singular, lower case; a hyphenated word
is read by its last part ("co-head", "vice-chairman"), a plural by its singular ("Prime Ministers").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from spacy.tokens import Token

from knowledge import lexicon
from knowledge.text.names import fold


@cache
def single_heads() -> frozenset[str]:
    return frozenset(fold(e) for e in lexicon.entries("title_heads") if " " not in e)


@cache
def _phrase_heads() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(e).split()) for e in lexicon.entries("title_heads") if " " in e)


@cache
def abbreviations() -> dict[str, str]:
    return lexicon.table("title_abbreviations")


@cache
def _organisation_nouns() -> frozenset[str]:
    return lexicon.words("organisation_descriptors")


def bare(word: str) -> str:
    """A word folded, without the punctuation around it."""
    return fold(word).strip(".,;:()“”\"'’")


def is_title_word(word: str) -> bool:
    """Whether one word names an office, rank or job: "minister", "Ministers", "co-head", "Gen."."""
    folded = bare(word)
    if not folded:
        return False
    heads = single_heads()
    if folded in heads or singular(folded) in heads or folded in abbreviations():
        return True
    if "-" in folded:
        last = folded.rsplit("-", 1)[1]
        return last in heads or singular(last) in heads
    return False


def is_person_title(word: str) -> bool:
    """A title only people hold: "minister", "spokesman" — not "operator" or "rival", which companies hold too."""
    folded = bare(word)
    shared = lexicon.words("shared_roles") | _organisation_nouns()
    return is_title_word(folded) and folded not in shared and singular(folded) not in shared


def singular(word: str) -> str:
    """ "ministers" -> "minister", "secretaries" -> "secretary", "chairmen" -> "chairman", "coaches" -> "coach"."""
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")) and len(word) > 4:
        return word[:-2]  # "coaches", "bosses"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def has_title(words: Sequence[str]) -> bool:
    """Whether a phrase holds a title: one title word, or a listed phrase ("first lady") whole."""
    if any(is_title_word(w) for w in words):
        return True
    folded = tuple(bare(w) for w in words)
    return any(_contains(folded, phrase) for phrase in _phrase_heads() if len(phrase) <= len(folded))


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i:i + size] == phrase for i in range(len(words) - size + 1))


def is_organisation_noun(token: Token) -> bool:
    """ "company", "group", "broadcaster": a noun that describes an organisation, not a person."""
    return token.lemma_.casefold() in _organisation_nouns() or token.lower_ in _organisation_nouns()


def is_ambiguous_title(token: Token) -> bool:
    """A title that companies hold too ("developer", "investor", "rival"): lexicon ``shared_roles`` and the
    organisation descriptors."""
    return is_title_word(token.text) and (is_organisation_noun(token) or bare(token.text) in lexicon.words(
        "shared_roles") or token.lemma_.casefold() in lexicon.words("shared_roles"))


def abbreviated_title(words: Sequence[str]) -> str | None:
    """The title an abbreviation stands for: ["Lt.", "Gen."] -> "Lieutenant General", ["Sen."] -> "Senator"."""
    key = " ".join(bare(w) for w in words)
    return abbreviations().get(key)
