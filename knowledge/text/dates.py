"""Find date expressions in English news text and resolve them to ISO values.

Facts need a "when", but only as precise as the words allow: a value is ``"2024"``,
``"2024-04"`` or ``"2024-04-05"``. Finding is separate from resolving: :func:`find_date_expressions`
reads the words (no page date needed), :meth:`DateExpression.resolve` turns them into a value against
the page date, the tense of the clause the date modifies and, for "the next day", the date the text
named last (its anchor). With no page date a relative expression's value is ``None``, never a guess.
Page-dependent mentions carry ``relative=True``.

Choices worth knowing:

* Tense decides the direction of a weekday or a month named without a year. "met on Tuesday",
  "said on Monday" (past) are the latest such day on or before the page date; "will vote on Tuesday",
  "was due to meet on Saturday" (future) and "travels to Berlin on Sunday" (present: a schedule)
  are the next one on or after it. "in March" in the past is the latest March not after the page's
  month, in the future the next one; with no tense known, a month or a day without a year takes the
  page's year and a weekday looks back (news reports what happened). "by/until Friday" looks
  forward unless the clause is past; "since Friday" always looks back. "last Friday" is strictly
  before, "next"/"coming Friday" strictly after; "last March" is the latest March before the page's month.
* Weeks have no ISO value at our precisions: "this/last/next week", "two weeks ago" and "this weekend"
  resolve to the month only when the whole week (weekend) lies in one month, otherwise ``None``.
* Quarters ("the fourth quarter", "third-quarter results") resolve to their year, like seasons: a past
  quarter is the latest that has begun, a future one the next that has not ended.
* Seasons (northern, meteorological: spring = Mar-May, ...) resolve to a year, the finest
  ISO precision that holds the season. "last fall" is the previous completed fall (said
  in fall 2023 it is fall 2022); "this fall" is the page year; winter spans two years, so
  it stays ``None``.
* "the following day", "two days later", "a year earlier" count from an anchor: the date the text
  named just before (the caller passes it); without one they stay ``None``.
* A bare year counts after a preposition ("in 2024", "by 2030"), "year", or as the first word of
  a singular noun phrase ("a 2010 raid", "the 1991 agreement"); after quantity-prone prepositions
  (by/for/of/from/to/...) it is dropped when a lowercase noun follows ("by 2000 troops").
* "May" and "March" are months only when capitalised and tied to a day or year, or after
  a preposition ("in May"); a modal "may" or "march on" is never a date. A weekday inside a named
  day ("Black Friday") is not a date.

Month names, weekdays, relative day words, day parts, seasons and number words are lexicon lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from knowledge import lexicon
from knowledge.facts import DateMention

Tense = Literal["past", "present", "future"]

MIN_YEAR = 1900  # a bare four-digit number from here on may be a year ("by 2030")
HISTORIC_MIN_YEAR = 1000  # earlier years count only with a month or a preposition ("in 1884, when ...")
MAX_YEAR = 2100
LEAP_YEAR = 2000  # validates "February 29" when the year is not known yet
DAYS_PER_WEEK = 7
MONTHS_PER_YEAR = 12


def _numbers(name: str) -> dict[str, int]:
    return {word: int(number) for word, number in lexicon.table(name).items()}


def _full_names(numbers: dict[str, int]) -> dict[str, int]:
    """The longest name of each number: "may" and "june" are full month names, "sept" is not."""
    longest: dict[int, str] = {}
    for word, number in numbers.items():
        if len(word) > len(longest.get(number, "")):
            longest[number] = word
    return {word: number for number, word in longest.items()}


MONTH_NAMES: dict[str, int] = _numbers("months")  # full names and abbreviations, lower case
MONTHS: dict[str, int] = _full_names(MONTH_NAMES)
WEEKDAY_NAMES: dict[str, int] = _numbers("weekdays")
WEEKDAYS: dict[str, int] = _full_names(WEEKDAY_NAMES)
NUMBER_WORDS: dict[str, int] = {"a": 1, "an": 1, **_numbers("number_words")}
RELATIVE_DAY_OFFSETS: dict[str, int] = _numbers("relative_days")
SEASON_MONTHS: dict[str, tuple[int, ...]] = {
    season: tuple(int(m) for m in months.split()) for season, months in lexicon.table("seasons").items()}
YEAR_SPANNING_SEASONS = frozenset(s for s, months in SEASON_MONTHS.items() if months != tuple(sorted(months)))
PERIOD_OFFSETS: dict[str, int] = {"last": -1, "this": 0, "next": 1}
ANCHORED_DIRECTIONS: dict[str, int] = {"later": 1, "after": 1, "earlier": -1, "before": -1}
ANCHORED_DAYS: dict[str, int] = {words: int(offset) for words, offset in lexicon.table("anchored_days").items()}
QUARTER_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
MONTHS_PER_QUARTER = 3
SATURDAY = 5
ANCHORED_PERIODS: dict[str, int] = {"following": 1, "previous": -1, "preceding": -1}

BARE_MONTH_PREPOSITIONS = r"in|since|by|until|till|from|during|before|after|through|throughout|between|as\s+of"
# After these a number is as likely a quantity as a year ("by 2000 troops", "of 2024 drones").
QUANTITY_PRONE_PREPOSITIONS = frozenset({"by", "for", "of", "from", "to", "through", "between"})
# Lowercase words that may follow a year without making it look like a quantity.
WORDS_AFTER_YEAR = lexicon.words("words_after_year")
FORWARD_PREPOSITIONS = frozenset({"by", "until", "till"})
BACKWARD_PREPOSITIONS = frozenset({"since"})
# Words before a year or a month that make it the first word of a noun phrase ("a 2010 raid").
PHRASE_DETERMINERS = r"a|an|the|his|her|its|their|our|this|that"
MONTHS_THAT_ARE_NAMES = frozenset({"may"})  # "the May government" is Theresa May's


def _cased(words: Iterable[str]) -> str:
    """Title and UPPER forms only, so "may" and "march" stay verbs."""
    forms = {form for word in words for form in (word.title(), word.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


_LEAD = rf"(?<![\w-])(?<!\d[.,/])(?:(?P<prep>(?i:{lexicon.pattern('date_prepositions')}))\s+)?"
_QUALIFIER = r"(?:(?i:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)(?:\s+|-))"
_MONTH_FULL = rf"(?:{_cased(MONTHS)})\b"
_MONTH_ANY = rf"(?P<month>{_MONTH_FULL}|(?:{_cased(set(MONTH_NAMES) - set(MONTHS))})\b\.?)"
_WEEKDAY_FULL = _cased(WEEKDAYS)
_WEEKDAY_PREFIX = rf"(?:(?:{_WEEKDAY_FULL}|(?:{_cased(set(WEEKDAY_NAMES) - set(WEEKDAYS))})\b\.?),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\w)"
_DAY_RANGE_END = r"(?:\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?(?!\w))?"
_YEAR = r"(?P<year>\d{4})(?!\w)(?![.,]\d)"
_NUMBER = rf"(?:\d{{1,2}}|(?i:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))}))"
_DAY_PART = rf"(?:\s+(?i:{lexicon.pattern('day_parts')})\b)?"
_TIME_QUALIFIER = r"(?:(?P<qual>(?i:early|late))\s+)?"


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
    rf"(?:\s*(?:-|–|(?i:and|or|to|through|until))\s*{_MONTH_FULL}(?!['’]s\b))?"  # "in August and September"
)
WHICH_MONTH_RE = re.compile(
    rf"(?<![\w-])(?:{_QUALIFIER})?(?P<which>(?i:last|next|this))\s+(?P<month>{_MONTH_FULL})(?!['’]s\b)"
)
MONTH_BEFORE_NOUN_RE = re.compile(
    rf"(?<![\w-])(?i:{PHRASE_DETERMINERS})\s+(?P<span>(?P<month>{_cased(set(MONTHS) - MONTHS_THAT_ARE_NAMES)})\b)"
    r"(?=\s+(?P<noun>[a-z]{3,})\b)"
)
ISO_RE = re.compile(
    rf"{_LEAD}(?P<year>\d{{4}})(?P<sep>[-/])(?P<month>\d{{2}})(?P=sep)(?P<day>\d{{2}})(?![\d/-])"
)
DOTTED_RE = re.compile(
    rf"{_LEAD}(?<![Vv]ersion\s)(?<![\w.])(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})"
    r"(?!\d)(?!\.\d)"
)
YEAR_RE = re.compile(
    rf"(?<![\w-])(?:(?P<prep>(?i:{lexicon.pattern('year_prepositions')}|(?<=\d{{4}}\s)and|(?:the\s+)?year))\s+"
    rf"{_QUALIFIER}?|(?P<qual>{_QUALIFIER})){_YEAR}(?![-–/]\d)"
)
YEAR_BEFORE_NOUN_RE = re.compile(
    rf"(?<![\w-])(?P<det>(?i:{PHRASE_DETERMINERS}))\s+(?P<span>{_YEAR})(?![-–/]\d)(?=\s+(?P<noun>[A-Za-z][\w-]*))"
)
SEASON_YEAR_RE = re.compile(
    rf"{_LEAD}(?:(?i:the)\s+)?(?P<season>(?i:{'|'.join(SEASON_MONTHS)}))\s+(?:(?i:of)\s+)?{_YEAR}"
)
FIXED_HOLIDAYS: dict[str, str] = dict(lexicon.table("fixed_holidays"))
_HOLIDAY = "|".join(re.escape(h).replace("'", "['’]") for h in sorted(
    (" ".join(w.capitalize() for w in h.split()) for h in FIXED_HOLIDAYS), key=len, reverse=True))
HOLIDAY_YEAR_RE = re.compile(rf"{_LEAD}(?P<holiday>{_HOLIDAY})\s+(?:(?i:of)\s+)?{_YEAR}")
RELATIVE_DAY_RE = re.compile(
    rf"(?<![\w-]){_TIME_QUALIFIER}(?:(?P<prep>(?i:{lexicon.pattern('date_prepositions')}))\s+)?"
    rf"(?P<word>(?i:{_alternation(RELATIVE_DAY_OFFSETS)}))\b{_DAY_PART}"
)
AGO_RE = re.compile(
    rf"(?<![\w-])(?P<count>{_NUMBER})\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago)\b"
)
WEEKDAY_RE = re.compile(
    rf"(?<![\w-]){_TIME_QUALIFIER}(?:(?P<prep>(?i:{lexicon.pattern('date_prepositions')}))\s+)?"
    rf"(?:(?P<which>(?i:last|next|this|past|coming))\s+)?(?P<weekday>{_WEEKDAY_FULL})\b{_DAY_PART}"
)
PERIOD_RE = re.compile(
    r"(?<![\w-])(?<![Tt]he\s)(?:(?P<mod>(?i:earlier|later|(?:at\s+)?the\s+(?:start|end|beginning)\s+of))\s+)?"
    r"(?P<which>(?i:this|last|next))\s+(?P<unit>(?i:week|month|year))(?!\w)"
)
QUARTER_RE = re.compile(
    rf"{_LEAD}(?:(?i:the)\s+)?(?P<ordinal>(?i:{'|'.join(QUARTER_ORDINALS)}))[\s-](?i:quarter)\b"
    rf"(?:\s+(?i:of)\s+(?:(?:the\s+)?(?i:year\s+)?{_YEAR}|(?P<which>(?i:last|this|next))\s+(?i:year)\b))?"
)
WEEKEND_RE = re.compile(r"(?<![\w-])(?P<which>(?i:this|last|next|past))\s+(?i:weekend)\b")
YEAR_PART_RE = re.compile(r"(?<![\w-])(?i:the\s+(?:start|end|beginning|middle)\s+of\s+the\s+year)\b")
SEASON_RE = re.compile(
    r"(?<![\w-])(?<![Tt]he\s)(?:(?P<mod>(?i:earlier|later))\s+)?"
    rf"(?P<which>(?i:this|last|next))\s+(?P<season>(?i:{'|'.join(SEASON_MONTHS)}))\b"
)
# "will be out in the spring": a season with no year and no "this"/"next", read with its clause's tense.
THE_SEASON_RE = re.compile(
    rf"(?<![\w-])(?P<prep>(?i:in|by|until|during))\s+(?:(?i:the)\s+)?(?P<season>(?i:{'|'.join(SEASON_MONTHS)}))\b"
    r"(?![\w-])(?!\s+(?!(?:and|or|when|as|to|with|before|after|if|because|but)\b)[a-z])"
)
ANCHORED_DAY_RE = re.compile(
    rf"(?<![\w-])(?P<words>(?i:{_alternation(d for d in ANCHORED_DAYS if not d.startswith('the day'))}))\b"
    # "the day before," but not "the day before he died": that counts from an event, not a date
    rf"|(?<![\w-])(?P<words2>(?i:{_alternation(d for d in ANCHORED_DAYS if d.startswith('the day'))}))\b(?!\s+[\w“\"])"
)
# "That was when X happened": the time of the date named just before (lexicon ``same_time_phrases``).
SAME_TIME_RE = re.compile(
    rf"^\s*(?P<words>(?i:{_alternation(lexicon.entries('same_time_phrases'))}))\b")
ANCHORED_COUNT_RE = re.compile(
    rf"(?<![\w-])(?P<count>{_NUMBER})\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+"
    r"(?P<direction>(?i:later|earlier))\b(?!\s+than\b)"
)
ANCHORED_PERIOD_RE = re.compile(
    r"(?<![\w-])(?i:the)\s+(?P<which>(?i:following|previous|preceding))\s+(?P<unit>(?i:week|month|year))\b"
)
NAMED_DAY_RE = re.compile(rf"(?<![\w-])(?:{lexicon.pattern('named_days')})\b", re.I)
NEXT_WORD_RE = re.compile(r"\s+(?P<word>[a-z]+)\b")


@dataclass(frozen=True)
class DateContext:
    """What a relative date is read against."""

    page: date | None
    tense: Tense | None = None  # of the clause the date modifies; None when unknown
    anchor: str | None = None  # ISO value of the date the text named just before
    sentence_date: str | None = None  # ISO value of an absolute date named before in the same sentence


Reading = Callable[[DateContext], str | None]


@dataclass(frozen=True)
class DateExpression:
    """Date words found in a text, not yet resolved: offsets into the searched text."""

    start: int
    end: int
    text: str
    read: Reading
    relative: bool  # the value depends on the page date (or an anchor)
    anchored: bool = False  # counts from the date named before ("two days later")
    preposition: str | None = None  # lower case, as written in front of the date ("since", "by")

    def resolve(self, page_date: str | None, *, tense: Tense | None = None,
                anchor: str | None = None, sentence_date: str | None = None) -> DateMention:
        """The mention with its value against the page date, the clause's tense and the anchor."""
        if self.preposition in BACKWARD_PREPOSITIONS:
            tense = "past"
        value = self.read(DateContext(parse_page_date(page_date), tense, anchor, sentence_date))
        return DateMention(self.start, self.end, self.text, value, self.relative)


