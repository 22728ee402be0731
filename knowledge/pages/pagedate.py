"""The date a scraped page states for itself.

Relative dates in an article ("yesterday", "last fall") resolve against this date, so a
wrong page date corrupts every fact on the page: better no date than a wrong one.

Where we look (the *header zone*): the lines before the first body paragraph (a long
line, or a full sentence of a dozen words), at most ``MAX_HEADER_LINES`` non-blank lines
and ``MAX_HEADER_CHARS`` characters, whichever is tighter; plus the opening of that first
paragraph, where scrapes often glue the date ("date 2023-06-13 ...") or a dateline
("WASHINGTON, June 13, 2023 (AP) -"). The zone stops early at a link-list heading
("Related", "Recent posts", "Свіжі дописи", ...); copyright lines and the headline itself
are skipped. Sidebars, footers and comment
widgets come after the body, so their dates ("Saturday June 29th, 2024" under a list of
other headlines) never reach us.

What counts, in order of trust:

1. a publication label and a full date: "Published 12 March 2019", "Date:2025-04-11 17:32:49";
2. a line, or a ``|``/``•`` segment of one, that is only a date: "By Ann Lee | June 13, 2023";
3. a dateline with a year at the start of a paragraph;
4. an "Updated"/"Modified" label (later than publication, but still the page's own).

"Originally published ..." names another page's date and is ignored, so a republished
page keeps its own stated date. A day without a year ("KYIV, June 13 (Reuters)") is not a
stated date. Failing all that, a URL in the header with a ``/YYYY/MM/DD/`` path gives an
``inferred`` date with a reason; otherwise the date is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from knowledge import lexicon
from knowledge.facts import PageDate
from knowledge.text.dates import find_dates

MAX_HEADER_LINES = 15
MAX_HEADER_CHARS = 1500
LATE_HEADER_LINES = 3
CLOCK_RE = re.compile(r"\d{1,2}:\d{2}")
SPLIT_LABEL_RE = re.compile(
    r"(?im)^[ \t]*(?:posted|published|date|updated)(?:[ \t]+on)?:?[ \t]*\n\s*"
    r"(?P<date>\d{1,2}[ \t]*\n\s*[A-Za-z]{3,9}\.?[ \t]*\n\s*\d{4}|"
    r"[A-Za-z]{3,9}\.?[ \t]*\n\s*\d{1,2},?[ \t]*\n\s*\d{4})")
BODY_PARAGRAPH_CHARS = 200  # a line this long is article body, not header
BODY_SENTENCE_WORDS = 12  # ... and so is a full sentence this long
SENTENCE_ENDINGS = (".", "!", "?", '"', "”", "»")
OPENING_CHARS = 120  # how much of the first body paragraph may still hold a date or dateline
DATE_WINDOW_CHARS = 60  # a date expression never runs longer than this
ISO_DAY_LENGTH = len("2023-06-13")

SIDEBAR_HEADING_RE = re.compile(
    r"(?i)^(?:related(?:\s+(?:posts|articles|news|stories))?|recent\s+posts|latest(?:\s+news)?|read\s+(?:more|also)"
    r"|more\s+(?:from|stories|news)|most\s+(?:read|popular)|popular|trending|comments?|ranking"
    r"|свіжі\s+дописи|читайте\s+також|останні\s+новини|популярне|похожие\s+новости|читайте\s+также)\s*:?$"
)
COPYRIGHT_RE = re.compile(r"(?i)©|\(c\)\s*\d{4}|\bcopyright\b|all\s+rights\s+reserved")
PRIMARY = "primary"
SECONDARY = "secondary"
LABEL_RE = re.compile(
    r"(?i)(?<!\w)(?P<label>(?P<origin>originally\s+)?(?:date\s+)?(?:first\s+)?(?:published|posted)(?:\s+(?:on|at))?"
    r"|publication\s+date|date(?:\s+published)?|(?P<update>(?:last\s+)?(?:updated|modified)(?:\s+(?:on|at))?)"
    r"|опубліковано|опубликовано|дата(?:\s+публікації|\s+публикации)?)(?!\w)\s*[:：\-–—]?\s*"
)
SEGMENT_RE = re.compile(r"(?:[^|•·\s]|\s(?![-–—]\s))+")  # split at | • · and at a spaced dash " - "
LEADING_TIME_RE = re.compile(r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?\s*[,|]?\s*", re.I)
TRAILING_PUNCTUATION = " \t.,;"
TIME_RE = re.compile(
    r"(?:T|\s*(?:,|\bat\b|\|)?\s*)\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|BST|CET|CEST|EET|EEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|MSK)(?!\w))?"
)
DATELINE_RE = re.compile(r"^\s*[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,\s*")
PLACE_PREFIX_RE = re.compile(r"^\s*[A-Z][\w.'’ -]{1,30}(?:,\s*[A-Z][\w.'’ -]{1,30})?,\s*")
URL_DATE_RE = re.compile(
    r"https?://\S+?/(?P<year>(?:19|20)\d{2})/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?:/|(?!\d))"
)
SLAVIC_MONTHS: dict[str, int] = {name: int(number) for name, number in lexicon.table("slavic_months").items()}
SLAVIC_DATE_RE = re.compile(
    rf"(?i)(?P<day>[0-3]?\d)\s+(?P<month>{'|'.join(SLAVIC_MONTHS)})\s+(?P<year>\d{{4}})(?!\d)"
    r"(?:\s*(?:р\.|року|г\.|года)(?!\w))?"
)


@dataclass(frozen=True)
class _Line:
    text: str
    opening: bool  # the opening of the first body paragraph, not a header line
    late: bool = False  # a line just after the lede: only a timestamped date line counts there
    after_title: bool = False  # below the headline, where bylines and their dates are


@dataclass(frozen=True)
class _Found:
    iso: str
    end: int  # offset in the searched text just after the date (and its time, if any)


def _is_body(stripped: str) -> bool:
    """Long lines, and full sentences of some length, are article body rather than header."""
    if len(stripped) >= BODY_PARAGRAPH_CHARS:
        return True
    return len(stripped.split()) >= BODY_SENTENCE_WORDS and stripped.endswith(SENTENCE_ENDINGS)


def _header_zone(raw_text: str, title: str | None) -> list[_Line]:
    """Header lines, then the opening of the first body paragraph (see module doc)."""
    zone: list[_Line] = []
    headline = title.strip().casefold() if title else None
    offset = 0
    seen_title = False
    for line in raw_text.splitlines(keepends=True):
        stripped = line.strip()
        if offset >= MAX_HEADER_CHARS or len(zone) >= MAX_HEADER_LINES or SIDEBAR_HEADING_RE.match(stripped):
            break
        if stripped and headline and stripped.casefold() == headline:
            seen_title = True
        elif stripped and not COPYRIGHT_RE.search(stripped):
            content = line.rstrip("\r\n")
            if _is_body(stripped):
                zone.append(_Line(content[:OPENING_CHARS], opening=True))
                zone.extend(_late_lines(raw_text, offset + len(line)))
                break
            zone.append(_Line(content[: MAX_HEADER_CHARS - offset], opening=False, after_title=seen_title))
        offset += len(line)
    return zone


def _late_lines(raw_text: str, start: int) -> list[_Line]:
    """The few short lines right after the lede, where some sites put the byline and timestamp."""
    lines: list[_Line] = []
    for line in raw_text[start:MAX_HEADER_CHARS].splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if len(lines) >= LATE_HEADER_LINES or _is_body(stripped) or SIDEBAR_HEADING_RE.match(stripped):
            break
        lines.append(_Line(line, opening=False, late=True))
    return lines


def _with_time(text: str, end: int) -> int:
    match = TIME_RE.match(text, end)
    return match.end() if match else end


def _date_at(text: str, pos: int) -> _Found | None:
    """A full date (year, month, day) starting at ``pos``, with any time that follows it."""
    slavic = SLAVIC_DATE_RE.match(text, pos)
    if slavic:
        month, day = SLAVIC_MONTHS[slavic["month"].lower()], int(slavic["day"])
        return _Found(f"{slavic['year']}-{month:02d}-{day:02d}", _with_time(text, slavic.end()))
    window = text[pos : pos + DATE_WINDOW_CHARS]
    mentions = find_dates(window, page_date=None)
    if not mentions or mentions[0].start != 0:
        return None
    first = mentions[0]
    if first.relative or first.value is None or len(first.value) != ISO_DAY_LENGTH:
        return None
    return _Found(first.value, _with_time(text, pos + first.end))


def _stated(line: _Line, start: int, found: _Found) -> PageDate:
    evidence = line.text[start : found.end].strip()
    return PageDate(found.iso, "stated", evidence=evidence)


def _labelled(line: _Line, priority: str) -> PageDate | None:
    for label in LABEL_RE.finditer(line.text):
        if label["origin"] or (PRIMARY if not label["update"] else SECONDARY) != priority:
            continue
        if line.opening and line.text[: label.start()].strip():
            continue  # inside a body paragraph only a label that opens it counts
        found = _date_at(line.text, label.end())
        if found:
            return _stated(line, label.start(), found)
    return None


def _date_only(line: _Line) -> PageDate | None:
    """A line, or one ``|``/``•``-separated segment of it, that holds nothing but a date."""
    if line.opening:
        return None
    for segment in SEGMENT_RE.finditer(line.text):
        start = segment.start() + len(segment.group()) - len(segment.group().lstrip())
        time_first = LEADING_TIME_RE.match(line.text, start)  # "20:49 01.05.2024"
        found = _date_at(line.text, time_first.end()) if time_first else _date_at(line.text, start)
        if found and not line.text[found.end : segment.end()].strip(TRAILING_PUNCTUATION):
            if line.late and not CLOCK_RE.search(line.text[start:found.end]):
                continue  # after the lede only a timestamp ("January 22, 2024 11:09 PM") is the page's
            return _stated(line, start, found)
    return None


def _dateline(line: _Line) -> PageDate | None:
    match = DATELINE_RE.match(line.text)
    found = _date_at(line.text, match.end()) if match else None
    return _stated(line, 0, found) if found else None


def _place_date_line(line: _Line) -> PageDate | None:
    """A header line that is only a place and a date: "Brussels, 5 March 2024" or "GOTHENBURG, Sweden, Oct 3"."""
    if line.opening:
        return None
    match = PLACE_PREFIX_RE.match(line.text)
    found = _date_at(line.text, match.end()) if match else None
    if found and not line.text[found.end:].strip(TRAILING_PUNCTUATION):
        return _stated(line, 0, found)
    return None


def _url_date(line: _Line) -> PageDate | None:
    for match in URL_DATE_RE.finditer(line.text):
        try:
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
        path = f"/{match['year']}/{match['month']}/{match['day']}/"
        reason = f"a URL in the page header carries the date path {path}"
        return PageDate(day.isoformat(), "inferred", evidence=match.group(), reason=reason)
    return None


def _first(zone: list[_Line], finder: Finder) -> PageDate | None:
    for line in zone:
        result = finder(line)
        if result:
            return result
    return None


def _published_label(line: _Line) -> PageDate | None:
    return _labelled(line, PRIMARY)


def _updated_label(line: _Line) -> PageDate | None:
    return _labelled(line, SECONDARY)


Finder = Callable[[_Line], PageDate | None]
FINDERS: tuple[Finder, ...] = (_published_label, _date_only, _place_date_line, _dateline, _updated_label,
                               _url_date)  # by trust


def find_page_date(raw_text: str, *, title: str | None = None) -> PageDate:
    """The page's own date from its header zone, or ``PageDate(None, "unknown")``."""
    split = _split_label(raw_text)
    if split:
        return split
    zone = _header_zone(raw_text, title)
    for finder in FINDERS:
        result = _date_line_below_title(zone) if finder is _date_only else _first(zone, finder)
        if result:
            return result
    return PageDate(None, "unknown")


