"""A running factdesk bot for end-to-end tests: the real Application against the fake Bot API.

``running_bot()`` starts a fake Bot API server, a temporary SQLite store holding a few small
articles written here, and the Application from :func:`bot.app.build_application`, polling the
fake; it always shuts everything down. Articles are extracted once per test process and saved
into each test's fresh store, so a bot starts in milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from bot.app import SCHEDULER_KEY, build_application
from bot.config import BotSettings
from bot.delivery import DeliveryPolicy
from knowledge.ingest import process_bytes
from knowledge.query.service import KnowledgeService
from knowledge.store.writer import KnowledgeStore
from tests.fake_bot_api import ApiCall, FakeBotApi, running_fake_bot_api
from tests.stores import copy_sqlite

TOKEN = "123456:TEST-token_abc"
ADMIN = 1001
USER = 2002
GROUP = -100500
BOT = "factdesk_bot"

ALPHA = """Kyiv and Berlin sign artillery deal

April 11, 2025

Ukrainian Foreign Minister Dmytro Kuleba met German Defence Minister Boris Pistorius in Kyiv on Friday.

"We need more shells this year, and we will produce them together," Kuleba said after the meeting.

Ukroboronprom and Rheinmetall signed an agreement on joint production of artillery shells in Ukraine. \
The first plant will open on June 1, 2026, Pistorius said.

Pistorius said Germany would deliver two more air defence systems next month.
"""

BETA = """Drone coalition meets in Riga

March 3, 2025

Latvian Prime Minister Evika Silina hosted the drone coalition in Riga.

"Latvia will fund ten thousand drones for Ukraine," Silina said.

Latvia and Ukraine signed a memorandum on drone production on March 3, 2025. \
The coalition will meet again on September 15, 2026.
"""

# Many long sentences about one topic, so that "/search ammunition" needs more than one page.
GAMMA = "Ammunition review\n\nFebruary 2, 2025\n\n" + "\n\n".join(
    f"Report {n}: the ammunition depot number {n} near the eastern front stored crates of ammunition, "
    f"fuses and spare barrels, and inspectors counted the ammunition twice because the ledgers for "
    f"depot {n} disagreed with the deliveries recorded by the logistics command in the previous quarter, "
    f"which kept the ammunition audit open for another {n + 2} weeks while the teams compared invoices."
    for n in range(1, 15)
)

ARTICLES = {"alpha.txt": ALPHA, "beta.txt": BETA, "gamma.txt": GAMMA}

#: The delivery path with test-sized times: seconds of patience instead of minutes.
FAST_DELIVERY = DeliveryPolicy(retry_for=3.0, flood_wait_max=5.0, first_backoff=0.02, max_backoff=0.1)


@functools.cache
def _processed(name: str, text: str):
    return process_bytes(name, text.encode())


async def add_articles(store: KnowledgeStore, articles: dict[str, str]) -> None:
    for name, text in articles.items():
        processed, digest = _processed(name, text)
        await store.save_article(processed, digest)


async def _save_usual_articles(store: KnowledgeStore) -> None:
    await add_articles(store, ARTICLES)


class FakeClock:
    """The wall clock the bot reads (``build_application(clock=...)``), moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


