"""What every handler module shares: where the service lives in ``bot_data``, and how to reply.

The application puts its collaborators in ``context.bot_data`` once (see :mod:`bot.app`); handlers
read them through these helpers, so a key is spelled in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from knowledge.query.service import KnowledgeService
from knowledge.store.writer import KnowledgeStore

SERVICE_KEY = "service"
STORE_KEY = "store"
ACCESS_KEY = "access"
#: ``handlers.files.FileSource``: where documents may be downloaded from.
FILE_SOURCE_KEY = "file_source"
#: A callable returning the current time (UTC); tests put a fake clock here.
CLOCK_KEY = "clock"
#: A callable the application provides: the digest subscriptions changed, check them now.
DIGESTS_CHANGED_KEY = "digests_changed"
ARTICLE_LIMITS_KEY = "article_limits"
EXTRACTION_POOL_KEY = "extraction_pool"  # where uploads are extracted (None: a thread)
#: A callable returning a new ``knowledge.pages.fetch.Fetcher`` (the network rules and limits are in it).
FETCHER_KEY = "fetcher"
#: Who may add articles by posting links: members | admins | off, or None for the per-chat default.
LINK_INGEST_KEY = "link_ingest"
#: A callable the application provides: a feed was added, poll soon.
FEEDS_CHANGED_KEY = "feeds_changed"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def utc_now() -> datetime:
    return datetime.now(UTC)


def service_of(context: ContextTypes.DEFAULT_TYPE) -> KnowledgeService:
    return context.bot_data[SERVICE_KEY]


def store_of(context: ContextTypes.DEFAULT_TYPE) -> KnowledgeStore:
    return context.bot_data[STORE_KEY]


def now_of(context: ContextTypes.DEFAULT_TYPE) -> datetime:
    clock: Callable[[], datetime] = context.bot_data.get(CLOCK_KEY, utc_now)
    return clock()


def digests_changed(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the application's digest scheduler that a subscription changed (if it runs one)."""
    notify: Callable[[], None] | None = context.bot_data.get(DIGESTS_CHANGED_KEY)
    if notify is not None:
        notify()


def feeds_changed(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the application's feed poller that a feed was added (if it runs one)."""
    notify: Callable[[], None] | None = context.bot_data.get(FEEDS_CHANGED_KEY)
    if notify is not None:
        notify()


async def reply_html(message: Message, text: str, markup: InlineKeyboardMarkup | None = None, **kwargs: Any) -> Message:
    """Reply to ``message`` (quoting it, in its forum topic) with already-escaped HTML."""
    return await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup, do_quote=True,
                                    link_preview_options=NO_PREVIEW, **kwargs)
