"""Daily digests: scheduling across time zones and DST, the once-a-day claim, contents, /digest."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from knowledge.digest import (
    Schedule,
    ScheduleError,
    build_digest,
    claim_digest,
    due_day,
    get_subscription,
    local_day,
    next_run,
    parse_schedule,
    previous_run,
    release_claim,
    subscribe,
    unsubscribe,
)
from knowledge.store.models import Subscription
from knowledge.store.writer import KnowledgeStore
from tests.bot_fixtures import (
    ADMIN,
    ARTICLES,
    BOT,
    GROUP,
    USER,
    FakeClock,
    add_articles,
    eventually,
    running_bot,
)

DIGEST_HEADER = "<b>Daily digest ·"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# ----------------------------------------------------------------------------- scheduling (pure)


@pytest.mark.parametrize(("when", "zone", "now", "expected"), [
    ("09:00", "UTC", utc(2025, 1, 10, 8, 0), utc(2025, 1, 10, 9, 0)),
    ("09:00", "UTC", utc(2025, 1, 10, 9, 0), utc(2025, 1, 11, 9, 0)),  # exactly now: tomorrow
    ("09:00", "Europe/Kyiv", utc(2025, 1, 10, 6, 0), utc(2025, 1, 10, 7, 0)),  # winter: UTC+2
    ("09:00", "Europe/Kyiv", utc(2025, 7, 10, 5, 0), utc(2025, 7, 10, 6, 0)),  # summer: UTC+3
    # Kyiv springs forward on 2025-03-30 at 03:00 -> 04:00: the day before is +2, the day after +3
    ("09:00", "Europe/Kyiv", utc(2025, 3, 29, 8, 0), utc(2025, 3, 30, 6, 0)),
    # 03:30 does not exist that night: it runs one hour later on the wall clock (same instant as 04:30)
    ("03:30", "Europe/Kyiv", utc(2025, 3, 29, 23, 0), utc(2025, 3, 30, 1, 30)),
    # 03:30 happens twice on 2025-10-26 (04:00 -> 03:00): the first one
    ("03:30", "Europe/Kyiv", utc(2025, 10, 25, 22, 0), utc(2025, 10, 26, 0, 30)),
    ("07:15", "America/New_York", utc(2025, 3, 9, 6, 0), utc(2025, 3, 9, 11, 15)),  # US DST day
    ("07:15", "America/New_York", utc(2025, 3, 8, 6, 0), utc(2025, 3, 8, 12, 15)),
    ("00:05", "Pacific/Kiritimati", utc(2025, 1, 1, 9, 0), utc(2025, 1, 1, 10, 5)),  # UTC+14
    ("23:59", "Pacific/Pago_Pago", utc(2025, 1, 1, 0, 0), utc(2025, 1, 1, 10, 59)),  # UTC-11
])
def test_next_run(when: str, zone: str, now: datetime, expected: datetime) -> None:
    assert next_run(when, zone, now) == expected


def test_next_run_is_daily_through_a_dst_change() -> None:
    now, runs = utc(2025, 3, 27, 0, 0), []
    for _ in range(5):
        now = next_run("09:00", "Europe/Kyiv", now)
        runs.append(now)
    assert [r.hour for r in runs] == [7, 7, 7, 6, 6]  # 09:00 local every day, UTC+2 then UTC+3
    assert [(b - a) for a, b in pairwise(runs)] == [
        timedelta(days=1), timedelta(days=1), timedelta(hours=23), timedelta(days=1)]


def test_local_day_follows_the_zone() -> None:
    moment = utc(2025, 6, 1, 22, 30)
    assert local_day("UTC", moment) == "2025-06-01"
    assert local_day("Europe/Kyiv", moment) == "2025-06-02"
    assert local_day("America/Los_Angeles", moment) == "2025-06-01"


@pytest.mark.parametrize(("when", "zone", "now", "expected"), [
    ("09:00", "UTC", utc(2025, 1, 10, 9, 0), utc(2025, 1, 10, 9, 0)),  # exactly now: now
    ("09:00", "UTC", utc(2025, 1, 10, 8, 59), utc(2025, 1, 9, 9, 0)),
    ("09:00", "Europe/Kyiv", utc(2025, 7, 10, 6, 30), utc(2025, 7, 10, 6, 0)),
    ("03:30", "Europe/Kyiv", utc(2025, 3, 30, 2, 0), utc(2025, 3, 30, 1, 30)),  # the skipped 03:30 ran at 04:30
])
def test_previous_run(when: str, zone: str, now: datetime, expected: datetime) -> None:
    assert previous_run(when, zone, now) == expected
    assert next_run(when, zone, expected - timedelta(seconds=1)) == expected  # the same instants as next_run


def owed(when: str, zone: str, last_sent_on: str | None, now: datetime) -> str | None:
    return due_day(Subscription(chat_id=1, enabled=True, time_of_day=when, time_zone=zone,
                                last_sent_on=last_sent_on), now)


def test_a_digest_is_owed_from_its_time_until_it_is_sent() -> None:
    assert owed("09:30", "UTC", "2025-06-01", utc(2025, 6, 2, 9, 29)) is None  # not yet
    assert owed("09:30", "UTC", "2025-06-01", utc(2025, 6, 2, 9, 30)) == "2025-06-02"
    assert owed("09:30", "UTC", "2025-06-01", utc(2025, 6, 2, 18, 0)) == "2025-06-02"  # caught up later that day
    assert owed("09:30", "UTC", "2025-06-02", utc(2025, 6, 2, 18, 0)) is None  # sent
    assert owed("09:00", "Europe/Kyiv", "2025-06-01", utc(2025, 6, 2, 6, 0)) == "2025-06-02"  # 09:00 EEST


def test_an_hour_of_downtime_never_skips_a_day() -> None:
    """Down from 23:30 to 00:30 across a 23:45 digest: that day's digest comes at 00:30, the next at 23:45."""
    assert owed("23:45", "UTC", "2025-06-01", utc(2025, 6, 3, 0, 30)) == "2025-06-02"
    assert owed("23:45", "UTC", "2025-06-02", utc(2025, 6, 3, 0, 30)) is None
    assert owed("23:45", "UTC", "2025-06-02", utc(2025, 6, 3, 23, 45)) == "2025-06-03"
    # a long outage owes only the latest day, not a pile of stale digests
    assert owed("08:00", "UTC", "2025-05-01", utc(2025, 6, 3, 9, 0)) == "2025-06-03"


