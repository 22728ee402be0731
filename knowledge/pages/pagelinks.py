"""What a page's head says about where it lives: its canonical URL and the feeds it advertises.

A canonical URL names the article apart from tracking parameters and mirrors, so the same story
reached by two links is one source; it is believed only when it stays on the page's own site (a
page must not be able to claim, and so replace, another site's article). Feeds come from
``<link rel="alternate" type="application/rss+xml|atom+xml" href>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

FEED_LINK_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
HEAD_SCAN_BYTES = 200_000


@dataclass(frozen=True)
class PageLinks:
    canonical: str | None
    feeds: tuple[str, ...]


def _site(host: str) -> str:
    host = host.casefold().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on one host (``www.`` aside)."""
    return _site(urlsplit(a).hostname or "") == _site(urlsplit(b).hostname or "")


def without_fragment(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.casefold(), parts.netloc.casefold(), parts.path or "/", parts.query, ""))


def page_links(data: bytes, base_url: str) -> PageLinks:
    """The canonical URL (on the page's own site) and the advertised feeds of an HTML page."""
    from lxml import etree, html  # imported with the first page read

    try:
        root = html.document_fromstring(data[:HEAD_SCAN_BYTES])
    except (etree.ParserError, ValueError):
        return PageLinks(None, ())
    canonical = None
    feeds: list[str] = []
    for link in root.iter("link"):
        rel = {word.casefold() for word in (link.get("rel") or "").split()}
        href = (link.get("href") or "").strip()
        if not href:
            continue
        absolute = urljoin(base_url, href)
        if urlsplit(absolute).scheme not in ("http", "https"):
            continue
        if "canonical" in rel and canonical is None and same_site(absolute, base_url):
            canonical = without_fragment(absolute)
        elif "alternate" in rel and (link.get("type") or "").strip().casefold() in FEED_LINK_TYPES:
            feeds.append(absolute)
    if canonical is None:
        for meta in root.iter("meta"):
            if (meta.get("property") or "").casefold() == "og:url":
                absolute = urljoin(base_url, (meta.get("content") or "").strip())
                if urlsplit(absolute).scheme in ("http", "https") and same_site(absolute, base_url):
                    canonical = without_fragment(absolute)
                    break
    return PageLinks(canonical, tuple(dict.fromkeys(feeds)))
