"""Find date expressions in English news text and resolve them to ISO values.

Facts need a "when", but only as precise as the words allow: a value is ``"2024"``,
``"2024-04"`` or ``"2024-04-05"``. Absolute dates resolve on their own. Relative ones
("yesterday", "last fall", "on Friday") and dates without a year ("April 5", "in June")
resolve only against the page's own date; with no page date their value is ``None``,
never a guess. Such page-dependent mentions carry ``relative=True``.

Choices worth knowing:

* A bare weekday ("Friday", "on Friday", "past Friday") is the most recent such day on or
  before the page date, since news reports what happened; after "by"/"until"/"till" it
  is the next such day on or after the page date (a deadline). "last Friday" is strictly
  before, "next"/"coming Friday" strictly after, "this Friday" on or after.
* Weeks have no ISO value at our precisions: "this/last/next week" resolves to the month
  only when the whole Monday-Sunday week lies in one month, otherwise ``None``.
* Seasons (northern, meteorological: spring = Mar-May, ...) resolve to a year, the finest
  ISO precision that holds the season. "last fall" is the previous completed fall (said
  in fall 2023 it is fall 2022); "this fall" is the page year; winter spans two years, so
  it stays ``None``.
* A bare year counts only after a preposition ("in 2024", "by 2030") or "year"; after
  quantity-prone prepositions (by/for/of/from/to/...) it is dropped when a lowercase noun
  follows ("by 2000 troops").
* "May" and "March" are months only when capitalised and tied to a day or year, or after
  a preposition ("in May"); a modal "may" or "march on" is never a date.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.facts import DateMention

MIN_YEAR = 1900
MAX_YEAR = 2100
LEAP_YEAR = 2000  # validates "February 29" when the year is not known yet
DAYS_PER_WEEK = 7
MONTHS_PER_YEAR = 12

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
WEEKDAY_ABBREVIATIONS: tuple[str, ...] = (
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
)  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
RELATIVE_DAY_OFFSETS: dict[str, int] = {
    "the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0,
    "tomorrow": 1, "the day after tomorrow": 2,
}  # fmt: skip
PERIOD_OFFSETS: dict[str, int] = {"last": -1, "this": 0, "next": 1}
SEASON_MONTHS: dict[str, tuple[int, ...]] = {
    "spring": (3, 4, 5), "summer": (6, 7, 8), "fall": (9, 10, 11), "autumn": (9, 10, 11),
    "winter": (12, 1, 2),
}  # fmt: skip
YEAR_SPANNING_SEASONS = frozenset({"winter"})

PREPOSITIONS = r"on|in|since|by|until|till|from|of|during|before|after|through|throughout|as\s+of"
BARE_MONTH_PREPOSITIONS = r"in|since|by|until|till|from|during|before|after|through|throughout"
YEAR_PREPOSITIONS = (r"in|since|by|until|till|from|of|during|for|to|through|throughout|before|after|between|"
                     r"as\s+(?:early|soon|late)\s+as")
# After these a number is as likely a quantity as a year ("by 2000 troops", "of 2024 drones").
QUANTITY_PRONE_PREPOSITIONS = frozenset({"by", "for", "of", "from", "to", "through", "between"})
# Lowercase words that may follow a year without making it look like a quantity.
WORDS_AFTER_YEAR = frozenset({
    "and", "or", "to", "through", "until", "till", "when", "as", "the", "a", "an", "on", "in", "at",
    "with", "we", "it", "they", "he", "she", "there", "is", "was", "will", "would", "were", "had",
    "has", "have", "onwards", "onward", "alone", "but", "after", "before", "while", "that", "which",
})  # fmt: skip
FORWARD_WEEKDAY_PREPOSITIONS = frozenset({"by", "until", "till"})


def _cased(words: Iterable[str]) -> str:
    """Title and UPPER forms only, so "may" and "march" stay verbs."""
    forms = {form for word in words for form in (word.title(), word.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


_LEAD = rf"(?<![\w-])(?<!\d[.,/])(?:(?P<prep>(?i:{PREPOSITIONS}))\s+)?"
_QUALIFIER = r"(?:(?i:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)(?:\s+|-))"
_MONTH_FULL = rf"(?:{_cased(MONTHS)})\b"
_MONTH_ANY = rf"(?P<month>{_MONTH_FULL}|(?:{_cased(MONTH_ABBREVIATIONS)})\b\.?)"
_WEEKDAY_FULL = _cased(WEEKDAYS)
_WEEKDAY_PREFIX = rf"(?:(?:{_WEEKDAY_FULL}|(?:{_cased(WEEKDAY_ABBREVIATIONS)})\b\.?),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\w)"
_DAY_RANGE_END = r"(?:\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?(?!\w))?"
_YEAR = r"(?P<year>\d{4})(?!\w)(?![.,]\d)"
_NUMBER = rf"(?:\d{{1,2}}|(?i:{'|'.join(NUMBER_WORDS)}))"


MONTH_DAY_RE = re.compile(
    rf"{_LEAD}{_QUALIFIER}?{_WEEKDAY_PREFIX}{_MONTH_ANY}\s+{_DAY}{_DAY_RANGE_END}(?:(?:,\s*|\s+){_YEAR})?"
)
DAY_MONTH_RE = re.compile(
    rf"{_LEAD}{_WEEKDAY_PREFIX}(?:(?i:the)\s+)?{_DAY}{_DAY_RANGE_END}\s+(?:(?i:of)\s+)?{_MONTH_ANY}"
    rf"(?:,?\s+{_YEAR})?"
)
MONTH_YEAR_RE = re.compile(rf"{_LEAD}{_QUALIFIER}?{_MONTH_ANY},?\s+(?:(?i:of)\s+)?{_YEAR}")
MONTH_RELATIVE_YEAR_RE = re.compile(
    rf"{_LEAD}{_QUALIFIER}?{_MONTH_ANY}\s+(?:(?i:of)\s+)?(?P<which>(?i:last|this|next))\s+(?i:year)\b"
)
BARE_MONTH_RE = re.compile(
    rf"(?<![\w-])(?P<prep>(?i:{BARE_MONTH_PREPOSITIONS}))\s+{_QUALIFIER}?(?P<month>{_MONTH_FULL})(?!['’]s\b)"
)
ISO_RE = re.compile(
    rf"{_LEAD}(?P<year>\d{{4}})(?P<sep>[-/])(?P<month>\d{{2}})(?P=sep)(?P<day>\d{{2}})(?![\d/-])"
)
DOTTED_RE = re.compile(
    rf"{_LEAD}(?<![Vv]ersion\s)(?<![\w.])(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})"
    r"(?!\d)(?!\.\d)"
)
YEAR_RE = re.compile(
    rf"(?<![\w-])(?:(?P<prep>(?i:{YEAR_PREPOSITIONS}|(?:the\s+)?year))\s+{_QUALIFIER}?|(?P<qual>{_QUALIFIER})){_YEAR}"
    r"(?![-–/]\d)"
)
SEASON_YEAR_RE = re.compile(
    rf"{_LEAD}(?:(?i:the)\s+)?(?P<season>(?i:spring|summer|fall|autumn|winter))\s+(?:(?i:of)\s+)?{_YEAR}"
)
RELATIVE_DAY_RE = re.compile(
    rf"{_LEAD}(?P<word>(?i:{'|'.join(sorted(RELATIVE_DAY_OFFSETS, key=len, reverse=True))}))\b"
)
AGO_RE = re.compile(rf"(?<![\w-])(?P<count>{_NUMBER})\s+(?P<unit>(?i:days?|months?|years?))\s+(?i:ago)\b")
WEEKDAY_RE = re.compile(
    rf"{_LEAD}(?:(?P<which>(?i:last|next|this|past|coming))\s+)?(?P<weekday>{_WEEKDAY_FULL})\b"
)
PERIOD_RE = re.compile(
    r"(?<![\w-])(?<![Tt]he\s)(?:(?P<mod>(?i:earlier|later|(?:at\s+)?the\s+(?:start|end|beginning)\s+of))\s+)?"
    r"(?P<which>(?i:this|last|next))\s+(?P<unit>(?i:week|month|year))(?!\w)"
)
SEASON_RE = re.compile(
    r"(?<![\w-])(?<![Tt]he\s)(?:(?P<mod>(?i:earlier|later))\s+)?"
    r"(?P<which>(?i:this|last|next))\s+(?P<season>(?i:spring|summer|fall|autumn|winter))\b"
)
NEXT_WORD_RE = re.compile(r"\s+(?P<word>[a-z]+)\b")

Resolved = tuple[str | None, bool]  # (ISO value or None, depends on the page date)
Resolver = Callable[[re.Match[str], date | None], Resolved | None]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver


def parse_page_date(page_date: str | None) -> date | None:
    """The page date as a ``date``; anything not a full ISO date counts as missing."""
    if not page_date:
        return None
    try:
        return date.fromisoformat(page_date[:10])
    except ValueError:
        return None


def _month_number(name: str) -> int:
    key = name.rstrip(".").lower()
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def _valid_year(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _iso_day(year: int, month: int, day: int) -> str | None:
    """ISO date, or None when the calendar has no such day."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_add(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * MONTHS_PER_YEAR + (month - 1) + delta
    return index // MONTHS_PER_YEAR, index % MONTHS_PER_YEAR + 1


