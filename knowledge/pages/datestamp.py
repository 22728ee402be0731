"""A page's date stamp: one full date (year, month and day) as sites print it, with its time.

Body text dates are :mod:`knowledge.text.dates`' job; here we read the shorter forms of bylines
and header lines on top of it: "11/08/23 5:19pm" (US numeric), "04.09.21" (dotted, day first),
"2019/3/5", "2019.03.05", "2019年3月5日", "7 жовтня 2021 р.", each with the clock and zone that
may follow ("10:12am EDT", "11:00 PM PST", "18.40 BST", ": 6:40 AM ET"), which belong to the
evidence.

A numeric date whose day and month both fit in 12 is read only with a hint of its order:
a 12-hour clock next to it or an American page says month first, another locale day first;
without a hint it is not read (better no date than the wrong month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge import lexicon
from knowledge.text.dates import MONTHS, WEEKDAYS, find_dates

MONTH_FIRST = "mdy"
DAY_FIRST = "dmy"
DATE_WINDOW_CHARS = 60  # a date expression never runs longer than this
ISO_DAY_LENGTH = len("YYYY-MM-DD")
TWO_DIGIT_YEAR_PIVOT = 70  # "23" is 2023 and "98" is 1998, as in POSIX strptime
MONTHS_PER_YEAR = 12

ZONES = (r"Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|BST|CET|CEST|EET|EEST|WET|WEST|MSK"
         r"|[ECMP][SD]?T|AK[SD]T|HST|AEST|AEDT|ACST|AWST|NZST|NZDT|IST|JST|KST|HKT|SGT|PHT|WIB")
TIME_RE = re.compile(
    rf"(?:T|\s*(?:,|:|\bat\b|\||[-–—]|@)?\s*)\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
    rf"(?:\s*\(?(?:{ZONES})\)?(?!\w))?"
)
LEADING_TIME_RE = re.compile(  # "20:49 01.05.2024", "3:12 PM EST, March 3, 2024"
    rf"\d{{1,2}}[:.]\d{{2}}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:{ZONES})(?!\w))?\s*[,|]?\s*(?:on\s+)?"
)
# Where a date can start, checked before the costlier date grammar runs: a digit, a month or weekday
# name ("Jan", "Tue"), or "on" before one.
DATE_START_RE = re.compile(
    rf"\d|(?i:{'|'.join(sorted({name[:3] for name in (*MONTHS, *WEEKDAYS)}))})|(?i:on)\s"
)
LEADING_PREPOSITION_RE = re.compile(r"(?i)(?:(?:on|in|of|since|as\s+of)\s+)?")
GLUED_DIGITS_RE = re.compile(r"(?<=[^\W\d_])\d")  # a date glued to a name: "松村太郎2019年04月13日", "谢若含2017-03-01"
TWELVE_HOUR_CLOCK_RE = re.compile(r"\d{1,2}[:.]\d{2}\s*[AaPp]\.?[Mm]\b\.?")
SLAVIC_MONTHS: dict[str, int] = {name: int(number) for name, number in lexicon.table("slavic_months").items()}
SLAVIC_DATE_RE = re.compile(
    rf"(?i)(?P<day>[0-3]?\d)\s+(?P<month>{'|'.join(SLAVIC_MONTHS)})\s+(?P<year>\d{{4}})(?!\d)"
    r"(?:\s*(?:р\.|року|г\.|года)(?!\w))?"
)
CJK_DATE_RE = re.compile(
    r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
    r"(?:\s*[(（][月火水木金土日一二三四五六天][)）])?"  # the weekday: "2019年3月5日(火)"
)
CJK_TIME_RE = re.compile(r"\s*\d{1,2}\s*[時时시]\s*\d{1,2}\s*[分분](?:\s*\d{1,2}\s*[秒초])?")
YEAR_FIRST_RE = re.compile(r"(?P<year>(?:19|20)\d{2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d.])")
DOTTED_SHORT_RE = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2})(?![\d.])")  # "04.09.21"
NUMERIC_RE = re.compile(r"(?P<first>\d{1,2})(?P<sep>[/-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/-])")


@dataclass(frozen=True)
class Stamp:
    iso: str  # YYYY-MM-DD
    end: int  # offset in the searched text just after the date (and its time, if any)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _with_time(text: str, end: int) -> int:
    match = TIME_RE.match(text, end) or CJK_TIME_RE.match(text, end)
    return match.end() if match else end


def _clock_order(text: str) -> str | None:
    """A 12-hour clock next to a numeric date says it is American, month first."""
    return MONTH_FIRST if TWELVE_HOUR_CLOCK_RE.match(text) else None


def _full_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < TWO_DIGIT_YEAR_PIVOT else 1900
    return year


def _numeric(match: re.Match[str], order: str | None) -> str | None:
    first, second, year = int(match["first"]), int(match["second"]), _full_year(match["year"])
    if first > MONTHS_PER_YEAR >= second:
        order = DAY_FIRST
    elif second > MONTHS_PER_YEAR >= first:
        order = MONTH_FIRST
    elif first != second and order is None:
        return None
    month, day = (first, second) if order == MONTH_FIRST else (second, first)
    return _iso(year, month, day)


def stamp_at(text: str, pos: int, *, order: str | None = None) -> Stamp | None:
    """A full date starting at ``pos`` (or just after a time: "3:12 PM EST, March 3, 2024"), with any
    time that follows it; ``order`` reads "05/04/23"."""
    time_first = LEADING_TIME_RE.match(text, pos)
    if time_first:
        found = _date_at(text, time_first.end(), order=order)
        if found:
            return found
    return _date_at(text, pos, order=order)


def _date_at(text: str, pos: int, *, order: str | None) -> Stamp | None:
    slavic = SLAVIC_DATE_RE.match(text, pos)
    if slavic:
        iso = _iso(int(slavic["year"]), SLAVIC_MONTHS[slavic["month"].lower()], int(slavic["day"]))
        return Stamp(iso, _with_time(text, slavic.end())) if iso else None
    for pattern in (CJK_DATE_RE, YEAR_FIRST_RE):
        match = pattern.match(text, pos)
        if match:
            iso = _iso(int(match["year"]), int(match["month"]), int(match["day"]))
            return Stamp(iso, _with_time(text, match.end())) if iso else None
    dotted = DOTTED_SHORT_RE.match(text, pos)
    if dotted:  # dots are European: day first
        iso = _iso(_full_year(dotted["year"]), int(dotted["month"]), int(dotted["day"]))
        return Stamp(iso, _with_time(text, dotted.end())) if iso else None
    numeric = NUMERIC_RE.match(text, pos)
    if numeric:
        if pos and text[pos - 1].isdigit():
            return None
        iso = _numeric(numeric, order or _clock_order(text[numeric.end() :].lstrip(" ,|@-–—")))
        return Stamp(iso, _with_time(text, numeric.end())) if iso else None
    if not DATE_START_RE.match(text, pos):
        return None
    window = text[pos : pos + DATE_WINDOW_CHARS]
    mentions = find_dates(window, page_date=None)
    if not mentions or mentions[0].start != 0:
        return None
    first = mentions[0]
    if first.relative or first.value is None or len(first.value) != ISO_DAY_LENGTH:
        return None
    return Stamp(first.value, _with_time(text, pos + first.end))


def stamps_in(text: str, *, order: str | None = None) -> list[tuple[int, Stamp]]:
    """Every full date of ``text`` with where it starts, in page order: one pass of each grammar
    over the text rather than a try at every position."""
    patterns = (LEADING_TIME_RE, SLAVIC_DATE_RE, CJK_DATE_RE, YEAR_FIRST_RE, DOTTED_SHORT_RE, NUMERIC_RE,
                GLUED_DIGITS_RE)
    starts = {m.start() for pattern in patterns
              for m in pattern.finditer(text) if not (m.start() and text[m.start() - 1].isdigit())}
    starts.update(m.start + len(LEADING_PREPOSITION_RE.match(m.text).group())  # "on 1 June 2019": the date
                  for m in find_dates(text, page_date=None) if not m.relative)
    found = ((start, stamp_at(text, start, order=order)) for start in sorted(starts))
    return [(start, stamp) for start, stamp in found if stamp]
