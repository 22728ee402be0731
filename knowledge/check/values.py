"""Typed values of a sentence for /check: figures, ranks, ordinals, multiples, years, decades, dates.

A claim is only as true as each of its values: "rose to 7th" is not said by "rose to 17th", "in the
1960s" not by "in the 1950s", "on Dec. 25" not by "on Dec. 31". The checker's quantity grammar
(:mod:`knowledge.text.quantities`) reads counted figures and money; this module reads every value a
reader would check, so none can pass unseen, and says when two are the same.

Two values are comparable only when they are of one kind (a percentage is not a count, a weekday not
a month). Amounts are equal when they are the same number, or when the rounder one is the other
rounded to its own last significant digit: "$10" for "$9.99", "about $356,000" for "$355,760".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from knowledge import lexicon
from knowledge.text.quantities import PART_OF_RE

# Largest share by which a rounded amount may differ from the exact one it stands for.
ROUNDING_TOLERANCE = Decimal("0.05")
MULTIPLIERS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTHS = lexicon.table("months")
_WEEKDAYS = lexicon.table("weekdays")
_NUMBER_WORDS = {**lexicon.table("number_words"), "dozen": "12", "a dozen": "12"}

# Capitalised words that may open a sentence before a date: "On Thursday", "In May".
DATE_LEAD_WORDS = lexicon.words("date_prepositions") | {"last", "next", "this", "every", "early", "late", "mid"}
_NUM = r"\d[\d,]*(?:\.\d+)?"
_MULT = r"(?:\s+(?:thousand|million|billion|trillion))"
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_MONTH_NAME_RE = "|".join(re.escape(m) for m in _MONTHS if len(m) > 3 or m == "may")
_WEEKDAY_RE = "|".join(sorted((re.escape(d) for d in _WEEKDAYS if len(d) > 3), key=len, reverse=True))
_WORD_RE = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))

# Longest, most specific forms first; one value per span.
VALUE_RE = re.compile(
    rf"(?P<monthday>\b(?P<md_month>{_MONTH_RE})\.?\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s+(?P<md_year>\d{{4}})\b)?)"
    rf"|(?P<daymonth>\b(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_month>{_MONTH_NAME_RE})\b"
    rf"(?:,?\s+(?P<dm_year>\d{{4}})\b)?)"
    rf"|(?P<money>(?:US)?\$\s?(?P<money_n>{_NUM}){_MULT}?)"
    rf"|(?P<percent>(?P<percent_n>{_NUM})\s?(?:%|percent\b|per\s+cent\b))"
    rf"|(?P<decade>(?P<decade_n>\b\d{{4}}|['’]\d{{2}})s\b)"
    rf"|(?P<ordinal>\b(?P<ordinal_n>\d+)(?:st|nd|rd|th)\b)"
    rf"|(?P<times>\b(?P<times_n>{_NUM})x\b)"
    rf"|(?P<rank>\bNo\.\s?(?P<rank_n>\d+)\b)"
    rf"|(?P<year>\b(?P<year_n>1[5-9]\d\d|20\d\d)\b(?![,.]?\d))"
    rf"|(?P<age>\b(?P<age_n>\d{{1,3}})(?:-|\s+)years?(?:-|\s+)old\b)"
    rf"|(?P<duration>\b(?P<duration_n>\d[\d,]*(?:\.\d+)?)(?:-|\s+)(?:years?|months?|weeks?|days?|hours?|minutes?)\b)"
    rf"|(?P<number>(?<![\w.,$])(?P<number_n>{_NUM}){_MULT}?(?![\w%]))"
    rf"|(?P<wordnum>\b(?P<wordnum_n>{_WORD_RE}){_MULT}?\b)"
    rf"|(?P<month>\b(?P<month_n>{_MONTH_NAME_RE})\b)"
    rf"|(?P<weekday>\b(?P<weekday_n>{_WEEKDAY_RE})\b)",
    re.I,
)
KINDS = ("monthday", "daymonth", "money", "percent", "decade", "ordinal", "times", "rank", "year", "age", "duration",
         "number", "wordnum", "month", "weekday")
# Kinds that are one kind for comparing: a figure in words is a figure.
SAME_KIND = {"wordnum": "number"}


@dataclass(frozen=True)
class Value:
    """One value as written, its kind and its normalised content."""

    kind: str  # money | percent | number | ordinal | times | rank | year | decade | monthday | month | weekday
    text: str
    start: int
    end: int
    amount: Decimal | None = None  # for figures
    key: str = ""  # for dates: "12-25", "1950", "june", "monday"
    bound: str = ""  # "min" ("more than 200"), "max" ("up to 15", "nearly $35,000"), "approx" ("about 80")


def _amount(digits: str, text: str) -> Decimal | None:
    try:
        base = Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None
    for word, factor in MULTIPLIERS.items():
        if re.search(rf"\b{word}\b", text, re.I):
            return base * factor
    return base


def _capitalised_month(text: str) -> bool:
    """ "May" the month is written with a capital; "may" the verb is not."""
    return text[:1].isupper()


def _name_part(text: str, start: int) -> bool:
    """ "Mark May", "May, a former player": a month or weekday word right after a capitalised word, or
    opening the text, is taken for a name, not a date."""
    before = text[:start].rstrip()
    if not before:
        return True
    word = re.search(r"([A-Za-z][\w'’.-]*)$", before)
    return bool(word) and word.group(1)[:1].isupper() and word.group(1).casefold() not in DATE_LEAD_WORDS


BOUND_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("min", re.compile(r"\b(?:more\s+than|over|at\s+least|above|exceeding|upwards\s+of)\s*$", re.I)),
    ("max", re.compile(r"\b(?:less\s+than|fewer\s+than|under|up\s+to|at\s+most|below|just\s+under)\s*$", re.I)),
    ("approx", re.compile(r"\b(?:about|around|roughly|some|approximately|an\s+estimated|close\s+to|almost|nearly|"
                          r"circa|or\s+so)\s*$", re.I)),
)
# How far an approximate figure ("about 80") may stand from the exact one.
APPROX_TOLERANCE = Decimal("0.1")
# How far apart two figures must be for an approximate one ("around $19 million") to rule the other out.
FAR_TOLERANCE = Decimal("0.25")


def _bound(text: str, start: int) -> str:
    before = text[max(0, start - 24):start]
    return next((name for name, pattern in BOUND_RES if pattern.search(before)), "")


@lru_cache(maxsize=8192)
def find_values(text: str) -> list[Value]:
    """Every value in ``text``, in order, each figure with the bound the words before it give."""
    return [replace(v, bound=_bound(text, v.start)) if v.amount is not None else v for v in _values(text)]


def _values(text: str) -> list[Value]:
    found: list[Value] = []
    for m in VALUE_RE.finditer(text):
        kind = next(k for k in KINDS if m.group(k))
        raw = m.group(kind)
        if kind == "monthday":
            if not _capitalised_month(m["md_month"]):
                continue
            month = _MONTHS[m["md_month"].casefold()]
            found.append(Value("monthday", raw, m.start(), m.end(), key=f"{int(month):02d}-{int(m['md_day']):02d}"))
            found.append(Value("month", m["md_month"], m.start(), m.end("md_month"), key=month))
            if m["md_year"]:
                found.append(Value("year", m["md_year"], m.start("md_year"), m.end("md_year"), key=m["md_year"]))
            continue
        if kind == "daymonth":  # "on 12 April": British order, the same day as "April 12"
            if not _capitalised_month(m["dm_month"]):
                continue
            month = _MONTHS[m["dm_month"].casefold()]
            found.append(Value("monthday", raw, m.start(), m.end(), key=f"{int(month):02d}-{int(m['dm_day']):02d}"))
            found.append(Value("month", m["dm_month"], m.start("dm_month"), m.end("dm_month"), key=month))
            if m["dm_year"]:
                found.append(Value("year", m["dm_year"], m.start("dm_year"), m.end("dm_year"), key=m["dm_year"]))
            continue
        if kind in ("month", "weekday"):
            if not _capitalised_month(raw) or _name_part(text, m.start()):
                continue
            table = _MONTHS if kind == "month" else _WEEKDAYS
            found.append(Value(kind, raw, m.start(), m.end(), key=table[raw.casefold()]))
            continue
        if kind == "year":
            found.append(Value("year", raw, m.start(), m.end(), key=raw, amount=Decimal(raw)))
            continue
        if kind == "decade":
            digits = m["decade_n"].lstrip("'’")
            found.append(Value("decade", raw, m.start(), m.end(), key=digits[-2:]))
            continue
        if kind == "wordnum":
            words = m["wordnum_n"].casefold()
            amount = _amount(_NUMBER_WORDS[words], raw)
            found.append(Value("number", raw, m.start(), m.end(), amount=amount))
            continue
        amount = _amount(m[f"{kind}_n"], raw)
        if kind == "number" and AGE_APPOSITION_RE.search(text[:m.start()]) and (
                raw.endswith(",") or text[m.end():m.end() + 1] == ","):
            kind = "age"  # "Eloise Parry, 21, was taken ...": her age, not a count
        if amount is not None:
            found.append(Value(kind, raw, m.start(), m.end(), amount=amount))
    return _wholes_apart(text, found)




def _wholes_apart(text: str, found: list[Value]) -> list[Value]:
    """The whole of "three out of four of its spires" is a value of its own kind: the count is the part,
    and "all four" is not said by it."""
    out = list(found)
    for i, (part, whole) in enumerate(itertools.pairwise(found)):
        if part.kind == whole.kind == "number" and PART_OF_RE.fullmatch(text[part.end:whole.start]):
            out[i + 1] = replace(whole, kind="whole")
    return out


# "Eloise Parry, 21,": the text before a number that is a person's age (a name and a comma).
AGE_APPOSITION_RE = re.compile(r"[A-Z][\w'’.-]+,\s*$")


def comparable(a: Value, b: Value) -> bool:
    """Whether two values say the same kind of thing (so that differing is a conflict)."""
    return SAME_KIND.get(a.kind, a.kind) == SAME_KIND.get(b.kind, b.kind)


def _significant_step(amount: Decimal) -> Decimal:
    """The place of an amount's last significant digit: 10 for "9.99"'s rounding "10", 1000 for 356,000."""
    exponent = amount.normalize().as_tuple().exponent
    return Decimal(1).scaleb(int(exponent)) if isinstance(exponent, int) else Decimal(1)


def _rounds_to(rough: Decimal, exact: Decimal) -> bool:
    """ "$10" is "$9.99" rounded; "200" is not "150" rounded, though 150 rounds to 200: the two must
    also be within ``ROUNDING_TOLERANCE`` of each other."""
    step = _significant_step(rough)
    if step <= _significant_step(exact) or abs(rough - exact) > ROUNDING_TOLERANCE * exact:
        return False
    return (exact / step).quantize(Decimal(1), rounding="ROUND_HALF_UP") * step == rough


def same_value(a: Value, b: Value) -> bool | None:
    """True: the claim's value ``a`` is said by ``b``; False: ``b`` rules it out; None: neither.

    Exact amounts are equal when equal or when one is the other rounded ("$10" / "$9.99"); a bound
    ("more than 200") is said by any figure within it ("around 250"); an approximate figure by one within
    ``APPROX_TOLERANCE``. Dates, ordinals and ranks compare by what they name."""
    if not comparable(a, b):
        return None
    if a.amount is None or b.amount is None or a.kind == "year":
        return a.key == b.key
    if not a.bound and not b.bound:
        if a.amount == b.amount:
            return True
        if a.kind in ("money", "number", "percent") and a.amount > 0 and b.amount > 0:
            return _rounds_to(a.amount, b.amount) or _rounds_to(b.amount, a.amount)
        return False
    if a.amount == b.amount and a.bound == b.bound:
        return True
    if a.bound == "min":
        return True if b.amount > a.amount and b.bound in ("", "min", "approx") else None
    if a.bound == "max":
        return True if b.amount < a.amount and b.bound in ("", "max") else None
    if "min" in (a.bound, b.bound) or "max" in (a.bound, b.bound):
        return None
    gap = abs(a.amount - b.amount)
    if gap <= APPROX_TOLERANCE * max(a.amount, b.amount):
        return True
    return False if gap > FAR_TOLERANCE * max(a.amount, b.amount) else None
