"""/search: the sentences that mention most of the words, best first."""

from __future__ import annotations

from knowledge.query.answers import Answer, PassageRecord
from knowledge.query.relevance import coverage, query_stems
from knowledge.query.retrieval import QueryContext, articles, matching_spans

MAX_FACTS = 12
MIN_SEARCH_COVERAGE = 0.5


async def answer(ctx: QueryContext, query: str) -> Answer:
    spans = await matching_spans(ctx, query)
    texts = await articles(ctx, set(spans))
    wanted = query_stems(query)
    scored = []
    for article_id, passages in spans.items():
        article = texts[article_id]
        for start, end, rank in passages:
            snippet = article.snippet(start, end)
            share = coverage(wanted, snippet)
            if share >= MIN_SEARCH_COVERAGE:
                scored.append((share, rank, PassageRecord(snippet=snippet, source=article.source)))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return Answer(command="search", query=query, facts=tuple(f for *_, f in scored[:MAX_FACTS]))