Found = tuple[Reading, bool] | None  # (how to read the value, depends on the page) or not a date
Reader = Callable[[re.Match[str]], Found]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    read: Reader
    anchored: bool = False


def parse_page_date(page_date: str | None) -> date | None:
    """The page date as a ``date``; anything not a full ISO date counts as missing."""
    if not page_date:
        return None
    try:
        return date.fromisoformat(page_date[:10])
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return MONTH_NAMES[name.rstrip(".").lower()]


def _valid_year(year: int, *, historic: bool = True) -> bool:
    return (HISTORIC_MIN_YEAR if historic else MIN_YEAR) <= year <= MAX_YEAR


def _iso_day(year: int, month: int, day: int) -> str | None:
    """ISO date, or None when the calendar has no such day."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_add(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * MONTHS_PER_YEAR + (month - 1) + delta
    return index // MONTHS_PER_YEAR, index % MONTHS_PER_YEAR + 1


def _fixed(value: str) -> Reading:
    return lambda _context: value


def _direction(context: DateContext, prep: str | None) -> int:
    """-1 to look back from the page date, +1 to look ahead, 0 to stay in the page's year or week."""
    if prep in BACKWARD_PREPOSITIONS or context.tense == "past":
        return -1
    if prep in FORWARD_PREPOSITIONS or context.tense == "future":
        return 1
    return 0


