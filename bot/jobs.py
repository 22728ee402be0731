"""Scheduled jobs: the digest check, which reads every subscription from the database on each run,
and the feed poller (:class:`FeedPoller`).

One job for all chats rather than one per chat: each run re-reads the subscriptions, so a
``/digest`` change made through any process on the same database reaches this one too, and a
digest whose time passed while the process was down or the Bot API was failing is sent by the
next run (:func:`knowledge.digest.due_day` says which day a chat is owed). Each send claims the day
in the database first — at most one digest per chat and day, across processes — and gives the
claim back when the digest could not be delivered, so the next run tries again. The next run is
due at the earliest digest time, and never later than ``every`` seconds (to see other processes'
changes and to retry). A process killed outright (SIGKILL) between the claim and the send leaves
that day claimed: the one case where a day's digest is lost; a normal stop gives the claim back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes, JobQueue

from bot.delivery import delivery_label, short_reason
from handlers.common import NO_PREVIEW, STORE_KEY
from handlers.digest import render_digest
from knowledge.digest import (
    build_digest,
    claim_digest,
    due_day,
    enabled_subscriptions,
    next_run_after,
    previous_run,
    release_claim,
    unsubscribe,
)
from knowledge.feeds.poll import PollSettings, poll_due
from knowledge.feeds.store import due_feeds, worker_id
from knowledge.limits import ArticleLimits
from knowledge.pages.fetch import Fetcher
from knowledge.store.models import Subscription
from knowledge.store.writer import KnowledgeStore

logger = logging.getLogger("factdesk.digest")
DIGEST_CHECK_JOB = "digest-check"
#: A run lands this long after a digest time, so that the time has surely passed.
AFTER_DUE = 0.05


async def send_digest(bot: Bot, store: KnowledgeStore, sub: Subscription, day: str, now: datetime) -> bool:
    """Claim the chat's ``day``, then send its digest; True when the day is settled (sent or empty)."""
    chat_id = sub.chat_id
    with delivery_label(f"digest for chat {chat_id} on {day}"):
        if not await claim_digest(store, chat_id, day, now):
            return False  # another process has it
        try:
            # "Since" for a first digest counts back from the scheduled time, so a retry reads the same.
            scheduled = previous_run(sub.time_of_day, sub.time_zone, now)
            digest = await build_digest(store, sub.last_sent_at, day, now=scheduled, chat_id=chat_id)
            if digest.empty and not sub.send_empty:
                return True
            await bot.send_message(chat_id, render_digest(digest), parse_mode=ParseMode.HTML,
                                   message_thread_id=sub.thread_id, link_preview_options=NO_PREVIEW)
            return True
        except Forbidden:  # the bot was removed from the chat: stop sending there
            logger.warning("chat %s blocked the bot; its digest is turned off", chat_id)
            await unsubscribe(store, chat_id)
            return False
        except BaseException as exc:
            # Not delivered (or interrupted): the day is owed again. Shielded, so a cancelled send still releases.
            await asyncio.shield(release_claim(store, chat_id, day, sub))
            if isinstance(exc, TelegramError):
                logger.warning("digest for chat %s on %s not delivered (%s); it will be tried again",
                               chat_id, day, short_reason(exc))
                return False
            raise


@dataclass
class DigestScheduler:
    """Runs the digest check: at start, at each digest time, on changes, and every ``every`` s."""

    every: float
    clock: Callable[[], datetime]

    def start(self, job_queue: JobQueue) -> None:
        """Check at once: catches up what was missed while the process was down."""
        self.check_soon(job_queue)

    def check_soon(self, job_queue: JobQueue, delay: float = 0.0) -> None:
        """(Re)schedule the one pending check; a running check is left to finish."""
        for job in job_queue.get_jobs_by_name(DIGEST_CHECK_JOB):
            job.schedule_removal()
        job_queue.run_once(self.run, delay, name=DIGEST_CHECK_JOB)

    async def run(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Send every due digest, then schedule the next check."""
        delay = self.every
        try:
            store: KnowledgeStore = context.bot_data[STORE_KEY]
            now = self.clock()
            subscriptions = await enabled_subscriptions(store)
            due = [(sub, day) for sub in subscriptions if (day := due_day(sub, now)) is not None]
            results = await asyncio.gather(*(send_digest(context.bot, store, sub, day, now) for sub, day in due),
                                           return_exceptions=True)
            for (sub, day), result in zip(due, results, strict=True):
                if isinstance(result, Exception):
                    logger.error("digest for chat %s on %s failed: %s", sub.chat_id, day, short_reason(result))
                    logger.debug("digest failure", exc_info=result)
            now = self.clock()
            upcoming = [(next_run_after(sub, now) - now).total_seconds() for sub in subscriptions]
            delay = min([self.every, *upcoming]) + AFTER_DUE
        except Exception as exc:  # the database is away, say: one line, and try again later
            logger.error("digest check failed: %s; trying again in %.0f s", short_reason(exc), self.every)
            logger.debug("digest check failure", exc_info=exc)
        finally:
            if context.job_queue is not None:
                self.check_soon(context.job_queue, max(delay, AFTER_DUE))


# ----------------------------------------------------------------------------- feeds

FEED_POLL_JOB = "feed-poll"


@dataclass
class FeedPoller:
    """Runs poll rounds of the due feeds: at start, every ``every`` seconds, and soon after /feeds add.

    One round at a time in this process (a round still running when the next is due is left to
    finish); across processes the claims in the database share the work.
    """

    settings: PollSettings
    make_fetcher: Callable[[], Fetcher]
    limits: ArticleLimits
    clock: Callable[[], datetime]
    every: float
    executor: Executor | None = None
    worker: str = field(default_factory=worker_id)
    _busy: bool = False

    def start(self, job_queue: JobQueue) -> None:
        job_queue.run_repeating(self.run, interval=self.every, first=0.0, name=FEED_POLL_JOB)

    def poll_soon(self, job_queue: JobQueue) -> None:
        job_queue.run_once(self.run, 0.0, name=f"{FEED_POLL_JOB}-soon")

    async def run(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            store: KnowledgeStore = context.bot_data[STORE_KEY]
            if not await due_feeds(store, self.clock()):
                return  # the common case: one indexed query, no HTTP client made
            async with self.make_fetcher() as fetcher:
                reports = await poll_due(store, fetcher, settings=self.settings, limits=self.limits,
                                         executor=self.executor, clock=self.clock, worker=self.worker)
            for report in reports:
                logger.info("feed %s", report.summary())
        except Exception as exc:  # the database is away, say: one line, and the next run tries again
            logger.error("feed poll failed: %s", short_reason(exc))
            logger.debug("feed poll failure", exc_info=exc)
        finally:
            self._busy = False