@pytest.mark.parametrize(("words", "expected"), [
    ([], Schedule("09:00", "UTC", True)),
    (["8:30"], Schedule("08:30", "UTC", True)),
    (["Europe/Kyiv", "18.45", "quiet"], Schedule("18:45", "Europe/Kyiv", False)),
    (["utc", "07h05"], Schedule("07:05", "UTC", True)),
])
def test_parse_schedule(words: list[str], expected: Schedule) -> None:
    assert parse_schedule(words) == expected


@pytest.mark.parametrize("words", [["25:00"], ["Mars/Olympus"], ["../../etc/passwd"], ["9:7"], ["x" * 100]])
def test_parse_schedule_rejects_nonsense(words: list[str]) -> None:
    with pytest.raises(ScheduleError):
        parse_schedule(words)


# ----------------------------------------------------------------------------- the claim (both backends)


BEFORE_NINE = utc(2025, 6, 1, 8, 0)


async def test_claim_is_once_per_chat_per_day(store: KnowledgeStore) -> None:
    await subscribe(store, 10, Schedule(), now=BEFORE_NINE)
    await subscribe(store, 11, Schedule(), now=BEFORE_NINE)
    assert await claim_digest(store, 10, "2025-06-01")
    assert not await claim_digest(store, 10, "2025-06-01")
    assert await claim_digest(store, 11, "2025-06-01")  # another chat
    assert await claim_digest(store, 10, "2025-06-02")  # the next day
    assert not await claim_digest(store, 10, "2025-06-01")  # a stale process cannot go back a day
    assert not await claim_digest(store, 12, "2025-06-01")  # no subscription, nothing to claim


async def test_a_released_claim_can_be_claimed_again(store: KnowledgeStore) -> None:
    sub = await subscribe(store, 10, Schedule(), now=BEFORE_NINE)
    assert await claim_digest(store, 10, "2025-06-01")
    await release_claim(store, 10, "2025-06-01", sub)  # the send failed: it does not count as sent
    again = await get_subscription(store, 10)
    assert again is not None and again.last_sent_on == "2025-05-31" and again.last_sent_at is None
    assert await claim_digest(store, 10, "2025-06-01")