def _date_line_below_title(zone: list[_Line]) -> PageDate | None:
    """The first date-only line, but the one below the headline when the page shows two different
    dates: a date above the headline is often the site's banner (today's date), the one below it the
    article's byline."""
    found = [(line, result) for line in zone if (result := _date_only(line))]
    if len({result.date for _, result in found}) > 1:
        below = [result for line, result in found if line.after_title]
        if below:
            return below[0]
    return found[0][1] if found else None


def _split_label(raw_text: str) -> PageDate | None:
    """ "Posted On / 05 / April / 2023": a label whose date is broken over short lines."""
    match = SPLIT_LABEL_RE.search(raw_text[:MAX_HEADER_CHARS])
    if not match:
        return None
    joined = " ".join(match["date"].split())
    found = _date_at(joined, 0)
    if found is None or joined[found.end:].strip(TRAILING_PUNCTUATION):
        return None
    return PageDate(found.iso, "stated", evidence=match.group(0).strip())


HTML_DATE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"""<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|og:published_time|"""
               r"""datePublished|pubdate|publishdate|date|dc\.date|dcterms\.created|sailthru\.date|parsely-pub-date)"""
               r"""["'][^>]*?content=["'](?P<value>[^"']{8,40})["']""", re.I),
    re.compile(r"""<meta[^>]+content=["'](?P<value>[^"']{8,40})["'][^>]*?(?:property|name|itemprop)=["']"""
               r"""(?:article:published_time|datePublished|pubdate|publishdate|date)["']""", re.I),
    re.compile(r""""datePublished"\s*:\s*"(?P<value>[^"]{8,40})\"""", re.I),
    re.compile(r"""<time[^>]+(?:itemprop=["']datePublished["'][^>]*?datetime|datetime)=["'](?P<value>[^"']{8,40})["']""",
               re.I),
)
ISO_PREFIX_RE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")


def find_html_page_date(raw_html: str, body_text: str, *, title: str | None = None) -> PageDate:
    """The date an HTML page states in its publication metadata, else in its visible header text.

    Metadata (``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``) is the
    page speaking for itself; its words are kept verbatim as evidence.
    """
    for pattern in HTML_DATE_RES:
        match = pattern.search(raw_html)
        if not match:
            continue
        iso = ISO_PREFIX_RE.match(match["value"].strip())
        if not iso:
            continue
        try:
            day = date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        except ValueError:
            continue
        return PageDate(day.isoformat(), "stated", evidence=match["value"].strip())
    return find_page_date(body_text, title=title)
