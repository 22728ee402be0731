"""The date a page's header states, read from its text lines.

Where we look (the *header zone*): the lines before the first body paragraph (a long line, or
a full sentence of a dozen words), at most ``MAX_HEADER_LINES`` non-blank lines and
``MAX_HEADER_CHARS`` characters, whichever is tighter; plus the opening of that first paragraph,
where scrapes often glue the date ("date 2022-11-03 ...") or a dateline ("WASHINGTON, June 13,
2023 (AP) -"), and a few short lines after it, where some sites put the byline. The zone stops
early at a link-list heading ("Related", "Recent posts", "Свіжі дописи", ...); copyright lines
and the headline itself are skipped. Sidebars, footers and comment widgets come after the body,
so their dates ("Sunday July 7th, 2024" under a list of other headlines) never reach us.
For HTML the lines are the visible text around the headline (:mod:`knowledge.pages.htmlheader`).

What counts, in order of trust (``TIERS``):

1. a publication label and a full date: "Published 12 March 2019", "Date:2024-02-19 08:15:02";
2. a line, or a ``|``/``•`` segment of one, that is only a date: "By Ann Lee | June 13, 2023";
3. a place and a date alone on a line ("Brussels, 5 March 2024"), or a dateline with a year at
   the start of a paragraph;
4. an "Updated"/"Modified" label (later than publication, but still the page's own).

"Originally published ..." names another page's date and is ignored, so a republished page
keeps its own stated date. A day without a year ("KYIV, June 13 (Reuters)") is not a stated
date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from knowledge.facts import PageDate
from knowledge.pages.datestamp import Stamp, stamp_at, stamps_in

MAX_HEADER_LINES = 15
MAX_HEADER_CHARS = 1500
MAX_TRAILER_LINES = 4  # lines after the article's last paragraph that may still state its date
LATE_HEADER_LINES = 3
CLOCK_RE = re.compile(r"\d{1,2}(?::|\s*[時时시]\s*)\d{2}")  # "11:09", "09時00分"
SPLIT_LABEL_RE = re.compile(
    r"(?im)^[ \t]*(?:posted|published|date|updated)(?:[ \t]+on)?:?[ \t]*\n\s*"
    r"(?P<date>\d{1,2}[ \t]*\n\s*[A-Za-z]{3,9}\.?[ \t]*\n\s*\d{4}|"
    r"[A-Za-z]{3,9}\.?[ \t]*\n\s*\d{1,2},?[ \t]*\n\s*\d{4})")
BODY_PARAGRAPH_CHARS = 200  # a line this long is article body, not header
BODY_SENTENCE_WORDS = 12  # ... and so is a full sentence this long
SENTENCE_ENDINGS = (".", "!", "?", '"', "”", "»", "。", "！", "？", "」")
CJK_CHARACTER_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
CJK_CHARACTERS_PER_WORD = 2
OPENING_CHARS = 120  # how much of the first body paragraph may still hold a date or dateline

SIDEBAR_HEADING_RE = re.compile(
    r"(?i)^(?:related(?:\s+(?:posts|articles|news|stories))?|recent\s+posts|latest(?:\s+news)?|read\s+(?:more|also)"
    r"|more\s+(?:from|stories|news)|most\s+(?:read|popular)|popular(?:\s+(?:stories|posts|articles|news))?|trending"
    r"|(?:the\s+)?latest\s+(?:updates|stories|posts|articles)|comments?|ranking"
    r"|свіжі\s+дописи|читайте\s+також|останні\s+новини|популярне|похожие\s+новости|читайте\s+также)\s*:?$"
)
COPYRIGHT_RE = re.compile(r"(?i)©|\(c\)\s*\d{4}|\bcopyright\b|all\s+rights\s+reserved")
LABEL_RE = re.compile(
    r"(?i)(?<!\w)(?P<label>(?P<origin>originally\s+)?(?:date\s+)?(?:first\s+)?(?:published|posted)(?:\s+(?:on|at))?"
    r"|publication\s+date|date(?:\s+(?:published|created))?"
    r"|(?P<update>(?:last\s+|latest\s+)?(?:updated?|modified)(?:\s+(?:on|at))?)"
    r"|опубліковано|опубликовано|дата(?:\s+публікації|\s+публикации)?)(?!\w)\s*[:：\-–—]?\s*"
)
SEGMENT_RE = re.compile(r"(?:[^|•·\s]|\s(?![-–—]\s))+")  # split at | • · and at a spaced dash " - "
SEGMENT_LEAD = " \t-–—»›>:*[(（【"  # a segment after " - " starts at its dash; a bullet or an arrow may lead
TRAILING_PUNCTUATION = " \t.,;-–—])）】"
CJK_LABEL_RE = re.compile(
    r"(?P<origin>原文\s*[(（]?\s*)?(?P<label>(?P<update>最終更新日時?|更新日時?|更新時間|更新时间|更新|수정)"
    r"|公開日時?|公開|掲載日時?|掲載|配信日時?|配信|投稿日時?|投稿|発行日|発表日|发布时间|发布日期|發佈時間|发表于|발행|입력)"
    r"\s*[:：]?\s*"
)
CJK_LABEL_AFTER_RE = re.compile(r"(?P<update>更新|修正|수정)|公開|掲載|配信|公表|発表|投稿|发布|發佈|입력")
READING_TIME_RE = re.compile(r"(?i)(?:\d+\s*(?:min(?:ute)?s?|分)\.?\s*(?:read|読了)?|読了時間\s*(?:約\s*)?\d+\s*分)")
UPDATED_AGO_RE = re.compile(r"(?i)updated\s+(?:\d+|an?|one)\s+(?:min(?:ute)?|hour|day)s?\s+ago")
BYLINE_AFTER_RE = re.compile(r"(?i)by\s+\S+(?:\s+\S+){0,4}")  # "January 18, 2017 10:44 am PST by Juli Clover"
BYLINE_RE = re.compile(  # "By Ann Lee", "Written by Ann Lee in Science on ...", and "ByAnn Lee" where a link was
    r"(?i)^\s*(?:(?:written|posted|story|words|text|reported)\s+)?by\b|^\s*By(?=[A-Z])"
)
COMMENT_COUNT_RE = re.compile(r"(?i)\d+\s+comments?")  # "... on 1 June 2019 at 08:34 PM EDT. 51 Comments"
DATE_DASH_RE = re.compile(r"\s*(?:--|[-–—]|:)\s")  # "May 9, 2022 -- The council voted ...", "May 9, 2022: The"
BYLINE_MAX_WORDS = 12
KICKER_MAX_WORDS = 4
DATELINE_RE = re.compile(r"^\s*[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,\s*")
PLACE_PREFIX_RE = re.compile(r"^\s*[A-Z][\w.'’ -]{1,30}(?:,\s*[A-Z][\w.'’ -]{1,30})?,\s*")

EDITION_RE = re.compile(r"(?i)\b(?:edition|issue|newsletter|digest|briefing|bulletin|round-?up)\b")
UPDATE_ONLY = "the page states only when it was updated, not when it was published"

PUBLISHED = 0  # tiers, by trust
DATE_LINE = 1
DATELINE = 2
UPDATED = 3


@dataclass(frozen=True)
class ZoneLine:
    text: str
    opening: bool = False  # the opening of the first body paragraph, not a header line
    late: bool = False  # a line just after the lede: only a timestamped date line counts there
    after_title: bool = False  # below the headline, where bylines and their dates are
    updated: bool = False  # marked by the page as an update (``class="updated"``)


@dataclass(frozen=True)
class HeaderDate:
    """One date the header states, with how much we trust it and whether it sits below the headline."""

    page_date: PageDate
    tier: int
    after_title: bool


def _words(text: str) -> int:
    """Words of a line; Chinese and Japanese write without spaces, about two characters a word."""
    return len(text.split()) + len(CJK_CHARACTER_RE.findall(text)) // CJK_CHARACTERS_PER_WORD


def is_body(stripped: str) -> bool:
    """Long lines, and full sentences of some length, are article body rather than header."""
    if len(stripped) >= BODY_PARAGRAPH_CHARS:
        return True
    return _words(stripped) >= BODY_SENTENCE_WORDS and stripped.endswith(SENTENCE_ENDINGS)


def header_zone(lines: Iterable[ZoneLine], *, title: str | None = None, max_lines: int = MAX_HEADER_LINES,
                max_chars: int = MAX_HEADER_CHARS, max_body_lines: int = 1) -> list[ZoneLine]:
    """Header lines, then the opening of the first body paragraph and the short lines after it.

    ``max_body_lines`` body-like lines may pass before the zone ends (an HTML page's standfirst and
    photo caption come before its byline); the short lines after the first are *late*.
    """
    zone: list[ZoneLine] = []
    headline = title.strip().casefold() if title else None
    chars = 0
    seen_title = False
    body_lines = late_lines = 0
    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            continue
        if SIDEBAR_HEADING_RE.match(stripped):
            break
        body = is_body(stripped)
        if body_lines:  # after the lede
            if body and body_lines < max_body_lines and chars < max_chars:
                body_lines += 1
                zone.append(ZoneLine(line.text[:OPENING_CHARS], opening=True, after_title=True))
                chars += len(line.text) + 1
                continue
            if late_lines >= LATE_HEADER_LINES or body or chars >= max_chars:
                break
            late_lines += 1
            zone.append(ZoneLine(line.text, late=True, after_title=True, updated=line.updated))
            continue
        if chars >= max_chars or len(zone) >= max_lines:
            break
        chars += len(line.text) + 1
        if headline and stripped.casefold() == headline:
            seen_title = True
        elif COPYRIGHT_RE.search(stripped):
            continue
        elif body:
            zone.append(ZoneLine(line.text[:OPENING_CHARS], opening=True, after_title=True))
            body_lines = 1
        else:
            zone.append(ZoneLine(line.text, after_title=seen_title or line.after_title, updated=line.updated))
    return zone


def text_lines(raw_text: str) -> list[ZoneLine]:
    """The lines of a plain-text page, with the header's character budget counted from its start."""
    lines: list[ZoneLine] = []
    offset = 0
    for line in raw_text.splitlines(keepends=True):
        if offset >= MAX_HEADER_CHARS * 2:
            break
        lines.append(ZoneLine(line.rstrip("\r\n")))
        offset += len(line)
    return lines