async def test_a_schedule_set_after_its_time_starts_tomorrow(store: KnowledgeStore) -> None:
    sub = await subscribe(store, 10, Schedule("09:00"), now=utc(2025, 6, 1, 10, 0))
    assert due_day(sub, utc(2025, 6, 1, 10, 0)) is None  # not a digest the moment it is turned on
    assert due_day(sub, utc(2025, 6, 2, 9, 0)) == "2025-06-02"
    later = await subscribe(store, 10, Schedule("11:00"), now=utc(2025, 6, 2, 10, 30))  # moved later the next day
    assert due_day(later, utc(2025, 6, 2, 10, 59)) is None
    assert due_day(later, utc(2025, 6, 2, 11, 0)) == "2025-06-02"


async def test_two_processes_claim_a_day_once(store_target: tuple[str, str | None]) -> None:
    """Two stores (two engines, as two bot processes would have) race for the same chat and day."""
    url, schema = store_target
    first = await KnowledgeStore.open(url, search_path=schema)
    second = await KnowledgeStore.open(url, search_path=schema)
    try:
        await subscribe(first, 42, Schedule(), now=BEFORE_NINE)
        for day in ("2025-06-01", "2025-06-02", "2025-06-03"):
            results = await asyncio.gather(*(claim_digest(s, 42, day)
                                             for s in (first, second, first, second)))
            assert sorted(results) == [False, False, False, True]
    finally:
        await first.close()
        await second.close()


async def test_subscriptions_survive_and_switch_off(store: KnowledgeStore) -> None:
    await subscribe(store, 5, Schedule("07:00", "Europe/Kyiv", False), thread_id=3)
    sub = await get_subscription(store, 5)
    assert sub is not None and (sub.time_of_day, sub.time_zone, sub.send_empty, sub.thread_id) == (
        "07:00", "Europe/Kyiv", False, 3)
    assert await unsubscribe(store, 5)
    assert not await unsubscribe(store, 5)


async def test_digest_lists_what_is_new_since_the_last_one(sqlite_url: str) -> None:
    store = await KnowledgeStore.open(sqlite_url)
    try:
        before = datetime.now(UTC)
        await add_articles(store, {"alpha.txt": ARTICLES["alpha.txt"]})
        digest = await build_digest(store, before - timedelta(seconds=1), "2026-06-01")
        assert [a.title for a in digest.articles] == ["Kyiv and Berlin sign artillery deal"]
        assert digest.deals and "Rheinmetall" in digest.deals[0].parties
        assert "Dmytro Kuleba" in digest.people and "Boris Pistorius" in digest.people
        assert [e.date for e in digest.events] == ["2026-06-01"]  # the plant opens today
        later = await build_digest(store, datetime.now(UTC), "2026-06-01")
        assert later.articles == [] and later.people == [] and later.deals == []
        assert [e.date for e in later.events] == ["2026-06-01"]  # today's events are always listed
        assert (await build_digest(store, datetime.now(UTC), "2026-06-02")).empty
    finally:
        await store.close()


# ----------------------------------------------------------------------------- /digest end to end


def digests(bot, chat_id: int = USER) -> list[str]:
    """The scheduled digests the chat got (a /digest now preview is a reply, a digest is not)."""
    return [sent["text"] for sent in bot.api.sent_messages(chat_id)
            if sent["text"].startswith(DIGEST_HEADER) and "reply_parameters" not in sent]


async def test_digest_on_off_show_and_now(tmp_path: Path) -> None:
    clock = FakeClock(utc(2025, 6, 1, 5, 0))
    async with running_bot(tmp_path, clock=clock) as bot:
        shown = await bot.send(USER, "/digest")
        assert shown.params["text"].startswith("The daily digest is off.")
        on = await bot.send(USER, "/digest on 08:30 Europe/Kyiv quiet")
        assert "on: 08:30 Europe/Kyiv (no message when nothing is new)" in on.params["text"]
        assert "Next: 2025-06-01 08:30 EEST" in on.params["text"]
        again = await bot.send(USER, "/digest on 09:15")  # a new time replaces the old one
        assert "09:15 UTC" in again.params["text"] and "Next: 2025-06-01 09:15 UTC" in again.params["text"]
        now = await bot.send(USER, "/digest now")
        assert "New articles" in now.params["text"] and "Kyiv and Berlin sign artillery deal" in now.params["text"]
        bad = await bot.send(USER, "/digest on 26:00")
        assert "not a time or a time zone" in bad.params["text"] and "Usage: /digest" in bad.params["text"]
        off = await bot.send(USER, "/digest off")
        assert off.params["text"] == "The daily digest is off."
        clock.advance(hours=5)  # past 09:15: nothing is sent to a chat that turned it off
        await bot.digests_checked()
        assert digests(bot) == []
        assert not bot.api.errors