def _preposition(m: re.Match[str]) -> str | None:
    prep = m.groupdict().get("prep")
    return " ".join(prep.lower().split()) if prep else None


def month_day_year(page: date, month: int, day: int, direction: int) -> int:
    """The year of a day named without one: the page's, or the nearest on the side the tense points to."""
    if direction < 0 and (month, day) > (page.month, page.day):
        return page.year - 1
    if direction > 0 and (month, day) < (page.month, page.day):
        return page.year + 1
    return page.year


def _full_date(m: re.Match[str]) -> Found:
    """Day and month as written; the year as written or, failing that, from the page and the tense."""
    month = int(m["month"]) if m["month"].isdigit() else _month_number(m["month"])
    day = int(m["day"])
    if m["year"]:
        year = int(m["year"])
        value = _iso_day(year, month, day) if _valid_year(year) else None
        return (_fixed(value), False) if value else None
    if _iso_day(LEAP_YEAR, month, day) is None:
        return None
    prep = _preposition(m)

    def read(context: DateContext) -> str | None:
        if context.page is None:
            return None
        year = month_day_year(context.page, month, day, _direction(context, prep))
        return _iso_day(year, month, day)

    return read, True


def _month_year(m: re.Match[str]) -> Found:
    year = int(m["year"])
    return (_fixed(f"{year:04d}-{_month_number(m['month']):02d}"), False) if _valid_year(year) else None


