"""The publication date an HTML page declares in its metadata, and how far its day can be trusted.

Sources, most trusted first: JSON-LD ``datePublished`` of the page's article, ``<meta>`` fields
(``article:published_time``, ``datePublished``, ``pubdate``, Dublin Core, ...), microdata and
``<time pubdate>`` elements, and last a ``<title>`` part that is only a date ("... | The Daily |
14.03.2022"). Update fields (``dateModified``, ``article:modified_time``) are read apart: they
are never the publication date, but they tell an update that htmldate offers as one.

A value's day is the page's own only when the value carries the page's local offset
(``2016-12-21T18:49:10-05:00``) or no time at all. A UTC instant (``...T04:30:00Z``) may fall on
the day after (or before) the one the page prints, so ``local`` is False for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from knowledge.pages.datestamp import stamp_at

PUBLISHED_FIELDS = frozenset({
    "article:published_time", "article:published", "article.published", "article:post_date", "og:published_time",
    "og:article:published_time", "og:pubdate", "datepublished", "datecreated", "pubdate", "publishdate",
    "publish_date", "publish-date", "published_date", "published_time", "publication_date", "date_published",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.issued", "dcterms.date",
    "dc:date", "citation_publication_date", "citation_date", "sailthru.date", "parsely-pub-date",
    "rnews:datepublished", "original-publish-date", "cxenseparse:recs:publishtime", "date", "displaydate",
    "time published",
})  # fmt: skip
# Fields that name the publication time and nothing else; the looser ones above ("date", "sailthru.date",
# "dc.date") are set by some sites to the time of the last edit.
PRECISE_FIELDS = frozenset({
    "JSON-LD datePublished", "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "pubdate", "time published",
})  # fmt: skip
MODIFIED_FIELDS = frozenset({
    "article:modified_time", "article:modified", "og:updated_time", "og:modified_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "last-modified", "lastmod", "modified", "updated_time",
})  # fmt: skip
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "report", "scholarlyarticle", "techarticle", "liveblogposting",
    "posting", "socialmediaposting", "videoobject", "review",
})  # fmt: skip
PUBLISHED_CLASS_RE = re.compile(r"(?i)(?<![\w-])(?:published|date-published|entry-date|pubdate)(?![\w-])")
FIELD_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")
VALUE_ATTRIBUTES = ("content", "datetime", "value")
ISO_RE = re.compile(
    r"\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<clock>\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
UTC_OFFSETS = frozenset({"Z", "+00", "-00", "+0000", "-0000", "+00:00", "-00:00"})
UTC_NAME_RE = re.compile(r"(?i)\b(?:GMT|UTC)\b|\+0000")
MAX_VALUE_CHARS = 60
TITLE_SEPARATOR_RE = re.compile(r"\s[|·•]\s|\s[-–—]\s")
MAX_JSON_CHARS = 200_000


@dataclass(frozen=True)
class MetaDate:
    day: str  # the ISO day written in the value
    evidence: str  # the value, verbatim
    local: bool  # the day is the page's own (a local offset, or no time); False for UTC instants
    source: str  # the field it came from, for reasons: "article:published_time", "JSON-LD datePublished"


@dataclass(frozen=True)
class PageMetadata:
    published: list[MetaDate]  # the precise fields first, then the loose ones; page order within each
    modified: list[MetaDate]
    language: str | None  # the <html lang> attribute, lower case


def parse_value(value: str, source: str) -> MetaDate | None:
    """A metadata value as a day, if it holds a full date."""
    value = value.strip()
    if not value or len(value) > MAX_VALUE_CHARS:
        return None
    iso = ISO_RE.match(value)
    if iso:
        try:
            day = date(int(iso["year"]), int(iso["month"]), int(iso["day"])).isoformat()
        except ValueError:
            return None
        zone = iso["zone"]
        local = iso["clock"] is None or (zone is not None and zone not in UTC_OFFSETS)
        return MetaDate(day, value, local, source)
    stamp = stamp_at(value, 0)  # "Mon, 12 Dec 2016 10:00:00 GMT", "December 12, 2016"
    if stamp is None:
        return None
    return MetaDate(stamp.iso, value, not UTC_NAME_RE.search(value), source)


def _field(element: etree._Element) -> str | None:
    for attribute in FIELD_ATTRIBUTES:
        name = element.get(attribute)
        if name:
            return name.strip().lower()
    if element.get("pubdate") is not None:
        return "pubdate"
    if element.tag == "time" and PUBLISHED_CLASS_RE.search(element.get("class") or ""):
        return "time published"
    return None


def _value(element: etree._Element) -> str | None:
    for attribute in VALUE_ATTRIBUTES:
        value = element.get(attribute)
        if value:
            return value
    return None


def _json_objects(data: object) -> Iterator[dict]:
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            yield item
            stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage") or
                         isinstance(v, list))
        elif isinstance(item, list):
            stack.extend(item)


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _json_ld(tree: etree._Element, field: str) -> list[MetaDate]:
    """``field`` of the page's article in its JSON-LD; of any other object only when no article has it."""
    articles: list[MetaDate] = []
    others: list[MetaDate] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text[:MAX_JSON_CHARS], strict=False)
        except ValueError:
            continue
        for item in _json_objects(data):
            value = item.get(field)
            found = parse_value(value, f"JSON-LD {field}") if isinstance(value, str) else None
            if found:
                (articles if _types(item) & ARTICLE_TYPES else others).append(found)
    return articles or others[:1]


