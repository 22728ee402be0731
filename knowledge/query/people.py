"""People: who a name or a role names, and what the store knows about them (used by /who and /check)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

from sqlalchemy import BindParameter, Select, Table, select

from knowledge import lexicon
from knowledge.query.answers import FactRecord, PersonRecord, QuoteRecord
from knowledge.query.lookup import aliases_of, entities_under, entities_with_prefix
from knowledge.query.retrieval import (
    SOURCE_COLUMNS,
    QueryContext,
    newest,
    newest_first_key,
    snippet_column,
    source_from,
    union_by_key,
)
from knowledge.store.schema import article_table, entity_table, mention_table, quote_table, role_table, role_term_table
from knowledge.store.terms import person_query_terms, person_word_keys, role_prefix_term, role_query_term
from knowledge.text.names import (
    HEAD_OF_QUERY_RE,
    NAME_MATCH_THRESHOLD,
    best_matches,
    fold,
    match_score,
    normalise_role,
    roles_match,
)

MAX_PEOPLE_PER_ANSWER = 5
AMBIGUITY_MARGIN = 4.0
SUGGESTION_THRESHOLD = 60.0
#: Candidates per name query that get the careful comparison (the most query words matched first).
SHORTLIST = 60
#: Newest role rows read per role word of a "/who defense minister" query.
ROLE_WINDOW = 300
#: Newest roles, mentions and quotes read per person.
FACTS_PER_PERSON = 50
CAPITALISED_RUN_RE = re.compile(r"\b[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*")


@cache
def _title_words() -> frozenset[str]:
    """One-word titles of the lexicon ("minister", "ceo", "spokesman"): a query holding one asks for a role."""
    return frozenset(fold(entry) for entry in lexicon.entries("title_heads") if " " not in entry)


def names_a_role(query: str) -> bool:
    return any(fold(w).strip(".,") in _title_words() for w in query.split())


async def _shortlists(ctx: QueryContext, queries: Sequence[str]) -> dict[str, list[int]]:
    """Query -> the people its words' terms find, those matching the most words first."""
    per_query = {query: person_query_terms(query) for query in queries}
    found = await entities_under(ctx, [term for terms in per_query.values() for term in terms])
    out: dict[str, list[int]] = {}
    for query, terms in per_query.items():
        words: dict[int, set[str]] = defaultdict(set)
        for term, word in terms.items():
            for entity_id in found.get(term, ()):
                words[entity_id].add(word)
        out[query] = sorted(words, key=lambda e: (-len(words[e]), e))[:SHORTLIST]
    return out


def _best_people(query: str, aliases: Sequence[tuple[int, str, str]]) -> list[int]:
    """The people the name query names: the best match and any within AMBIGUITY_MARGIN of it."""
    best: dict[int, float] = {}
    for entity_id, _name, alias in aliases:
        score = match_score(query, alias)
        if score >= NAME_MATCH_THRESHOLD and score > best.get(entity_id, 0.0):
            best[entity_id] = score
    if not best:
        return []
    top = max(best.values())
    chosen = [e for e, s in sorted(best.items(), key=lambda kv: -kv[1]) if s >= top - AMBIGUITY_MARGIN]
    return chosen[:MAX_PEOPLE_PER_ANSWER]


Candidate = tuple[int, str, str]  # entity id, display name, alias


async def name_candidates(ctx: QueryContext, queries: Sequence[str]) -> dict[str, list[Candidate]]:
    """Query -> the aliases of the people its words' terms shortlist (one lookup for all queries)."""
    shortlists = await _shortlists(ctx, queries)
    by_entity: dict[int, list[Candidate]] = defaultdict(list)
    for row in await aliases_of(ctx, {e for ids in shortlists.values() for e in ids}):
        by_entity[row[0]].append(row)
    return {query: [row for e in ids for row in by_entity[e]] for query, ids in shortlists.items()}


async def people_named(ctx: QueryContext, query: str, candidates: Sequence[Candidate] | None = None) -> list[int]:
    """The people a name query names (from ``candidates``, when the caller has them already)."""
    if candidates is None:
        candidates = (await name_candidates(ctx, [query]))[query]
    return _best_people(query, candidates)


async def people_named_in(ctx: QueryContext, claim: str) -> list[int]:
    """People whose name (or surname) appears in the claim's capitalised words."""
    names = list(dict.fromkeys(m.group(0) for m in CAPITALISED_RUN_RE.finditer(claim)))
    candidates = await name_candidates(ctx, names)
    found: list[int] = []
    for name in names:
        for entity_id in _best_people(name, candidates[name]):
            if entity_id not in found:
                found.append(entity_id)
    return found[:MAX_PEOPLE_PER_ANSWER]


async def close_names(ctx: QueryContext, query: str, candidates: Sequence[Candidate], *, limit: int = 3) -> list[str]:
    """Names of people near the query, for "did you mean" when nothing matched: the candidates, and
    people whose longest name word starts like the query's."""
    names = {name for _, name, _ in candidates}
    keys = sorted(person_word_keys(query), key=len, reverse=True)
    if keys and len(keys[0]) >= 3:
        near = await entities_with_prefix(ctx, f"p:{keys[0][:3]}", limit=SHORTLIST)
        names |= {name for _, name, _ in await aliases_of(ctx, near)}
    return [n for n, _ in best_matches(query, sorted(names), limit=limit, threshold=SUGGESTION_THRESHOLD)]