def _month_relative_year(m: re.Match[str]) -> Found:
    """ "in October last year": that month of the year before the page's (this/next year likewise)."""
    offset, month = PERIOD_OFFSETS[m["which"].lower()], _month_number(m["month"])

    def read(context: DateContext) -> str | None:
        return f"{context.page.year + offset:04d}-{month:02d}" if context.page else None

    return read, True


def _bare_month(m: re.Match[str]) -> Found:
    """A month named alone ("in June"): the page's year, or the nearest such month the tense points to.

    A past clause whose sentence named an earlier year tells of that year: "joined in March 2001 and became
    CEO in August" is August 2001, when August comes after the month named with it; "opened in May 2001 and
    closed in January" does not say which January, so it has no value.
    """
    month, prep = _month_number(m["month"]), _preposition(m)

    def read(context: DateContext) -> str | None:
        told = _told_year(context)
        if told is not None:
            after = len(told) < 7 or int(told[5:7]) < month
            return f"{told[:4]}-{month:02d}" if after else None
        if context.page is None:
            return None
        year = month_day_year(context.page, month, 1, _direction(context, prep))
        if month == context.page.month:
            year = context.page.year  # "in March" said in March: this March, whatever the tense
        return f"{year:04d}-{month:02d}"

    return read, True


def _told_year(context: DateContext) -> str | None:
    """The earlier date a past sentence is telling of, before a month named without a year (rule above)."""
    told = context.sentence_date
    if context.tense != "past" or told is None or not told[:4].isdigit():
        return None
    if context.page is not None and int(told[:4]) >= context.page.year:
        return None
    return told


