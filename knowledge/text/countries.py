"""Common alternative names of countries and blocs, so "/deals United States" finds "U.S."."""

from __future__ import annotations

from knowledge import lexicon
from knowledge.text.names import fold

COUNTRY_ALIASES: tuple[tuple[str, ...], ...] = tuple(
    (country, *names) for country, names in lexicon.aliases("country_aliases").items()
)
# News names a government by its capital ("Copenhagen placed an order", "talks between Kyiv and Ankara").
CAPITALS: dict[str, str] = lexicon.table("capitals")
COUNTRY_ALIASES = tuple(
    (*group, CAPITALS[group[0]]) if group[0] in CAPITALS else group for group in COUNTRY_ALIASES
) + tuple((country, capital) for country, capital in CAPITALS.items()
          if not any(group[0] == country for group in COUNTRY_ALIASES))
_GROUP_OF = {fold(name): group for group in COUNTRY_ALIASES for name in group}
# Country -> its adjective, so "/deals Canada" finds "the Canadian government".
DEMONYMS: dict[str, str] = lexicon.table("demonyms")


COUNTRY_OF_DEMONYM: dict[str, str] = {}
for _country, _demonym in DEMONYMS.items():
    COUNTRY_OF_DEMONYM.setdefault(_demonym, _country)


def country_of(demonym: str) -> str | None:
    """ "Danish" -> "Denmark": the country an adjective of nationality names, title-cased, or None."""
    country = COUNTRY_OF_DEMONYM.get(fold(demonym))
    if country is None:
        return None
    return " ".join(w.capitalize() for w in country.split())


def names_country_body(country: str, party: str) -> bool:
    """Whether a party is a body of the country by its adjective: "Canada" / "Canadian government"."""
    demonym = DEMONYMS.get(fold(country))
    if demonym is None:
        group = _GROUP_OF.get(fold(country))
        demonym = next((DEMONYMS[n] for n in group or () if n in DEMONYMS), None)
    return demonym is not None and fold(party).startswith(demonym + " ")


def same_country(a: str, b: str) -> bool:
    """Whether two strings name the same country or bloc by any common name."""
    group = _GROUP_OF.get(fold(a))
    return group is not None and fold(b) in {fold(n) for n in group}


def country_named(word: str) -> str | None:
    """ "U.S." -> "United States", "Danish" -> "Denmark": the country an alias or an adjective names, or None."""
    group = _GROUP_OF.get(fold(word))
    if group is not None:
        return " ".join(w.capitalize() for w in group[0].split())
    return country_of(word)
