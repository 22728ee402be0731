"""/when: dated events (and dated deals) in the passages full-text search finds for the topic.

When no stored fact answers, the sentences that cover the topic best are read again at question
time (:mod:`knowledge.query.recall`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select

from knowledge.query.answers import Answer, EventRecord
from knowledge.query.parties import names_in_query, other_spellings
from knowledge.query.recall import FOUND_AT_QUESTION, best_sentences, recall, to_read_again
from knowledge.query.relevance import Coverage
from knowledge.query.retrieval import (
    SOURCE_COLUMNS,
    QueryContext,
    Spans,
    matching_spans,
    snippet_column,
    source_from,
)
from knowledge.store.schema import article_table, deal_table, event_table, passage_table

MAX_FACTS = 12
MIN_TOPIC_COVERAGE = 0.6


def _stated_in(table: Table, passage_ids: list[int], *conditions):
    """The table's facts whose span overlaps one of the passages, once per (fact, passage)."""
    facts, passages = table.c, passage_table.c
    return (select(passages.id.label("passage_id"), facts.id, facts.article_id, facts.what, facts.date,
                   facts.date_text, snippet_column(table), *SOURCE_COLUMNS)
            .join(table, (facts.article_id == passages.article_id) & (facts.start < passages.end)
                  & (passages.start < facts.end))
            .join(article_table, article_table.c.id == facts.article_id)
            .where(passages.id.in_(passage_ids), *conditions).order_by(facts.article_id, facts.id))


async def answer(ctx: QueryContext, query: str) -> Answer:
    spellings = await other_spellings(ctx, await names_in_query(ctx, query))
    spans = await matching_spans(ctx, query, spellings)
    if not spans:
        return Answer(command="when", query=query)
    rank = {hit.id: hit.rank for hits in spans.values() for hit in hits}
    found: dict[tuple[str, int], tuple[Any, list[float]]] = {}
    for kind, statement in (("event", _stated_in(event_table, list(rank))),
                            ("deal", _stated_in(deal_table, list(rank), deal_table.c.date.is_not(None)))):
        for row in (await ctx.session.execute(statement)).all():
            found.setdefault((kind, row.id), (row, []))[1].append(rank[row.passage_id])
    covered = Coverage(query, spellings)
    scored: list[tuple[float, float, int, float, EventRecord]] = []
    for item, ranks in found.values():
        snippet = item.snippet.strip()
        # The title names the topic a sentence leaves out ("Deliveries are to begin in early 2025").
        share = covered(item.what, snippet, item.title or "")
        if share < MIN_TOPIC_COVERAGE:
            continue
        fact = EventRecord(what=item.what, date=item.date, date_text=item.date_text, snippet=snippet,
                           source=source_from(item))
        scored.append((share, covered(item.what, snippet), 1 if item.date_text else 0, max(ranks), fact))
    if not scored:  # the stored facts do not answer: read the best sentences again
        scored = await _recalled(ctx, spans, covered)
    # Facts that name the topic themselves before those the article's title names it for.
    scored.sort(key=lambda s: s[:4], reverse=True)
    return Answer(command="when", query=query, facts=tuple(_dedupe([f for *_, f in scored])[:MAX_FACTS]))


async def _recalled(ctx: QueryContext, spans: Spans,
                    covered: Coverage) -> list[tuple[float, float, int, float, EventRecord]]:
    """Dated events and deals the components find at question time in the sentences that cover the topic."""
    hits = best_sentences(spans, covered, await to_read_again(ctx, list(spans)), MIN_TOPIC_COVERAGE)
    scored = []
    for found in await recall(ctx, hits):
        dated = [*found.facts.events, *(d for d in found.facts.deals if d.date is not None)]
        for item in dated:
            if not found.about_sentence(item.start, item.end, item.what):
                continue
            snippet = found.snippet(item.start, item.end)
            share = covered(item.what, snippet, found.title or "")
            if share < MIN_TOPIC_COVERAGE:
                continue
            fact = EventRecord(what=item.what, date=item.date, date_text=item.date_text, snippet=snippet,
                               source=found.source, found_at=FOUND_AT_QUESTION)
            scored.append((share, covered(item.what, snippet), 1 if item.date_text else 0, found.hit.rank, fact))
    return scored


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
