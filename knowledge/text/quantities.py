"""Numbers in news sentences, with what they count, so a claim's figures can be checked.

A claim such as "30 defense companies signed" is only checkable against a passage that counts the
same thing, so every number carries its counted noun ("defense companies" → unit "company", counted
"defense company") and how precise the text is about it ("about", "more than", "up to", ranges).
Pure rules, no parser: the patterns of news figures are few and the rules stay predictable.

Choices worth knowing:

* Years (1900-2100 written as a bare four-digit number) and anything inside a date expression
  (:func:`knowledge.dates.find_dates`) are dates, not quantities — unless a plural noun follows
  ("2000 troops").
* Model names and codes are skipped: "F-16", "T-72", "COVID-19", "Leopard 2", "5th", "10:30".
* Vague plurals ("dozens", "hundreds of", "thousands of") are not quantities.
* Written numbers ("two" … "ninety") count only before a scale word or a noun; "one" only before a
  scale word ("one of them" is not a quantity).
* Fractions ("half", "a third", "two thirds", "a quarter") are percentages, only before "of" or a
  determiner ("half of the territory", "half the budget"), not after an ordinal ("first half").
* Measurements ("125 mm", "1,000 km", "20 tonnes") get the unit as written, normalised ("km"),
  and ``measurement=True``; money gets a currency code as its unit ("$1.5 billion" → "usd").
* A length of time written as an adjective is a measurement of its noun: "a 10-year agreement",
  "10 year agreement" and "a ten-year agreement" have unit "year agreement" (so "a 5-year lease"
  never compares with "a 10-year loan"); an age ("a 45-year-old") has unit "age". Plain lengths
  ("for 10 years", "11 months") keep no unit: they confirm but never contradict.
* Rates keep their period apart from the count: "150,000 drones every month" / "a month" / "per
  month" / "monthly" has ``per="month"`` and never compares with a total ("1 million drones") or
  another period ("4 million drones a year").
* Vote tallies and scores ("a 70-29 vote", "won 3-1", "by a vote of 67 to 32") are one figure of two
  numbers (``tally``), not a range: the larger number comes first, and only an equal pair agrees.
* Multipliers: "42 times", "42-fold", "sixfold" all count "time".
* Model names in the plural are counted things: "200 A320neos", "40 Boeing 787-9s" (unit "787-9").
* Money knows what it is the value of (``of``): "a deal worth $6.5 billion", "a $110 million
  contract", "the project is worth ..."; amounts of different things never compare.
* A term after "for" ("for 20 years", "for a period of 15 years") keeps its time noun in
  ``duration``; it still has no unit, so only the claim checker decides when two terms conflict.
* Two bounds on the same side ("up to 5.8 billion" / "up to 8.5 billion") are one limit: a tighter
  claimed bound is not compatible.
* "US$" and "USD$" are dollars, and a comparator before them counts ("over US$47 million").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from knowledge import lexicon
from knowledge.text.dates import MAX_YEAR, MIN_YEAR, find_dates

Comparator = str  # "eq" | "gt" | "ge" | "lt" | "le" | "approx" | "range"

# "about 300,000" allows this fraction either way; "almost 50%" allows it below only.
APPROX_TOLERANCE = 0.10
# Exact figures compare equal within this relative error (float noise only).
EXACT_TOLERANCE = 1e-9
# How many words after a number may describe what it counts ("FPV attack drones").
MAX_COUNTED_WORDS = 4

SCALES: dict[str, float] = {word: float(value) for word, value in lexicon.table("scale_words").items()}
# Short scale letters that mean million/thousand only after a currency sign ("$5m", not "5 m").
CURRENCY_ONLY_SCALES = frozenset({"k", "m", "b"})
WORD_NUMBERS: dict[str, int] = {word: int(value) for word, value in lexicon.table("number_words").items()}
# Fractions read as percentages.
FRACTIONS: dict[str, float] = {word: float(value) for word, value in lexicon.table("fractions").items()}
# Words in front of a fraction that make it a period, not a share ("the first half of 2024").
PERIOD_ORDINALS = lexicon.words("period_ordinals")
# Currency signs, ISO codes and words, each with its ISO code (one list: lexicon "currencies").
_CURRENCIES = lexicon.table("currencies")
CURRENCY_SIGNS: dict[str, str] = {key: code for key, code in _CURRENCIES.items() if not key.isalpha()}
CURRENCY_CODES = frozenset(code for key, code in _CURRENCIES.items() if key == code)
CURRENCY_WORDS: dict[str, str] = {key: code for key, code in _CURRENCIES.items() if key.isalpha() and key != code}
MEASURE_UNITS: dict[str, str] = lexicon.table("measure_units")
IRREGULAR_PLURALS: dict[str, str] = lexicon.table("irregular_plurals")
SPELLINGS: dict[str, str] = lexicon.table("spelling_variants")
# Words that end the counted phrase: function words, auxiliaries and common adverbs.
STOP_WORDS = lexicon.words("function_words") | {
    f"{unit}{plural}" for unit in ("year", "month", "week", "day") for plural in ("", "s")}
# Irregular verbs that end a singular counted phrase ("half the budget went to roads").
COMMON_VERBS = lexicon.words("common_verbs")
# Counted-phrase words that do not change what is counted ("30 more countries", "other firms").
NEUTRAL_MODIFIERS = lexicon.words("neutral_modifiers")
# Words after which a four-digit 1900-2100 number is read as a year.
YEAR_PREPOSITIONS = lexicon.words("year_prepositions")
TIME_NOUNS = lexicon.words("time_nouns")
# Periods of a rate ("every month", "a year", "annually") and their normal names.
RATE_PERIODS: dict[str, str] = lexicon.table("rate_periods")
# Unit of a tally ("70-29") and of a multiplier ("42 times", "sixfold").
TALLY_UNIT = "tally"
TIMES_UNIT = "time"
FOLD_WORDS: dict[str, int] = {word: int(value) for word, value in lexicon.table("fold_words").items()}

# Comparator phrases in front of a number, longest first; "almost"/"nearly" approach from below.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("more than", "gt"), ("greater than", "gt"), ("in excess of", "gt"), ("upwards of", "gt"),
    ("over", "gt"), ("above", "gt"), ("at least", "ge"), ("no fewer than", "ge"), ("no less than", "ge"),
    ("not less than", "ge"), ("less than", "lt"), ("fewer than", "lt"), ("under", "lt"), ("below", "lt"),
    ("up to", "le"), ("at most", "le"), ("no more than", "le"), ("not more than", "le"),
    ("as many as", "le"), ("as much as", "le"), ("about", "approx"), ("around", "approx"),
    ("approximately", "approx"), ("approx.", "approx"), ("roughly", "approx"), ("some", "approx"),
    ("an estimated", "approx"), ("estimated", "approx"), ("circa", "approx"), ("nearly", "below"),
    ("almost", "below"), ("close to", "below"), ("just under", "below"), ("just over", "above"),
    ("~", "approx"),
)  # fmt: skip
_PREFIX_RE = re.compile(
    r"(?:^|(?<=[\s(\"“]))(?P<prefix>"
    + "|".join(re.escape(p) for p, _ in sorted(_PREFIXES, key=lambda item: -len(item[0])))
    + r")\s*$",
    re.IGNORECASE,
)
_PREFIX_KIND = dict(_PREFIXES)

_SCALE_ALT = "|".join(sorted(SCALES, key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_ALT = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_WORD_NUMBER = rf"(?:{_WORD_ALT})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
_FRACTION_ALT = "|".join(sorted((re.escape(f).replace(r"\ ", r"[\s-]") for f in FRACTIONS), key=len, reverse=True))
# One number: currency, digits or words, optional scale; groups read by _parse_atom.
_ATOM_RE = re.compile(
    rf"(?P<cur>\b(?:USD?|U\.S\.)\$|[$€£₴]|\b(?:USD|EUR|GBP|UAH)\s)?\s?"
    rf"(?:(?<![\w.,/:])(?<![A-Za-z]-)(?P<digits>{_DIGITS})(?!\d|[,./:]\d)"
    rf"|\b(?P<half>half\s+an?)\b|\b(?P<aword>a|an)\b(?=\s+(?:dozen|thousand|million|billion|trillion)\b)"
    rf"|\b(?P<words>{_WORD_NUMBER})\b)"
    rf"(?:[\s-]?(?P<scale>(?:{_SCALE_ALT})\b|dozen\b))?"
    rf"(?P<plus>\+)?",
    re.IGNORECASE,
)
_FRACTION_RE = re.compile(rf"\b(?P<frac>{_FRACTION_ALT})\b(?=\s+(?:of|the|its|their|his|her|our)\b)", re.I)
_PERCENT_RE = re.compile(r"^\s*(?:%|percent\b|per\s+cent\b|pct\b|percentage\s+points?\b)", re.I)
_RANGE_JOIN_RE = re.compile(r"^\s*(?:-|–|—|to|and)\s*", re.I)
_RANGE_OPENER_RE = re.compile(r"\b(?:between|from)\s*$", re.I)
_VAGUE_RE = re.compile(r"^\s*(?:dozens|hundreds|thousands|millions|billions|scores)\b", re.I)
_MEASURE_GLUED_RE = re.compile(r"[\s-]?(?P<unit>[a-z]{1,3})\b", re.I)
_OF_RE = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|our|all)\s+)?", re.I)
_OF_OR_DETERMINER_RE = re.compile(r"\s+(?:of\s+)?(?:(?:the|its|their|his|her|our|all)\s+)", re.I)
_WORD_RE = re.compile(r"\s*(?P<word>[A-Za-z][A-Za-z-]*(?:'s)?)")
_CAPITALISED_BEFORE_RE = re.compile(r"(?P<word>[A-Z][A-Za-z]+)\s$")
# A length of time as an adjective right after the number: "10-year lease", "10 year deal", "45-year-old".
_DURATION_RE = re.compile(
    r"[\s-](?P<noun>year|month|week|day|hour|decade)(?:[\s-](?P<old>old)\b|\s+(?P<head>[A-Za-z][A-Za-z-]*))", re.I
)
# The period of a rate after the counted thing: "every month", "a year", "per day", "monthly", "/year".
_RATE_RE = re.compile(
    r"\s*(?:(?:a|an|per|every|each)\s+(?P<period>year|month|week|day|hour|annum)\b(?!\s+(?:ago|earlier|later|before|after)\b)"
    r"|(?P<adverb>annually|monthly|weekly|daily|yearly|hourly)\b"
    r"|/\s*(?P<slash>year|yr|month|mo|week|day|hour|h)\b)",
    re.I,
)
# "70-29", "3–1": two numbers of a tally; "70 to 29" only next to "vote".
_TALLY_DASH_RE = re.compile(r"[-–—]")
_TALLY_TO_RE = re.compile(r"\s+to\s+")
_VOTE_BEFORE_RE = re.compile(r"\bvotes?\s+of\s*$", re.I)
_VOTE_AFTER_RE = re.compile(r"\s*votes?\b", re.I)
_FOLD_RE = re.compile(r"[\s-]?fold\b", re.I)
_FOLD_WORD_RE = re.compile(r"\b(?P<word>" + "|".join(FOLD_WORDS) + r")\b", re.I)
# A model name counted in the plural: "200 A320neos", "40 Boeing 787-9s", "12 F-16s" (a digit in the last word).
_MODEL_RE = re.compile(r"\s+(?P<model>(?:[A-Z][A-Za-z]+\s+){0,2}(?=[A-Za-z-]*\d)[A-Z0-9][A-Za-z0-9-]*?)['’]?s\b")
# A term: "for 20 years", "for a period of 15 years"; the words before the figure and the time noun after it.
_DURATION_BEFORE_RE = re.compile(r"\bfor\s+(?:a\s+(?:period|term)\s+of\s+|another\s+|the\s+next\s+)?$", re.I)
_DURATION_AFTER_RE = re.compile(r"\s+(?P<noun>years?|months?|weeks?|days?|decades?)\b", re.I)
# What an amount is the value of, named before it: "a deal worth $6.5 billion", "the contract is worth ...".
_VALUED_BEFORE_RE = re.compile(
    r"\b(?P<noun>[a-z][a-z-]*)\s+(?:(?:is|was|are|were|be|been|being)\s+)?(?:worth|valued\s+at|priced\s+at)\s*$"
)
_PARENTHESIS_RE = re.compile(r"\s*\([^)]{0,40}\)")
# Nouns of one valued thing: "a $2 billion contract" is "a deal worth $2 billion".
VALUED_SYNONYMS: dict[str, str] = {"contract": "deal", "agreement": "deal", "accord": "deal"}


@dataclass(frozen=True)
class Quantity:
    """A figure as the text gives it: the number, how sure the text is, and what it counts."""

    start: int  # span of the figure itself, comparator words included ("about 300,000")
    end: int
    text: str
    value: float
    low: float | None  # lower bound for approx/range/"more than"; None when open or exact
    high: float | None  # upper bound for approx/range/"up to"; None when open or exact
    approx: bool
    comparator: Comparator
    unit: str | None  # what is counted, lemmatised head noun ("company"), currency or measure unit
    percent: bool
    counted: str | None = None  # the counted phrase with modifiers, lemmatised ("defense company")
    measurement: bool = False  # "125 mm", "1,000 km": a size, not a count
    counted_start: int | None = None  # span of the counted phrase, when there is one
    counted_end: int | None = None
    per: str | None = None  # period of a rate: "150,000 drones every month" → "month"
    per_start: int | None = None  # span of the period phrase ("every month"), when there is one
    per_end: int | None = None
    tally: tuple[float, float] | None = None  # "70-29" → (70, 29)
    of: str | None = None  # for money: what it is the value of ("a $110 million contract" → "deal")
    duration: str | None = None  # "for 20 years", "for a period of 15 years" → "year"
    duration_start: int | None = None  # span of "for (a period of)" before the figure


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    value: float
    has_scale: bool
    plus: bool
    currency: str | None
    year_like: bool
    word_number: bool


def _plain_number(text: str) -> float:
    return float(text.replace(",", ""))


def _parse_atom(m: re.Match[str]) -> _Atom | None:
    """Value of one number match, or None when it is not a figure ("one" alone, "5 m" as metres)."""
    cur_raw = (m["cur"] or "").strip()
    if cur_raw.endswith("$"):
        cur_raw = "$"  # "US$47 million", "USD$1.08 billion"
    currency = CURRENCY_SIGNS.get(cur_raw) or (cur_raw.lower() if cur_raw else None)
    scale_word = (m["scale"] or "").lower()
    if scale_word in CURRENCY_ONLY_SCALES and not currency:
        scale_word = ""
    if m["digits"]:
        base = _plain_number(m["digits"])
    elif m["half"]:
        base = 0.5
    elif m["aword"]:
        base = 1.0
    else:
        parts = re.split(r"[\s-]+", m["words"].lower())
        base = float(sum(WORD_NUMBERS[p] for p in parts))
    if not m["digits"] and not scale_word and m["words"] and m["words"].lower() == "one":
        return None
    if (m["half"]) and not scale_word:
        return None
    factor = 12.0 if scale_word == "dozen" else SCALES.get(scale_word, 1.0)
    end = m.end() if scale_word or not m["scale"] else m.start("scale")
    if m["plus"] and end < m.end("plus"):
        end = m.end("plus")
    start = m.start("cur") if m["cur"] else m.start(_number_group(m))
    digits = m["digits"] or ""
    year_like = bool(re.fullmatch(r"\d{4}", digits)) and MIN_YEAR <= int(digits) <= MAX_YEAR
    return _Atom(
        start=start,
        end=end,
        value=base * factor,
        has_scale=bool(scale_word),
        plus=bool(m["plus"]),
        currency=currency,
        year_like=year_like and not scale_word and not currency,
        word_number=not m["digits"],
    )


def _number_group(m: re.Match[str]) -> str:
    for name in ("digits", "half", "aword", "words"):
        if m[name]:
            return name
    return "digits"


def _is_code_number(text: str, start: int, sentence_start: bool) -> bool:
    """ "F-16", "Leopard 2", "No. 5": a number that names a model or an item, not an amount."""
    before = text[:start]
    if re.search(r"[A-Za-z]-$|No\.\s*$|#\s*$", before):
        return True
    m = _CAPITALISED_BEFORE_RE.search(before)
    if not m or sentence_start:
        return False
    word = m["word"].lower()
    return word not in STOP_WORDS and word not in _PREFIX_KIND


def lemma(word: str) -> str:
    """Light singular form of a noun: "companies" → "company", "drones" → "drone", "people" → "person"."""
    w = word.lower().removesuffix("'s")
    w = SPELLINGS.get(w, w)
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:ss|sh|ch|x|z)es$", w):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not re.search(r"(?:ss|us|is)$", w):
        return w[:-1]
    return w


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return True
    return len(w) > 3 and w.endswith("s") and not re.search(r"(?:ss|us|is)$", w)


def _looks_verb(word: str) -> bool:
    w = word.lower()
    return w in COMMON_VERBS or (len(w) > 4 and (w.endswith("ed") or w.endswith("ing")))


def _phrase_words(text: str, pos: int) -> list[tuple[int, int, str]]:
    """Up to ``MAX_COUNTED_WORDS`` non-function words from ``pos``: the candidate counted phrase."""
    words: list[tuple[int, int, str]] = []
    while len(words) < MAX_COUNTED_WORDS:
        m = _WORD_RE.match(text, pos)
        if not m or m["word"].lower() in STOP_WORDS:
            break
        words.append((m.start("word"), m.end("word"), m["word"]))
        pos = m.end()
        if m["word"].endswith("'s"):
            break
    return words


def _counted_phrase(text: str, pos: int, *, bare_determiner: bool = False) -> tuple[int, int, list[str]] | None:
    """The counted noun phrase starting at ``pos``: up to its first plural noun, else before a verb.

    "of the" may come first ("50% of the territory"); ``bare_determiner`` also skips a determiner
    without "of", as fractions take one ("half the budget").
    """
    skip = _OF_OR_DETERMINER_RE if bare_determiner else _OF_RE
    if m := skip.match(text, pos):
        pos = m.end()
    words = _phrase_words(text, pos)
    if not words:
        return None
    plurals = [i for i, (_, _, w) in enumerate(words) if _is_plural(w)]
    lower_plurals = [i for i in plurals if words[i][2][:1].islower()]
    plural_at = (lower_plurals or plurals or [None])[0]
    if plural_at is not None:
        words = words[: plural_at + 1]
    else:
        verb_at = next((i for i, (_, _, w) in enumerate(words) if _looks_verb(w)), len(words))
        words = words[:verb_at]
    if not words:
        return None
    return words[0][0], words[-1][1], [w for _, _, w in words]


def _bounds(value: float, kind: str) -> tuple[Comparator, float | None, float | None, bool]:
    """Comparator, low, high and approx flag for a comparator-phrase kind."""
    if kind == "approx":
        return "approx", value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE), True
    if kind == "below":
        return "approx", value * (1 - APPROX_TOLERANCE), value, True
    if kind == "above":
        return "approx", value, value * (1 + APPROX_TOLERANCE), True
    if kind in ("gt", "ge"):
        return kind, value, None, False
    if kind in ("lt", "le"):
        return kind, None, value, False
    return "eq", None, None, False


def _prefix_kind(text: str, start: int) -> tuple[int, str] | None:
    m = _PREFIX_RE.search(text[:start])
    if not m:
        return None
    return m.start("prefix"), _PREFIX_KIND[m["prefix"].lower()]


def _glued_measure(text: str, pos: int) -> re.Match[str] | None:
    """ "mm" in "155mm" / "155-mm" / "125 mm": a short measure unit right after the number."""
    glued = _MEASURE_GLUED_RE.match(text, pos)
    return glued if glued and glued["unit"].lower() in MEASURE_UNITS else None


def _unit_after(
    text: str, pos: int, currency: str | None, *, fraction: bool = False
) -> tuple[str | None, str | None, bool, int | None, int | None]:
    """Unit, counted phrase, measurement flag and counted span for the words after a figure."""
    model = None if currency or fraction else _MODEL_RE.match(text, pos)
    if model:
        counted = " ".join(model["model"].lower().split())
        return counted.split()[-1], counted, False, model.start("model"), model.end()
    glued = _glued_measure(text, pos)
    if glued and not currency and not fraction:
        unit = MEASURE_UNITS[glued["unit"].lower()]
        return unit, unit, True, glued.start("unit"), glued.end("unit")
    phrase = _counted_phrase(text, pos, bare_determiner=fraction)
    if phrase is None:
        return currency, currency, False, None, None
    p_start, p_end, words = phrase
    lemmas = [lemma(w) for w in words]
    head = lemmas[-1]
    if head in MEASURE_UNITS and not currency:
        return MEASURE_UNITS[head], MEASURE_UNITS[head], True, p_start, p_end
    money = [CURRENCY_WORDS.get(w, w) for w in lemmas if w in CURRENCY_WORDS or w in CURRENCY_CODES]
    if money and not currency:
        return money[0], money[0], False, p_start, p_end
    if currency:
        return currency, currency, False, None, None
    return head, " ".join(lemmas), False, p_start, p_end


def _date_spans(text: str) -> list[tuple[int, int]]:
    return [(d.start, d.end) for d in find_dates(text, page_date=None)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def _percent_after(text: str, pos: int) -> int | None:
    m = _PERCENT_RE.match(text[pos:])
    return pos + m.end() if m else None


def _range_partner(text: str, atom: _Atom, atoms: dict[int, _Atom]) -> _Atom | None:
    """The second number of "5 to 7", "5-7", "between 5 and 7" after ``atom``, if any."""
    join = _RANGE_JOIN_RE.match(text[atom.end :])
    if not join:
        return None
    word = join.group(0).strip().lower()
    partner = atoms.get(atom.end + join.end())
    if partner is None or (partner.value < atom.value and partner.has_scale == atom.has_scale):
        return None
    if word == "and" and not _RANGE_OPENER_RE.search(text[: atom.start]):
        return None
    return partner


def _fractions(text: str, dates: list[tuple[int, int]]) -> list[Quantity]:
    found: list[Quantity] = []
    for m in _FRACTION_RE.finditer(text):
        before = text[: m.start()].split()
        if (before and before[-1].lower() in PERIOD_ORDINALS) or _overlaps(m.start(), m.end(), dates):
            continue
        value = FRACTIONS[re.sub(r"[\s-]+", " ", m["frac"].lower())]
        start, kind = _prefix_kind(text, m.start()) or (m.start(), "eq")
        comparator, low, high, approx = _bounds(value, kind)
        unit, counted, _, c_start, c_end = _unit_after(text, m.end(), None, fraction=True)
        found.append(
            Quantity(
                start=start,
                end=m.end(),
                text=text[start : m.end()],
                value=value,
                low=low,
                high=high,
                approx=approx,
                comparator=comparator,
                unit=unit,
                percent=True,
                counted=counted,
                counted_start=c_start,
                counted_end=c_end,
            )
        )
    return found


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` with its comparator and counted thing, in text order."""
    dates = _date_spans(text)
    fractions = _fractions(text, dates) + _fold_words(text, dates)
    taken = dates + [(q.start, q.end) for q in fractions]
    atoms: dict[int, _Atom] = {}
    for m in _ATOM_RE.finditer(text):
        atom = _parse_atom(m)
        if atom is not None and not _overlaps(atom.start, atom.end, taken):
            atoms[atom.start] = atom
    found: list[Quantity] = []
    consumed: set[int] = set()
    for start in sorted(atoms):
        if start in consumed:
            continue
        atom = atoms[start]
        second = _tally_partner(text, atom, atoms)
        if second is not None:
            consumed.add(second.start)
            if not _is_code_number(text, atom.start, not text[: atom.start].strip()):
                found.append(_tally(text, atom, second))
            continue
        partner = _range_partner(text, atom, atoms)
        if partner is not None:
            consumed.add(partner.start)
        quantity = _quantity(text, atom, partner)
        if quantity is not None:
            found.append(quantity)
    parts = [_part_of_whole(text, q, atoms) for q in found]
    part_starts = {p.start for p, q in zip(parts, found, strict=True) if p is not q}
    found = [p for p, q in zip(parts, found, strict=True) if p is not q or q.start not in part_starts]
    spans = [(q.start, q.end) for q in found]
    found.extend(q for q in fractions if not _overlaps(q.start, q.end, spans))
    return sorted(found, key=lambda q: q.start)


