"""Deal parties: whether a query names a party, however the article spelled it."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz

from knowledge.query.lookup import NameIndex
from knowledge.text.countries import names_country_body, same_country
from knowledge.text.names import acronym, fold, initials, org_key, same_org

PARTY_FUZZY_MIN = 90
PARTY_MIN_SHARED = 0.5
MIN_PART_WORD_CHARS = 4
PARTY_STOPWORDS = frozenset({"of", "the", "and", "for", "&"})
SINGLE_WORD_FUZZY_LENGTH = 7
SINGLE_WORD_FUZZY_MIN = 85


def deals_by_party(query: str, index: NameIndex) -> set[int]:
    """Deals with a party the query names."""
    return {deal_id for deal_id, name in index.party_shortlist(query) if party_matches(query, name)}


def deals_by_query_parts(query: str, index: NameIndex) -> dict[int, int]:
    """Deal id -> how many distinct parts of a multi-word query name one of its parties.

    Parts are runs of the query's words (longest first, not overlapping a part already matched);
    a single word counts only when it is capitalised and at least four letters long.
    """
    words = query.split()
    if len(words) < 2:
        return {}
    found: dict[int, set[int]] = defaultdict(set)
    taken: set[int] = set()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            if span & taken:
                continue
            part = " ".join(words[start:start + size])
            if size == 1 and not (part[:1].isupper() and len(part) >= MIN_PART_WORD_CHARS):
                continue
            if part.casefold() in PARTY_STOPWORDS:
                continue
            hits = deals_by_party(part, index)
            if hits:
                taken |= span
                for deal_id in hits:
                    found[deal_id].add(start)
    return {deal_id: len(parts) for deal_id, parts in found.items()}


def party_matches(query: str, name: str) -> bool:
    """Whether the queried party is the party ``name`` (spelling, acronym, country, fuzzy)."""
    q, n = fold(query).replace("-", " "), fold(name).replace("-", " ")  # "Maersk" / "A.P. Moller-Maersk"
    if not q or not n:
        return False
    if q == n or org_key(query) == org_key(name) or same_country(query, name) or names_country_body(query, name):
        return True
    if " " not in q and " " not in n and min(len(q), len(n)) >= SINGLE_WORD_FUZZY_LENGTH \
            and fuzz.ratio(q, n) >= SINGLE_WORD_FUZZY_MIN:
        return True  # Naftogaz / Naftogas
    if query.isupper() and 2 <= len(query) <= 8 and acronym(name) == query:
        return True
    if name.isupper() and 2 <= len(name) <= 8 and name == initials(query):
        return True  # "/deals Energy Company of Ukraine" finds the party written "ECU"
    if same_org(query, name):
        return True
    if len(q) < 4 or fuzz.token_set_ratio(q, n) < PARTY_FUZZY_MIN:
        return False
    # token_set_ratio is 100 for any subset, so "Ukraine" would match "Energy Company of Ukraine": the
    # party must also carry at least half of the query's words.
    wanted = [w for w in q.split() if w not in PARTY_STOPWORDS] or q.split()
    shared = [w for w in wanted if w in n.split()]
    return len(shared) / len(wanted) >= PARTY_MIN_SHARED
