"""A chat's digest groups what arrived for it: its feeds, its links, the rest; and quotes of people it asked about."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.digest import render_digest
from knowledge.digest import build_digest
from knowledge.feeds.follow import add_feed
from knowledge.feeds.poll import PollSettings, poll_due
from knowledge.interests import remember_people
from knowledge.limits import ArticleLimits
from knowledge.links import ingest_link
from knowledge.pages.fetch import Fetcher, FetchLimits
from knowledge.pages.netguard import NetworkPolicy
from knowledge.store.writer import KnowledgeStore
from tests.web_pages import BRIDGE, FERRY, TRAM, article_page, rss
from tests.web_server import local_web

TEAM, OTHER = -1001, -1002


async def test_the_digest_groups_feeds_links_and_the_rest_and_quotes_people_asked_about(
        store: KnowledgeStore) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    async with local_web() as web, Fetcher(NetworkPolicy(allow_private=True), FetchLimits()) as fetcher:
        for path, page in (("/tram", TRAM), ("/ferry", FERRY), ("/bridge", BRIDGE)):
            web.page(path, page)
        web.feed("/rss", rss("Works news", [{"title": "Bridge", "link": web.url("/bridge")}]))
        await add_feed(store, fetcher, web.url("/rss"), chat_id=TEAM)
        await poll_due(store, fetcher, settings=PollSettings(), limits=ArticleLimits())
        await ingest_link(store, fetcher, web.url("/tram"), limits=ArticleLimits(), chat_id=TEAM)
        await ingest_link(store, fetcher, web.url("/ferry"), limits=ArticleLimits(), chat_id=OTHER)
    await remember_people(store, TEAM, ["Lena Vogt", "Nobody Known"])
    team = await build_digest(store, before, "2026-12-01", chat_id=TEAM)
    assert [(a.title, a.group, a.via) for a in team.articles] == [
        ("Bridge repairs finish early", "feeds", "Works news"), ("Council approves tram line", "links", None),
        ("Harbour ferry returns", "other", None)]
    assert [(q.speaker, q.source) for q in team.quotes] == [("Lena Vogt", "Council approves tram line")]
    text = render_digest(team)
    assert text.index("<i>From your feeds</i>") < text.index("Bridge repairs") < text.index(
        "<i>Links posted here</i>") < text.index("Council approves") < text.index("<i>Also new</i>")
    assert "New quotes by people you asked about" in text and "Construction starts next spring" in text
    other = await build_digest(store, before, "2026-12-01", chat_id=OTHER)
    assert [a.group for a in other.articles] == ["links", "other", "other"] and other.quotes == []
    # Without a chat (the terminal), the digest lists the new articles ungrouped, as before.
    plain = render_digest(await build_digest(store, before, "2026-12-01"))
    assert "From your feeds" not in plain and "Harbour ferry returns" in plain


async def test_a_deal_whose_status_changed_says_what_it_was(store: KnowledgeStore) -> None:
    talks = article_page("Bridge talks", "November 2, 2026", [
        "City Engineer Ana Ruiz said Northbuild and Streetworks are negotiating a contract for the next bridge."])
    async with local_web() as web, Fetcher(NetworkPolicy(allow_private=True), FetchLimits()) as fetcher:
        web.page("/talks", talks)
        web.page("/bridge", BRIDGE)
        web.page("/tram", TRAM)
        await ingest_link(store, fetcher, web.url("/talks"), limits=ArticleLimits())
        since = datetime.now(UTC)
        await ingest_link(store, fetcher, web.url("/bridge"), limits=ArticleLimits())
    digest = await build_digest(store, since, "2026-12-01")
    assert [(d.status, d.was, d.parties) for d in digest.deals] == [
        ("signed", "negotiating", ("Northbuild", "Streetworks"))]
    assert "<b>signed</b> (was negotiating) · Northbuild, Streetworks" in render_digest(digest)
