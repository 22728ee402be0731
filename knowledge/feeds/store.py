"""Feeds in the database: who follows what, and claims that make each round and each item one process's.

Several bot processes (and ``factdesk poll`` from cron) may share one database. Nothing is fetched
twice because every piece of work is claimed first with one conditional UPDATE, which exactly one
process can win: a feed's round (``claim_feed``) and each item (``claim_item``). A claim is a lease
(``claimed_until``): a process that dies mid-round leaves a claim that expires, and the work is
taken up again. Items are inserted with ON CONFLICT DO NOTHING on (feed, item key), so two
processes reading the same feed agree on one row per item.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from knowledge.feeds.parse import FeedEntry
from knowledge.store.models import Feed, FeedFollow, FeedItem
from knowledge.store.writer import KnowledgeStore

TERMINAL_CHAT = 0  # the chat id of feeds added with ``factdesk feeds add``
MAX_ITEM_ATTEMPTS = 3


def worker_id() -> str:
    """This process, in claims: host, pid and a random part (a pid can be reused after a restart)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives datetimes back without their zone; everything stored is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class FeedStatus:
    """One line of ``/feeds``."""

    number: int  # position in the chat's list, what ``/feeds remove <n>`` takes
    feed_id: int
    url: str
    title: str | None
    last_polled_at: datetime | None
    last_ok_at: datetime | None
    last_error: str | None
    errors: int
    next_poll_at: datetime
    items: int  # items ingested
    pending: int  # items still to fetch (new, claimed or failed with attempts left)


async def follow_feed(store: KnowledgeStore, url: str, title: str | None, *, chat_id: int,
                      user_id: int | None = None, now: datetime | None = None) -> tuple[int, bool]:
    """The chat follows the feed at ``url`` (added if new, due at once); (feed id, whether newly followed)."""
    now = now or datetime.now(UTC)
    digest = url_hash(url)
    async with store.sessions() as session, session.begin():
        insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
        await session.execute(insert(Feed).values(
            url=url, url_hash=digest, title=title, added_at=now, errors=0, next_poll_at=now,
        ).on_conflict_do_nothing(index_elements=["url_hash"]))
        feed_id = (await session.execute(select(Feed.id).where(Feed.url_hash == digest))).scalar_one()
        if title:
            await session.execute(update(Feed).where(Feed.id == feed_id, Feed.title.is_(None)).values(title=title))
        added = await session.execute(insert(FeedFollow).values(
            feed_id=feed_id, chat_id=chat_id, added_at=now, added_by=user_id,
        ).on_conflict_do_nothing(index_elements=["feed_id", "chat_id"]))
        return feed_id, added.rowcount == 1


async def feed_statuses(store: KnowledgeStore, chat_id: int) -> list[FeedStatus]:
    """The chat's feeds, numbered in the order they were followed."""
    done = func.sum(case((FeedItem.state == "done", 1), else_=0))
    pending = func.sum(case((FeedItem.state.in_(("new", "claimed")), 1),
                            (and_(FeedItem.state == "failed", FeedItem.attempts < MAX_ITEM_ATTEMPTS), 1), else_=0))
    async with store.sessions() as session:
        rows = (await session.execute(
            select(Feed, done, pending).join(FeedFollow, FeedFollow.feed_id == Feed.id)
            .outerjoin(FeedItem, FeedItem.feed_id == Feed.id).where(FeedFollow.chat_id == chat_id)
            .group_by(Feed.id, FeedFollow.added_at).order_by(FeedFollow.added_at, Feed.id))).all()
    return [FeedStatus(n, feed.id, feed.url, feed.title, aware(feed.last_polled_at), aware(feed.last_ok_at),
                       feed.last_error, feed.errors, aware(feed.next_poll_at) or datetime.now(UTC),
                       int(items or 0), int(waiting or 0))
            for n, (feed, items, waiting) in enumerate(rows, start=1)]


async def unfollow_feed(store: KnowledgeStore, chat_id: int, number: int) -> FeedStatus | None:
    """The chat stops following its ``number``-th feed; a feed nobody follows goes (its articles stay)."""
    statuses = await feed_statuses(store, chat_id)
    if not 1 <= number <= len(statuses):
        return None
    status = statuses[number - 1]
    async with store.sessions() as session, session.begin():
        await session.execute(delete(FeedFollow).where(FeedFollow.feed_id == status.feed_id,
                                                       FeedFollow.chat_id == chat_id))
        followers = (await session.execute(select(func.count()).select_from(FeedFollow).where(
            FeedFollow.feed_id == status.feed_id))).scalar_one()
        if not followers:
            await session.execute(delete(FeedItem).where(FeedItem.feed_id == status.feed_id))
            await session.execute(delete(Feed).where(Feed.id == status.feed_id))
    return status


