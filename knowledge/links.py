"""Articles from links: fetch a URL under the network rules, ingest it under its canonical URL.

No Telegram here: the bot and ``factdesk ingest https://…`` hand over a URL and get back what
was learned (:class:`knowledge.documents.Learned`) or :class:`LinkRefused` with a one-line reason.
An article found by URL is the source ``url`` keyed by its canonical URL (the page's
``<link rel=canonical>`` on its own site, else the URL after redirects), so the same story under
two links is one article, and a page that changed replaces its article.
"""

from __future__ import annotations

import re
from concurrent.futures import Executor
from datetime import datetime

from knowledge.arrivals import record_arrival
from knowledge.documents import DocumentRefused, Learned, learned_from
from knowledge.limits import ArticleLimits
from knowledge.pages.fetch import Fetched, Fetcher
from knowledge.pages.netguard import FetchError
from knowledge.pages.pagelinks import page_links, without_fragment
from knowledge.sources import Source
from knowledge.store.db import StoreBusy
from knowledge.store.writer import KnowledgeStore

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


async def ingest_link(store: KnowledgeStore, fetcher: Fetcher, url: str, *, limits: ArticleLimits,
                      executor: Executor | None = None, chat_id: int | None = None, feed_id: int | None = None,
                      now: datetime | None = None) -> Learned:
    """Fetch ``url`` and ingest the page; the arrival (chat or feed, with the URL as given) is recorded for a
    new or changed article, whose source is named by its canonical URL."""
    from knowledge.ingest import ingest_bytes  # the pipeline (spaCy) loads with the first article

    try:
        fetched = await fetcher.fetch(url)
    except FetchError as exc:
        raise LinkRefused(str(exc)) from None
    key = article_url(fetched)
    try:
        result = await ingest_bytes(store, fetched.article_bytes(), source=Source.url(key), limits=limits,
                                    executor=executor,
                                    read_as="page.html" if fetched.content_type in HTML_TYPES else "page.txt")
        learned = learned_from(result, key)
    except (StoreBusy, DocumentRefused) as exc:
        raise LinkRefused(str(exc)) from None
    if learned.article_id is not None and learned.status in ("new", "replaced") and not learned.known:
        await record_arrival(store, learned.article_id, url, chat_id=chat_id, feed_id=feed_id, now=now)
    return learned
