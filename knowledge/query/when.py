"""/when: dated events (and dated deals) in the passages full-text search finds for the topic."""

from __future__ import annotations

from sqlalchemy import select

from knowledge.query.answers import Answer, EventRecord
from knowledge.query.relevance import coverage, query_stems
from knowledge.query.retrieval import QueryContext, articles, matching_spans, overlaps
from knowledge.store.models import Deal, Event

MAX_FACTS = 12
MIN_TOPIC_COVERAGE = 0.6


async def answer(ctx: QueryContext, query: str) -> Answer:
    spans = await matching_spans(ctx, query)
    if not spans:
        return Answer(command="when", query=query)
    wanted = query_stems(query)
    session = ctx.session
    events = (await session.execute(select(Event).where(Event.article_id.in_(spans)))).scalars().all()
    deals = (await session.execute(select(Deal).where(Deal.article_id.in_(spans),
                                                      Deal.date.is_not(None)))).scalars().all()
    texts = await articles(ctx, set(spans))
    scored: list[tuple[float, int, float, EventRecord]] = []
    for item in [*events, *deals]:
        hit = overlaps(spans[item.article_id], item.start, item.end)
        if not hit:
            continue
        article = texts[item.article_id]
        snippet = article.snippet(item.start, item.end)
        # The title names the topic a sentence leaves out ("Deliveries are to begin in early 2025").
        share = coverage(wanted, f"{item.what} {snippet} {article.title or ''}")
        if share < MIN_TOPIC_COVERAGE:
            continue
        fact = EventRecord(what=item.what, date=item.date, date_text=item.date_text, snippet=snippet,
                           source=article.source)
        scored.append((share, 1 if item.date_text else 0, max(hit), fact))
    scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
    return Answer(command="when", query=query, facts=tuple(_dedupe([f for *_, f in scored])[:MAX_FACTS]))


def _dedupe(facts: list[EventRecord]) -> list[EventRecord]:
    """One fact per source, date and snippet (an event and the deal it reports are one answer)."""
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for fact in facts:
        key = (fact.source.article, fact.date, fact.snippet)
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out
