"""Deal parties: whether a query names a party, however the article spelled it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from knowledge.query.lookup import aliases_of, entities_under
from knowledge.query.retrieval import QueryContext
from knowledge.store.terms import PARTY_STOPWORDS, party_query_terms
from knowledge.text.countries import names_country_body, same_country
from knowledge.text.names import acronym, fold, initials, org_key, same_org

PARTY_FUZZY_MIN = 90
PARTY_MIN_SHARED = 0.5
MIN_PART_WORD_CHARS = 4
MIN_ACRONYM_CHARS = 2
SINGLE_WORD_FUZZY_LENGTH = 7
SINGLE_WORD_FUZZY_MIN = 85


async def parties_named_each(ctx: QueryContext, queries: Sequence[str]) -> dict[str, set[int]]:
    """Query -> the organisations (entity ids) that it names as a party (one lookup for all queries)."""
    per_query = {query: party_query_terms(query) for query in queries}
    found = await entities_under(ctx, [term for terms in per_query.values() for term in terms])
    candidates = {query: {e for term in terms for e in found.get(term, ())} for query, terms in per_query.items()}
    aliases = await aliases_of(ctx, {e for ids in candidates.values() for e in ids})
    return {query: {e for e, _, alias in aliases if e in ids and party_matches(query, alias)}
            for query, ids in candidates.items()}


async def names_in_query(ctx: QueryContext, query: str) -> dict[str, set[int]]:
    """The query and each run of its words (see :func:`query_parts`) -> the organisations it names."""
    return await parties_named_each(ctx, [query, *(part for *_, part in query_parts(query))])


async def other_spellings(ctx: QueryContext, named: dict[str, set[int]]) -> dict[str, list[str]]:
    """Each run of query words that names organisations -> the other names the store has for them.

    Only names of another spelling: one that holds some of the words but not all ("Moldova" for
    "Moldova Energy") is a part of the name, not another name for all of it.
    """
    aliases: dict[int, list[str]] = defaultdict(list)
    for entity_id, _, alias in await aliases_of(ctx, {e for ids in named.values() for e in ids}):
        aliases[entity_id].append(alias)
    found = {}
    for words, ids in named.items():
        own = set(fold(words).split())
        others = [a for e in sorted(ids) for a in aliases[e]
                  if fold(a) != fold(words) and not (0 < len(own & set(fold(a).split())) < len(own))]
        if others:
            found[words] = others
    return found


def query_parts(query: str) -> list[tuple[int, int, str]]:
    """(first word, word count, words) of each run of the query's words that may name a party, longest first.

    A single word counts only when it is capitalised and at least four letters long, or an acronym.
    """
    words = query.split()
    if len(words) < 2:
        return []
    parts = []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start:start + size])
            if size == 1 and not ((part[:1].isupper() and len(part) >= MIN_PART_WORD_CHARS)
                                  or (part.isupper() and part.isalpha() and len(part) >= MIN_ACRONYM_CHARS)):
                continue
            if part.casefold() not in PARTY_STOPWORDS:
                parts.append((start, size, part))
    return parts


def parts_naming(parts: Sequence[tuple[int, int, str]], named: dict[str, set[int]]) -> dict[int, set[int]]:
    """Entity id -> the parts of the query (by first word) that name it; parts overlap no longer part that named one."""
    found: dict[int, set[int]] = defaultdict(set)
    taken: set[int] = set()
    for start, size, part in parts:
        span = set(range(start, start + size))
        if span & taken or not named.get(part):
            continue
        taken |= span
        for entity_id in named[part]:
            found[entity_id].add(start)
    return found


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