def _which_month(m: re.Match[str]) -> Found:
    """ "last March": the latest March before the page's month; "next March" the first after it."""
    month, which = _month_number(m["month"]), m["which"].lower()

    def read(context: DateContext) -> str | None:
        page = context.page
        if page is None:
            return None
        year = page.year
        if which == "last" and month >= page.month:
            year -= 1
        elif which == "next" and month <= page.month:
            year += 1
        return f"{year:04d}-{month:02d}"

    return read, True


def _month_before_noun(m: re.Match[str]) -> Found:
    """ "their January sales", "the October election": a month as the first word of a noun phrase."""
    if m["noun"] in WORDS_AFTER_YEAR or m["noun"] in lexicon.words("date_prepositions"):
        return None
    return _bare_month(m)


def _bare_year(m: re.Match[str]) -> Found:
    year = int(m["year"])
    if not _valid_year(year):
        return None
    trigger = m["prep"].split()[-1].lower() if m["prep"] else None  # None: only "early"/"late"/...
    if trigger is None or trigger in QUANTITY_PRONE_PREPOSITIONS or not _valid_year(year, historic=False):
        following = NEXT_WORD_RE.match(m.string, m.end())
        if following and following["word"] not in WORDS_AFTER_YEAR:
            return None
    return _fixed(str(year)), False