# Between a part and its whole: "three out of four", "two of the five" (matched whole: ``fullmatch``).
PART_OF_RE = re.compile(r"\s+(?:out\s+)?of\s+(?:(?:the|its|their|his|her)\s+)?", re.I)


def _part_of_whole(text: str, whole: Quantity, atoms: dict[int, _Atom]) -> Quantity:
    """ "three out of four of its spires", "two of the five reactors": the count is the part, of the whole's
    noun (the whole alone would read as four spires lost)."""
    if whole.unit is None or whole.percent:
        return whole
    part = next((a for a in atoms.values() if a.end < whole.start and not a.currency
                 and PART_OF_RE.fullmatch(text[a.end:whole.start])), None)
    if part is None or part.value > whole.value:
        return whole
    return replace(whole, start=part.start, text=text[part.start:whole.end], value=part.value, low=None, high=None)


def _tally_partner(text: str, atom: _Atom, atoms: dict[int, _Atom]) -> _Atom | None:
    """The second number of a tally: "70-29", "3–1", "67 to 32" beside "vote"; never a range (ascending)."""
    if not _plain_integer(atom):
        return None
    if _TALLY_DASH_RE.match(text, atom.end):
        join_end, spelled = atom.end + 1, False
    elif m := _TALLY_TO_RE.match(text, atom.end):
        join_end, spelled = m.end(), True
    else:
        return None
    second = atoms.get(join_end)
    if second is None or not _plain_integer(second) or second.value > atom.value or atom.year_like:
        return None
    if _percent_after(text, second.end) is not None or re.match(r"[A-Za-z]", text[second.end : second.end + 1]):
        return None
    if spelled and not (_VOTE_BEFORE_RE.search(text[: atom.start]) or _VOTE_AFTER_RE.match(text, second.end)):
        return None
    return second


