"""Where an organisation is based: "X is a Milan-based company" / "X is based in Modena, Italy".

News states a home base in a few fixed forms: "Modena, Italy-based tech firm X", "X, a Seattle-based
retailer", "X, which is headquartered in Oslo". The claim's place is compared with the stated one part by
part ("Modena, Italy" is two parts, the city first). Precision first: another place contradicts only when
neither can hold the other: a city given with its country ("Modena, Italy") against another city, two
countries, or two cities of the place list; "Italy-based" says nothing of Milan, nor "New York-based" of
Brooklyn.
"""

from __future__ import annotations

import re
from functools import cache

from knowledge import lexicon
from knowledge.text.countries import DEMONYMS, country_of
from knowledge.text.names import fold

_WORD = r"[A-Z][\w.'’&-]*"
_PLACE = rf"{_WORD}(?:\s+{_WORD})*(?:,\s+{_WORD}(?:\s+{_WORD})*)?"
_NAME = rf"{_WORD}(?:\s+(?:of\s+|&\s+)?{_WORD}){{0,4}}"
_BASED = r"(?:based|headquartered)"
CLAIM_RES = (
    re.compile(rf"^(?P<name>{_NAME})\s+(?:is|was)\s+(?:an?\s+)?(?P<place>{_PLACE})-{_BASED}(?:\s+[a-z][\w-]*){{0,3}}$"),
    re.compile(rf"^(?P<name>{_NAME})\s+(?:is|was)\s+{_BASED}\s+in\s+(?P<place>{_PLACE})$"),
)
# Lower-case words between "Seattle-based" and the name: "tech firm", "online retailer".
MAX_DESCRIPTOR_WORDS = 3
_OPENERS = frozenset({"the", "a", "an", "this", "that"})


@cache
def _countries() -> frozenset[str]:
    return frozenset(DEMONYMS) | {fold(c) for group in lexicon.aliases("country_aliases").items()
                                  for c in (group[0], *group[1])}


@cache
def _listed() -> frozenset[str]:
    return frozenset(fold(p) for p in lexicon.words("places"))


def _parts(place: str) -> list[str]:
    """The place's comma parts, folded, a leading article dropped and an adjective read as its country."""
    parts = []
    for part in place.split(","):
        words = part.split()
        while words and fold(words[0]) in _OPENERS:
            words = words[1:]
        text = " ".join(words)
        parts.append(fold(country_of(text) or text))
    return [p for p in parts if p]


def claimed_base(claim: str) -> tuple[str, list[str]] | None:
    """(organisation, place parts) when the claim says where an organisation is based."""
    for pattern in CLAIM_RES:
        m = pattern.match(claim.strip().rstrip("."))
        if m:
            return m["name"], _parts(m["place"])
    return None


def stated_bases(name: str, sentence: str) -> list[list[str]]:
    """The places the sentence gives as the named organisation's base."""
    n = re.escape(name)
    forms = (
        rf"(?P<place>{_PLACE})-{_BASED}\s+(?:[a-z][\w-]*\s+){{0,{MAX_DESCRIPTOR_WORDS}}}{n}\b",
        rf"\b{n},\s+(?:an?\s+|the\s+)?(?P<place>{_PLACE})-{_BASED}\b",
        rf"\b{n}(?:,\s+which\s+is|\s+is|\s+was|,)\s+{_BASED}\s+in\s+(?P<place>{_PLACE})",
    )
    found = []
    for form in forms:
        for m in re.finditer(form, sentence):
            found.append(_parts(m["place"]))
    return found


def compare(claimed: list[str], stated: list[str]) -> bool | None:
    """True when the stated base holds every claimed part, False when it names another place no part of
    which can hold the claimed one, None otherwise."""
    if not claimed or not stated:
        return None
    if all(part in stated for part in claimed):
        return True
    countries = _countries()
    first, stated_first = claimed[0], stated[0]
    if first in stated or stated_first in claimed:
        return None  # "Milan, Italy" against "Milan": the rest is not said otherwise
    claimed_country = claimed[-1] if claimed[-1] in countries else None
    stated_country = stated[-1] if stated[-1] in countries else None
    if claimed_country and stated_country and claimed_country != stated_country:
        return False
    if first in countries:
        return None if stated_country is None else False
    if stated_first in countries:
        return None  # "Italy-based" says nothing of Milan
    if len(stated) >= 2 and stated_country:
        return False  # a city given with its country, another city claimed
    if first in _listed() and stated_first in _listed():
        return False
    return None
