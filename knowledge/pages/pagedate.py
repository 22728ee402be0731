"""The date a scraped page states for itself.

Relative dates in an article ("yesterday", "last fall") resolve against this date, so a wrong
page date corrupts every fact on the page: better no date than a wrong one.

Plain text: the header rules of :mod:`knowledge.pages.headerdate` (a "Published" label, a date
line under the headline, a dateline), then a URL with a ``/YYYY/MM/DD/`` path in the header as an
``inferred`` date.

HTML weighs three witnesses:

* the page's visible header, the lines around its headline (:mod:`knowledge.pages.htmlheader`),
  read with the same header rules: the date a reader sees;
* its publication metadata (:mod:`knowledge.pages.htmlmeta`): JSON-LD, ``<meta>``, microdata;
* htmldate's estimate (fast mode, original date), which knows many more markup idioms.

The visible date is the page's own: it wins over the metadata, which may be a UTC instant a day
off (an evening in New York is the next day in UTC) or the time the story was first filed. Where
the header shows several dates (an update beside the publication), the one the metadata names is
chosen. The other dates a page shows, a banner with today's date, other stories' teasers and
comments, lie outside the header zone or in furniture, and never reach us. Without a visible
date the metadata speaks, and only without either does htmldate, and only with words of the
page's header or metadata for the day it names (htmldate alone also reads teasers and comments).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from htmldate import find_date
from lxml import etree

from knowledge.facts import PageDate
from knowledge.pages.datestamp import DAY_FIRST, MONTH_FIRST, stamps_in
from knowledge.pages.headerdate import (
    DATELINE,
    SIDEBAR_HEADING_RE,
    UPDATE_ONLY,
    UPDATED,
    HeaderDate,
    ZoneLine,
    best_header_date,
    edition_date,
    header_dates,
    header_zone,
    is_body,
    split_label,
    text_lines,
    trailer_date,
)
from knowledge.pages.htmlheader import VisibleHeader, page_lines, parse_html, visible_header
from knowledge.pages.htmlmeta import MetaDate, PageMetadata, page_metadata

TRAILER_ANCHOR_CHARS = 60  # the end of the last paragraph, to find it among the page's lines
UNKNOWN = PageDate(None, "unknown")
HTML_HEADER_LINES = 40  # bylines, share buttons and captions between the headline and the body
HTML_HEADER_CHARS = 3000
# A dateline or a date opening the lede this far from the page's published metadata dates the story told,
# not the page ("8 August 2009: the first proper blog post ..." in a 2019 retrospective).
STORY_DATE_DAYS = 31
HTML_BODY_LINES = 3  # a standfirst, a photo caption and the lede may all come before the byline
URL_DATE_RE = re.compile(
    r"https?://\S+?/(?P<year>(?:19|20)\d{2})/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?:/|(?!\d))"
)
ISO_VALUE_RE = re.compile(
    r"(?<![\w-])(?P<day>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])"
)
MONTH_FIRST_LOCALES = frozenset({"en-us", "en_us"})
AMBIGUOUS_LOCALES = frozenset({"en", "en-ca", "en_ca"})
EAST_ASIAN_LANGUAGES = frozenset({"ja", "zh", "ko"})


def _url_date(urls: Iterable[str]) -> PageDate | None:
    for text in urls:
        for match in URL_DATE_RE.finditer(text):
            try:
                day = date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                continue
            path = f"/{match['year']}/{match['month']}/{match['day']}/"
            reason = f"a URL of the page carries the date path {path}"
            return PageDate(day.isoformat(), "inferred", evidence=match.group(), reason=reason)
    return None


def find_page_date(raw_text: str, *, title: str | None = None) -> PageDate:
    """The page's own date from its header zone, or ``PageDate(None, "unknown")``."""
    split = split_label(raw_text)
    if split:
        return split
    zone = header_zone(text_lines(raw_text), title=title)
    edition = edition_date(title)
    return (edition.page_date if edition else None) or best_header_date(header_dates(zone)) \
        or trailer_date(_after_last_paragraph(raw_text.splitlines(), raw_text)) \
        or _url_date(line.text for line in zone) or UNKNOWN


def _after_last_paragraph(lines: list[str], body_text: str) -> list[str]:
    """The non-empty lines after the one that ends the article body's last paragraph."""
    paragraphs = [p.strip() for p in body_text.split("\n") if is_body(p.strip())]
    if not paragraphs:
        return []
    tail = " ".join(paragraphs[-1].split())[-TRAILER_ANCHOR_CHARS:]
    stripped = [" ".join(line.split()) for line in lines]
    ends = [i for i, line in enumerate(stripped) if tail and tail in line]
    return [line for line in stripped[ends[-1] + 1 :] if line] if ends else []


def numeric_order(language: str | None) -> str | None:
    """How the page's language writes "05/04/23": month first in the US, day first elsewhere."""
    if not language or language in AMBIGUOUS_LOCALES or language.split("-")[0] in EAST_ASIAN_LANGUAGES:
        return None
    return MONTH_FIRST if language in MONTH_FIRST_LOCALES else DAY_FIRST