def _year_before_noun(m: re.Match[str]) -> Found:
    """ "a 2010 raid", "the 1991 agreement", "the 2000 Olympics": a year heading a singular noun phrase or a
    name; "the 2000 troops" is a count."""
    year, noun = int(m["year"]), m["noun"]
    if not _valid_year(year, historic=False):
        return None
    plural = noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
    named = noun[:1].isupper() and noun.lower() not in WORDS_AFTER_YEAR  # "the 2000 Olympics": a named event
    if m["det"].lower() not in ("a", "an") and not named and (plural or noun.lower() in WORDS_AFTER_YEAR):
        return None
    return _fixed(str(year)), False


def _season_year(m: re.Match[str]) -> Found:
    year = int(m["year"])
    return (_fixed(str(year)), False) if _valid_year(year) else None


def _holiday_year(m: re.Match[str]) -> Found:
    """ "by Christmas 2012": the holiday's fixed day of that year (lexicon ``fixed_holidays``)."""
    year, day = int(m["year"]), FIXED_HOLIDAYS[m["holiday"].replace("’", "'").casefold()]
    return (_fixed(f"{year:04d}-{day}"), False) if _valid_year(year) else None


def _relative_day(m: re.Match[str]) -> Found:
    offset = RELATIVE_DAY_OFFSETS[" ".join(m["word"].lower().split())]

    def read(context: DateContext) -> str | None:
        return (context.page + timedelta(days=offset)).isoformat() if context.page else None

    return read, True


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _shifted(start: date, count: int, unit: str) -> str | None:
    """``start`` moved by ``count`` units, at the precision the unit supports (a week: its month if it fits)."""
    if unit == "day":
        return (start + timedelta(days=count)).isoformat()
    if unit == "week":
        return _week_month(start + timedelta(weeks=count))
    if unit == "month":
        year, month = _month_add(start.year, start.month, count)
        return f"{year:04d}-{month:02d}"
    return str(start.year + count)


def _ago(m: re.Match[str]) -> Found:
    """Days ago give an exact day; weeks their month when the week fits in one; months and years their own."""
    count, unit = _count(m["count"]), m["unit"].lower().rstrip("s")

    def read(context: DateContext) -> str | None:
        return _shifted(context.page, -count, unit) if context.page else None

    return read, True


def weekday_date(page: date, weekday: int, which: str | None, direction: int) -> date:
    """The day a weekday name points to, seen from the page date (rules in the module doc)."""
    back = (page.weekday() - weekday) % DAYS_PER_WEEK
    ahead = (weekday - page.weekday()) % DAYS_PER_WEEK
    if which == "last":
        return page - timedelta(days=back or DAYS_PER_WEEK)
    if which in ("next", "coming"):
        return page + timedelta(days=ahead or DAYS_PER_WEEK)
    if which == "past":
        return page - timedelta(days=back)
    if direction > 0 or (which == "this" and direction == 0):
        return page + timedelta(days=ahead)
    return page - timedelta(days=back)


def _weekday(m: re.Match[str]) -> Found:
    which = m["which"].lower() if m["which"] else None
    weekday, prep = WEEKDAYS[m["weekday"].lower()], _preposition(m)

    def read(context: DateContext) -> str | None:
        if context.page is None:
            return None
        direction = _direction(context, prep)
        if direction == 0 and context.tense == "present":
            direction = 1  # "travels to Berlin on Sunday": a schedule
        return weekday_date(context.page, weekday, which, direction).isoformat()

    return read, True


def _week_month(day: date) -> str | None:
    """The month of the Monday-Sunday week holding ``day``, if the whole week lies in one month."""
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=DAYS_PER_WEEK - 1)
    return f"{monday.year:04d}-{monday.month:02d}" if monday.month == sunday.month else None


def _period(m: re.Match[str]) -> Found:
    offset, unit = PERIOD_OFFSETS[m["which"].lower()], m["unit"].lower()

    def read(context: DateContext) -> str | None:
        return _shifted(context.page, offset, unit) if context.page else None

    return read, True


def quarter_year(page: date, quarter: int, direction: int) -> int:
    """The year of "the fourth quarter" named without one: a past quarter has begun, a future one not ended."""
    first = (quarter - 1) * MONTHS_PER_QUARTER + 1
    if direction < 0 and first > page.month:
        return page.year - 1
    if direction > 0 and first + MONTHS_PER_QUARTER - 1 < page.month:
        return page.year + 1
    return page.year


