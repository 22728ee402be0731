"""Small news pages and feeds (RSS 2.0, Atom) for link and feed tests, written here."""

from __future__ import annotations

from html import escape


def article_page(title: str, date: str | None, paragraphs: list[str], *, canonical: str | None = None,
                 feed: str | None = None, extra_head: str = "") -> str:
    """An HTML news page: headline, an optional visible date line, paragraphs."""
    head = [f"<title>{escape(title)}</title>"]
    if canonical:
        head.append(f'<link rel="canonical" href="{escape(canonical)}">')
    if feed:
        head.append(f'<link rel="alternate" type="application/rss+xml" title="News" href="{escape(feed)}">')
    dateline = f"<p class='date'>{escape(date)}</p>" if date else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'>{''.join(head)}{extra_head}</head><body>"
            f"<article><h1>{escape(title)}</h1>{dateline}{body}</article></body></html>")


def rss(title: str, items: list[dict[str, str]]) -> str:
    """RSS 2.0: each item has link, and optionally title, guid, pubDate."""
    parts = []
    for item in items:
        fields = "".join(f"<{tag}>{escape(item[tag])}</{tag}>" for tag in ("title", "link", "guid", "pubDate")
                         if tag in item)
        parts.append(f"<item>{fields}</item>")
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
            f"<link>http://news.example/</link><description>news</description>{''.join(parts)}</channel></rss>")


def atom(title: str, entries: list[dict[str, str]]) -> str:
    """Atom 1.0: each entry has id, link, and optionally title, updated."""
    parts = []
    for entry in entries:
        updated = f"<updated>{entry['updated']}</updated>" if "updated" in entry else ""
        parts.append(f"<entry><id>{escape(entry['id'])}</id><title>{escape(entry.get('title', ''))}</title>"
                     f"<link href='{escape(entry['link'])}'/>{updated}</entry>")
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>{escape(title)}</title><id>urn:feed</id><updated>2026-11-30T10:00:00Z</updated>"
            f"{''.join(parts)}</feed>")


TRAM = article_page("Council approves tram line", "November 30, 2026", [
    "Deputy Mayor Lena Vogt said on Monday that the city council approved the new tram line.",
    '"Construction starts next spring," Vogt said after the vote.',
    "The first section will open on June 1, 2027, the council said.",
])
FERRY = article_page("Harbour ferry returns", None, [
    "Harbour Master Tomas Berg said the ferry service between the two islands resumes this week.",
    '"We have two boats ready," Berg said.',
])
BRIDGE = article_page("Bridge repairs finish early", "November 29, 2026", [
    "City Engineer Ana Ruiz said the repairs of the old bridge finished two weeks early.",
    "Northbuild and Streetworks signed a contract for the next bridge on November 28, 2026.",
])
