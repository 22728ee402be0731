"""Fault scenarios against the fake Bot API, counting what the users received.

Each scenario runs the real application against :mod:`tests.fake_bot_api` with one kind of fault
and returns an :class:`Outcome`: how many copies of its answer (or digest) each chat got, how many
apologies, and how many log records carried a traceback. Times are the issue's (a 20 s outage of
every method, a 10 s flood window, ...) multiplied by ``scale``, and the delivery policy is the
production one multiplied by the same factor, so the tests run them in a second and
``bench/delivery_faults.py`` at full length (``scale=1``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.config import BotSettings
from bot.delivery import DeliveryPolicy
from handlers.errors import APOLOGY
from tests.bot_fixtures import BOT, TOKEN, FakeClock, eventually, running_bot
from tests.fake_bot_api import FakeBotApi, Fault, running_fake_bot_api

USERS = (3001, 3002, 3003, 3004, 3005)
QUESTION, ANSWER_MARK = "/who Kuleba", "Dmytro Kuleba"
DIGEST_MARK = "Daily digest ·"
#: Loggers of the bot process (the fake server's own logs are not the bot's).
BOT_LOGGERS = ("factdesk", "telegram", "apscheduler", "httpx")


@dataclass
class Outcome:
    """What the users received in one scenario."""

    name: str
    copies: dict[int, int]  # chat -> messages carrying its answer (or digest)
    apologies: int = 0
    tracebacks: list[str] = field(default_factory=list)
    warnings: int = 0
    fault_hits: int = 0
    seconds: float = 0.0

    @property
    def exactly_once(self) -> bool:
        return bool(self.copies) and all(n == 1 for n in self.copies.values())

    def line(self) -> str:
        counts = ", ".join(str(n) for n in self.copies.values())
        return (f"{self.name:<34} copies per chat: [{counts}]  apologies: {self.apologies}  "
                f"tracebacks: {len(self.tracebacks)}  fault hits: {self.fault_hits}  {self.seconds:5.1f} s")


class LogRecorder(logging.Handler):
    """Every record of the bot's loggers, to find tracebacks and count warnings."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(BOT_LOGGERS):
            self.records.append(record)

    @property
    def tracebacks(self) -> list[str]:
        return [f"{r.name}: {r.getMessage()}" for r in self.records
                if r.exc_info or r.exc_text or "Traceback" in r.getMessage()]


@contextlib.contextmanager
def recording_logs() -> Iterator[LogRecorder]:
    recorder, root = LogRecorder(), logging.getLogger()
    level = root.level
    root.addHandler(recorder)
    root.setLevel(min(level, logging.INFO) if level else logging.INFO)
    try:
        yield recorder
    finally:
        root.removeHandler(recorder)
        root.setLevel(level)


def scaled_policy(scale: float) -> DeliveryPolicy:
    """The production delivery policy with every time multiplied by ``scale``."""
    base = DeliveryPolicy()
    return dataclasses.replace(base, retry_for=base.retry_for * scale, flood_wait_max=base.flood_wait_max * scale,
                               first_backoff=base.first_backoff * scale, max_backoff=base.max_backoff * scale)


def count(api: FakeBotApi, chats: Iterable[int], mark: str) -> dict[int, int]:
    return {chat: sum(mark in text for text in api.texts_received(chat)) for chat in chats}


def apologies(api: FakeBotApi, chats: Iterable[int]) -> int:
    return sum(text == APOLOGY for chat in chats for text in api.texts_received(chat))


@contextlib.asynccontextmanager
async def fake_api() -> AsyncIterator[FakeBotApi]:
    async with running_fake_bot_api(token=TOKEN, bot_username=BOT) as api:
        yield api


async def _questions_under(tmp_path: Path, name: str, scale: float, arm, *, users: Iterable[int] = USERS[:3],
                           settings: dict | None = None) -> Outcome:
    """Users ask; ``arm(api)`` sets up the fault; wait until it is over and every answer is in."""
    users = tuple(users)
    started = time.monotonic()
    with recording_logs() as logs:
        async with fake_api() as api, running_bot(tmp_path, api=api, delivery=scaled_policy(scale),
                                                  settings=settings) as bot:
            fault: Fault | None = arm(api)
            for user in users:
                api.push_message(user, QUESTION, user_id=user)
            patience = 10 + 200 * scale
            await eventually(lambda: all(count(api, users, ANSWER_MARK).values()), timeout=patience)
            if fault is not None:
                await eventually(lambda: fault.over, timeout=patience)
            await eventually(lambda: bot.app.bot.rate_limiter.in_flight == 0, timeout=patience)  # the bot is done
            await bot.settle(max(0.3, 2 * scale))  # time for a second copy to turn up, if one would
            outcome = Outcome(name, count(api, users, ANSWER_MARK), apologies(api, users), logs.tracebacks,
                              sum(r.levelno == logging.WARNING for r in logs.records),
                              fault.hits if fault is not None else 0)
    outcome.seconds = time.monotonic() - started
    return outcome