@pytest.mark.e2e
async def test_scheduled_digest_is_sent_once_a_day(tmp_path: Path) -> None:
    clock = FakeClock(utc(2025, 6, 1, 5, 59, 50))
    async with running_bot(tmp_path, clock=clock) as bot:
        await bot.send(USER, "/digest on 09:00 Europe/Kyiv")  # 06:00 UTC
        await bot.digests_checked()
        assert digests(bot) == []  # not yet
        clock.advance(seconds=15)
        await eventually(lambda: digests(bot) != [])
        [sent] = digests(bot)
        assert "Dmytro Kuleba" in sent
        clock.advance(hours=12)  # later the same day: no second digest
        await bot.digests_checked()
        assert len(digests(bot)) == 1
        sub = await get_subscription(bot.store, USER)
        assert sub is not None and sub.last_sent_on == "2025-06-01"
        clock.advance(hours=12)  # the next morning
        await eventually(lambda: len(digests(bot)) == 2)


@pytest.mark.e2e
async def test_quiet_digest_sends_nothing_when_nothing_is_new(tmp_path: Path) -> None:
    clock = FakeClock(utc(2025, 6, 1, 8, 0))
    async with running_bot(tmp_path, articles={}, clock=clock) as bot:
        await bot.send(USER, "/digest on 09:00 quiet")
        clock.advance(hours=1, seconds=5)
        await bot.digests_checked()
        assert len(bot.api.sent_messages(USER)) == 1
        sub = await get_subscription(bot.store, USER)
        assert sub is not None and sub.last_sent_on == "2025-06-01"  # the day is settled all the same
        loud = await bot.send(USER, "/digest now")
        assert "Nothing new since" in loud.params["text"]


async def test_a_refused_digest_is_sent_when_the_api_recovers(tmp_path: Path) -> None:
    clock = FakeClock(utc(2025, 6, 1, 8, 0))
    async with running_bot(tmp_path, clock=clock) as bot:
        await bot.send(USER, "/digest on 09:00")
        bot.api.fail_next("sendMessage", 400, description="Bad Request: chat is gone for a moment")
        clock.advance(hours=1)
        await eventually(lambda: digests(bot) != [])
        assert len(bot.api.calls("sendMessage")) == 3  # the /digest reply, the refused digest, the digest
        await bot.digests_checked()
        assert len(digests(bot)) == 1
        sub = await get_subscription(bot.store, USER)
        assert sub is not None and sub.last_sent_on == "2025-06-01"


async def test_a_schedule_change_reaches_every_process(tmp_path: Path) -> None:
    """Two processes on one database; /digest on 09:32 goes to one, the other must not send at 09:30."""
    clock = FakeClock(utc(2025, 6, 1, 9, 0))
    async with running_bot(tmp_path, clock=clock) as first:
        await first.send(USER, "/digest on 09:30")
        async with running_bot(tmp_path, api=first.api, poll=False, articles={}, clock=clock) as second:
            # the second process started knowing 09:30
            clock.advance(minutes=29)
            await first.send(USER, "/digest on 09:32")  # at 09:29, answered by the first process
            clock.advance(minutes=1, seconds=30)  # 09:30:30: the old time passes
            await first.digests_checked()
            await second.digests_checked()
            assert digests(first) == []
            clock.advance(minutes=2)  # 09:32:30: one of the two sends it, once
            await eventually(lambda: digests(first) != [])
            await first.digests_checked()
            await second.digests_checked()
            assert len(digests(first)) == 1


@pytest.mark.e2e
async def test_only_group_admins_change_a_group_digest(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.api.set_admins(GROUP, [USER + 1], creator=USER + 2)
        member = await bot.send(GROUP, f"/digest@{BOT} on", user_id=USER, chat_type="supergroup")
        assert member.params["text"] == "Only the group's administrators can change its digest."
        shown = await bot.send(GROUP, "/digest", user_id=USER, chat_type="supergroup")
        assert "off" in shown.params["text"]
        for user in (USER + 1, USER + 2, ADMIN):
            ok = await bot.send(GROUP, "/digest on 10:00", user_id=user, chat_type="supergroup",
                                message_thread_id=5)
            assert "The daily digest is on" in ok.params["text"]
        sub = await get_subscription(bot.store, GROUP)
        assert sub is not None and sub.thread_id == 5