def _stated(line: ZoneLine, start: int, found: Stamp) -> PageDate:
    return PageDate(found.iso, "stated", evidence=line.text[start : found.end].strip())


def _labels(text: str) -> Iterator[re.Match[str]]:
    yield from LABEL_RE.finditer(text)
    yield from CJK_LABEL_RE.finditer(text)


def _labelled(line: ZoneLine, order: str | None, *, updates: bool) -> PageDate | None:
    for label in _labels(line.text):
        if label["origin"] or bool(label["update"]) != updates:
            continue
        if line.opening and line.text[: label.start()].strip():
            continue  # inside a body paragraph only a label that opens it counts
        found = stamp_at(line.text, label.end(), order=order)
        if found:
            return _stated(line, label.start(), found)
    return None


def _segment_dates(line: ZoneLine, order: str | None) -> Iterator[tuple[int, Stamp, str]]:
    """Each ``|``/``•``-separated segment of a line that opens with a date: (start, date, what follows)."""
    for segment in SEGMENT_RE.finditer(line.text):
        start = segment.start() + len(segment.group()) - len(segment.group().lstrip(SEGMENT_LEAD))
        found = stamp_at(line.text, start, order=order)
        if found:
            yield start, found, line.text[found.end : segment.end()].strip(TRAILING_PUNCTUATION)