async def outage_of_every_method(tmp_path: Path, scale: float) -> Outcome:
    """Every method answers 502 for 20 s, from the moment the bot sends its first answer."""
    return await _questions_under(tmp_path, "20 s outage of every method", scale,
                                  lambda api: api.outage(20 * scale, starts_on="sendMessage"))


async def flood_window(tmp_path: Path, scale: float) -> Outcome:
    """sendMessage answers 429 (retry_after 2 s) for 10 s."""
    return await _questions_under(tmp_path, "10 s flood window", scale,
                                  lambda api: api.flood(10 * scale, retry_after=2 * scale, starts_on="sendMessage"),
                                  users=USERS)


async def slow_answers(tmp_path: Path, scale: float) -> Outcome:
    """Messages are sent at once but answered after twice the client's timeout."""
    timeout = BotSettings.api_timeout * scale
    return await _questions_under(tmp_path, "answers slower than the timeout", scale,
                                  lambda api: api.slow(2 * timeout, times=3), settings={"api_timeout": timeout})


async def dropped_connections(tmp_path: Path, scale: float) -> Outcome:
    """Connections close without an answer: twice before the message is sent, twice after."""
    def arm(api: FakeBotApi) -> Fault:
        api.drop(times=2)
        return api.drop(times=2, after_processing=True)
    return await _questions_under(tmp_path, "dropped connections", scale, arm)


async def refused_html(tmp_path: Path, scale: float) -> Outcome:
    """Telegram refuses the answer's HTML: it must arrive once, as plain text, not as an apology."""
    def arm(api: FakeBotApi) -> None:
        api.fail_next("sendMessage", 400, description='Bad Request: can\'t parse entities: Unsupported start tag '
                                                      '"foo" at byte offset 12')
    return await _questions_under(tmp_path, "a refused HTML message", scale, arm, users=USERS[:1])


async def restart_across_a_digest_time(tmp_path: Path, scale: float) -> Outcome:
    """Down from 10 s before a chat's digest time to 15 s after; then restarted once more."""
    chat, clock = USERS[0], FakeClock(datetime(2025, 6, 2, 9, 29, 50, tzinfo=UTC))
    started = time.monotonic()
    with recording_logs() as logs:
        async with fake_api() as api:
            policy = scaled_policy(scale)
            async with running_bot(tmp_path, api=api, clock=clock, delivery=policy) as bot:
                await bot.send(chat, "/digest on 09:30")
                await bot.digests_checked()
            clock.advance(seconds=25)  # the process is down through 09:30
            async with running_bot(tmp_path, api=api, clock=clock, delivery=policy, articles={}) as bot:
                await eventually(lambda: count(api, [chat], DIGEST_MARK)[chat] > 0, timeout=10)
            clock.advance(minutes=5)
            async with running_bot(tmp_path, api=api, clock=clock, delivery=policy, articles={}) as bot:
                await bot.digests_checked()  # its checks at start and after: no second digest
            outcome = Outcome("a restart across a digest time", count(api, [chat], DIGEST_MARK),
                              apologies(api, [chat]), logs.tracebacks)
    outcome.seconds = time.monotonic() - started
    return outcome


async def outage_at_digest_time(tmp_path: Path, scale: float) -> Outcome:
    """Every method answers 502 for 12 s from the moment the digest is sent."""
    chat, clock = USERS[0], FakeClock(datetime(2025, 6, 2, 9, 0, tzinfo=UTC))
    started = time.monotonic()
    with recording_logs() as logs:
        async with fake_api() as api, running_bot(tmp_path, api=api, clock=clock,
                                                  delivery=scaled_policy(scale)) as bot:
            await bot.send(chat, "/digest on 09:30")
            fault = api.outage(12 * scale, starts_on="sendMessage")
            clock.advance(minutes=30)
            await eventually(lambda: count(api, [chat], DIGEST_MARK)[chat] > 0, timeout=10 + 200 * scale)
            await eventually(lambda: fault.over, timeout=10)
            await eventually(lambda: bot.app.bot.rate_limiter.in_flight == 0, timeout=10 + 200 * scale)
            await bot.settle(max(0.3, 2 * scale))
            outcome = Outcome("12 s outage at digest time", count(api, [chat], DIGEST_MARK), apologies(api, [chat]),
                              logs.tracebacks, fault_hits=fault.hits)
    outcome.seconds = time.monotonic() - started
    return outcome


#: The scenarios where answers (or digests) must arrive exactly once, in the order the bench prints them.
SCENARIOS = (outage_of_every_method, flood_window, slow_answers, dropped_connections, refused_html,
             restart_across_a_digest_time, outage_at_digest_time)


async def run_all(root: Path, scale: float) -> list[Outcome]:
    outcomes = []
    for number, scenario in enumerate(SCENARIOS):
        where = root / f"scenario-{number}"
        where.mkdir(parents=True, exist_ok=True)
        outcomes.append(await scenario(where, scale))
        await asyncio.sleep(0)
    return outcomes
