"""The knowledge store's write path: :class:`KnowledgeStore` is the :class:`~knowledge.store.handle.Store`
that also saves articles and their facts.

Writes happen one article per transaction (:meth:`KnowledgeStore.save_article`): the old version
of a changed article and its facts go, the new ones come, or nothing changes at all.

An article is its content; its sources say where that content was found. Saving content that is
stored already only links the source to it (:meth:`KnowledgeStore.known_content` does that before
any extraction); a source whose content changed moves to the new article, and the old article
goes once no source is left.

One writer at a time, across processes: every write transaction first takes the database's write
lock (``BEGIN IMMEDIATE`` on SQLite, an advisory transaction lock on PostgreSQL), so the lookups
inside it (is this content stored? which entity is this name?) cannot race another process's
insert. Waiting for the lock is bounded by ``lock_timeout`` (:class:`~knowledge.store.db.StoreBusy`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.extraction_code import extraction_digest
from knowledge.resolve import resolve_org, resolve_person
from knowledge.sources import Source
from knowledge.store.handle import Store
from knowledge.store.indexing import index_roles
from knowledge.store.models import (
    Article,
    ArticleSource,
    Deal,
    DealParty,
    Entity,
    Event,
    Mention,
    Passage,
    Quote,
    Role,
)
from knowledge.text.sentences import split_sentences

if TYPE_CHECKING:  # the extraction pipeline (spaCy) is not loaded to answer questions
    from knowledge.extract.pipeline import ProcessedArticle

LEDE_CHARS = 1000


def _unique_mentions(rows: list[dict]) -> list[dict]:
    """One mention per entity and article (two spellings in one article may resolve to one entity)."""
    seen: set[int] = set()
    unique = []
    for row in rows:
        if row["entity_id"] not in seen:
            seen.add(row["entity_id"])
            unique.append(row)
    return unique


def article_lede(text: str) -> str:
    """The article's first sentence (within its first LEDE_CHARS characters): what it is about."""
    sentences = split_sentences(text[:LEDE_CHARS])
    return sentences[0].text if sentences else ""


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _source_row(source: Source, article_id: int, now: datetime) -> ArticleSource:
    return ArticleSource(article_id=article_id, kind=source.kind, key=source.key, key_hash=source.key_hash,
                         name=source.name, added_at=now)


@dataclass(frozen=True)
class SaveOutcome:
    # new: content not seen before; unchanged: this source already holds this content;
    # duplicate: the content was stored under another source, and this source now names it too;
    # replaced: this source's content changed (to new content, or to content stored under another source).
    status: str
    article_id: int | None
    counts: dict[str, int]
    duplicate_of: str | None = None
    known_since: datetime | None = None
    new_people: tuple[str, ...] = ()