def _quarter(m: re.Match[str]) -> Found:
    """ "the third quarter (of 2009)", "third-quarter results": its year, the finest ISO precision holding it."""
    if m["year"]:
        return _season_year(m)
    quarter, prep = QUARTER_ORDINALS[m["ordinal"].lower()], _preposition(m)
    offset = PERIOD_OFFSETS[m["which"].lower()] if m["which"] else None

    def read(context: DateContext) -> str | None:
        if context.page is None:
            return None
        if offset is not None:
            return str(context.page.year + offset)
        return str(quarter_year(context.page, quarter, _direction(context, prep)))

    return read, True


def _weekend(m: re.Match[str]) -> Found:
    """ "this/last/next weekend": the month of its Saturday and Sunday, when they lie in one."""
    which = m["which"].lower()

    def read(context: DateContext) -> str | None:
        page = context.page
        if page is None:
            return None
        if which == "next":
            saturday = weekday_date(page, SATURDAY, "next", 1)
        elif which in ("last", "past") and page.weekday() >= SATURDAY:
            saturday = weekday_date(page, SATURDAY, "last", -1)
        elif which in ("last", "past") or context.tense == "past":
            saturday = weekday_date(page, SATURDAY, None, -1)
        else:
            saturday = weekday_date(page, SATURDAY, None, 1)
        sunday = saturday + timedelta(days=1)
        return f"{saturday.year:04d}-{saturday.month:02d}" if saturday.month == sunday.month else None

    return read, True


def _year_part(_m: re.Match[str]) -> Found:
    """ "the end of the year": of the year a past clause was just talking about, else the page's year."""

    def read(context: DateContext) -> str | None:
        if context.tense == "past" and context.anchor:
            return context.anchor[:4]
        return str(context.page.year) if context.page else None

    return read, True


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


def _season(m: re.Match[str]) -> Found:
    season, which = m["season"].lower(), m["which"].lower()

    def read(context: DateContext) -> str | None:
        year = season_year(context.page, season, which) if context.page else None
        return str(year) if year is not None else None

    return read, True


def _the_season(m: re.Match[str]) -> Found:
    """ "will be out in the spring": the coming one; "sold well in the summer": the last one; this one when
    the page is in that season, except in its first month for the past (last year's may be meant); no value
    when the clause's time is unknown (the present tense)."""
    season, prep = m["season"].lower(), _preposition(m)

    def read(context: DateContext) -> str | None:
        direction = _direction(context, prep) if context.tense in ("past", "future") else 0
        if context.page is None or not direction or season in YEAR_SPANNING_SEASONS:
            return None
        months = SEASON_MONTHS[season]
        if direction < 0 and context.page.month == months[0]:
            return None  # "closed in the spring" said in early March: this spring has barely begun, last one?
        if context.page.month in months:
            return str(context.page.year)
        year = season_year(context.page, season, "next" if direction > 0 else "last")
        return str(year) if year is not None else None

    return read, True


ISO_LENGTHS = {"day": 10, "week": 10, "month": 7, "year": 4}  # "2024-04-05", "2024-04", "2024"


def _anchor_date(anchor: str | None, unit: str) -> date | None:
    """The anchor as a date (its first day), when it is precise enough to count ``unit``s from."""
    if anchor is None or len(anchor) < ISO_LENGTHS[unit]:
        return None
    year, month, day = [*anchor.split("-"), "01", "01"][:3]
    return date(int(year), int(month), int(day))


def _anchored(count: int, unit: str) -> Reading:
    def read(context: DateContext) -> str | None:
        start = _anchor_date(context.anchor, unit)
        return _shifted(start, count, unit) if start else None

    return read


def _anchored_day(m: re.Match[str]) -> Found:
    return _anchored(ANCHORED_DAYS[" ".join((m["words"] or m["words2"]).lower().split())], "day"), True


def _same_time(m: re.Match[str]) -> Found:
    def read(context: DateContext) -> str | None:
        return context.anchor

    return read, True


