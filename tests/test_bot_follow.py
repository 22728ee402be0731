"""End to end: links posted in chats and feeds followed, through the fake Bot API and a local web server."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from knowledge.feeds.store import feed_statuses
from knowledge.pages.fetch import Fetcher, FetchLimits
from knowledge.pages.netguard import NetworkPolicy
from tests.bot_fixtures import ADMIN, GROUP, USER, FakeClock, eventually, running_bot
from tests.web_pages import BRIDGE, FERRY, TRAM, rss
from tests.web_server import PUBLIC_IP, FakeResolver, RoutedTransport, local_web

FAST = FetchLimits(read_seconds=2, total_seconds=4)
pytestmark = pytest.mark.e2e


async def round_done(store, chat_id: int, *, items: int) -> None:
    """Wait until the chat's first feed has had a round that ingested ``items`` items."""
    async with asyncio.timeout(5):
        while True:
            statuses = await feed_statuses(store, chat_id)
            if statuses and statuses[0].last_polled_at is not None and statuses[0].items == items:
                return
            await asyncio.sleep(0.05)


async def polled_at(store, chat_id: int, when: datetime) -> None:
    """Wait until a round of the chat's first feed has finished at the (fake) time ``when``."""
    async with asyncio.timeout(5):
        while True:
            statuses = await feed_statuses(store, chat_id)
            if statuses and statuses[0].last_polled_at is not None and statuses[0].last_polled_at >= when:
                return
            await asyncio.sleep(0.05)


def open_fetcher() -> Fetcher:
    return Fetcher(NetworkPolicy(allow_private=True), FAST)


async def test_a_link_posted_in_a_group_is_answered_with_what_was_learned(tmp_path: Path) -> None:
    async with local_web() as web, running_bot(tmp_path, articles={}, fetcher=open_fetcher) as bot:
        web.page("/tram", TRAM)
        bot.api.set_admins(GROUP, [USER])
        reply = await bot.send(GROUP, f"Look: {web.url('/tram')} (council vote)", chat_type="supergroup")
        text = reply.params["text"]
        assert "Added <b>Council approves tram line</b>" in text and "2026-11-30" in text
        assert "New people: Lena Vogt" in text
        who = await bot.send(GROUP, "/who Vogt", chat_type="supergroup")
        assert "Construction starts next spring" in who.params["text"]
        when = await bot.send(GROUP, "/when tram line", chat_type="supergroup")
        assert "approved the new tram line" in when.params["text"]
        # A member who is not an administrator posts a link: the group is not answered, nothing is fetched.
        web.page("/ferry", FERRY)
        bot.api.push_message(GROUP, f"and {web.url('/ferry')}", user_id=USER + 1, chat_type="supergroup")
        await bot.handled()
        assert web.count("/ferry") == 0 and len(bot.api.sent_messages(GROUP)) == 3
        # A text link in a private chat: members may by default.
        link = {"type": "text_link", "offset": 0, "length": 4, "url": web.url("/ferry")}
        private = await bot.send(USER + 1, "this story", entities=[link])
        assert "Harbour ferry returns" in private.params["text"]
        assert not bot.api.errors


async def test_a_link_to_a_private_address_is_refused_and_never_fetched(tmp_path: Path) -> None:
    async with local_web() as web:
        web.page("/tram", TRAM)
        web.redirect("/moved", "http://intranet.example/tram")
        resolver = FakeResolver({"news.example": [PUBLIC_IP], "intranet.example": ["10.1.1.1"]})
        transport = RoutedTransport(web, addresses=(PUBLIC_IP, "10.1.1.1"))
        fetcher = lambda: Fetcher(NetworkPolicy(resolver=resolver), FAST, transport=transport)  # noqa: E731
        async with running_bot(tmp_path, articles={}, fetcher=fetcher) as bot:
            reply = await bot.send(USER, f"{web.url('/tram')} http://news.example/moved")
        text = reply.params["text"]
        assert f"Not added: {web.url('/tram')}: port {web.port} is not fetched" in text
        assert "intranet.example resolves to 10.1.1.1, which is a private address" in text
        assert web.count("/tram") == 0 and web.count("/moved") == 1


