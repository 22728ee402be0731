"""/who: people by name (tolerant of case, typos, transliteration and Cyrillic) or by role, and who said what."""

from __future__ import annotations

import re

from sqlalchemy import select

from knowledge.query.answers import Answer, FactRecord, QuoteRecord
from knowledge.query.people import names_a_role, people_named, people_with_role, person_facts
from knowledge.query.relevance import coverage, query_stems
from knowledge.query.retrieval import QueryContext, articles, matching_spans, overlaps
from knowledge.store.models import Entity, Quote
from knowledge.text.names import best_matches

MAX_FACTS = 12
SUGGESTION_THRESHOLD = 60.0
MIN_TOPIC_COVERAGE = 0.6
SAID_QUERY_RE = re.compile(r"^(?:who\s+)?(?:said|says|stated|told)\s+(?P<words>.+)$", re.I)


async def answer(ctx: QueryContext, query: str) -> Answer:
    said = SAID_QUERY_RE.match(query)
    if said:
        return Answer(command="who", query=query, facts=tuple(await quotes_about(ctx, said.group("words"))))
    index = await ctx.name_index()
    entity_ids: list[int] = []
    if names_a_role(query):
        entity_ids = await people_with_role(ctx, query)
    if not entity_ids:
        entity_ids = people_named(query, index)
    if not entity_ids:
        names = sorted({name for _, name, _ in index.person_shortlist(query)})
        suggestions = [n for n, _ in best_matches(query, names, limit=3, threshold=SUGGESTION_THRESHOLD)]
        return Answer(command="who", query=query, suggestions=tuple(suggestions))
    return Answer(command="who", query=query, facts=tuple(await person_facts(ctx, entity_ids)))


async def quotes_about(ctx: QueryContext, words: str) -> list[FactRecord]:
    """Quotes in the passages full-text search finds for the words, that cover most of them."""
    wanted = query_stems(words)
    spans = await matching_spans(ctx, words)
    if not spans:
        return []
    rows = (await ctx.session.execute(select(Quote, Entity.name).outerjoin(
        Entity, Entity.id == Quote.speaker_id).where(Quote.article_id.in_(list(spans))))).all()
    rows = [(q, n) for q, n in rows if overlaps(spans[q.article_id], q.start, q.end)]
    scored = [(coverage(wanted, q.text), q, name) for q, name in rows]
    scored = [s for s in scored if s[0] >= MIN_TOPIC_COVERAGE]
    scored.sort(key=lambda s: -s[0])
    texts = await articles(ctx, {q.article_id for _, q, _ in scored[:MAX_FACTS]})
    return [QuoteRecord(speaker=name or q.speaker_name, text=q.text,
                        snippet=texts[q.article_id].snippet(q.start, q.end), source=texts[q.article_id].source)
            for _, q, name in scored[:MAX_FACTS]]
