"""A feed document into entries, through feedparser (RSS 0.9x/1.0/2.0 and Atom).

feedparser reads broken feeds leniently, as feed readers do: a feed whose XML is not well formed
is still read when entries come out of it; one that gives nothing is refused with the parser's
reason. It is given the bytes (never a URL: feedparser would fetch a URL itself, past the
network rules) and the feed's URL, against which relative links are resolved.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXException

from knowledge.pages.fetch import FEED_TYPES, PAGE_TYPES
from knowledge.pages.pagelinks import without_fragment

#: What a feed may be served as: some servers send feeds as text/html or text/plain, so the parser, not
#: the header, decides what is a feed.
FEED_ACCEPT = FEED_TYPES | PAGE_TYPES


class FeedRefused(ValueError):
    """A document that is not a usable feed; the message is the one-line reason."""


@dataclass(frozen=True)
class FeedEntry:
    key: str  # the entry's identity: its guid/id, else its link
    url: str
    title: str | None
    updated: str | None  # the updated (else published) stamp as the feed wrote it: a change means a new version
    published: str | None = None  # the publication (else update) date, ISO, in UTC
    published_text: str | None = None  # the stamp it was read from, as the feed wrote it

    @property
    def key_hash(self) -> str:
        return hashlib.sha256(self.key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]


def _entry_date(stamps: dict) -> tuple[str | None, str | None]:
    """(ISO date, the words) of an entry's publication date, else its update date; feedparser reads them in UTC."""
    for name in ("published", "updated", "created"):
        parsed = stamps.get(f"{name}_parsed")
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}", stamps.get(name)
    return None, None


def parse_feed(data: bytes, url: str, content_type: str = "application/xml") -> ParsedFeed:
    """The entries of a feed document, in the feed's order; FeedRefused when it is no feed."""
    import feedparser  # imported with the first feed: a bot without feeds never pays for it

    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url,
                                                                  "content-type": content_type})
    if not parsed.get("version") and not parsed.entries:
        raise FeedRefused("not an RSS or Atom feed")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        link = urljoin(url, link) if link else ""
        if urlsplit(link).scheme not in ("http", "https"):
            continue  # an entry without a web page to fetch
        link = without_fragment(link)
        key = (entry.get("id") or "").strip() or link
        if key in seen:
            continue
        seen.add(key)
        stamps = dict(entry.items())  # the keys as parsed: feedparser's get("updated") falls back with a warning
        published, published_text = _entry_date(stamps)
        entries.append(FeedEntry(key, link, (entry.get("title") or "").strip() or None,
                                 stamps.get("updated") or stamps.get("published") or None, published, published_text))
    reason = parsed.get("bozo_exception")
    if isinstance(reason, SAXException) and not entries:  # other bozo reasons (a charset override) are harmless
        raise FeedRefused(f"the feed is not valid XML ({reason})")
    title = (parsed.feed.get("title") or "").strip() or None
    return ParsedFeed(title, tuple(entries))
