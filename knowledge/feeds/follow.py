"""Adding a feed: the URL of a feed, or of a page that advertises one (``<link rel=alternate>``).

The feed is fetched and parsed before it is followed, so a typo or a page without a feed is
refused at once with the reason instead of failing silently on every poll.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from knowledge.feeds.parse import FEED_ACCEPT, FeedRefused, ParsedFeed, parse_feed
from knowledge.feeds.store import follow_feed
from knowledge.pages.fetch import FEED_TYPES, Fetcher
from knowledge.pages.netguard import FetchError
from knowledge.pages.pagelinks import page_links
from knowledge.store.writer import KnowledgeStore


@dataclass(frozen=True)
class FollowedFeed:
    feed_id: int
    url: str
    title: str | None
    entries: int
    newly: bool  # False when the chat followed it already


async def discover_feed(fetcher: Fetcher, url: str) -> tuple[str, ParsedFeed]:
    """(feed URL, parsed feed) for a feed URL or a page that links to its feed; FeedRefused otherwise."""
    try:
        fetched = await fetcher.fetch(url, accept=FEED_ACCEPT)
        try:  # some servers send feeds as text/html: the parser decides
            return fetched.final_url, parse_feed(fetched.data, fetched.final_url)
        except FeedRefused:
            if fetched.content_type in FEED_TYPES:
                raise
        advertised = page_links(fetched.data, fetched.final_url).feeds
        if not advertised:
            raise FeedRefused("the page is not a feed and links to none (no <link rel=\"alternate\"> feed)")
        feed = await fetcher.fetch(advertised[0], accept=FEED_ACCEPT)
        return feed.final_url, parse_feed(feed.data, feed.final_url)
    except FetchError as exc:
        raise FeedRefused(str(exc)) from None


async def add_feed(store: KnowledgeStore, fetcher: Fetcher, url: str, *, chat_id: int, user_id: int | None = None,
                   now: datetime | None = None) -> FollowedFeed:
    """Follow the feed at (or advertised by) ``url``; its items come with the next poll round."""
    feed_url, parsed = await discover_feed(fetcher, url)
    feed_id, newly = await follow_feed(store, feed_url, parsed.title, chat_id=chat_id, user_id=user_id, now=now)
    return FollowedFeed(feed_id, feed_url, parsed.title, len(parsed.entries), newly)