# A page's own script that sets its publication day for analytics: publication_date : "20111201".
SCRIPT_DATE_RE = re.compile(
    r"""["']?(?P<field>publication_?date|publish(?:ed)?_?date|pub_?date|date_?published|article_?publish_?date)"""
    r"""["']?\s*[:=]\s*["'](?P<value>\d{8}|\d{4}-\d{2}-\d{2}[^"']{0,30})["']""", re.I)
COMPACT_DAY_RE = re.compile(r"(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})")


def _script_dates(tree: etree._Element) -> list[MetaDate]:
    """Publication days a page's inline scripts set (not JSON-LD, read apart): one per field, page order."""
    found: list[MetaDate] = []
    for script in tree.iter("script"):
        if not script.text or (script.get("type") or "").strip().lower() == "application/ld+json":
            continue
        for m in SCRIPT_DATE_RE.finditer(script.text[:MAX_JSON_CHARS]):
            value = m["value"]
            compact = COMPACT_DAY_RE.fullmatch(value)
            if compact:
                value = f"{compact['year']}-{compact['month']}-{compact['day']}"
            day = parse_value(value, f"script {m['field']}")
            if day is not None:
                found.append(MetaDate(day.day, m["value"], day.local, day.source))
    return found


def page_metadata(tree: etree._Element) -> PageMetadata:
    """What the page's markup says about its dates (see module doc)."""
    published = _json_ld(tree, "datePublished")
    modified = _json_ld(tree, "dateModified")
    for element in tree.iter("meta", "time", "span", "abbr", "div", "p"):
        field = _field(element)
        if field is None:
            continue
        in_published, in_modified = field in PUBLISHED_FIELDS, field in MODIFIED_FIELDS
        if not (in_published or in_modified):
            continue
        value = _value(element) or (element.get("title") if element.tag == "abbr" else None)
        found = parse_value(value, field) if value else None
        if found:
            (published if in_published else modified).append(found)
    language = tree.get("lang") or tree.get("xml:lang")
    published.sort(key=lambda found: found.source not in PRECISE_FIELDS)  # stable: page order within each kind
    published.extend(_script_dates(tree))
    published.extend(_title_dates(tree.findtext(".//title") or ""))
    return PageMetadata(published, modified, language.strip().lower() if language else None)


def _title_dates(title: str) -> list[MetaDate]:
    """A part of the ``<title>`` that is only a date: "Ferry strike ends | The Daily | 14.03.2022"."""
    found: list[MetaDate] = []
    for part in TITLE_SEPARATOR_RE.split(title):
        part = part.strip()
        stamp = stamp_at(part, 0) if part else None
        if stamp and stamp.end == len(part):
            found.append(MetaDate(stamp.iso, part, True, "<title>"))
    return found[:1]
