"""/deals: deals by party (however spelled) or by topic, the surest match first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from knowledge.query.answers import Answer, DealRecord
from knowledge.query.parties import deals_by_party, deals_by_query_parts
from knowledge.query.relevance import coverage, query_stems
from knowledge.query.retrieval import QueryContext, articles, date_key, matching_spans
from knowledge.store.models import Deal

MAX_FACTS = 12
MIN_TOPIC_COVERAGE = 0.6
MIN_PART_COVERAGE = 0.5


async def answer(ctx: QueryContext, query: str) -> Answer:
    index = await ctx.name_index()
    by_party = deals_by_party(query, index)
    by_part = deals_by_query_parts(query, index)  # "European Union Ukraine Facility": two names
    spans = await matching_spans(ctx, query)
    rows = (await ctx.session.execute(select(Deal).options(selectinload(Deal.parties)).where(
        Deal.id.in_(by_party | set(by_part)) | Deal.article_id.in_(list(spans))))).scalars().all()
    texts = await articles(ctx, {d.article_id for d in rows})
    wanted = query_stems(query)
    scored: list[tuple[int, float, str, DealRecord]] = []
    for deal in rows:
        article = texts[deal.article_id]
        snippet = article.snippet(deal.start, deal.end)
        share = coverage(wanted, f"{deal.what} {snippet} {article.title or ''}")
        party_hit = 2 if deal.id in by_party else 1 if (
            by_part.get(deal.id, 0) >= 2 or (deal.id in by_part and share >= MIN_PART_COVERAGE)) else 0
        if not party_hit and share < MIN_TOPIC_COVERAGE:
            continue
        fact = DealRecord(parties=tuple(p.name for p in deal.parties), what=deal.what, status=deal.status,
                          date=deal.date, date_text=deal.date_text, snippet=snippet, source=article.source)
        scored.append((party_hit, share, date_key(deal.date), fact))
    scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
    return Answer(command="deals", query=query, facts=tuple(f for *_, f in scored[:MAX_FACTS]))
