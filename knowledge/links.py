"""Articles from links: fetch a URL under the network rules, ingest it under its canonical URL.

No Telegram here: the bot and ``factdesk ingest https://…`` hand over a URL and get back what
was learned (:class:`knowledge.documents.Learned`) or :class:`LinkRefused` with a one-line reason.
An article found by URL is the source ``url`` keyed by its canonical URL (the page's
``<link rel=canonical>`` on its own site, else the URL after redirects) and identified by its
cleaned text (:func:`page_fingerprint`), so the same story under two links is one article, a page
fetched again with only its chrome changed is unchanged, and a page whose article changed replaces it.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import Executor
from datetime import datetime

from knowledge.arrivals import record_arrival
from knowledge.documents import DocumentRefused, Learned, learned_from
from knowledge.facts import PageDate
from knowledge.limits import ArticleLimits, ArticleRejected
from knowledge.pages.decode import decode_article
from knowledge.pages.fetch import Fetched, Fetcher
from knowledge.pages.netguard import FetchError
from knowledge.pages.pagelinks import page_links, without_fragment
from knowledge.sources import Source
from knowledge.store.db import StoreBusy
from knowledge.store.writer import KnowledgeStore, content_hash

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)


class LinkRefused(ValueError):
    """A link that did not become an article; the message is the one-line reason."""


def looks_like_url(text: str) -> bool:
    return URL_RE.match(text.strip()) is not None


def article_url(fetched: Fetched) -> str:
    """The URL that names the article: its canonical URL on its own site, else where the fetch ended."""
    if fetched.content_type in HTML_TYPES:
        canonical = page_links(fetched.data, fetched.final_url).canonical
        if canonical:
            return canonical
    return without_fragment(fetched.final_url)


def page_fingerprint(data: bytes, *, html: bool) -> str | None:
    """The identity of a web page's article: a hash of its cleaned title and text, not of its bytes.

    Pages carry changing chrome (ads, tokens, "5 minutes ago"), so the same article fetched twice
    rarely has the same bytes; its text is what must be the same for it to be "unchanged" (and for
    the same story under two URLs to be one article). None when the page has no text (extraction
    then says why).
    """
    from knowledge.pages.clean import clean_html, clean_text  # trafilatura: loaded when pages are read

    try:
        text = decode_article(data).text
    except ArticleRejected:
        return None
    page = clean_html(text) if html else clean_text(text)
    if not page.text.strip():
        return None
    return content_hash(f"{page.title or ''}\n{page.text}".encode("utf-8", "surrogatepass"))


async def ingest_link(store: KnowledgeStore, fetcher: Fetcher, url: str, *, limits: ArticleLimits,
                      executor: Executor | None = None, chat_id: int | None = None, feed_id: int | None = None,
                      now: datetime | None = None, date_if_unstated: PageDate | None = None) -> Learned:
    """Fetch ``url`` and ingest the page; the arrival (chat or feed, with the URL as given) is recorded for a
    new or changed article, whose source is named by its canonical URL."""
    from knowledge.ingest import ingest_bytes  # the pipeline (spaCy) loads with the first article

    try:
        fetched = await fetcher.fetch(url)
    except FetchError as exc:
        raise LinkRefused(str(exc)) from None
    key = article_url(fetched)
    data = fetched.article_bytes()
    html = fetched.content_type in HTML_TYPES
    try:
        result = await ingest_bytes(store, data, source=Source.url(key), limits=limits, executor=executor,
                                    read_as="page.html" if html else "page.txt",
                                    digest=await asyncio.to_thread(page_fingerprint, data, html=html),
                                    date_if_unstated=date_if_unstated)
        learned = learned_from(result, key)
    except (StoreBusy, DocumentRefused) as exc:
        raise LinkRefused(str(exc)) from None
    if learned.article_id is not None and learned.status in ("new", "replaced") and not learned.known:
        await record_arrival(store, learned.article_id, url, chat_id=chat_id, feed_id=feed_id, now=now)
    return learned