async def test_a_followed_feed_brings_its_items_into_the_next_digest(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    async with local_web() as web, running_bot(tmp_path, articles={}, fetcher=open_fetcher, clock=clock,
                                                settings={"feed_poll_seconds": 600}) as bot:
        web.page("/tram", TRAM)
        web.page("/bridge", BRIDGE)
        web.feed("/feed.xml", rss("City news", [{"title": "Tram", "link": web.url("/tram"), "guid": "1"},
                                                {"title": "Bridge", "link": web.url("/bridge"), "guid": "2"}]),
                 etag='"v1"')
        await bot.send(USER, "/digest on 09:00")
        refused = await bot.send(USER, f"/feeds add {web.url('/feed.xml')}")
        assert "Only the bot's admins" in refused.params["text"]
        added = await bot.send(ADMIN, f"/feeds add {web.url('/feed.xml')}")
        assert "Following <b>City news</b>" in added.params["text"] and "2 items now" in added.params["text"]
        await round_done(bot.store, ADMIN, items=2)
        assert (web.count("/tram"), web.count("/bridge")) == (1, 1)
        listed = await bot.send(ADMIN, "/feeds")
        assert "1. <b>City news</b>" in listed.params["text"] and "2 items ingested" in listed.params["text"]
        # The chat that asked follows it too, and asks about the engineer before the digest.
        await bot.send(USER, f"/feeds add {web.url('/feed.xml')}", user_id=ADMIN)
        digest_now = await bot.send(USER, "/digest now")
        assert "<i>From your feeds</i>" in digest_now.params["text"]
        assert "Bridge repairs finish early — 2026-11-29 · City news" in digest_now.params["text"]
        clock.advance(hours=1, seconds=1)
        await eventually(lambda: any(s["text"].startswith("<b>Daily digest") and "reply_parameters" not in s
                                     for s in bot.api.sent_messages(USER)))
        [digest] = [s["text"] for s in bot.api.sent_messages(USER)
                    if s["text"].startswith("<b>Daily digest") and "reply_parameters" not in s]
        assert "Council approves tram line" in digest and "Northbuild" in digest
        # The next round: the feed answers 304 and no page is fetched again. (The round the clock's hour
        # made due ends first: a round that ends after the clock moves on is next due ten minutes after that.)
        await polled_at(bot.store, ADMIN, clock.now)
        polls = web.count("/feed.xml")
        clock.advance(minutes=11)
        await eventually(lambda: web.count("/feed.xml") > polls, timeout=5)
        await bot.settle(0.3)
        assert web.headers_of("/feed.xml")[-1].get("If-None-Match") == '"v1"'
        assert (web.count("/tram"), web.count("/bridge")) == (1, 1)
        assert not bot.api.errors


async def test_who_may_post_links_is_a_setting(tmp_path: Path) -> None:
    async with local_web() as web:
        web.page("/tram", TRAM)
        async with running_bot(tmp_path / "off", articles={}, fetcher=open_fetcher,
                               settings={"link_ingest": "off"}) as bot:
            bot.api.push_message(USER, web.url("/tram"), user_id=USER)
            bot.api.push_message(ADMIN, web.url("/tram"), user_id=ADMIN)
            await bot.handled()
            assert bot.api.sent_messages() == [] and web.count() == 0
        async with running_bot(tmp_path / "members", articles={}, fetcher=open_fetcher,
                               settings={"link_ingest": "members"}) as bot:
            reply = await bot.send(GROUP, web.url("/tram"), user_id=USER + 7, chat_type="supergroup")
            assert "Added <b>Council approves tram line</b>" in reply.params["text"]
        async with running_bot(tmp_path / "admins", articles={}, fetcher=open_fetcher,
                               settings={"link_ingest": "admins"}) as bot:
            refused = await bot.send(USER, web.url("/tram"))
            assert refused.params["text"] == "Only the bot's admins can add articles by link here."
            known = await bot.send(ADMIN, web.url("/tram"))
            assert "Added <b>Council approves tram line</b>" in known.params["text"]
