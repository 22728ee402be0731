"""/sources: the newest articles, each with the words its date was read from."""

from __future__ import annotations

from sqlalchemy import select

from knowledge.query.answers import Answer, ArticleRecord
from knowledge.query.retrieval import SOURCE_COLUMNS, QueryContext, newest, source_from
from knowledge.store.schema import article_table

#: Articles listed; an archive of thousands is browsed with /search, not read as a list.
MAX_SOURCES = 100


async def answer(ctx: QueryContext, query: str = "") -> Answer:
    articles = article_table.c
    rows = (await ctx.session.execute(
        select(articles.date_evidence, articles.source_snippet, *SOURCE_COLUMNS)
        .order_by(newest(articles.page_date), articles.ingested_at.desc(), articles.id.desc())
        .limit(MAX_SOURCES + 1))).all()
    facts = [ArticleRecord(title=a.title, snippet=_snippet(a), source=source_from(a)) for a in rows[:MAX_SOURCES]]
    return Answer(command="sources", query="", facts=tuple(facts), more=True if len(rows) > MAX_SOURCES else None)


def _snippet(article) -> str:
    """The words the page date was read from, else the words that stand for the article, else its title."""
    if article.page_date and article.date_evidence:
        return article.date_evidence
    return article.source_snippet or article.title or ""