def _date_only(line: ZoneLine, order: str | None) -> PageDate | None:
    """A line, or one segment of it, that holds nothing but a date: beside it only a reading time
    ("5 min read"), the author ("by Ann Lee"), "Updated 2 hours ago" or a CJK "published" (公開);
    else a byline that ends with the date."""
    if line.opening or line.updated:
        return None
    for start, found, rest in _segment_dates(line, order):
        label = CJK_LABEL_AFTER_RE.fullmatch(rest) if rest else None
        allowed = (READING_TIME_RE.fullmatch(rest) or BYLINE_AFTER_RE.fullmatch(rest) or UPDATED_AGO_RE.fullmatch(rest)
                   or (label and not label["update"]))
        if rest and not allowed:
            continue
        if line.late and not CLOCK_RE.search(line.text[start : found.end]):
            continue  # after the lede only a timestamp ("January 22, 2024 11:09 PM") is the page's
        return _stated(line, start, found)
    return _byline_date(line, order)


def _byline_date(line: ZoneLine, order: str | None) -> PageDate | None:
    """A byline or a kicker that ends with the date: "By Ann Lee June 13, 2023", "Tech News 2019年3月15日 09:43".

    Only below the headline, and only after "By" or as a timestamp with its clock, so that a
    teaser of another story ("Ferry strike ends March 3, 2024") is not read as the page's date.
    """
    if not line.after_title or line.opening:
        return None
    byline = BYLINE_RE.match(line.text)
    for start, found in stamps_in(line.text, order=order):
        rest = line.text[found.end :].strip(TRAILING_PUNCTUATION)
        if rest and not (byline and COMMENT_COUNT_RE.fullmatch(rest)):
            continue
        prefix = line.text[:start]
        if any(label["update"] or label["origin"] for label in _labels(prefix)):
            return None  # "Updated: Oct 9, 2019, 11:05 IST" is an update, read by its own finder
        words = len(prefix.split())
        timed = CLOCK_RE.search(line.text, start, found.end) is not None
        if line.late and not timed:
            return None  # after the lede, as for date lines, only a timestamp is the page's
        if (byline and words <= BYLINE_MAX_WORDS) or (timed and words <= KICKER_MAX_WORDS):
            return _stated(line, start, found)
    return None