async def people_with_role(ctx: QueryContext, query: str) -> list[int]:
    """Holders of the queried role, the newest source first (from the newest roles with its head words)."""
    head_of = HEAD_OF_QUERY_RE.match(normalise_role(query))
    if head_of:  # any title of that organisation may be its head
        terms = [role_prefix_term(head_of["org"])]
    else:
        terms = [role_query_term(w) for w in (fold(w).strip(".,") for w in query.split()) if w in _title_words()]
    windows = await union_by_key(ctx, _newest_with_term, list(dict.fromkeys(terms)))
    dates = {int(role_id): date for role_id, date in windows}
    if not dates:
        return []
    roles = role_table.c
    rows = (await ctx.session.execute(
        select(roles.id, roles.entity_id, roles.role).where(roles.id.in_(dates)).order_by(roles.id))).all()
    matches: dict[str, bool] = {}
    score: dict[int, tuple[int, str]] = {}
    for role_id, entity_id, role in rows:
        if role not in matches:
            matches[role] = roles_match(query, role)
        if matches[role]:
            count, latest = score.get(entity_id, (0, ""))
            score[entity_id] = (count + 1, max(latest, dates[role_id] or ""))
    ranked = sorted(score, key=lambda e: (score[e][1], score[e][0]), reverse=True)
    return ranked[:MAX_PEOPLE_PER_ANSWER]


def _newest_with_term(term: BindParameter) -> Select:
    role_terms = role_term_table.c
    return (select(role_terms.role_id, role_terms.page_date).where(role_terms.term == term)
            .order_by(newest(role_terms.page_date), role_terms.id.desc()).limit(ROLE_WINDOW))


def _newest(table: Table, key, entity_id: BindParameter, *columns) -> Select:
    """A person's newest ``table`` rows (keyed by ``key``), with their snippets and sources."""
    return (select(table.c.id, key.label("entity_id"), *columns, snippet_column(table), *SOURCE_COLUMNS)
            .join(article_table, article_table.c.id == table.c.article_id).where(key == entity_id)
            .order_by(newest(table.c.page_date), table.c.id.desc()).limit(FACTS_PER_PERSON))


def _newest_roles(entity_id: BindParameter) -> Select:
    roles = role_table.c
    return _newest(role_table, roles.entity_id, entity_id, roles.article_id, roles.role)


def _newest_quotes(entity_id: BindParameter) -> Select:
    quotes = quote_table.c
    return _newest(quote_table, quotes.speaker_id, entity_id, quotes.article_id, quotes.text)


def _newest_mentions(entity_id: BindParameter) -> Select:
    return _newest(mention_table, mention_table.c.entity_id, entity_id)


def _in_date_order(rows: list) -> list:
    """Newest source first, undated last, earlier rows first within a date (as stored)."""
    return sorted(sorted(rows, key=lambda r: r.id), key=lambda r: r.page_date or "", reverse=True)


async def person_facts(ctx: QueryContext, entity_ids: list[int]) -> list[FactRecord]:
    """Each person's roles (newest source first, one per role and article), else a mention; then quotes."""
    entities = entity_table.c
    names = dict((await ctx.session.execute(
        select(entities.id, entities.name).where(entities.id.in_(entity_ids)))).all())
    roles = await union_by_key(ctx, _newest_roles, entity_ids)
    quotes = await union_by_key(ctx, _newest_quotes, entity_ids)
    with_roles = {r.entity_id for r in roles}
    mentions = await union_by_key(ctx, _newest_mentions, [e for e in entity_ids if e not in with_roles])
    facts: list[FactRecord] = []
    for entity_id in entity_ids:
        own_roles = _in_date_order([r for r in roles if r.entity_id == entity_id])
        seen: set[tuple[str, int]] = set()
        for role in own_roles:
            key = (normalise_role(role.role), role.article_id)
            if key not in seen:
                seen.add(key)
                facts.append(PersonRecord(name=names[entity_id], role=role.role, snippet=role.snippet.strip(),
                                          source=source_from(role)))
        if not own_roles:
            facts.extend(PersonRecord(name=names[entity_id], role=None, snippet=m.snippet.strip(),
                                      source=source_from(m))
                         for m in _in_date_order([m for m in mentions if m.entity_id == entity_id])[:1])
    position = {e: i for i, e in enumerate(entity_ids)}
    # Per person, undated quotes first (they may be the newest), then the newest source first.
    for quote in sorted(sorted(quotes, key=lambda q: q.id),
                        key=lambda q: (position[q.entity_id], newest_first_key(q.page_date))):
        facts.append(QuoteRecord(speaker=names[quote.entity_id], text=quote.text, snippet=quote.snippet.strip(),
                                 source=source_from(quote)))
    return facts
