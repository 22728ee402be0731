"""One poll round of the due feeds: conditional GET, new items fetched and ingested, backoff on errors.

A round per feed: claim it (another process may have), GET it with its ETag / Last-Modified (a
304 costs no parsing), note its entries, then claim and ingest each waiting item's page — an item
seen before (in this feed or, by its URL, in another) is not fetched again unless its updated stamp
changed. A failed round counts as an
error and puts the next one off, doubling each time up to ``max_backoff``; ``/feeds`` shows it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from knowledge.documents import Learned
from knowledge.facts import PageDate
from knowledge.feeds.parse import FEED_ACCEPT, FeedRefused, ParsedFeed, parse_feed
from knowledge.feeds.store import (
    article_of_url,
    aware,
    claim_feed,
    claim_item,
    due_feeds,
    finish_item,
    finish_round,
    items_to_fetch,
    record_entries,
    worker_id,
)
from knowledge.limits import ArticleLimits
from knowledge.links import LinkRefused, ingest_link
from knowledge.pages.fetch import Fetcher
from knowledge.pages.netguard import FetchError
from knowledge.store.models import Feed, FeedItem
from knowledge.store.writer import KnowledgeStore

logger = logging.getLogger("factdesk.feeds")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PollSettings:
    interval: timedelta = timedelta(minutes=15)
    max_backoff: timedelta = timedelta(hours=6)
    lease: timedelta = timedelta(minutes=10)  # a claim not finished by then is another process's to take
    items_per_round: int = 20


@dataclass
class RoundReport:
    """What one feed's round did."""

    feed_id: int
    url: str
    title: str | None
    not_modified: bool = False
    error: str | None = None
    learned: list[Learned] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (item URL, reason)
    shared: int = 0  # items whose page another feed's item brought in already

    @property
    def pages_fetched(self) -> int:
        return len(self.learned) + len(self.failed)

    @property
    def added(self) -> int:
        return sum(1 for learned in self.learned if not learned.known)

    def summary(self) -> str:
        name = self.title or self.url
        if self.error:
            return f"{name}: error: {self.error}"
        head = "not modified" if self.not_modified else "checked"
        extra = f", {len(self.failed)} failed" if self.failed else ""
        return f"{name}: {head}; {self.added} new or changed articles, {self.pages_fetched} pages fetched{extra}"


def backoff(settings: PollSettings, errors: int) -> timedelta:
    """How long after the ``errors``-th failure in a row the feed is tried again."""
    return min(settings.interval * (2 ** max(errors - 1, 0)), settings.max_backoff)


async def poll_due(store: KnowledgeStore, fetcher: Fetcher, *, settings: PollSettings, limits: ArticleLimits,
                   executor: Executor | None = None, clock: Callable[[], datetime] = utc_now,
                   worker: str | None = None) -> list[RoundReport]:
    """One round of every due feed this process manages to claim."""
    worker = worker or worker_id()
    reports = []
    for feed in await due_feeds(store, clock()):
        if not await claim_feed(store, feed.id, worker, clock(), settings.lease):
            continue  # another process has it
        try:
            reports.append(await poll_feed(store, fetcher, feed, worker=worker, settings=settings, limits=limits,
                                           executor=executor, clock=clock))
        except Exception:  # one feed's failure is not the others'
            logger.exception("feed %s: the round failed", feed.url)
    return reports


async def poll_feed(store: KnowledgeStore, fetcher: Fetcher, feed: Feed, *, worker: str, settings: PollSettings,
                    limits: ArticleLimits, executor: Executor | None = None,
                    clock: Callable[[], datetime] = utc_now) -> RoundReport:
    """The round of one feed this process has claimed; always ends the claim."""
    report = RoundReport(feed.id, feed.url, feed.title)
    parsed: ParsedFeed | None = None
    etag = last_modified = None
    try:
        try:
            fetched = await fetcher.fetch(feed.url, accept=FEED_ACCEPT, etag=feed.etag,
                                          last_modified=feed.last_modified)
            report.not_modified = fetched.not_modified
            etag, last_modified = fetched.etag, fetched.last_modified
            if not fetched.not_modified:
                parsed = parse_feed(fetched.data, fetched.final_url)
                report.title = parsed.title or feed.title
                await record_entries(store, feed.id, parsed.entries, clock())
        except (FetchError, FeedRefused) as exc:
            report.error = str(exc)
        if report.error is None:
            await _ingest_items(store, fetcher, feed, report, worker=worker, settings=settings, limits=limits,
                                executor=executor, clock=clock)
    except Exception as exc:  # a bug or the database away: the round failed, and backs off like any failure
        report.error = f"internal error ({type(exc).__name__})"
        raise
    finally:
        now = clock()
        errors = 0 if report.error is None else feed.errors + 1
        next_poll = now + (settings.interval if report.error is None else backoff(settings, errors))
        await asyncio.shield(finish_round(
            store, feed.id, worker, now=now, next_poll_at=next_poll, error=report.error, etag=etag,
            last_modified=last_modified, title=parsed.title if parsed else None,
            keep_validators=report.not_modified))
    if report.error:
        logger.warning("feed %s: %s; next try at %s", feed.url, report.error, f"{next_poll:%Y-%m-%d %H:%M} UTC")
    return report


async def _ingest_items(store: KnowledgeStore, fetcher: Fetcher, feed: Feed, report: RoundReport, *, worker: str,
                        settings: PollSettings, limits: ArticleLimits, executor: Executor | None,
                        clock: Callable[[], datetime]) -> None:
    for item in await items_to_fetch(store, feed.id, clock(), settings.items_per_round):
        if not await claim_item(store, item.id, worker, clock(), settings.lease):
            continue
        if item.article_id is None and (known := await article_of_url(store, item.url)) is not None:
            report.shared += 1  # another feed brought this page in already: not fetched again
            await finish_item(store, item.id, worker, article_id=known, error=None)
            continue
        try:
            learned = await ingest_link(store, fetcher, item.url, limits=limits, executor=executor,
                                        feed_id=feed.id, now=clock(), date_if_unstated=item_date(item, report))
        except LinkRefused as exc:
            report.failed.append((item.url, str(exc)))
            await finish_item(store, item.id, worker, article_id=None, error=str(exc))
            continue
        except BaseException:
            await asyncio.shield(finish_item(store, item.id, worker, article_id=None, error="interrupted"))
            raise
        report.learned.append(learned)
        await finish_item(store, item.id, worker, article_id=learned.article_id, error=None)


def item_date(item: FeedItem, report: RoundReport) -> PageDate | None:
    """A feed item's own date, for a page that states none: inferred from the feed, which says so."""
    if item.published is None:
        return None
    return PageDate(item.published, "inferred", evidence=item.published_text,
                    reason=f"the page states no date; the date of its item in the feed {report.title or report.url}")


def last_round_text(polled: datetime | None, ok: datetime | None, error: str | None, errors: int,
                    next_poll: datetime) -> str:
    """How a feed's last round went, in one line for /feeds and ``factdesk feeds list``."""
    if polled is None:
        return "not fetched yet"
    when = f"{aware(polled):%Y-%m-%d %H:%M} UTC"
    if error is None:
        return f"last fetched {when}"
    return (f"failing ({errors} in a row): {error}; last try {when}, next {aware(next_poll):%Y-%m-%d %H:%M} UTC")
