"""The Telegram application: every handler registered in one place, and ``factdesk run``.

    TELEGRAM_BOT_TOKEN=123:ABC factdesk run          # long polling
    FACTDESK_WEBHOOK_URL=https://bot.example/hook factdesk run   # webhook

:func:`build_application` wires python-telegram-bot around the knowledge service (tests build it
against a local fake Bot API); :func:`run_bot` reads the settings, opens the store and runs it with
one-line errors for the usual start-up problems. The token never reaches a log line: httpx logs
request URLs (which contain it), so its logger is set to WARNING and every log handler redacts it.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlparse

from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import BotSettings, article_limits, setting
from bot.jobs import schedule_all
from handlers import access, ask, digest, documents, errors, help, inline, paging
from handlers.common import ACCESS_KEY, ARTICLE_LIMITS_KEY, EXTRACTION_POOL_KEY, SERVICE_KEY, STORE_KEY
from knowledge.digest import enabled_subscriptions
from knowledge.limits import ArticleLimits
from knowledge.query.service import KnowledgeService
from knowledge.store.writer import KnowledgeStore
from knowledge.workers import extraction_pool

logger = logging.getLogger("factdesk.bot")

#: Retries after a 429 "Too Many Requests" (AIORateLimiter waits ``retry_after`` each time).
RATE_LIMIT_RETRIES = 3
#: Retries after a network error or a Bot API 5xx, waiting NETWORK_BACKOFF * 2**attempt seconds.
NETWORK_RETRIES = 3
NETWORK_BACKOFF = 0.5
#: Requests never retried here: polling has its own retry loop, and getMe must fail fast on start.
NO_RETRY_ENDPOINTS = frozenset({"getUpdates", "getMe"})
QUESTIONS = ("who", "when", "deals", "check", "search", "sources")


# ----------------------------------------------------------------------------- logging


class TokenRedactingFilter(logging.Filter):
    """Replace secrets (the bot token, raw and URL-quoted) in every record, tracebacks included."""

    def __init__(self, secrets: Iterable[str | None]):
        super().__init__()
        found = {s for s in secrets if s}
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


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (flood limits, retry after 429) that also retries network errors and 5xx.

    A 4xx answer (BadRequest is a NetworkError subclass in python-telegram-bot) is never retried.
    """

    def __init__(self, *, network_retries: int = NETWORK_RETRIES, backoff: float = NETWORK_BACKOFF,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self._network_retries = network_retries
        self._backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[override]
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt >= self._network_retries or endpoint in NO_RETRY_ENDPOINTS:
                    raise
                delay = self._backoff * 2**attempt
                attempt += 1
                logger.warning("%s failed (%s); retry %d in %.1f s", endpoint, exc, attempt, delay)
                await asyncio.sleep(delay)


def register_handlers(app: Application) -> None:
    """Every update the bot reacts to, in one screen. Group -1 is the access gate."""
    new_only = filters.UpdateType.MESSAGE
    app.add_handler(TypeHandler(Update, access.gate), group=-1)
    app.add_handler(CommandHandler(["start", "help"], help.start, filters=new_only))
    app.add_handler(CommandHandler(list(QUESTIONS), ask.ask))  # edited commands are answered again
    app.add_handler(CommandHandler("digest", digest.digest_command, filters=new_only))
    app.add_handler(CommandHandler("ingest", documents.ingest_command, filters=new_only))
    app.add_handler(MessageHandler(
        new_only & filters.Document.ALL & (filters.ChatType.PRIVATE | filters.CaptionRegex(r"^/ingest\b")),
        documents.on_document))
    app.add_handler(MessageHandler(new_only & filters.COMMAND, help.unknown_command))
    app.add_handler(MessageHandler(new_only & filters.ChatType.PRIVATE & filters.TEXT, ask.ask_plain_text))
    app.add_handler(CallbackQueryHandler(paging.turn_page, pattern=paging.PATTERN))
    app.add_handler(CallbackQueryHandler(paging.stale_button))
    app.add_handler(InlineQueryHandler(inline.inline_answer))
    app.add_error_handler(errors.on_error)


async def post_init(app: Application) -> None:
    """Register the command menu and re-create the digest jobs of every subscribed chat."""
    await app.bot.set_my_commands(list(help.BOT_COMMANDS))
    if app.job_queue is not None:
        subscriptions = await enabled_subscriptions(app.bot_data[STORE_KEY])
        count = schedule_all(app.job_queue, subscriptions, digest.digest_job)
        logger.info("scheduled %d daily digests", count)


def build_application(settings: BotSettings, service: KnowledgeService, store: KnowledgeStore, *,
                      max_document_bytes: int | None = None, limits: ArticleLimits | None = None,
                      extraction: Executor | None = None,
                      rate_limit_retries: int = RATE_LIMIT_RETRIES,
                      network_retries: int = NETWORK_RETRIES, network_backoff: float = NETWORK_BACKOFF,
                      rate_limits: dict[str, Any] | None = None) -> Application:
    """The configured Application (not started): handlers, job queue, rate limiter, bot_data.

    ``limits`` (per-article size and time; from the configuration when not given) apply to uploads;
    ``max_document_bytes`` overrides just the size. Uploads are extracted on ``extraction`` (the bot
    passes a one-worker process pool), else in a thread.
    """
    limiter = RetryingRateLimiter(max_retries=rate_limit_retries, network_retries=network_retries,
                                  backoff=network_backoff, **(rate_limits or {}))
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .rate_limiter(limiter)
        .concurrent_updates(True)
        .post_init(post_init)
        .build()
    )
    app.bot_data.update({
        SERVICE_KEY: service,
        STORE_KEY: store,
        ACCESS_KEY: access.Access(settings.allowed_chats, settings.allowed_users, settings.admins),
        ARTICLE_LIMITS_KEY: _upload_limits(limits or article_limits(), max_document_bytes),
        EXTRACTION_POOL_KEY: extraction,
    })
    register_handlers(app)
    return app


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


def run_bot(db: str | None, *, on_started: Callable[[Application], None] | None = None) -> int:
    """``factdesk run``: the bot until Ctrl-C / SIGTERM; a one-line error and non-zero on failure."""
    try:
        settings = BotSettings.from_env()
    except ValueError as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return 2
    redactor = configure_logging(settings)
    store = asyncio.run(_open_store(db))
    # One extraction process for uploads, started with the first one: a long article is extracted there,
    # not in this process, so other users' answers do not wait for it.
    uploads = extraction_pool(1)
    app = build_application(settings, KnowledgeService(store), store, extraction=uploads)

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
    return 0
