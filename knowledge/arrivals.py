"""How articles arrived: a link posted in a chat, or an item of a feed.

The knowledge base is shared, but a chat's digest groups what arrived for it (its feeds, its
links) apart from the rest; an arrival row says which. It goes with its article.
"""

from __future__ import annotations

from datetime import UTC, datetime

from knowledge.store.models import Arrival
from knowledge.store.writer import KnowledgeStore


async def record_arrival(store: KnowledgeStore, article_id: int, url: str, *, chat_id: int | None = None,
                         feed_id: int | None = None, now: datetime | None = None) -> None:
    async with store.sessions() as session, session.begin():
        session.add(Arrival(article_id=article_id, url=url, chat_id=chat_id, feed_id=feed_id,
                            arrived_at=now or datetime.now(UTC)))