class KnowledgeStore(Store):
    """The store with the article write path."""

    async def known_content(self, source: Source, digest: str) -> SaveOutcome | None:
        """For content stored already: link ``source`` to it and say so; None when it must be extracted.

        Called before extraction, so a rerun over unchanged files costs a hash and a lookup per file.
        """
        async with self.sessions() as session:
            stored = (await session.execute(
                select(Article.id, Article.ingested_at).where(Article.content_hash == digest))).first()
            if stored is None:
                return None
            linked = (await session.execute(select(ArticleSource.article_id).where(
                ArticleSource.key_hash == source.key_hash))).scalar_one_or_none()
            if linked == stored.id:
                return SaveOutcome("unchanged", stored.id, {}, known_since=stored.ingested_at)
        async with self.writing() as session:
            return await self._link(session, source, digest, datetime.now(UTC))

    async def save_article(self, processed: ProcessedArticle, digest: str, *,
                           source: Source | None = None) -> SaveOutcome:
        """Store one processed article and its facts under ``source``, in one transaction.

        Without a source the article is a file named ``processed.file_name``.
        """
        source = source or Source.file(processed.file_name)
        now = datetime.now(UTC)
        async with self.writing() as session:
            linked = await self._link(session, source, digest, now)
            if linked is not None:
                return linked  # another process stored this content since it was looked up
            row = await self._source_row(session, source)
            article, counts, new_people = await self._insert(session, processed, digest, now, name=source.name)
            if row is None:
                session.add(_source_row(source, article.id, now))
                status = "new"
            else:
                previous, row.article_id, row.name = row.article_id, article.id, source.name
                await session.flush()
                await self._release(session, previous)
                status = "replaced"
            return SaveOutcome(status, article.id, counts, new_people=tuple(new_people))

    @staticmethod
    async def _source_row(session: AsyncSession, source: Source) -> ArticleSource | None:
        return (await session.execute(
            select(ArticleSource).where(ArticleSource.key_hash == source.key_hash))).scalars().first()

    async def _link(self, session: AsyncSession, source: Source, digest: str, now: datetime) -> SaveOutcome | None:
        """Inside a write transaction: point ``source`` at the stored article with this content, if any."""
        article = (await session.execute(select(Article).where(Article.content_hash == digest))).scalars().first()
        if article is None:
            return None
        row = await self._source_row(session, source)
        if row is not None and row.article_id == article.id:
            return SaveOutcome("unchanged", article.id, {}, known_since=article.ingested_at)
        if row is None:
            session.add(_source_row(source, article.id, now))
            status = "duplicate"
        else:
            previous, row.article_id, row.name = row.article_id, article.id, source.name
            await session.flush()
            await self._release(session, previous)
            status = "replaced"
        return SaveOutcome(status, article.id, {}, duplicate_of=article.file_name, known_since=article.ingested_at)

    async def _release(self, session: AsyncSession, article_id: int) -> None:
        """A source left this article: it goes (with its facts) when no source is left, else is renamed."""
        remaining = (await session.execute(select(ArticleSource.name).where(ArticleSource.article_id == article_id)
                                           .order_by(ArticleSource.added_at, ArticleSource.id).limit(1))).first()
        if remaining is not None:
            await session.execute(update(Article).where(Article.id == article_id).values(file_name=remaining.name))
            return
        touched = await self._entities_of(session, article_id)
        await session.execute(delete(Article).where(Article.id == article_id))
        await session.flush()
        if touched:
            await self._drop_orphan_entities(session, touched)

    async def _insert(self, session: AsyncSession, processed: ProcessedArticle, digest: str,
                      now: datetime, *, name: str) -> tuple[Article, dict[str, int], list[str]]:
        text = processed.text
        page_date = processed.page_date
        article = Article(
            file_name=name, title=processed.title, content_hash=digest, text=text,
            page_date=page_date.date, date_kind=page_date.kind, date_evidence=page_date.evidence,
            date_reason=page_date.reason, source_snippet=processed.source_snippet, lede=article_lede(text),
            ingested_at=now, extracted_by=None if processed.failed_components else extraction_digest(),
        )
        session.add(article)
        await session.flush()
        # Bulk statements (one executemany each) rather than one ORM object per row: a 1,000-word article
        # has ~50 passages and ~100 facts, and every round trip through the driver costs.
        if processed.sentences:
            await session.execute(insert(Passage), [
                {"article_id": article.id, "start": s.start, "end": s.end, "text": s.text}
                for s in processed.sentences])
        facts = processed.facts
        people_ids: dict[str, int] = {}
        new_people: list[str] = []
        mentions: list[dict] = []
        roles: list[dict] = []
        with session.no_autoflush:
            for person in facts.people:
                entity = await resolve_person(session, person.name, person.aliases, now)
                if entity.first_seen_at == now and entity.name not in new_people:
                    new_people.append(entity.name)
                people_ids[person.name] = entity.id
                mentions.append({"entity_id": entity.id, "article_id": article.id, "name_in_article": person.name,
                                 "start": person.start, "end": person.end, "page_date": page_date.date})
                roles.extend({"entity_id": entity.id, "article_id": article.id, "role": r.role, "start": r.start,
                              "end": r.end, "page_date": page_date.date} for r in person.roles)
            party_ids = {name: (await resolve_org(session, name, now)).id
                         for name in dict.fromkeys(p for deal in facts.deals for p in deal.parties)}
        await session.flush()
        await self._insert_many(session, Mention, _unique_mentions(mentions))
        await self._insert_many(session, Role, roles)
        await index_roles(session, article.id, page_date.date)
        await self._insert_many(session, Quote, [
            {"article_id": article.id, "speaker_id": people_ids.get(q.speaker or ""), "speaker_name": q.speaker,
             "text": q.text, "start": q.start, "end": q.end, "page_date": page_date.date} for q in facts.quotes])
        await self._insert_many(session, Event, [
            {"article_id": article.id, "what": e.what, "date": e.date, "date_text": e.date_text, "start": e.start,
             "end": e.end} for e in facts.events])
        deal_ids: list[int] = []
        if facts.deals:
            deal_ids = list((await session.execute(
                insert(Deal).returning(Deal.id, sort_by_parameter_order=True),
                [{"article_id": article.id, "what": d.what, "status": d.status, "date": d.date,
                  "date_text": d.date_text, "start": d.start, "end": d.end} for d in facts.deals],
                execution_options={"render_nulls": True})).scalars())
        await self._insert_many(session, DealParty, [
            {"deal_id": deal_id, "entity_id": party_ids[name], "name": name, "position": position,
             "deal_date": deal.date}
            for deal_id, deal in zip(deal_ids, facts.deals, strict=True)
            for position, name in enumerate(deal.parties)])
        roles_count = len(roles)
        counts = {"people": len(facts.people), "roles": roles_count, "quotes": len(facts.quotes),
                  "events": len(facts.events), "deals": len(facts.deals)}
        return article, counts, new_people

    @staticmethod
    async def _insert_many(session: AsyncSession, model: type, rows: list[dict]) -> None:
        if rows:
            # render_nulls: one statement for all rows, not one per pattern of missing values.
            await session.execute(insert(model), rows, execution_options={"render_nulls": True})

    @staticmethod
    async def _entities_of(session: AsyncSession, article_id: int) -> set[int]:
        mentioned = select(Mention.entity_id).where(Mention.article_id == article_id)
        parties = select(DealParty.entity_id).join(Deal).where(Deal.article_id == article_id,
                                                               DealParty.entity_id.is_not(None))
        rows = (await session.execute(mentioned.union(parties))).scalars().all()
        return {int(r) for r in rows}

    @staticmethod
    async def _drop_orphan_entities(session: AsyncSession, candidates: set[int]) -> None:
        """Of the entities a replaced article named, those nothing mentions any more go."""
        people = select(Mention.entity_id).where(Mention.entity_id.in_(candidates))
        parties = select(DealParty.entity_id).where(DealParty.entity_id.in_(candidates))
        await session.execute(delete(Entity).where(
            Entity.id.in_(candidates), Entity.id.not_in(people), Entity.id.not_in(parties)))