def _plain_integer(atom: _Atom) -> bool:
    return not (atom.currency or atom.has_scale or atom.word_number or atom.plus) and atom.value.is_integer()


def _tally(text: str, first: _Atom, second: _Atom) -> Quantity:
    return Quantity(
        start=first.start, end=second.end, text=text[first.start : second.end], value=first.value, low=None,
        high=None, approx=False, comparator="eq", unit=TALLY_UNIT, percent=False, counted=TALLY_UNIT,
        tally=(first.value, second.value),
    )  # fmt: skip


def _fold_words(text: str, dates: list[tuple[int, int]]) -> list[Quantity]:
    """ "sixfold", "tenfold": multipliers written as one word."""
    found = []
    for m in _FOLD_WORD_RE.finditer(text):
        if _overlaps(m.start(), m.end(), dates):
            continue
        value = float(FOLD_WORDS[m["word"].lower()])
        start, kind = _prefix_kind(text, m.start()) or (m.start(), "eq")
        comparator, low, high, approx = _bounds(value, kind)
        quantity = Quantity(
            start=start, end=m.end(), text=text[start : m.end()], value=value, low=low, high=high,
            approx=approx, comparator=comparator, unit=TIMES_UNIT, percent=False, counted=TIMES_UNIT,
            counted_start=m.start(), counted_end=m.end(),
        )  # fmt: skip
        found.append(quantity)
    return found


