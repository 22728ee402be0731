"""/who: people by name (tolerant of case, typos, transliteration and Cyrillic) or by role, and who said what."""

from __future__ import annotations

import re

from sqlalchemy import select

from knowledge.query.answers import Answer, FactRecord, QuoteRecord
from knowledge.query.people import (
    close_names,
    name_candidates,
    names_a_role,
    people_named,
    people_with_role,
    person_facts,
)
from knowledge.query.relevance import coverage, query_stems
from knowledge.query.retrieval import (
    SOURCE_COLUMNS,
    QueryContext,
    matching_spans,
    overlaps,
    snippet_column,
    source_from,
)
from knowledge.store.schema import article_table, entity_table, quote_table

MAX_FACTS = 12
MIN_TOPIC_COVERAGE = 0.6
SAID_QUERY_RE = re.compile(r"^(?:who\s+)?(?:said|says|stated|told)\s+(?P<words>.+)$", re.I)


async def answer(ctx: QueryContext, query: str) -> Answer:
    said = SAID_QUERY_RE.match(query)
    if said:
        return Answer(command="who", query=query, facts=tuple(await quotes_about(ctx, said.group("words"))))
    entity_ids: list[int] = []
    if names_a_role(query):
        entity_ids = await people_with_role(ctx, query)
    if not entity_ids:
        candidates = (await name_candidates(ctx, [query]))[query]
        entity_ids = await people_named(ctx, query, candidates)
        if not entity_ids:
            suggestions = await close_names(ctx, query, candidates)
            return Answer(command="who", query=query, suggestions=tuple(suggestions))
    return Answer(command="who", query=query, facts=tuple(await person_facts(ctx, entity_ids)))


async def quotes_about(ctx: QueryContext, words: str) -> list[FactRecord]:
    """Quotes in the passages full-text search finds for the words, that cover most of them."""
    wanted = query_stems(words)
    spans = await matching_spans(ctx, words)
    if not spans:
        return []
    quotes = quote_table.c
    rows = (await ctx.session.execute(
        select(quotes.article_id, quotes.start, quotes.end, quotes.text, quotes.speaker_name, entity_table.c.name,
               snippet_column(quote_table), *SOURCE_COLUMNS)
        .join(article_table, article_table.c.id == quotes.article_id)
        .outerjoin(entity_table, entity_table.c.id == quotes.speaker_id)
        .where(quotes.article_id.in_(list(spans))).order_by(quotes.article_id, quotes.id))).all()
    rows = [q for q in rows if overlaps(spans[q.article_id], q.start, q.end)]
    scored = [(coverage(wanted, q.text), q) for q in rows]
    scored = [s for s in scored if s[0] >= MIN_TOPIC_COVERAGE]
    scored.sort(key=lambda s: -s[0])
    return [QuoteRecord(speaker=q.name or q.speaker_name, text=q.text, snippet=q.snippet.strip(),
                        source=source_from(q)) for _, q in scored[:MAX_FACTS]]
