"""The Telegram application: every handler registered in one place, and ``factdesk run``.

    TELEGRAM_BOT_TOKEN=123:ABC factdesk run          # long polling
    FACTDESK_WEBHOOK_URL=https://bot.example/hook factdesk run   # webhook

:func:`build_application` wires python-telegram-bot around the knowledge service (tests build it
against a local fake Bot API); :func:`run_bot` reads the settings, opens the store and runs it with
one-line errors for the usual start-up problems. Every request to the Bot API leaves through the
delivery path (:mod:`bot.delivery`). The token never reaches a log line: httpx logs request URLs
(which contain it), so its logger is set to WARNING and every log handler redacts it.

Webhook mode always checks a secret token: ``FACTDESK_WEBHOOK_SECRET``, or one generated at start
and registered with ``setWebhook``; python-telegram-bot's webhook server answers 403 to a request
without it. It listens on 127.0.0.1 unless told otherwise, behind the team's TLS proxy.
Polling stops with one line when another process polls the same token (Telegram's ``Conflict``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import secrets
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlparse

from telegram import MessageEntity, Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import BotSettings, article_limits, setting
from bot.delivery import DeliveryPath, DeliveryPolicy, current_label, short_reason
from bot.jobs import DigestScheduler, FeedPoller
from bot.request import bot_api_requests
from handlers import access, ask, digest, documents, errors, feeds, help, inline, links, paging
from handlers.common import (
    ACCESS_KEY,
    ARTICLE_LIMITS_KEY,
    CLOCK_KEY,
    DIGESTS_CHANGED_KEY,
    EXTRACTION_POOL_KEY,
    FEEDS_CHANGED_KEY,
    FETCHER_KEY,
    FILE_SOURCE_KEY,
    LINK_INGEST_KEY,
    SERVICE_KEY,
    STORE_KEY,
    utc_now,
)
from handlers.files import FileSource
from knowledge import workers
from knowledge.feeds.poll import PollSettings
from knowledge.limits import ArticleLimits
from knowledge.pages.fetch import Fetcher, FetchLimits
from knowledge.pages.netguard import NetworkPolicy
from knowledge.query.service import KnowledgeService
from knowledge.store.writer import KnowledgeStore
from knowledge.workers import extraction_pool

logger = logging.getLogger("factdesk.bot")

QUESTIONS = ("who", "when", "deals", "check", "search", "sources")
#: bot_data keys of the application itself (handlers never read them).
SCHEDULER_KEY = "digest_scheduler"
POLLER_KEY = "feed_poller"
STOP_KEY = "stop_running"
FATAL_KEY = "fatal_error"
CONFLICT = "another process is getting this bot's updates (Telegram: {}); stop it, or run only one"


# ----------------------------------------------------------------------------- logging


class TokenRedactingFilter(logging.Filter):
    """Replace secrets (the bot token, raw and URL-quoted) in every record, tracebacks included."""

    def __init__(self, hidden: Iterable[str | None]):
        super().__init__()
        found = {s for s in hidden if s}
        self._secrets = sorted(found | {quote(s, safe="") for s in found}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<redacted>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def configure_logging(settings: BotSettings, level: str | None = None) -> TokenRedactingFilter:
    """Log at FACTDESK_LOG_LEVEL, keep httpx quiet, and redact secrets on every root handler."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root.setLevel((level or setting("FACTDESK_LOG_LEVEL") or "INFO").upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redactor = TokenRedactingFilter([settings.token, settings.webhook_secret])
    for handler in root.handlers:
        handler.addFilter(redactor)
    return redactor


# ----------------------------------------------------------------------------- the application


class FactdeskApplication(Application):
    """python-telegram-bot's Application; stopping first tells the delivery path to stop retrying.

    ``Application.stop`` waits for running handlers and jobs; without this, one message retrying
    through an outage would hold a restart up for minutes.
    """

    async def stop(self) -> None:
        if isinstance(self.bot.rate_limiter, DeliveryPath):
            self.bot.rate_limiter.stop_retrying()
        await super().stop()


async def note_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -2, before everything: name this update in delivery log lines, note the chat's newest message."""
    current_label.set(f"update {update.update_id}")
    message, path = update.effective_message, context.bot.rate_limiter
    if message is not None and isinstance(path, DeliveryPath):
        path.saw_message(message.chat_id, message.message_id)


