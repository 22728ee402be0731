"""The knowledge store: one object that owns the engine and writes and reads facts.

Writes happen one article per transaction (:meth:`KnowledgeStore.save_article`): the old version
of a changed article and its facts go, the new ones come, or nothing changes at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from knowledge.resolve import resolve_org, resolve_person
from knowledge.store import db
from knowledge.store.indexing import index_roles
from knowledge.store.models import (
    Article,
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


@dataclass(frozen=True)
class SaveOutcome:
    status: str  # "new" | "unchanged" | "replaced" | "duplicate"
    article_id: int | None
    counts: dict[str, int]
    duplicate_of: str | None = None
    known_since: datetime | None = None
    new_people: tuple[str, ...] = ()


class KnowledgeStore:
    """Engine, sessions and the article write path."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self.sessions: async_sessionmaker[AsyncSession] = db.session_factory(engine)

    @classmethod
    async def open(cls, url: str, *, search_path: str | None = None) -> KnowledgeStore:
        """Open (and migrate) the store at ``url``."""
        engine = db.create_engine(url, search_path=search_path)
        await db.migrate(engine)
        return cls(engine)

    async def close(self) -> None:
        await self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def article_count(self) -> int:
        async with self.sessions() as session:
            return int((await session.execute(select(func.count(Article.id)))).scalar_one())

    async def save_article(self, processed: ProcessedArticle, digest: str) -> SaveOutcome:
        """Store one processed article and its facts in one transaction."""
        now = datetime.now(UTC)
        async with self.sessions() as session, session.begin():
            existing = (await session.execute(
                select(Article).where(Article.file_name == processed.file_name))).scalars().first()
            if existing is not None and existing.content_hash == digest:
                return SaveOutcome("unchanged", existing.id, {}, known_since=existing.ingested_at)
            twin = (await session.execute(select(Article).where(
                Article.content_hash == digest, Article.file_name != processed.file_name))).scalars().first()
            if twin is not None:
                return SaveOutcome("duplicate", twin.id, {}, duplicate_of=twin.file_name,
                                   known_since=twin.ingested_at)
            status = "new"
            touched: set[int] = set()
            if existing is not None:
                touched = await self._entities_of(session, existing.id)
                await session.execute(delete(Article).where(Article.id == existing.id))
                await session.flush()
                status = "replaced"
            article, counts, new_people = await self._insert(session, processed, digest, now)
            if touched:
                await self._drop_orphan_entities(session, touched)
            return SaveOutcome(status, article.id, counts, new_people=tuple(new_people))

    async def _insert(self, session: AsyncSession, processed: ProcessedArticle, digest: str,
                      now: datetime) -> tuple[Article, dict[str, int], list[str]]:
        text = processed.text
        page_date = processed.page_date
        article = Article(
            file_name=processed.file_name, title=processed.title, content_hash=digest, text=text,
            page_date=page_date.date, date_kind=page_date.kind, date_evidence=page_date.evidence,
            date_reason=page_date.reason, source_snippet=processed.source_snippet, lede=article_lede(text),
            ingested_at=now,
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
        deal_rows = [Deal(article_id=article.id, what=d.what, status=d.status, date=d.date, date_text=d.date_text,
                          start=d.start, end=d.end) for d in facts.deals]
        session.add_all(deal_rows)
        await session.flush()
        await self._insert_many(session, DealParty, [
            {"deal_id": row.id, "entity_id": party_ids[name], "name": name, "position": position,
             "deal_date": deal.date}
            for row, deal in zip(deal_rows, facts.deals, strict=True)
            for position, name in enumerate(deal.parties)])
        roles_count = len(roles)
        counts = {"people": len(facts.people), "roles": roles_count, "quotes": len(facts.quotes),
                  "events": len(facts.events), "deals": len(facts.deals)}
        return article, counts, new_people

    @staticmethod
    async def _insert_many(session: AsyncSession, model: type, rows: list[dict]) -> None:
        if rows:
            await session.execute(insert(model), rows)

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
