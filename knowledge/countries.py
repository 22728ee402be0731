"""Common alternative names of countries and blocs, so "/deals United States" finds "U.S."."""

from __future__ import annotations

from knowledge.names import fold

COUNTRY_ALIASES: tuple[tuple[str, ...], ...] = (
    ("united states", "u.s.", "us", "usa", "u.s.a.", "america", "united states of america"),
    ("united kingdom", "uk", "u.k.", "britain", "great britain"),
    ("european union", "eu", "e.u."),
    ("united nations", "un", "u.n."),
    ("russia", "russian federation"),
    ("south korea", "republic of korea", "korea"),
    ("north korea", "dprk"),
    ("czech republic", "czechia"),
    ("turkey", "türkiye", "turkiye"),
    ("netherlands", "holland", "the netherlands"),
    ("united arab emirates", "uae"),
    ("china", "prc", "people's republic of china"),
)
_GROUP_OF = {fold(name): group for group in COUNTRY_ALIASES for name in group}


def same_country(a: str, b: str) -> bool:
    """Whether two strings name the same country or bloc by any common name."""
    group = _GROUP_OF.get(fold(a))
    return group is not None and fold(b) in {fold(n) for n in group}