async def on_application_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Errors of no update (polling, jobs): one line each; a polling Conflict stops the bot."""
    if isinstance(update, Update):
        return  # handlers.errors answers those
    error = context.error
    if isinstance(error, Conflict):
        context.bot_data[FATAL_KEY] = CONFLICT.format(error.message)
        stop: Callable[[], None] | None = context.bot_data.get(STOP_KEY)
        if stop is not None:
            stop()
        else:
            logger.error("%s", context.bot_data[FATAL_KEY])
    elif isinstance(error, TelegramError):
        what = f"job {context.job.name}" if context.job is not None else "getting updates from the Bot API"
        logger.warning("%s failed (%s); retrying", what, short_reason(error))
    else:
        where = f"job {context.job.name}" if context.job is not None else "the application"
        logger.error("%s failed: %s", where, type(error).__name__, exc_info=error)


def register_handlers(app: Application) -> None:
    """Every update the bot reacts to, in one screen. Group -1 is the access gate."""
    new_only = filters.UpdateType.MESSAGE
    app.add_handler(TypeHandler(Update, note_update), group=-2)
    app.add_handler(TypeHandler(Update, access.gate), group=-1)
    app.add_handler(CommandHandler(["start", "help"], help.start, filters=new_only))
    app.add_handler(CommandHandler(list(QUESTIONS), ask.ask))  # edited commands are answered again
    app.add_handler(CommandHandler("digest", digest.digest_command, filters=new_only))
    app.add_handler(CommandHandler("ingest", documents.ingest_command, filters=new_only))
    app.add_handler(MessageHandler(
        new_only & filters.Document.ALL & (filters.ChatType.PRIVATE | filters.CaptionRegex(r"^/ingest\b")),
        documents.on_document))
    app.add_handler(CommandHandler("feeds", feeds.feeds_command, filters=new_only))
    links_posted = (filters.Entity(MessageEntity.URL) | filters.Entity(MessageEntity.TEXT_LINK)
                    | filters.CaptionEntity(MessageEntity.URL) | filters.CaptionEntity(MessageEntity.TEXT_LINK))
    app.add_handler(MessageHandler(new_only & links_posted & ~filters.COMMAND, links.on_links))
    app.add_handler(MessageHandler(new_only & filters.COMMAND, help.unknown_command))
    app.add_handler(MessageHandler(new_only & filters.ChatType.PRIVATE & filters.TEXT, ask.ask_plain_text))
    app.add_handler(CallbackQueryHandler(paging.turn_page, pattern=paging.PATTERN))
    app.add_handler(CallbackQueryHandler(paging.stale_button))
    app.add_handler(InlineQueryHandler(inline.inline_answer))
    app.add_error_handler(errors.on_error)
    app.add_error_handler(on_application_error)


async def post_init(app: Application) -> None:
    """Register the command menu and start the digest checks (which catch up missed digests)."""
    try:
        await app.bot.set_my_commands(list(help.BOT_COMMANDS))
    except TelegramError as exc:  # the bot answers without a menu; the next start registers it
        logger.warning("could not register the command menu: %s", short_reason(exc))
    if app.job_queue is not None:
        app.bot_data[SCHEDULER_KEY].start(app.job_queue)
        app.bot_data[POLLER_KEY].start(app.job_queue)


def build_application(settings: BotSettings, service: KnowledgeService, store: KnowledgeStore, *,
                      max_document_bytes: int | None = None, limits: ArticleLimits | None = None,
                      extraction: Executor | None = None, delivery: DeliveryPolicy | None = None,
                      clock: Callable[[], datetime] = utc_now,
                      fetcher: Callable[[], Fetcher] | None = None) -> Application:
    """The configured Application (not started): handlers, job queue, delivery path, bot_data.

    ``limits`` (per-article size and time; from the configuration when not given) apply to uploads;
    ``max_document_bytes`` overrides just the size. Uploads are extracted on ``extraction`` (the bot
    passes a one-worker process pool), else in a thread. Links and feeds are fetched by ``fetcher()``
    (tests pass one with their own resolver), else under the configured network rules.
    """
    policy = delivery or DeliveryPolicy(retry_for=settings.delivery_retry_seconds,
                                        flood_wait_max=settings.flood_wait_max_seconds)
    requests, polling = bot_api_requests(settings.api_timeout)
    app = (
        ApplicationBuilder()
        .application_class(FactdeskApplication)
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .local_mode(settings.local_mode)
        .request(requests)
        .get_updates_request(polling)
        .rate_limiter(DeliveryPath(policy))
        .concurrent_updates(True)
        .post_init(post_init)
        .build()
    )
    scheduler = DigestScheduler(every=settings.digest_check_seconds, clock=clock)
    article_limits_ = _upload_limits(limits or article_limits(), max_document_bytes)
    make_fetcher = fetcher or _fetcher_factory(settings, article_limits_)
    poll_settings = PollSettings(interval=timedelta(seconds=settings.feed_poll_seconds))
    poller = FeedPoller(poll_settings, make_fetcher, article_limits_, clock,
                        every=min(settings.feed_poll_seconds, settings.feed_check_seconds), executor=extraction)

    def digests_changed() -> None:
        if app.job_queue is not None:
            scheduler.check_soon(app.job_queue)

    def feeds_changed() -> None:
        if app.job_queue is not None:
            poller.poll_soon(app.job_queue)

    app.bot_data.update({
        SERVICE_KEY: service,
        STORE_KEY: store,
        ACCESS_KEY: access.Access(settings.allowed_chats, settings.allowed_users, settings.admins),
        ARTICLE_LIMITS_KEY: article_limits_,
        EXTRACTION_POOL_KEY: extraction,
        FILE_SOURCE_KEY: FileSource(settings.local_files_dir),
        CLOCK_KEY: clock,
        DIGESTS_CHANGED_KEY: digests_changed,
        SCHEDULER_KEY: scheduler,
        FETCHER_KEY: make_fetcher,
        LINK_INGEST_KEY: settings.link_ingest,
        FEEDS_CHANGED_KEY: feeds_changed,
        POLLER_KEY: poller,
    })
    register_handlers(app)
    return app


def _fetcher_factory(settings: BotSettings, limits: ArticleLimits) -> Callable[[], Fetcher]:
    policy = NetworkPolicy(allow_private=settings.fetch_allow_private)
    total = settings.fetch_seconds
    fetch_limits = FetchLimits(max_bytes=limits.max_bytes, connect_seconds=min(5.0, total),
                               read_seconds=min(10.0, total), total_seconds=total)
    return lambda: Fetcher(policy, fetch_limits)


def _upload_limits(limits: ArticleLimits, max_document_bytes: int | None) -> ArticleLimits:
    return replace(limits, max_bytes=max_document_bytes) if max_document_bytes else limits


# ----------------------------------------------------------------------------- factdesk run


async def _open_store(db: str | None) -> KnowledgeStore:
    from bot.cli import open_store

    store = await open_store(db, seed_if_new=True)
    # This event loop ends here; python-telegram-bot runs its own. Pooled connections belong to
    # the loop that opened them, so drop them now and let the bot's loop open fresh ones.
    await store.engine.dispose()
    return store


def with_webhook_secret(settings: BotSettings) -> BotSettings:
    """Webhook mode never runs without a secret token: the configured one, else a fresh one."""
    if not settings.webhook_url or settings.webhook_secret:
        return settings
    return dataclasses.replace(settings, webhook_secret=secrets.token_urlsafe(32))


def run_bot(db: str | None, *, on_started: Callable[[Application], None] | None = None) -> int:
    """``factdesk run``: the bot until Ctrl-C / SIGTERM; a one-line error and non-zero on failure."""
    try:
        settings = with_webhook_secret(BotSettings.from_env())
    except ValueError as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return 2
    redactor = configure_logging(settings)
    store = asyncio.run(_open_store(db))
    # One extraction process for uploads, started with the first one: a long article is extracted there,
    # not in this process, so other users' answers do not wait for it.
    uploads = extraction_pool(1)
    if settings.link_ingest != "off":
        # Links are answered while the poster waits: start the worker and load the model now, not with the first.
        uploads.submit(workers.ready)
    app = build_application(settings, KnowledgeService(store), store, extraction=uploads)
    app.bot_data[STOP_KEY] = app.stop_running

    async def started(application: Application) -> None:
        await post_init(application)
        if on_started is not None:
            on_started(application)

    async def close_store(_: Application) -> None:
        uploads.shutdown(wait=False, cancel_futures=True)
        await store.close()

    app.post_init = started
    app.post_shutdown = close_store
    options: dict[str, Any] = {"allowed_updates": Update.ALL_TYPES}
    if threading.current_thread() is not threading.main_thread():
        options["stop_signals"] = None  # signal handlers can only be set in the main thread
    try:
        if settings.webhook_url:
            generated = setting("FACTDESK_WEBHOOK_SECRET") is None
            logger.info("webhook: listening on %s:%d with %s secret token", settings.webhook_listen,
                        settings.webhook_port, "a generated" if generated else "the configured")
            app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
                            webhook_url=settings.webhook_url, secret_token=settings.webhook_secret, **options)
        else:
            app.run_polling(**options)
    except InvalidToken:
        print("factdesk: Telegram rejected TELEGRAM_BOT_TOKEN; copy the token from @BotFather again",
              file=sys.stderr)
        return 2
    except NetworkError as exc:
        print(f"factdesk: cannot reach the Bot API at {settings.base_url}: {redactor.redact(str(exc))}",
              file=sys.stderr)
        return 1
    if app.bot_data.get(FATAL_KEY):
        print(f"factdesk: {app.bot_data[FATAL_KEY]}", file=sys.stderr)
        return 1
    return 0
