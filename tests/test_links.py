"""Articles from links: fetched under the network rules, named by their canonical URL, one per content."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from knowledge.limits import ArticleLimits
from knowledge.links import LinkRefused, ingest_link
from knowledge.pages.fetch import Fetcher, FetchLimits
from knowledge.pages.netguard import NetworkPolicy
from knowledge.query.service import KnowledgeService
from knowledge.store.models import Arrival, Article, ArticleSource
from knowledge.store.writer import KnowledgeStore
from tests.web_pages import FERRY, TRAM, article_page
from tests.web_server import local_web

LIMITS = ArticleLimits()
FAST = FetchLimits(read_seconds=2, total_seconds=5)


@pytest.fixture
async def sqlite_store(sqlite_url: str):
    store = await KnowledgeStore.open(sqlite_url)
    try:
        yield store
    finally:
        await store.close()


async def _sources(store: KnowledgeStore) -> list[tuple[str, str]]:
    async with store.sessions() as session:
        return sorted((await session.execute(select(ArticleSource.kind, ArticleSource.key))).all())


async def test_a_link_becomes_an_article_found_by_the_questions_at_once(sqlite_store: KnowledgeStore) -> None:
    async with local_web() as web:
        web.page("/tram?utm_source=chat", TRAM)
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            learned = await ingest_link(sqlite_store, fetcher, web.url("/tram?utm_source=chat"), limits=LIMITS,
                                        chat_id=-100)
    assert learned.status == "new" and learned.title == "Council approves tram line"
    assert learned.page_date == "2026-11-30" and "Lena Vogt" in learned.new_people
    assert await _sources(sqlite_store) == [("url", web.url("/tram?utm_source=chat"))]
    answer = await KnowledgeService(sqlite_store).answer("/who Vogt")
    assert "Construction starts next spring" in str(answer)
    async with sqlite_store.sessions() as session:
        assert (await session.execute(select(Arrival.chat_id, Arrival.feed_id))).all() == [(-100, None)]


async def test_the_canonical_url_names_the_article_and_a_changed_page_replaces_it(
        sqlite_store: KnowledgeStore) -> None:
    async with local_web() as web:
        canonical = web.url("/news/tram")
        web.page("/a?ref=1", article_page("Council approves tram line", "November 30, 2026", [
            "Deputy Mayor Lena Vogt said the council approved the tram line."], canonical=canonical))
        web.page("/b", article_page("Council approves tram line", "November 30, 2026", [
            "Deputy Mayor Lena Vogt said the council approved the tram line and its budget."], canonical=canonical))
        web.page("/foreign", FERRY.replace("<head>", '<head><link rel="canonical" href="http://elsewhere.example/s">'))
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            first = await ingest_link(sqlite_store, fetcher, web.url("/a?ref=1"), limits=LIMITS)
            again = await ingest_link(sqlite_store, fetcher, web.url("/a?ref=1"), limits=LIMITS)
            changed = await ingest_link(sqlite_store, fetcher, web.url("/b"), limits=LIMITS)
            foreign = await ingest_link(sqlite_store, fetcher, web.url("/foreign"), limits=LIMITS)
    assert (first.status, again.status, changed.status) == ("new", "unchanged", "replaced")
    assert first.file_name == canonical
    # A page may not claim another site's URL: it is named by where it was found.
    assert foreign.file_name == web.url("/foreign")
    async with sqlite_store.sessions() as session:
        texts = (await session.execute(select(Article.text).order_by(Article.id))).scalars().all()
    assert len(texts) == 2 and "budget" in texts[0]


async def test_the_same_content_under_two_urls_is_one_article(sqlite_store: KnowledgeStore) -> None:
    async with local_web() as web:
        web.page("/one", FERRY)
        web.page("/mirror/one", FERRY)
        web.page("/plain", "Harbour news\n\nHarbour Master Tomas Berg said the ferry returns.\n", "text/plain")
        # Markup without <html> or a doctype, served as HTML: read as HTML (by its type), not as text.
        web.page("/fragment", "<title>Tram news</title><div><p>Deputy Mayor Lena Vogt said the council approved "
                              "the tram line on Monday.</p></div>")
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            first = await ingest_link(sqlite_store, fetcher, web.url("/one"), limits=LIMITS)
            mirror = await ingest_link(sqlite_store, fetcher, web.url("/mirror/one"), limits=LIMITS)
            plain = await ingest_link(sqlite_store, fetcher, web.url("/plain"), limits=LIMITS)
            fragment = await ingest_link(sqlite_store, fetcher, web.url("/fragment"), limits=LIMITS)
    assert (first.status, mirror.status, plain.status, fragment.status) == ("new", "duplicate", "new", "new")
    assert await sqlite_store.article_count() == 3
    async with sqlite_store.sessions() as session:
        texts = (await session.execute(select(Article.text))).scalars().all()
    assert not any("<p>" in text or "<div>" in text for text in texts)


async def test_a_page_is_its_article_text_not_its_changing_chrome(sqlite_store: KnowledgeStore) -> None:
    def chrome(token: str, sidebar: str) -> str:
        return TRAM.replace("<body>", f"<body><nav><a href='/'>Home</a> {sidebar}</nav>").replace(
            "</body>", f"<footer><script>var csrf='{token}';</script>Served in {token} ms</footer></body>")

    async with local_web() as web:
        web.page("/tram", chrome("123", "Weather: sunny"))
        web.page("/amp/tram", chrome("999", "Most read: other stories"))
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            first = await ingest_link(sqlite_store, fetcher, web.url("/tram"), limits=LIMITS)
            web.page("/tram", chrome("456", "Weather: rain"))
            again = await ingest_link(sqlite_store, fetcher, web.url("/tram"), limits=LIMITS)
            mirror = await ingest_link(sqlite_store, fetcher, web.url("/amp/tram"), limits=LIMITS)
    assert (first.status, again.status, mirror.status) == ("new", "unchanged", "duplicate")
    assert await sqlite_store.article_count() == 1


async def test_a_refused_link_says_why_and_stores_nothing(sqlite_store: KnowledgeStore) -> None:
    async with local_web() as web:
        web.page("/tram", TRAM)
        web.page("/image", b"\x89PNG", "image/png")
        web.page("/empty", "<html><body></body></html>")
        async with Fetcher(NetworkPolicy(allow_private=False), FAST) as fetcher:
            with pytest.raises(LinkRefused, match="is a loopback address"):
                await ingest_link(sqlite_store, fetcher, "http://127.0.0.1/tram", limits=LIMITS)
        assert web.count() == 0
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            with pytest.raises(LinkRefused, match="image/png"):
                await ingest_link(sqlite_store, fetcher, web.url("/image"), limits=LIMITS)
            with pytest.raises(LinkRefused, match="over the 100-byte limit"):
                await ingest_link(sqlite_store, fetcher, web.url("/tram"), limits=ArticleLimits(max_bytes=100))
    assert await sqlite_store.article_count() == 0