def _rate(text: str, pos: int) -> tuple[str | None, int | None, int | None]:
    """Period and span of a rate phrase at ``pos``: " every month" → ("month", start, end)."""
    m = _RATE_RE.match(text, pos)
    if not m:
        return None, None, None
    word = (m["period"] or m["adverb"] or m["slash"]).lower()
    return RATE_PERIODS[word], m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()


def _quantity(text: str, atom: _Atom, partner: _Atom | None) -> Quantity | None:
    """Build the Quantity for one number (or a range of two), or None when it is not a figure."""
    last = partner or atom
    sentence_start = not text[: atom.start].strip()
    if _is_code_number(text, atom.start, sentence_start) or _VAGUE_RE.match(text[atom.start :]):
        return None
    end = last.end
    percent_end = _percent_after(text, end)
    percent = percent_end is not None
    if percent_end is not None:
        end = percent_end
    glued_letters = re.match(r"[A-Za-z]", text[last.end : last.end + 1])
    currency = atom.currency or last.currency
    fold = None if percent or currency else _FOLD_RE.match(text, end)
    duration = None if percent or currency or fold else _DURATION_RE.match(text, end)
    if duration and not duration["old"] and duration["head"].lower() in STOP_WORDS:
        duration = None  # "1 year to complete": not an adjective
    if glued_letters and not percent and not fold and not _glued_measure(text, last.end):
        return None
    if fold:
        end = fold.end()
        unit, counted, measurement, c_start, c_end = TIMES_UNIT, TIMES_UNIT, False, fold.start(), fold.end()
    elif duration:
        noun = duration["noun"].lower()
        unit = "age" if duration["old"] else f"{noun} {lemma(duration['head'])}"
        c_start, c_end = duration.start("noun"), duration.end()
        counted, measurement = unit, True
    elif percent:
        unit, counted, measurement, c_start, c_end = _unit_after(text, end, None)
        if not _OF_RE.match(text, end):
            unit = counted = None
            c_start = c_end = None
    else:
        unit, counted, measurement, c_start, c_end = _unit_after(text, end, currency)
    per, per_start, per_end = (None, None, None) if duration else _rate(text, c_end if c_end is not None else end)
    after = c_end if c_end is not None else end
    valued = _valued(text, start_of(text, atom), after) if unit in CURRENCY_CODES else None
    term, term_start = (None, None) if unit or percent or per else _term(text, atom.start, end)
    if atom.year_like and partner is None and not percent and not _year_is_count(text, atom.start, c_start, c_end):
        return None
    if unit in TIME_NOUNS and atom.year_like:
        return None
    if atom.word_number and not atom.has_scale and unit is None and not percent and term is None:
        return None
    if partner is not None:
        low_value = atom.value
        if not atom.has_scale and partner.has_scale and atom.value < partner.value:
            low_value = atom.value * (partner.value / _unscaled(partner, text))
        value = (low_value + partner.value) / 2
        comparator, low, high, approx = "range", low_value, partner.value, False
        start = atom.start
        opener = _RANGE_OPENER_RE.search(text[: atom.start])
        if opener:
            start = opener.start()
    else:
        value = atom.value
        start, kind = _prefix_kind(text, atom.start) or (atom.start, "ge" if atom.plus else "eq")
        comparator, low, high, approx = _bounds(value, kind)
    return Quantity(
        start=start, end=end, text=text[start:end], value=value, low=low, high=high, approx=approx,
        comparator=comparator, unit=unit, percent=percent, counted=counted, measurement=measurement,
        counted_start=c_start, counted_end=c_end, per=per, per_start=per_start, per_end=per_end,
        of=valued, duration=term, duration_start=term_start,
    )  # fmt: skip