def _anchored_count(m: re.Match[str]) -> Found:
    unit = m["unit"].lower().rstrip("s")
    return _anchored(_count(m["count"]) * ANCHORED_DIRECTIONS[m["direction"].lower()], unit), True


def _anchored_period(m: re.Match[str]) -> Found:
    return _anchored(ANCHORED_PERIODS[m["which"].lower()], m["unit"].lower()), True


RULES: tuple[_Rule, ...] = (
    _Rule(ISO_RE, _full_date),
    _Rule(DOTTED_RE, _full_date),
    _Rule(MONTH_DAY_RE, _full_date),
    _Rule(DAY_MONTH_RE, _full_date),
    _Rule(MONTH_YEAR_RE, _month_year),
    _Rule(MONTH_RELATIVE_YEAR_RE, _month_relative_year),
    _Rule(BARE_MONTH_RE, _bare_month),
    _Rule(WHICH_MONTH_RE, _which_month),
    _Rule(MONTH_BEFORE_NOUN_RE, _month_before_noun),
    _Rule(YEAR_RE, _bare_year),
    _Rule(YEAR_BEFORE_NOUN_RE, _year_before_noun),
    _Rule(SEASON_YEAR_RE, _season_year),
    _Rule(HOLIDAY_YEAR_RE, _holiday_year),
    _Rule(RELATIVE_DAY_RE, _relative_day),
    _Rule(AGO_RE, _ago),
    _Rule(WEEKDAY_RE, _weekday),
    _Rule(PERIOD_RE, _period),
    _Rule(QUARTER_RE, _quarter),
    _Rule(WEEKEND_RE, _weekend),
    _Rule(YEAR_PART_RE, _year_part),
    _Rule(SEASON_RE, _season),
    _Rule(THE_SEASON_RE, _the_season),
    _Rule(ANCHORED_DAY_RE, _anchored_day, anchored=True),
    _Rule(ANCHORED_COUNT_RE, _anchored_count, anchored=True),
    _Rule(SAME_TIME_RE, _same_time, anchored=True),
    _Rule(ANCHORED_PERIOD_RE, _anchored_period, anchored=True),
)


def _candidates(text: str) -> list[DateExpression]:
    found: list[DateExpression] = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            reading = rule.read(match)
            if reading is None:
                continue
            read, relative = reading
            group = "span" if "span" in match.re.groupindex else 0
            start, end = match.span(group)
            found.append(DateExpression(start, end, match.group(group), read, relative, rule.anchored,
                                        _preposition(match)))
    return found


def _non_overlapping(expressions: list[DateExpression], blocked: list[tuple[int, int]]) -> list[DateExpression]:
    """Longest expressions win ("Friday, June 13, 2023" over "Friday"); none inside a named day; text order."""
    chosen: list[DateExpression] = []
    for found in sorted(expressions, key=lambda e: (e.start - e.end, e.start)):
        if all(found.end <= s or found.start >= e for s, e in blocked) and all(
                found.end <= c.start or found.start >= c.end for c in chosen):
            chosen.append(found)
    return sorted(chosen, key=lambda e: e.start)


def find_date_expressions(text: str) -> list[DateExpression]:
    """Date expressions in ``text``, in order and non-overlapping, not yet resolved."""
    return list(_date_expressions(text))


@lru_cache(maxsize=4096)  # /check reads the same passages again for each aspect; the expressions are frozen
def _date_expressions(text: str) -> tuple[DateExpression, ...]:
    named_days = [m.span() for m in NAMED_DAY_RE.finditer(text)]
    return tuple(_non_overlapping(_candidates(text), named_days))


def find_dates(text: str, *, page_date: str | None, tense: Tense | None = None) -> list[DateMention]:
    """Date expressions in ``text``, in order and non-overlapping, resolved against ``page_date``.

    Every expression is read with the same ``tense`` (None: unknown) and no anchor; the events
    component resolves each with the tense of its own clause.
    """
    return [e.resolve(page_date, tense=tense) for e in find_date_expressions(text)]


def resolve_relative(phrase: str, *, page_date: str | None, tense: Tense | None = None) -> str | None:
    """Value of a single date phrase ("last fall", "two days ago"), or None if unresolved."""
    mentions = find_dates(phrase, page_date=page_date, tense=tense)
    return mentions[0].value if len(mentions) == 1 else None