async def eventually(condition: Callable[[], bool], timeout: float = 5, step: float = 0.02) -> None:
    """Wait until ``condition()`` holds; fail the test after ``timeout`` seconds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(step)


@dataclass
class BotHarness:
    api: FakeBotApi
    app: Application
    store: KnowledgeStore
    settings: BotSettings

    async def send(self, chat_id: int, text: str, *, user_id: int | None = None, timeout: float = 5,
                   **options: Any) -> ApiCall:
        """Push a user's message and return the bot's next sendMessage to that chat."""
        self.api.push_message(chat_id, text, user_id=user_id or (chat_id if chat_id > 0 else USER), **options)
        return self.delivered(await self.api.wait_for("sendMessage", lambda p: p.get("chat_id") == chat_id,
                                                      timeout=timeout))

    def delivered(self, call: ApiCall) -> ApiCall:
        """The call with the ``message_id`` the fake gave it; fails when the fake rejected it."""
        matches = [sent for sent in self.api.sent_messages(call.params.get("chat_id"))
                   if all(sent.get(k) == v for k, v in call.params.items())]
        assert matches, f"the fake rejected the message: {self.api.errors}"
        return ApiCall(call.method, matches[-1])

    async def settle(self, seconds: float = 0.3) -> None:
        """Give the bot time to (not) react, for tests that assert silence."""
        await asyncio.sleep(seconds)

    async def handled(self, timeout: float = 5) -> None:
        """Wait until the bot has handled every update pushed so far: for tests that assert it said nothing.

        The bot has them once it polls past them (python-telegram-bot queues what a poll returned before
        it polls again), and has handled them when its update queue has no unfinished update left.
        """
        last = self.api.last_update_id
        await eventually(lambda: self.api.confirmed_update_id >= last, timeout=timeout)
        await asyncio.wait_for(self.app.update_queue.join(), timeout)

    async def digests_checked(self, timeout: float = 5) -> None:
        """Run the digest check now, as its timer would, and wait until a check begun after this call is
        done, and every check begun before it.

        For tests that assert a digest is (not) sent at the clock's time: whatever those checks send is
        sent when they return. Without this they would sleep past a timer tick or two.
        """
        scheduler = self.app.bot_data[SCHEDULER_KEY]
        checks = getattr(scheduler, "checks", None)
        assert checks is not None, "the digest scheduler is not counted: was the bot started by running_bot()?"
        wanted = checks.started + 1
        assert self.app.job_queue is not None
        scheduler.check_soon(self.app.job_queue)
        await eventually(lambda: checks.done_through(wanted), timeout=timeout)


@dataclass
class _Checks:
    """How many digest checks a scheduler began, and which have finished (numbered in the order begun)."""

    started: int = 0
    finished: set[int] = dataclasses.field(default_factory=set)

    def done_through(self, number: int) -> bool:
        """Whether a check numbered ``number`` or later has finished, and every check begun before it too."""
        return any(n >= number for n in self.finished) and all(n in self.finished for n in range(1, number))


def _count_digest_checks(app: Application) -> None:
    """Number the checks of ``app``'s digest scheduler as they begin and end (for digests_checked)."""
    scheduler = app.bot_data[SCHEDULER_KEY]
    checks, run = _Checks(), scheduler.run

    async def counted(context: Any) -> None:
        checks.started += 1
        number = checks.started
        try:
            await run(context)
        finally:
            checks.finished.add(number)

    scheduler.checks, scheduler.run = checks, counted


def settings_for(api: FakeBotApi, *, allowed_chats: Iterable[int] = (), allowed_users: Iterable[int] = (),
                 admins: Iterable[int] = (ADMIN,), **options: Any) -> BotSettings:
    options.setdefault("digest_check_seconds", 0.2)
    options.setdefault("feed_check_seconds", 0.2)
    return BotSettings(token=api.token, base_url=api.base_url, base_file_url=api.base_file_url,
                       allowed_chats=frozenset(allowed_chats), allowed_users=frozenset(allowed_users),
                       admins=frozenset(admins), **options)


def polling_errors(app: Application):
    """What ``run_polling`` does with a polling error: hand it to the application's error handlers."""
    def report(exc: TelegramError) -> None:
        app.create_task(app.process_error(error=exc, update=None))
    return report


@contextlib.asynccontextmanager
async def started(app: Application, *, poll: bool = True) -> AsyncIterator[Application]:
    """Initialise, run post_init, poll (unless ``poll`` is False: a process that only runs jobs) and start."""
    await app.initialize()
    try:
        assert app.post_init is not None
        await app.post_init(app)
        if poll:
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1, error_callback=polling_errors(app))
        await app.start()
        try:
            yield app
        finally:
            if poll:
                assert app.updater is not None
                await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()


@contextlib.asynccontextmanager
async def running_bot(tmp_path: Path, *, articles: dict[str, str] | None = None, start: bool = True,
                      access: dict[str, Iterable[int]] | None = None, api: FakeBotApi | None = None,
                      poll: bool = True, settings: dict[str, Any] | None = None,
                      **build_options: Any) -> AsyncIterator[BotHarness]:
    """The real factdesk Application polling a fake Bot API, with a small knowledge base.

    The store holds ``articles`` (by default ARTICLES); a bot started again in the same ``tmp_path``
    (a restart, or a second process) finds the store as it was left, with ``articles`` added to it.
    ``api`` reuses a running fake (a restarted bot, or a second process); ``settings`` overrides
    BotSettings fields; the rest goes to :func:`bot.app.build_application`.
    """
    async with contextlib.AsyncExitStack() as stack:
        if api is None:
            api = await stack.enter_async_context(running_fake_bot_api(token=TOKEN, bot_username=BOT))
        path = tmp_path / "bot.sqlite"
        if path.exists():  # a restarted bot (or a second process) finds its store again, as it was left
            added = articles or {}
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if articles is None:  # the usual articles: a copy of a store that holds them already
                copy_sqlite(path, "bot-articles", _save_usual_articles)
            else:
                copy_sqlite(path)
            added = articles or {}
        store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{path}")
        stack.push_async_callback(store.close)
        await add_articles(store, added)
        bot_settings = dataclasses.replace(settings_for(api, **(access or {})), **(settings or {}))
        build_options.setdefault("delivery", FAST_DELIVERY)
        app = build_application(bot_settings, KnowledgeService(store), store, **build_options)
        _count_digest_checks(app)
        harness = BotHarness(api, app, store, bot_settings)
        if not start:
            yield harness
            return
        async with started(app, poll=poll):
            yield harness