def start_of(text: str, atom: _Atom) -> int:
    """Where a figure's words start, comparator included ("up to $5 billion")."""
    found = _prefix_kind(text, atom.start)
    return found[0] if found else atom.start


def _valued(text: str, start: int, pos: int) -> str | None:
    """What an amount is the value of: the noun before "worth" ("a deal worth $6.5 billion", "the
    project is worth ...") or right after the amount ("a $110 million contract", "a 192 billion
    zloty ($51 billion) project"); synonyms of one deal share a name (:data:`VALUED_SYNONYMS`)."""
    noun = None
    if m := _VALUED_BEFORE_RE.search(text[:start]):
        noun = m["noun"]
    else:
        if p := _PARENTHESIS_RE.match(text, pos):
            pos = p.end()
        if re.match(r"\s+(?:of|worth)\b", text[pos:], re.I):
            return None
        phrase = _counted_phrase(text, pos)
        if phrase is not None and phrase[2][-1][:1].islower():
            noun = phrase[2][-1]
    if noun is None or noun.lower() in STOP_WORDS or lemma(noun) in CURRENCY_WORDS:
        return None
    word = lemma(noun)
    return VALUED_SYNONYMS.get(word, word)


def _term(text: str, start: int, end: int) -> tuple[str | None, int | None]:
    """ "for 20 years", "for a period of 15 years": the time noun of a term, and where "for" starts."""
    after = _DURATION_AFTER_RE.match(text, end)
    before = _DURATION_BEFORE_RE.search(text[:start])
    if not after or not before:
        return None, None
    return lemma(after["noun"]), before.start()


