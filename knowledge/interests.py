"""The people a chat asked about: /who answers name them, and the chat's digest lists their new quotes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from knowledge.store.models import ChatInterest, Entity
from knowledge.store.writer import KnowledgeStore

MAX_NAMES_PER_ANSWER = 5


async def remember_people(store: KnowledgeStore, chat_id: int, names: Iterable[str],
                          now: datetime | None = None) -> None:
    """Note that the chat asked about these people (by the names an answer gave them)."""
    wanted = list(dict.fromkeys(n for n in names if n))[:MAX_NAMES_PER_ANSWER]
    if not wanted:
        return
    now = now or datetime.now(UTC)
    insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
    async with store.write_sessions() as session, session.begin():  # read, then write: one snapshot
        ids = (await session.execute(select(Entity.id).where(Entity.kind == "person", Entity.name.in_(wanted))
                                     )).scalars().all()
        if not ids:
            return
        statement = insert(ChatInterest).values([{"chat_id": chat_id, "entity_id": i, "asked_at": now} for i in ids])
        await session.execute(statement.on_conflict_do_update(index_elements=["chat_id", "entity_id"],
                                                              set_={"asked_at": statement.excluded.asked_at}))
