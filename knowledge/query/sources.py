"""/sources: the articles, newest first, each with the words its date was read from."""

from __future__ import annotations

from sqlalchemy import select

from knowledge.query.answers import Answer, ArticleRecord
from knowledge.query.retrieval import QueryContext, source_of
from knowledge.store.models import Article


async def answer(ctx: QueryContext, query: str = "") -> Answer:
    rows = (await ctx.session.execute(select(Article).order_by(
        Article.page_date.is_(None), Article.page_date.desc(), Article.ingested_at.desc()))).scalars().all()
    facts = []
    for a in rows:
        snippet = a.date_evidence if a.page_date and a.date_evidence else a.source_snippet or a.title or ""
        facts.append(ArticleRecord(title=a.title, snippet=snippet, source=source_of(a)))
    return Answer(command="sources", query="", facts=tuple(facts))
