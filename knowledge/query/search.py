"""/search: the sentences that mention most of the words, best first."""

from __future__ import annotations

from knowledge.query.answers import Answer, PassageRecord
from knowledge.query.relevance import coverage, query_stems
from knowledge.query.retrieval import QueryContext, article_sources, matching_spans

MAX_FACTS = 12
MIN_SEARCH_COVERAGE = 0.5


async def answer(ctx: QueryContext, query: str) -> Answer:
    spans = await matching_spans(ctx, query)
    wanted = query_stems(query)
    scored = []
    for article_id, hits in spans.items():
        for hit in hits:
            snippet = hit.text.strip()
            share = coverage(wanted, snippet)
            if share >= MIN_SEARCH_COVERAGE:
                scored.append((share, hit.rank, article_id, snippet))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    best = scored[:MAX_FACTS]
    sources = await article_sources(ctx, {article_id for _, _, article_id, _ in best})
    return Answer(command="search", query=query,
                  facts=tuple(PassageRecord(snippet=snippet, source=sources[a][0]) for _, _, a, snippet in best))