def _dateline(line: ZoneLine, order: str | None) -> PageDate | None:
    """A place and a date: alone on a header line ("Brussels, 5 March 2024"), or a dateline opening
    a line ("LISBON, March 8, 2021 (Wire) —"); or a date and a dash opening the lede
    ("May 9, 2022 -- The council voted ...")."""
    if line.updated:
        return None
    if not line.opening:
        place = PLACE_PREFIX_RE.match(line.text)
        found = stamp_at(line.text, place.end(), order=order) if place else None
        if found and not line.text[found.end :].strip(TRAILING_PUNCTUATION):
            return _stated(line, 0, found)
    match = DATELINE_RE.match(line.text)
    found = stamp_at(line.text, match.end(), order=order) if match else None
    if found:
        return _stated(line, 0, found)
    start = len(line.text) - len(line.text.lstrip())
    found = stamp_at(line.text, start, order=order) if line.opening else None
    if found and DATE_DASH_RE.match(line.text, found.end):
        return _stated(line, start, found)  # a dateline without a place
    return None


def _published_label(line: ZoneLine, order: str | None) -> PageDate | None:
    return None if line.updated else _labelled(line, order, updates=False)


def _updated_label(line: ZoneLine, order: str | None) -> PageDate | None:
    """An update: "Updated June 3, 2023", "2019年04月21日 12時00分更新", or a date in an element marked updated."""
    found = _labelled(line, order, updates=True)
    if found is None:
        for start, stamp, rest in _segment_dates(line, order):
            label = CJK_LABEL_AFTER_RE.fullmatch(rest) if rest else None
            if (label and label["update"]) or (line.updated and not rest):
                found = _stated(line, start, stamp)
                break
    if found is None:
        return None
    return PageDate(found.date, "inferred", evidence=found.evidence, reason=UPDATE_ONLY)


Finder = Callable[[ZoneLine, str | None], PageDate | None]
TIERS: tuple[tuple[int, Finder], ...] = (
    (PUBLISHED, _published_label), (DATE_LINE, _date_only), (DATELINE, _dateline), (UPDATED, _updated_label),
)


def header_dates(zone: list[ZoneLine], *, order: str | None = None) -> list[HeaderDate]:
    """Every date the zone states, most trusted first, in page order within a tier."""
    found: list[HeaderDate] = []
    for tier, finder in TIERS:
        for line in zone:
            result = finder(line, order)
            if result:
                found.append(HeaderDate(result, tier, line.after_title))
    return found


def best_header_date(dates: list[HeaderDate]) -> PageDate | None:
    """The most trusted date; among date lines the one below the headline when the page shows two
    different dates: a date above the headline is often the site's banner (today's date), the one
    below it the article's byline."""
    if not dates:
        return None
    tier = dates[0].tier
    if tier == DATE_LINE:
        lines = [d for d in dates if d.tier == DATE_LINE]
        if len({d.page_date.date for d in lines}) > 1:
            below = [d for d in lines if d.after_title]
            if below:
                return below[0].page_date
    return dates[0].page_date


def edition_date(headline: str | None, *, order: str | None = None) -> HeaderDate | None:
    """The date an edition names in its headline: "Weekly Edition for June 4, 2021", "Morning
    Briefing: Tuesday, 3 March 2024". Its articles' bylines carry earlier dates; the edition's is the page's."""
    edition = EDITION_RE.search(headline or "")
    if edition is None:
        return None
    for start, found in stamps_in(headline, order=order):
        if start >= edition.end() and not headline[found.end :].strip(TRAILING_PUNCTUATION):
            evidence = headline[start : found.end].strip()
            return HeaderDate(PageDate(found.iso, "stated", evidence=evidence), PUBLISHED, after_title=False)
    return None


def split_label(raw_text: str) -> PageDate | None:
    """ "Posted On / 05 / April / 2023": a label whose date is broken over short lines."""
    match = SPLIT_LABEL_RE.search(raw_text[:MAX_HEADER_CHARS])
    if not match:
        return None
    joined = " ".join(match["date"].split())
    found = stamp_at(joined, 0)
    if found is None or joined[found.end :].strip(TRAILING_PUNCTUATION):
        return None
    return PageDate(found.iso, "stated", evidence=match.group(0).strip())


def trailer_date(lines: Iterable[str], *, order: str | None = None) -> PageDate | None:
    """A publication date stated under the article, with its label: "First published February 1,
    2016: 1:28 AM ET", "Date created : 2015-05-12".

    Some pages print their date at the foot of the story instead of under the headline. Only a
    labelled publication date counts there, on the first short lines after the last paragraph and
    before any sidebar heading: a bare date at the foot is as likely another story's teaser.
    """
    for count, text in enumerate(lines):
        if count >= MAX_TRAILER_LINES or SIDEBAR_HEADING_RE.match(text) or is_body(text):
            return None
        found = _labelled(ZoneLine(text), order, updates=False)
        if found:
            return found
    return None
