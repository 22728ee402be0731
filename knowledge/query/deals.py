"""/deals: deals by party (however spelled) or by topic, the surest match first.

When no stored deal answers, the sentences that name the party or cover the topic best are read
again at question time (:mod:`knowledge.query.recall`).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import BindParameter, Select, select

from knowledge.query.answers import Answer, DealRecord
from knowledge.query.parties import other_spellings, parties_named_each, parts_naming, party_matches, query_parts
from knowledge.query.recall import FOUND_AT_QUESTION, best_sentences, recall, to_read_again
from knowledge.query.relevance import Coverage
from knowledge.query.retrieval import (
    SOURCE_COLUMNS,
    QueryContext,
    Spans,
    date_key,
    matching_spans,
    newest,
    snippet_column,
    source_from,
    union_by_key,
)
from knowledge.store.schema import article_table, deal_party_table, deal_table

MAX_FACTS = 12
MIN_TOPIC_COVERAGE = 0.6
MIN_PART_COVERAGE = 0.5
#: Newest deals read per organisation the query names.
PARTY_WINDOW = 100


async def answer(ctx: QueryContext, query: str) -> Answer:
    parts = query_parts(query)  # "European Union Ukraine Facility": two names
    named = await parties_named_each(ctx, [query, *(part for *_, part in parts)])
    direct = named[query]
    by_part_of = parts_naming(parts, named)
    spellings = await other_spellings(ctx, named)
    ids = await _newest_deals_of(ctx, direct)
    spans: Spans = {}
    if len(ids) < MAX_FACTS:  # else deals of the named parties fill the answer: the others rank below them
        ids |= await _newest_deals_of(ctx, set(by_part_of) - direct)
        spans = await matching_spans(ctx, query, spellings)
    rows = await _deals(ctx, ids, list(spans))
    parties = await _parties(ctx, [deal.id for deal in rows])
    covered = Coverage(query, spellings)
    scored: list[tuple[int, float, float, str, DealRecord]] = []
    for deal in rows:
        entities = {entity_id for _, entity_id in parties[deal.id]}
        by_part = len({start for e in entities for start in by_part_of.get(e, ())})
        snippet = deal.snippet.strip()
        share = covered(deal.what, snippet, deal.title or "")
        party_hit = 2 if entities & direct else 1 if (
            by_part >= 2 or (by_part and share >= MIN_PART_COVERAGE)) else 0
        if not party_hit and share < MIN_TOPIC_COVERAGE:
            continue
        fact = DealRecord(parties=tuple(name for name, _ in parties[deal.id]), what=deal.what, status=deal.status,
                          date=deal.date, date_text=deal.date_text, snippet=snippet, source=source_from(deal))
        scored.append((party_hit, share, covered(deal.what, snippet), date_key(deal.date), fact))
    if not scored:  # the stored facts do not answer: read the best sentences again
        scored = await _recalled(ctx, query, parts, spans or await matching_spans(ctx, query, spellings), covered)
    # Deals that name the topic themselves before those the article's title names it for.
    scored.sort(key=lambda s: s[:4], reverse=True)
    return Answer(command="deals", query=query, facts=tuple(f for *_, f in scored[:MAX_FACTS]))


def _party_hit(query: str, parts: list[tuple[int, int, str]], parties: list[str], share: float) -> int:
    """As for stored deals, by name instead of entity id: 2 for the queried party, 1 for parts of the query."""
    if any(party_matches(query, party) for party in parties):
        return 2
    by_part = len({start for start, _, part in parts if any(party_matches(part, party) for party in parties)})
    return 1 if by_part >= 2 or (by_part and share >= MIN_PART_COVERAGE) else 0


async def _recalled(ctx: QueryContext, query: str, parts: list[tuple[int, int, str]], spans: Spans,
                    covered: Coverage) -> list[tuple[int, float, float, str, DealRecord]]:
    """Deals the components find at question time in the sentences that name the party or cover the topic."""
    hits = best_sentences(spans, covered, await to_read_again(ctx, list(spans)), MIN_PART_COVERAGE)
    scored = []
    for found in await recall(ctx, hits):
        for deal in found.facts.deals:
            if not found.about_sentence(deal.start, deal.end, deal.what):
                continue
            snippet = found.snippet(deal.start, deal.end)
            share = covered(deal.what, snippet, found.title or "")
            party_hit = _party_hit(query, parts, deal.parties, share)
            if not party_hit and share < MIN_TOPIC_COVERAGE:
                continue
            fact = DealRecord(parties=tuple(deal.parties), what=deal.what, status=deal.status, date=deal.date,
                              date_text=deal.date_text, snippet=snippet, source=found.source,
                              found_at=FOUND_AT_QUESTION)
            scored.append((party_hit, share, covered(deal.what, snippet), date_key(deal.date), fact))
    return scored


async def _newest_deals_of(ctx: QueryContext, entity_ids: set[int]) -> set[int]:
    """Ids of each organisation's newest deals (PARTY_WINDOW each)."""
    return {int(deal_id) for deal_id, in await union_by_key(ctx, _newest_of_party, sorted(entity_ids))}


def _newest_of_party(entity_id: BindParameter) -> Select:
    deal_parties = deal_party_table.c
    return (select(deal_parties.deal_id).where(deal_parties.entity_id == entity_id)
            .order_by(newest(deal_parties.deal_date), deal_parties.id.desc()).limit(PARTY_WINDOW))


async def _deals(ctx: QueryContext, ids: set[int], article_ids: list[int]) -> list:
    """The deals with these ids or in these articles, in storage order."""
    deals = deal_table.c
    columns = (deals.id, deals.what, deals.status, deals.date, deals.date_text, snippet_column(deal_table),
               *SOURCE_COLUMNS)
    found = {}
    for condition in (deals.id.in_(ids), deals.article_id.in_(article_ids)):
        rows = await ctx.session.execute(select(*columns).join(article_table, article_table.c.id == deals.article_id)
                                         .where(condition))
        found.update((row.id, row) for row in rows)
    return [found[key] for key in sorted(found)]


async def _parties(ctx: QueryContext, deal_ids: list[int]) -> dict[int, list[tuple[str, int | None]]]:
    """Deal id -> its parties (name as written, entity id) in the order the article names them."""
    parties: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    if deal_ids:
        deal_parties = deal_party_table.c
        rows = await ctx.session.execute(select(deal_parties.deal_id, deal_parties.name, deal_parties.entity_id)
                                         .where(deal_parties.deal_id.in_(deal_ids))
                                         .order_by(deal_parties.deal_id, deal_parties.position))
        for deal_id, name, entity_id in rows:
            parties[deal_id].append((name, entity_id))
    return parties