def _html_zone(header: VisibleHeader) -> list[ZoneLine]:
    """The header rules' zone from the headline down; above it only short lines (a kicker, a date),
    since a notice or a teaser above the headline does not start the article."""
    lines = [ZoneLine(line.text, updated=line.updated) for line in header.before
             if not is_body(line.text) and not SIDEBAR_HEADING_RE.match(line.text)]
    lines.append(ZoneLine(header.headline))
    lines.extend(ZoneLine(line.text, after_title=True, updated=line.updated) for line in header.after)
    return header_zone(lines, title=header.headline, max_lines=HTML_HEADER_LINES, max_chars=HTML_HEADER_CHARS,
                       max_body_lines=HTML_BODY_LINES)


def _days_apart(first: str, second: str) -> int:
    return abs((date.fromisoformat(first) - date.fromisoformat(second)).days)


def _decide(visible: list[HeaderDate], published: MetaDate | None) -> PageDate | None:
    """The visible header's date and the metadata's, weighed as the module doc says."""
    own = [d for d in visible if d.tier != UPDATED]
    if published:  # "8 August 2009: the first post ..." opening a 2019 retrospective: a date of the story
        own = [d for d in own
               if d.tier != DATELINE or _days_apart(d.page_date.date, published.day) <= STORY_DATE_DAYS]
    if not own:
        if published:
            return PageDate(published.day, "stated", evidence=published.evidence)
        return best_header_date(visible)  # an update alone: inferred
    if published:
        for found in own:  # of several visible dates, the one the metadata names
            if found.page_date.date == published.day:
                return found.page_date
        if not published.local:
            for found in own:
                if _days_apart(found.page_date.date, published.day) == 1:
                    return found.page_date  # the local day of a UTC instant
    return best_header_date(own)


def _htmldate(raw_html: str) -> str | None:
    """htmldate's estimate of the original publication day (fast mode: milliseconds)."""
    try:
        return find_date(raw_html, original_date=True, extensive_search=False)
    except Exception:  # htmldate raises assorted errors on broken markup; never crash ingest
        return None


def _words_for_day(day: str, lines: list[ZoneLine], values: list[str], order: str | None) -> str | None:
    """Words of the page's header or metadata that state ``day``: a markup value
    (``2016-12-09T09:13:00Z``), else a visible date ("Dec 9, 2016")."""
    for value in values:
        found = ISO_VALUE_RE.match(value.strip())
        if found and found["day"] == day:
            return value.strip()
    for line in lines:
        for start, stamp in stamps_in(line.text, order=order):
            if stamp.iso == day:
                return line.text[start : stamp.end].strip()
    return None


def _page_urls(tree: etree._Element) -> list[str]:
    urls = [e.get("href", "") for e in tree.iter("link") if (e.get("rel") or "").lower() == "canonical"]
    return urls + [e.get("content", "") for e in tree.iter("meta") if e.get("property") == "og:url"]


def _estimate(raw_html: str, zone: list[ZoneLine], values: list[str], metadata: PageMetadata,
              order: str | None) -> PageDate | None:
    """htmldate's day, if the page's header zone or metadata states it: htmldate alone also takes
    the dates of teasers, comments and updates."""
    day = _htmldate(raw_html)
    words = _words_for_day(day, zone, values, order) if day else None
    if day is None or words is None:
        return None
    if day in {found.day for found in metadata.modified}:
        return PageDate(day, "inferred", evidence=words, reason=UPDATE_ONLY)
    return PageDate(day, "stated", evidence=words)


def find_html_page_date(raw_html: str, body_text: str, *, title: str | None = None,
                        tree: etree._Element | None = None) -> PageDate:
    """The date an HTML page states for itself (see module doc), or ``PageDate(None, "unknown")``.
    ``tree``: the page already parsed (:func:`~knowledge.pages.htmlheader.parse_html`), not parsed again."""
    tree = tree if tree is not None else parse_html(raw_html)
    if tree is None:
        return find_page_date(body_text, title=title)
    metadata: PageMetadata = page_metadata(tree)
    header = visible_header(tree, title=title)
    order = numeric_order(metadata.language)
    zone = _html_zone(header) if header else []
    edition = edition_date(header.headline if header else title, order=order)
    visible = ([edition] if edition else []) + header_dates(zone, order=order)
    published = metadata.published[0] if metadata.published else None
    if not visible:  # the cleaned text's own header: a dateline, a date glued to the lede
        text_zone = header_zone(text_lines(body_text), title=title)
        visible, zone = header_dates(text_zone, order=order), zone + text_zone
    decided = _decide(visible, published)
    if decided:
        return decided
    trailer = trailer_date(_after_last_paragraph(page_lines(tree), body_text), order=order)
    if trailer:
        return trailer
    values = header.values if header else [value for meta in tree.iter("meta") if (value := meta.get("content"))]
    return _estimate(raw_html, zone, values, metadata, order) or _url_date(_page_urls(tree)) or UNKNOWN
