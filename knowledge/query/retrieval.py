"""What every command retrieves the same way: full-text hits, snippets with their sources, newest-first reads.

Every command answers inside one read session (one consistent snapshot of the store), handed in
as a :class:`QueryContext`, and reads only bounded windows of rows through indexes: the number of
rows a question touches does not grow with the archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, CompoundSelect, Select, Table, bindparam, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.query.answers import Source
from knowledge.query.relevance import search_variants
from knowledge.store.schema import article_table, passage_table
from knowledge.store.search import search_passages

#: Passages full-text search hands over per question (see knowledge.store.search.search_passages).
FTS_CANDIDATES = 300
#: SQLite allows 500 parts in one compound SELECT; stay well below (a power of two: see union_by_key).
MAX_UNION_PARTS = 128
SOURCE_COLUMNS = (article_table.c.file_name, article_table.c.title, article_table.c.page_date,
                  article_table.c.date_kind)


@dataclass
class QueryContext:
    """One question's read session."""

    session: AsyncSession


@dataclass(frozen=True)
class Hit:
    """A passage full-text search found, with its rank (higher is better) and verbatim text."""

    id: int
    article_id: int
    start: int
    end: int
    rank: float
    text: str


#: Article id -> the passages full-text search found in it, in passage order.
Spans = dict[int, list[Hit]]


def source_from(row: Any) -> Source:
    """The Source of a row selected with SOURCE_COLUMNS."""
    return Source(article=row.file_name, title=row.title, date=row.page_date, date_kind=row.date_kind)


def snippet_column(table: Table) -> ColumnElement[str]:
    """The fact's verbatim span of its article's text, cut out by the database (the text never leaves it)."""
    return func.substr(article_table.c.text, table.c.start + 1, table.c.end - table.c.start).label("snippet")


async def matching_spans(ctx: QueryContext, query: str,
                         spellings: Mapping[str, Sequence[str]] | None = None) -> Spans:
    """Article id -> the passages that full-text search finds for the query (a bounded window).

    The query and a few versions of it are searched (:func:`~knowledge.query.relevance.search_variants`:
    other names of what it names, other forms of its words), within one window of ``FTS_CANDIDATES``
    passages: half for the query as asked, half shared by its versions. A passage keeps its best rank.
    """
    variants = search_variants(query, spellings)
    limits = [FTS_CANDIDATES] if len(variants) == 1 else (
        [FTS_CANDIDATES // 2] + [FTS_CANDIDATES // 2 // (len(variants) - 1)] * (len(variants) - 1))
    rank: dict[int, float] = {}
    for variant, limit in zip(variants, limits, strict=True):
        for pid, score in await search_passages(ctx.session, variant, limit=limit):
            rank[pid] = max(score, rank.get(pid, score))
    if not rank:
        return {}
    passages = passage_table.c
    rows = (await ctx.session.execute(
        select(passages.id, passages.article_id, passages.start, passages.end, passages.text)
        .where(passages.id.in_(rank)).order_by(passages.id))).all()
    spans: Spans = defaultdict(list)
    for pid, article_id, start, end, text in rows:
        spans[article_id].append(Hit(pid, article_id, start, end, rank[pid], text))
    return spans


def overlaps(hits: Sequence[Hit], start: int, end: int) -> list[float]:
    """Ranks of the hits that overlap ``[start, end)``."""
    return [h.rank for h in hits if h.start < end and start < h.end]


async def article_sources(ctx: QueryContext, ids: set[int]) -> dict[int, tuple[Source, Any]]:
    """Article id -> (its Source, its row with ``title`` and ``lede``)."""
    if not ids:
        return {}
    rows = (await ctx.session.execute(
        select(article_table.c.id, article_table.c.lede, *SOURCE_COLUMNS).where(article_table.c.id.in_(ids)))).all()
    return {row.id: (source_from(row), row) for row in rows}


#: A SELECT for one key (a bound parameter): "the newest roles of this person".
PerKey = Callable[[BindParameter], Select]


@cache
def _union_statement(build: PerKey, count: int) -> Select | CompoundSelect:
    """``build`` for ``count`` keys glued with UNION ALL; built once per shape (building costs more than running)."""
    parts = [select(*build(bindparam(f"key_{i}")).subquery().c) for i in range(count)]
    return parts[0] if count == 1 else union_all(*parts)


async def union_by_key(ctx: QueryContext, build: PerKey, keys: Sequence[Any]) -> list[Any]:
    """The rows ``build`` selects for each key (each with its own ORDER BY and LIMIT), in few round trips.

    The number of parts is rounded up to a power of two with keys that match nothing (-1, ""), so a
    handful of statement shapes, compiled once each, serve every question.
    """
    rows: list[Any] = []
    for start in range(0, len(keys), MAX_UNION_PARTS):
        chunk = list(keys[start:start + MAX_UNION_PARTS])
        if not chunk:
            continue
        size = min(1 << (len(chunk) - 1).bit_length(), MAX_UNION_PARTS)
        chunk += ["" if isinstance(chunk[0], str) else -1] * (size - len(chunk))
        statement = _union_statement(build, size)
        rows.extend((await ctx.session.execute(statement, {f"key_{i}": k for i, k in enumerate(chunk)})).all())
    return rows


def newest(column: Any) -> Any:
    """Newest first, undated last: the order the newest-first indexes are read in."""
    return column.desc().nulls_last()


def date_key(date: str | None) -> str:
    return date or ""


def newest_first_key(date: str | None) -> str:
    """Sort key that puts newer ISO dates first inside an ascending sort."""
    return "".join(chr(0x10FFFF - ord(c)) for c in (date or ""))