async def due_feeds(store: KnowledgeStore, now: datetime) -> list[Feed]:
    """Feeds whose next round is due and that no live claim holds."""
    async with store.sessions() as session:
        return list((await session.execute(select(Feed).where(
            Feed.next_poll_at <= now, or_(Feed.claimed_until.is_(None), Feed.claimed_until < now),
        ).order_by(Feed.next_poll_at, Feed.id))).scalars())


async def claim_feed(store: KnowledgeStore, feed_id: int, worker: str, now: datetime, lease: timedelta) -> bool:
    """Take the feed's round; False when it is not due or another process holds it."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(update(Feed).where(
            Feed.id == feed_id, Feed.next_poll_at <= now,
            or_(Feed.claimed_until.is_(None), Feed.claimed_until < now),
        ).values(claimed_by=worker, claimed_until=now + lease).execution_options(synchronize_session=False))
        return result.rowcount == 1


async def finish_round(store: KnowledgeStore, feed_id: int, worker: str, *, now: datetime, next_poll_at: datetime,
                       error: str | None, etag: str | None = None, last_modified: str | None = None,
                       title: str | None = None, keep_validators: bool = False) -> None:
    """End the round: validators for the next conditional GET, the error count, when to poll next."""
    values: dict[str, object] = {"claimed_by": None, "claimed_until": None, "last_polled_at": now,
                                 "next_poll_at": next_poll_at, "last_error": error}
    if error is None:
        values.update(errors=0, last_ok_at=now)
        if not keep_validators:
            values.update(etag=etag, last_modified=last_modified)
        if title:
            values["title"] = title
    else:
        values["errors"] = Feed.errors + 1
    async with store.sessions() as session, session.begin():
        await session.execute(update(Feed).where(Feed.id == feed_id, Feed.claimed_by == worker).values(**values)
                              .execution_options(synchronize_session=False))


async def record_entries(store: KnowledgeStore, feed_id: int, entries: tuple[FeedEntry, ...], now: datetime) -> None:
    """Note the feed's entries: new ones as items to fetch, and a done item whose stamp changed as due again."""
    if not entries:
        return
    async with store.sessions() as session, session.begin():
        insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
        await session.execute(insert(FeedItem).values([
            {"feed_id": feed_id, "key_hash": entry.key_hash, "url": entry.url, "title": entry.title,
             "updated": entry.updated, "published": entry.published, "published_text": entry.published_text,
             "first_seen_at": now, "state": "new", "attempts": 0}
            for entry in entries]).on_conflict_do_nothing(index_elements=["feed_id", "key_hash"]))
        for entry in entries:
            if entry.updated is None:
                continue
            await session.execute(update(FeedItem).where(
                FeedItem.feed_id == feed_id, FeedItem.key_hash == entry.key_hash,
                FeedItem.state.in_(("done", "failed")),
                or_(FeedItem.updated.is_(None), FeedItem.updated != entry.updated),
            ).values(state="new", attempts=0, updated=entry.updated, url=entry.url, title=entry.title,
                     published=entry.published, published_text=entry.published_text)
             .execution_options(synchronize_session=False))


def _takeable(now: datetime):
    return or_(FeedItem.state == "new",
               and_(FeedItem.state == "claimed", FeedItem.claimed_until < now),
               and_(FeedItem.state == "failed", FeedItem.attempts < MAX_ITEM_ATTEMPTS))


async def items_to_fetch(store: KnowledgeStore, feed_id: int, now: datetime, limit: int) -> list[FeedItem]:
    """Items of the feed that are waiting (new, retryable, or claimed by a process that went away)."""
    async with store.sessions() as session:
        return list((await session.execute(select(FeedItem).where(FeedItem.feed_id == feed_id, _takeable(now))
                                           .order_by(FeedItem.id).limit(limit))).scalars())


async def article_of_url(store: KnowledgeStore, url: str) -> int | None:
    """The article another feed's item with this URL already brought in, if any."""
    async with store.sessions() as session:
        return (await session.execute(select(FeedItem.article_id).where(
            FeedItem.url == url, FeedItem.state == "done", FeedItem.article_id.is_not(None)).limit(1))).scalar()


async def claim_item(store: KnowledgeStore, item_id: int, worker: str, now: datetime, lease: timedelta) -> bool:
    """Take one item; False when another process took it (or it is done)."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(update(FeedItem).where(FeedItem.id == item_id, _takeable(now)).values(
            state="claimed", claimed_by=worker, claimed_until=now + lease, attempts=FeedItem.attempts + 1,
        ).execution_options(synchronize_session=False))
        return result.rowcount == 1


async def finish_item(store: KnowledgeStore, item_id: int, worker: str, *, article_id: int | None,
                      error: str | None) -> None:
    values: dict[str, object] = {"claimed_by": None, "claimed_until": None, "error": error,
                                 "state": "failed" if error else "done"}
    if article_id is not None:
        values["article_id"] = article_id
    async with store.sessions() as session, session.begin():
        await session.execute(update(FeedItem).where(FeedItem.id == item_id, FeedItem.claimed_by == worker)
                              .values(**values).execution_options(synchronize_session=False))