def _full_date(m: re.Match[str], page: date | None) -> Resolved | None:
    """Day and month as written; the year as written or, failing that, the page's."""
    month, day = _month_number(m["month"]) if not m["month"].isdigit() else int(m["month"]), int(m["day"])
    if m["year"]:
        year = int(m["year"])
        if not _valid_year(year):
            return None
        value = _iso_day(year, month, day)
        return (value, False) if value else None
    if _iso_day(LEAP_YEAR, month, day) is None:
        return None
    return (_iso_day(page.year, month, day) if page else None), True


def _month_year(m: re.Match[str], _page: date | None) -> Resolved | None:
    year = int(m["year"])
    return (f"{year:04d}-{_month_number(m['month']):02d}", False) if _valid_year(year) else None


def _month_relative_year(m: re.Match[str], page: date | None) -> Resolved | None:
    """ "in October last year": that month of the year before the page's (this/next year likewise)."""
    if page is None:
        return None, True
    year = page.year + {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    return f"{year:04d}-{_month_number(m['month']):02d}", True


def _bare_month(m: re.Match[str], page: date | None) -> Resolved | None:
    """A month named alone ("in June") is taken in the page year, as news means the current one."""
    return (f"{page.year:04d}-{_month_number(m['month']):02d}" if page else None), True


def _bare_year(m: re.Match[str], _page: date | None) -> Resolved | None:
    year = int(m["year"])
    if not _valid_year(year):
        return None
    trigger = m["prep"].split()[-1].lower() if m["prep"] else None  # None: only "early"/"late"/...
    if trigger is None or trigger in QUANTITY_PRONE_PREPOSITIONS:
        following = NEXT_WORD_RE.match(m.string, m.end())
        if following and following["word"] not in WORDS_AFTER_YEAR:
            return None
    return str(year), False


def _season_year(m: re.Match[str], _page: date | None) -> Resolved | None:
    year = int(m["year"])
    return (str(year), False) if _valid_year(year) else None


def _relative_day(m: re.Match[str], page: date | None) -> Resolved | None:
    offset = RELATIVE_DAY_OFFSETS[" ".join(m["word"].lower().split())]
    return ((page + timedelta(days=offset)).isoformat() if page else None), True


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _ago(m: re.Match[str], page: date | None) -> Resolved | None:
    """Days ago give an exact day; months and years ago keep only their own precision."""
    if page is None:
        return None, True
    count, unit = _count(m["count"]), m["unit"].lower().rstrip("s")
    if unit == "day":
        return (page - timedelta(days=count)).isoformat(), True
    if unit == "month":
        year, month = _month_add(page.year, page.month, -count)
        return f"{year:04d}-{month:02d}", True
    return str(page.year - count), True


def weekday_date(page: date, weekday: int, which: str | None, prep: str | None) -> date:
    """The day a weekday name points to, seen from the page date (rules in the module doc)."""
    back = (page.weekday() - weekday) % DAYS_PER_WEEK
    ahead = (weekday - page.weekday()) % DAYS_PER_WEEK
    if which == "last":
        return page - timedelta(days=back or DAYS_PER_WEEK)
    if which in ("next", "coming"):
        return page + timedelta(days=ahead or DAYS_PER_WEEK)
    if which == "this" or (which is None and prep in FORWARD_WEEKDAY_PREPOSITIONS):
        return page + timedelta(days=ahead)
    return page - timedelta(days=back)


def _weekday(m: re.Match[str], page: date | None) -> Resolved | None:
    if page is None:
        return None, True
    which = m["which"].lower() if m["which"] else None
    prep = m["prep"].lower() if m["prep"] else None
    return weekday_date(page, WEEKDAYS[m["weekday"].lower()], which, prep).isoformat(), True


def _week_month(page: date, offset: int) -> str | None:
    """A week's month, if the whole Monday-Sunday week lies in one month."""
    monday = page - timedelta(days=page.weekday()) + timedelta(weeks=offset)
    sunday = monday + timedelta(days=DAYS_PER_WEEK - 1)
    return f"{monday.year:04d}-{monday.month:02d}" if monday.month == sunday.month else None


def _period(m: re.Match[str], page: date | None) -> Resolved | None:
    if page is None:
        return None, True
    offset, unit = PERIOD_OFFSETS[m["which"].lower()], m["unit"].lower()
    if unit == "week":
        return _week_month(page, offset), True
    if unit == "month":
        year, month = _month_add(page.year, page.month, offset)
        return f"{year:04d}-{month:02d}", True
    return str(page.year + offset), True


def season_year(page: date, season: str, which: str) -> int | None:
    """Year of the fall/spring/summer meant by "last/this/next <season>"; None for winter."""
    if season in YEAR_SPANNING_SEASONS:
        return None
    months = SEASON_MONTHS[season]
    if which == "this":
        return page.year
    if which == "next":
        return page.year if page.month < months[0] else page.year + 1
    return page.year if page.month > months[-1] else page.year - 1


def _season(m: re.Match[str], page: date | None) -> Resolved | None:
    if page is None:
        return None, True
    year = season_year(page, m["season"].lower(), m["which"].lower())
    return (str(year) if year is not None else None), True


RULES: tuple[_Rule, ...] = (
    _Rule(ISO_RE, _full_date),
    _Rule(DOTTED_RE, _full_date),
    _Rule(MONTH_DAY_RE, _full_date),
    _Rule(DAY_MONTH_RE, _full_date),
    _Rule(MONTH_YEAR_RE, _month_year),
    _Rule(MONTH_RELATIVE_YEAR_RE, _month_relative_year),
    _Rule(BARE_MONTH_RE, _bare_month),
    _Rule(YEAR_RE, _bare_year),
    _Rule(SEASON_YEAR_RE, _season_year),
    _Rule(RELATIVE_DAY_RE, _relative_day),
    _Rule(AGO_RE, _ago),
    _Rule(WEEKDAY_RE, _weekday),
    _Rule(PERIOD_RE, _period),
    _Rule(SEASON_RE, _season),
)


def _candidates(text: str, page: date | None) -> list[DateMention]:
    found: list[DateMention] = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            resolved = rule.resolve(match, page)
            if resolved is not None:
                value, relative = resolved
                found.append(DateMention(match.start(), match.end(), match.group(), value, relative))
    return found


def _non_overlapping(mentions: list[DateMention]) -> list[DateMention]:
    """Longest mentions win ("Friday, June 13, 2023" over "Friday"); result in text order."""
    chosen: list[DateMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def find_dates(text: str, *, page_date: str | None) -> list[DateMention]:
    """Date expressions in ``text``, in order and non-overlapping, resolved against ``page_date``."""
    return _non_overlapping(_candidates(text, parse_page_date(page_date)))


def resolve_relative(phrase: str, *, page_date: str | None) -> str | None:
    """Value of a single date phrase ("last fall", "two days ago"), or None if unresolved."""
    mentions = find_dates(phrase, page_date=page_date)
    return mentions[0].value if len(mentions) == 1 else None


BENCHMARK_SENTENCES = (
    "Ukraine and Poland signed the agreement on April 5, 2024, the ministry said on Friday.",
    "In 2024, Ukraine plans to produce 1 million drones with a range of 1,000 km or more.",
    "The minister, who visited Kyiv last fall, said talks may resume next month.",
    "Production of 125 mm shells rose by 300,000 units compared with last year.",
)
BENCHMARK_ROUNDS = 2000

if __name__ == "__main__":
    started = time.perf_counter()
    for _ in range(BENCHMARK_ROUNDS):
        for sentence in BENCHMARK_SENTENCES:
            find_dates(sentence, page_date="2024-06-14")
    per_sentence = (time.perf_counter() - started) / (BENCHMARK_ROUNDS * len(BENCHMARK_SENTENCES))
    print(f"{per_sentence * 1000:.3f} ms per sentence")
    for sentence in BENCHMARK_SENTENCES:
        print(sentence, find_dates(sentence, page_date="2024-06-14"), sep="\n  ")
