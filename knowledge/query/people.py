"""People: who a name or a role names, and what the store knows about them (used by /who and /check)."""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select

from knowledge.extract.roles import ROLE_HEADS
from knowledge.query.answers import FactRecord, PersonRecord, QuoteRecord
from knowledge.query.lookup import NameIndex
from knowledge.query.retrieval import QueryContext, articles, date_key, newest_first_key
from knowledge.store.models import Article, Entity, Mention, Quote, Role
from knowledge.text.names import HEAD_OF_QUERY_RE, NAME_MATCH_THRESHOLD, fold, match_score, normalise_role, roles_match

MAX_PEOPLE_PER_ANSWER = 5
AMBIGUITY_MARGIN = 4.0
ORG_PREFIX_CHARS = 6
CAPITALISED_RUN_RE = re.compile(r"\b[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*")


def names_a_role(query: str) -> bool:
    return any(fold(w).strip(".,") in ROLE_HEADS for w in query.split())


def people_named(query: str, index: NameIndex) -> list[int]:
    """The people the name query names: the best match and any within AMBIGUITY_MARGIN of it."""
    best: dict[int, float] = {}
    for entity_id, _name, alias in index.person_shortlist(query):
        score = match_score(query, alias)
        if score >= NAME_MATCH_THRESHOLD and score > best.get(entity_id, 0.0):
            best[entity_id] = score
    if not best:
        return []
    top = max(best.values())
    chosen = [e for e, s in sorted(best.items(), key=lambda kv: -kv[1]) if s >= top - AMBIGUITY_MARGIN]
    return chosen[:MAX_PEOPLE_PER_ANSWER]


def people_named_in(claim: str, index: NameIndex) -> list[int]:
    """People whose name (or surname) appears in the claim's capitalised words."""
    found: list[int] = []
    for name in (m.group(0) for m in CAPITALISED_RUN_RE.finditer(claim)):
        for entity_id in people_named(name, index):
            if entity_id not in found:
                found.append(entity_id)
    return found[:MAX_PEOPLE_PER_ANSWER]


async def people_with_role(ctx: QueryContext, query: str) -> list[int]:
    """Holders of the queried role, the newest source first."""
    heads = [w for w in (fold(w).strip(".,") for w in query.split()) if w in ROLE_HEADS]
    head_of = HEAD_OF_QUERY_RE.match(normalise_role(query))
    if head_of:
        heads = [head_of["org"][:ORG_PREFIX_CHARS]]  # any title of that organisation may be its head
    rows = (await ctx.session.execute(
        select(Role.entity_id, Role.role, Article.page_date).join(Article, Article.id == Role.article_id)
        .where(or_(*(func.lower(Role.role).contains(head) for head in heads)))
    )).all()
    score: dict[int, tuple[int, str]] = {}
    for entity_id, role, date in rows:
        if roles_match(query, role):
            count, newest = score.get(entity_id, (0, ""))
            score[entity_id] = (count + 1, max(newest, date or ""))
    ranked = sorted(score, key=lambda e: (score[e][1], score[e][0]), reverse=True)
    return ranked[:MAX_PEOPLE_PER_ANSWER]


async def person_facts(ctx: QueryContext, entity_ids: list[int]) -> list[FactRecord]:
    """Each person's roles (newest source first, one per role and article), else a mention; then quotes."""
    session = ctx.session
    entities = {e.id: e for e in (await session.execute(select(Entity).where(Entity.id.in_(entity_ids)))).scalars()}
    roles = (await session.execute(select(Role).where(Role.entity_id.in_(entity_ids)))).scalars().all()
    mentions = (await session.execute(select(Mention).where(Mention.entity_id.in_(entity_ids)))).scalars().all()
    quotes = (await session.execute(select(Quote).where(Quote.speaker_id.in_(entity_ids)))).scalars().all()
    texts = await articles(ctx, {r.article_id for r in roles} | {m.article_id for m in mentions}
                           | {q.article_id for q in quotes})
    facts: list[FactRecord] = []
    for entity_id in entity_ids:
        entity = entities[entity_id]
        own_roles = sorted((r for r in roles if r.entity_id == entity_id),
                           key=lambda r: date_key(texts[r.article_id].source.date), reverse=True)
        seen: set[tuple[str, int]] = set()
        for role in own_roles:
            key = (normalise_role(role.role), role.article_id)
            if key in seen:
                continue
            seen.add(key)
            article = texts[role.article_id]
            facts.append(PersonRecord(name=entity.name, role=role.role, snippet=article.snippet(role.start, role.end),
                                      source=article.source))
        if not own_roles:
            for mention in sorted((m for m in mentions if m.entity_id == entity_id),
                                  key=lambda m: date_key(texts[m.article_id].source.date), reverse=True)[:1]:
                article = texts[mention.article_id]
                facts.append(PersonRecord(name=entity.name, role=None,
                                          snippet=article.snippet(mention.start, mention.end), source=article.source))
    own_quotes = sorted(quotes, key=lambda q: (entity_ids.index(q.speaker_id),
                                               newest_first_key(texts[q.article_id].source.date)))
    for quote in own_quotes:
        article = texts[quote.article_id]
        facts.append(QuoteRecord(speaker=entities[quote.speaker_id].name, text=quote.text,
                                 snippet=article.snippet(quote.start, quote.end), source=article.source))
    return facts
