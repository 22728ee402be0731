"""Feeds: RSS and Atom polled with conditional GET, items fetched once, backoff, claims across processes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from handlers.feeds import render_feeds
from knowledge.feeds.follow import add_feed
from knowledge.feeds.parse import FeedRefused, parse_feed
from knowledge.feeds.poll import PollSettings, poll_due
from knowledge.feeds.store import feed_statuses, unfollow_feed
from knowledge.limits import ArticleLimits
from knowledge.pages.fetch import Fetcher, FetchLimits
from knowledge.pages.netguard import NetworkPolicy
from knowledge.store.models import Arrival, Article, FeedItem
from knowledge.store.writer import KnowledgeStore
from tests.bot_fixtures import FakeClock
from tests.web_pages import BRIDGE, FERRY, TRAM, atom, rss
from tests.web_server import local_web

LIMITS = ArticleLimits()
FAST = FetchLimits(read_seconds=2, total_seconds=5)
SETTINGS = PollSettings(interval=timedelta(minutes=10), max_backoff=timedelta(hours=1))
CHAT = -100700
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def fetcher() -> Fetcher:
    return Fetcher(NetworkPolicy(allow_private=True), FAST)


async def _count(store: KnowledgeStore, model: type) -> int:
    async with store.sessions() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


def test_rss_and_atom_entries_with_and_without_dates() -> None:
    feed = parse_feed(rss("City news", [
        {"title": "Tram", "link": "/tram", "guid": "t-1", "pubDate": "Mon, 30 Nov 2026 08:00:00 GMT"},
        {"title": "Ferry", "link": "http://h.example/ferry#top"},
        {"title": "No link"},
        {"title": "Tram again", "link": "/tram", "guid": "t-1"},
    ]).encode(), "http://h.example/feed.xml")
    assert feed.title == "City news"
    assert [(e.key, e.url, e.updated is not None) for e in feed.entries] == [
        ("http://h.example/t-1", "http://h.example/tram", True),
        ("http://h.example/ferry", "http://h.example/ferry", False)]
    entries = parse_feed(atom("Atom news", [{"id": "urn:1", "link": "http://h.example/a", "updated":
                                             "2026-11-30T10:00:00Z"}, {"id": "urn:2", "link": "/b"}]).encode(),
                         "http://h.example/atom").entries
    assert [(e.key, e.url, e.updated) for e in entries] == [
        ("urn:1", "http://h.example/a", "2026-11-30T10:00:00Z"), ("urn:2", "http://h.example/b", None)]


@pytest.mark.parametrize("document, reason", [
    ("<html><body><p>A page</p></body></html>", "not an RSS or Atom feed"),
    ("<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</ti", "not valid XML"),
    ("", "not an RSS or Atom feed"),
])
def test_what_is_not_a_feed_is_refused(document: str, reason: str) -> None:
    with pytest.raises(FeedRefused, match=reason):
        parse_feed(document.encode(), "http://h.example/feed")


async def test_a_feed_is_polled_with_conditional_get_and_items_are_fetched_once(store: KnowledgeStore) -> None:
    clock = FakeClock(START)
    async with local_web() as web, fetcher() as client:
        web.page("/tram", TRAM)
        web.page("/ferry", FERRY)
        web.feed("/feed.xml", rss("City news", [
            {"title": "Tram", "link": web.url("/tram"), "guid": "t-1", "pubDate": "Mon, 30 Nov 2026 08:00:00 GMT"},
            {"title": "Ferry", "link": web.url("/ferry")}]), etag='"v1"')
        followed = await add_feed(store, client, web.url("/feed.xml"), chat_id=CHAT, now=clock())
        assert (followed.title, followed.entries, followed.newly) == ("City news", 2, True)
        [report] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
        assert report.added == 2 and report.error is None
        assert (web.count("/tram"), web.count("/ferry")) == (1, 1)
        assert await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock) == []  # not due yet
        clock.advance(minutes=11)
        [again] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
        assert again.not_modified and again.pages_fetched == 0
        assert web.headers_of("/feed.xml")[-1]["If-None-Match"] == '"v1"'
        # Without validators the feed comes back whole: the items are known, so no page is fetched.
        web.feed("/feed.xml", rss("City news", [{"title": "Tram", "link": web.url("/tram"), "guid": "t-1",
                                                 "pubDate": "Mon, 30 Nov 2026 08:00:00 GMT"},
                                                {"title": "Ferry", "link": web.url("/ferry")}]))
        clock.advance(minutes=11)
        [third] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
        assert not third.not_modified and third.pages_fetched == 0
        assert (web.count("/tram"), web.count("/ferry")) == (1, 1)
    assert await store.article_count() == 2
    async with store.sessions() as session:
        arrivals = (await session.execute(select(Arrival.feed_id))).scalars().all()
    assert arrivals == [followed.feed_id] * 2
    [status] = await feed_statuses(store, CHAT)
    assert (status.items, status.pending, status.errors, status.title) == (2, 0, 0, "City news")


async def test_an_updated_atom_entry_replaces_its_article_and_a_duplicate_is_one(store: KnowledgeStore) -> None:
    clock = FakeClock(START)
    async with local_web() as web, fetcher() as client:
        web.page("/bridge", BRIDGE)
        entries = [{"id": "urn:bridge", "title": "Bridge", "link": web.url("/bridge"),
                    "updated": "2026-11-29T08:00:00Z"},
                   {"id": "urn:bridge-copy", "title": "Bridge (copy)", "link": web.url("/bridge")}]
        web.feed("/atom", atom("Works", entries), content_type="application/atom+xml")
        await add_feed(store, client, web.url("/atom"), chat_id=CHAT, now=clock())
        [first] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
        assert [learned.status for learned in first.learned] == ["new"] and first.shared == 1
        web.page("/bridge", BRIDGE.replace("two weeks early", "three weeks early"))
        entries[0]["updated"] = "2026-11-30T08:00:00Z"
        web.feed("/atom", atom("Works", entries), content_type="application/atom+xml")
        clock.advance(minutes=11)
        [second] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
        assert [learned.status for learned in second.learned] == ["replaced"]
    async with store.sessions() as session:
        texts = (await session.execute(select(Article.text))).scalars().all()
    assert len(texts) == 1 and "three weeks early" in texts[0]


async def test_broken_and_vanished_feeds_back_off_and_say_so(store: KnowledgeStore) -> None:
    clock = FakeClock(START)
    async with local_web() as web, fetcher() as client:
        web.page("/tram", TRAM)
        web.feed("/feed.xml", rss("City news", [{"title": "Tram", "link": web.url("/tram")}]))
        await add_feed(store, client, web.url("/feed.xml"), chat_id=CHAT, now=clock())
        web.feed("/feed.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>Bro")
        [broken] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
        assert "not valid XML" in (broken.error or "") and web.count("/tram") == 0
        [status] = await feed_statuses(store, CHAT)
        assert status.errors == 1 and status.next_poll_at - clock() == timedelta(minutes=10)
        web.gone("/feed.xml")
        clock.advance(minutes=10)
        [vanished] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
        assert "answered 404" in (vanished.error or "")
        [status] = await feed_statuses(store, CHAT)
        assert status.errors == 2 and status.next_poll_at - clock() == timedelta(minutes=20)
        assert "404" in (status.last_error or "")
        shown = render_feeds(await feed_statuses(store, CHAT))
        assert "failing (2 in a row): the server answered 404 Not Found; last try 2026-12-01 09:10 UTC, " \
               "next 2026-12-01 09:30 UTC" in shown
        clock.advance(minutes=15)
        assert await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock) == []  # backing off
        web.feed("/feed.xml", rss("City news", [{"title": "Tram", "link": web.url("/tram")}]))
        clock.advance(minutes=5)
        [back] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
        assert back.error is None and back.added == 1
        [status] = await feed_statuses(store, CHAT)
        assert status.errors == 0 and status.last_error is None


async def test_a_page_that_advertises_its_feed_is_followed_and_removing_works(store: KnowledgeStore) -> None:
    async with local_web() as web, fetcher() as client:
        web.page("/", TRAM.replace("<head>", f'<head><link rel="alternate" type="application/rss+xml" '
                                             f'href="{web.url("/rss")}">'))
        web.feed("/rss", rss("Front page", []))
        web.page("/nofeed", FERRY)
        followed = await add_feed(store, client, web.url("/"), chat_id=CHAT)
        assert followed.url == web.url("/rss") and followed.title == "Front page"
        with pytest.raises(FeedRefused, match="links to none"):
            await add_feed(store, client, web.url("/nofeed"), chat_id=CHAT)
        web.page("/logo", b"\x89PNG", "image/png")
        with pytest.raises(FeedRefused, match="image/png, not a web page or feed"):
            await add_feed(store, client, web.url("/logo"), chat_id=CHAT)
        web.page("/as-html", rss("Served as HTML", [{"title": "Tram", "link": web.url("/tram")}]), "text/html")
        assert (await add_feed(store, client, web.url("/as-html"), chat_id=CHAT + 2)).entries == 1
        again = await add_feed(store, client, web.url("/rss"), chat_id=CHAT)
        assert not again.newly
        other = await add_feed(store, client, web.url("/rss"), chat_id=CHAT + 1)
        assert other.newly and other.feed_id == followed.feed_id
    assert [s.url for s in await feed_statuses(store, CHAT)] == [web.url("/rss")]
    assert await unfollow_feed(store, CHAT, 2) is None
    assert (await unfollow_feed(store, CHAT, 1)).url == web.url("/rss")
    assert await feed_statuses(store, CHAT) == [] and len(await feed_statuses(store, CHAT + 1)) == 1


async def test_two_processes_polling_one_database_fetch_each_page_once(
        store: KnowledgeStore, store_target: tuple[str, str | None]) -> None:
    url, schema = store_target
    other = await KnowledgeStore.open(url, search_path=schema)
    pages = {f"/p{n}": page for n, page in enumerate((TRAM, FERRY, BRIDGE))}
    try:
        async with local_web() as web, fetcher() as one, fetcher() as two:
            for path, page in pages.items():
                web.page(path, page)
            web.feed("/feed.xml", rss("City", [{"title": p, "link": web.url(p)} for p in pages]))
            web.feed("/empty.xml", rss("Quiet", []))
            await add_feed(store, one, web.url("/feed.xml"), chat_id=CHAT)
            await add_feed(store, one, web.url("/empty.xml"), chat_id=CHAT)
            web.requests.clear()
            reports = await asyncio.gather(
                poll_due(store, one, settings=SETTINGS, limits=LIMITS, worker="one"),
                poll_due(other, two, settings=SETTINGS, limits=LIMITS, worker="two"))
            assert sum(len(r) for r in reports) == 2  # each feed's round ran once
            assert web.count("/feed.xml") == 1 and web.count("/empty.xml") == 1
            assert all(web.count(path) == 1 for path in pages)
    finally:
        await other.close()
    assert await store.article_count() == 3
    async with store.sessions() as session:
        states = (await session.execute(select(FeedItem.state, func.count()).group_by(FeedItem.state))).all()
    assert states == [("done", 3)]


async def test_a_page_two_feeds_list_is_fetched_once(store: KnowledgeStore) -> None:
    async with local_web() as web, fetcher() as client:
        web.page("/tram", TRAM)
        for name in ("a", "b"):
            web.feed(f"/{name}.xml", rss(f"Feed {name}", [{"title": "Tram", "link": web.url("/tram")}]))
            await add_feed(store, client, web.url(f"/{name}.xml"), chat_id=CHAT)
        reports = await poll_due(store, client, settings=SETTINGS, limits=LIMITS)
        assert [(r.added, r.shared) for r in reports] == [(1, 0), (0, 1)] and web.count("/tram") == 1
    assert [s.items for s in await feed_statuses(store, CHAT)] == [1, 1]


async def test_a_round_that_fails_inside_backs_off_and_the_other_feeds_still_run(
        store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.feeds.poll as poll

    real = poll.record_entries

    async def failing_once(store_, feed_id, entries, now):
        if feed_id == broken_id:
            raise RuntimeError("bug")
        return await real(store_, feed_id, entries, now)

    clock = FakeClock(START)
    async with local_web() as web, fetcher() as client:
        web.page("/tram", TRAM)
        web.feed("/a.xml", rss("A", [{"title": "Tram", "link": web.url("/tram")}]))
        web.feed("/b.xml", rss("B", [{"title": "Tram", "link": web.url("/tram")}]))
        broken_id = (await add_feed(store, client, web.url("/a.xml"), chat_id=CHAT, now=clock())).feed_id
        await add_feed(store, client, web.url("/b.xml"), chat_id=CHAT, now=clock())
        monkeypatch.setattr(poll, "record_entries", failing_once)
        [report] = await poll_due(store, client, settings=SETTINGS, limits=LIMITS, clock=clock)
    assert report.title == "B" and report.added == 1
    first, second = await feed_statuses(store, CHAT)
    assert (first.errors, first.last_error) == (1, "internal error (RuntimeError)") and second.errors == 0


async def test_an_undated_page_takes_its_feed_items_date_and_says_so(store: KnowledgeStore) -> None:
    async with local_web() as web, fetcher() as client:
        web.page("/ferry", FERRY)  # states no date
        web.page("/tram", TRAM)  # states November 30, 2026
        web.feed("/rss", rss("Harbour news", [
            {"title": "Ferry", "link": web.url("/ferry"), "pubDate": "Sun, 29 Nov 2026 23:30:00 -0500"},
            {"title": "Tram", "link": web.url("/tram"), "pubDate": "Tue, 01 Dec 2026 08:00:00 GMT"}]))
        await add_feed(store, client, web.url("/rss"), chat_id=CHAT)
        await poll_due(store, client, settings=SETTINGS, limits=LIMITS)
    async with store.sessions() as session:
        rows = (await session.execute(select(Article.title, Article.page_date, Article.date_kind,
                                             Article.date_evidence, Article.date_reason).order_by(Article.title))).all()
    tram, ferry = rows
    assert ferry[1:4] == ("2026-11-30", "inferred", "Sun, 29 Nov 2026 23:30:00 -0500")  # in UTC
    assert "feed Harbour news" in ferry[4]
    assert tram[1:3] == ("2026-11-30", "stated")  # the page's own date wins over the feed's


async def test_an_item_is_claimed_by_one_process_and_a_dead_claim_expires(
        store: KnowledgeStore, store_target: tuple[str, str | None]) -> None:
    from knowledge.feeds.parse import FeedEntry
    from knowledge.feeds.store import claim_feed, claim_item, follow_feed, items_to_fetch, record_entries

    url, schema = store_target
    other = await KnowledgeStore.open(url, search_path=schema)
    lease = timedelta(minutes=5)
    try:
        feed_id, _ = await follow_feed(store, "http://news.example/rss", "News", chat_id=CHAT, now=START)
        entry = FeedEntry("guid-1", "http://news.example/a", "A", None)
        await asyncio.gather(record_entries(store, feed_id, (entry,), START),
                             record_entries(other, feed_id, (entry,), START))  # both read the feed: one row
        [item] = await items_to_fetch(store, feed_id, START, 10)
        won = await asyncio.gather(*(claim_item(s, item.id, name, START, lease)
                                     for s, name in ((store, "one"), (other, "two"), (store, "three"))))
        assert sorted(won) == [False, False, True]
        assert await items_to_fetch(other, feed_id, START + timedelta(minutes=1), 10) == []
        # The winner died without finishing: once its lease is over, another process takes the item.
        later = START + lease + timedelta(seconds=1)
        assert [i.id for i in await items_to_fetch(other, feed_id, later, 10)] == [item.id]
        assert await claim_item(other, item.id, "two", later, lease)
        rounds = await asyncio.gather(claim_feed(store, feed_id, "one", START, lease),
                                      claim_feed(other, feed_id, "two", START, lease))
        assert sorted(rounds) == [False, True]
        assert await claim_feed(store, feed_id, "one", later, lease)  # the round's lease ran out too
    finally:
        await other.close()