def _unscaled(atom: _Atom, text: str) -> float:
    m = re.match(_DIGITS, text[atom.start :].lstrip("$€£₴ "))
    return _plain_number(m.group(0)) if m else atom.value


def _year_is_count(text: str, start: int, c_start: int | None, c_end: int | None) -> bool:
    """A number that could be a year counts only before a lower-case plural, not after a date
    preposition: "sent 2000 troops" is a count, "in 2024", "of 2024 sales" are years."""
    if c_start is None or c_end is None:
        return False
    before = text[:start].split()
    if before and before[-1].lower() in YEAR_PREPOSITIONS:
        return False
    last = text[c_start:c_end].split()[-1]
    return _is_plural(last) and last[:1].islower()


# --- comparing ------------------------------------------------------------------------------------


def _modifiers(q: Quantity) -> frozenset[str]:
    words = (q.counted or "").split()[:-1]
    return frozenset(w for w in words if w not in NEUTRAL_MODIFIERS)


def same_counted(a: Quantity, b: Quantity) -> bool:
    """Whether two figures count the same thing: same unit, kind and rate period, modifiers not disjoint."""
    if a.unit != b.unit or a.percent != b.percent or a.measurement != b.measurement or a.per != b.per:
        return False
    if (a.of and b.of and a.of != b.of) or (a.duration and b.duration and a.duration != b.duration):
        return False  # "$110 million contract" / "$440 million program"; "for 20 years" / "for 20 months"
    ma, mb = _modifiers(a), _modifiers(b)
    return not ma or not mb or ma <= mb or mb <= ma


