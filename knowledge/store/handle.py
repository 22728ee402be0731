"""The store handle: an open database's engine, its read and write sessions, and the one-writer lock.

What answering a question needs of the store, without the article write path
(:class:`~knowledge.store.writer.KnowledgeStore` adds that), so ``factdesk ask`` loads neither the
writer nor what it needs (entity resolution, the ORM models).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Self

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from knowledge.store import db
from knowledge.store.schema import article_table

WRITER_LOCK_ID = 0x0FAC7DE6  # arbitrary, constant: the pg advisory lock key of the one writer


class Store:
    """Engine, sessions and write transactions of one database."""

    def __init__(self, engine: AsyncEngine, *, lock_timeout: float = db.DEFAULT_LOCK_TIMEOUT):
        self.engine = engine
        self.lock_timeout = lock_timeout
        self.sessions: async_sessionmaker[AsyncSession] = db.session_factory(engine)
        #: Sessions for read-then-write transactions: on SQLite they BEGIN IMMEDIATE (take the write lock
        #: first), so what they read cannot change before they write.
        self.write_sessions: async_sessionmaker[AsyncSession] = db.session_factory(
            engine, execution_options={db.SQLITE_BEGIN: "IMMEDIATE"})

    @classmethod
    async def open(cls, url: str, *, search_path: str | None = None,
                   lock_timeout: float = db.DEFAULT_LOCK_TIMEOUT) -> Self:
        """Open (and migrate) the store at ``url``; lock waits give up after ``lock_timeout`` seconds."""
        engine = db.create_engine(url, search_path=search_path, lock_timeout=lock_timeout)
        try:
            await db.migrate(engine, lock_timeout=lock_timeout)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine, lock_timeout=lock_timeout)

    async def close(self) -> None:
        await self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def article_count(self) -> int:
        async with self.sessions() as session:
            return int((await session.execute(select(func.count(article_table.c.id)))).scalar_one())

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A write transaction that holds the one-writer lock; StoreBusy when the wait runs out."""
        try:
            async with self.write_sessions() as session, session.begin():
                if self.dialect == "postgresql":
                    await session.execute(db.pg_lock_timeout_statement(self.lock_timeout))
                    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK_ID})
                yield session
        except DBAPIError as exc:
            busy = db.busy_error(exc, self.lock_timeout)
            if busy is not None:
                raise busy from None
            raise
