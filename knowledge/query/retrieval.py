"""What every command retrieves the same way: full-text hits, article sources, snippets.

Every command answers inside one read session (one consistent snapshot of the store), handed in
as a :class:`QueryContext`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.query.answers import Source
from knowledge.query.lookup import NameIndex, NameIndexCache
from knowledge.store.models import Article, Passage
from knowledge.store.search import search_passages
from knowledge.text.sentences import split_sentences

FTS_CANDIDATES = 300
LEDE_CHARS = 1000

#: Article id -> the passages (start, end, full-text rank) that matched a query, in passage order.
Spans = dict[int, list[tuple[int, int, float]]]


@dataclass
class QueryContext:
    """One question's read session and the name indexes it may use."""

    session: AsyncSession
    names: NameIndexCache

    async def name_index(self) -> NameIndex:
        return await self.names.get(self.session)


@dataclass
class ArticleText:
    id: int
    source: Source
    title: str | None
    text: str

    def snippet(self, start: int, end: int) -> str:
        return self.text[start:end].strip()

    def context(self) -> str:
        """What the article is about, for a sentence that leaves its subject out: title and lede."""
        lede = split_sentences(self.text[:LEDE_CHARS])
        return f"{self.title or ''}\n{lede[0].text if lede else ''}"


def source_of(article: Article) -> Source:
    return Source(article=article.file_name, title=article.title, date=article.page_date, date_kind=article.date_kind)


async def articles(ctx: QueryContext, ids: set[int]) -> dict[int, ArticleText]:
    if not ids:
        return {}
    rows = (await ctx.session.execute(select(Article).where(Article.id.in_(ids)))).scalars().all()
    return {a.id: ArticleText(a.id, source_of(a), a.title, a.text) for a in rows}


async def matching_spans(ctx: QueryContext, query: str) -> Spans:
    """Article id -> passages (start, end, rank) that full-text search finds for the query."""
    hits = await search_passages(ctx.session, query, limit=FTS_CANDIDATES)
    if not hits:
        return {}
    rank = dict(hits)
    rows = (await ctx.session.execute(select(Passage.id, Passage.article_id, Passage.start, Passage.end)
                                      .where(Passage.id.in_(rank)))).all()
    spans: Spans = defaultdict(list)
    for pid, article_id, start, end in rows:
        spans[article_id].append((start, end, rank[pid]))
    return spans


def overlaps(spans: list[tuple[int, int, float]], start: int, end: int) -> list[float]:
    """Ranks of the spans that overlap ``[start, end)``."""
    return [r for s, e, r in spans if s < end and start < e]


def date_key(date: str | None) -> str:
    return date or ""


def newest_first_key(date: str | None) -> str:
    """Sort key that puts newer ISO dates first inside an ascending sort."""
    return "".join(chr(0x10FFFF - ord(c)) for c in (date or ""))