# One-sided figures state a bound; two bounds on the same side are two statements of one limit.
_BOUND_SIDE: dict[str, str] = {"le": "upper", "lt": "upper", "ge": "lower", "gt": "lower"}


def interval(q: Quantity) -> tuple[float, float]:
    """The values a figure allows; "more than 30" is [30, inf) (strictness is ignored on purpose)."""
    if q.comparator == "eq":
        return q.value, q.value
    low = q.low if q.low is not None else (0.0 if q.high is not None else -math.inf)
    high = q.high if q.high is not None else math.inf
    return low, high


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def compatible(claim_q: Quantity, fact_q: Quantity) -> bool | None:
    """Whether a claim's figure agrees with a fact's: True, False, or None when not comparable.

    None when they count different things (units differ) or when the fact neither confirms nor
    rules out the claim ("35" against "more than 30"). True when the fact's range lies inside the
    claim's ("more than 10,000" / "10,000+"; "almost 50%" / "50%"), or when an approximate side
    ("about", ~``APPROX_TOLERANCE``) covers the other's value. False when the ranges cannot meet:
    "2 million" / "1 million", "3 million" / "about 300,000", and when both give a bound on the same
    side and the claim's is tighter ("up to 5.8 billion" / "up to 8.5 billion", "more than 74" / "more
    than 47"); a looser claimed bound is implied ("more than 20" / "more than 30" is True).
    """
    if not same_counted(claim_q, fact_q):
        return None
    if claim_q.tally is not None or fact_q.tally is not None:
        return claim_q.tally == fact_q.tally if claim_q.tally and fact_q.tally else None
    c_low, c_high = interval(claim_q)
    f_low, f_high = interval(fact_q)
    slack = EXACT_TOLERANCE * max(abs(c_low), abs(c_high) if math.isfinite(c_high) else 0.0, 1.0)
    if max(c_low, f_low) > min(c_high, f_high) + slack:
        return False
    if c_low <= f_low + slack and f_high <= c_high + slack:
        return True
    if _BOUND_SIDE.get(claim_q.comparator, "") == _BOUND_SIDE.get(fact_q.comparator):
        return False  # "up to 5.8 billion" / "up to 8.5 billion": one limit, the claim's tighter
    either_approx = claim_q.approx or fact_q.approx
    if either_approx and math.isfinite(f_high) and _close(claim_q.value, fact_q.value, APPROX_TOLERANCE):
        return True
    return None
