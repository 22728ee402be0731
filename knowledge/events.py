"""Dated events: sentences that state when something happened or will happen.

A sentence with a date expression becomes an event at that date (relative words resolved against
the page date by :mod:`knowledge.dates`). A sentence that reports an action without a date of its
own ("X announced ...") takes the page's stated date, as news event coders do, with no date text.
"""

from __future__ import annotations

import re

from knowledge.dates import find_dates
from knowledge.facts import DateMention, EventFact, Sentence

MAX_EVENTS_PER_SENTENCE = 2
MAX_WHAT_CHARS = 400
REPORTED_ACTION_RE = re.compile(
    r"\b(?:announced|announces|signed|agreed|launched|held|hosted|met|visited|began|started|created|"
    r"established|appointed|approved|adopted|delivered|opened|attended|gathered|spoke|took\s+part|"
    r"interview|declared|unveiled|presented|decided|completed|founded|sent|received|conducted|discussed|"
    r"sentenced|charged|arrested|elected|resigned|dismissed|killed|attacked|struck|won|lost)\b",
    re.I,
)
OPENING_QUOTES = "“\"«‘"


def _precision(mention: DateMention) -> int:
    return len(mention.value or "")


def _what(sentence: Sentence) -> str:
    what = sentence.text.strip().lstrip(OPENING_QUOTES)
    return what if len(what) <= MAX_WHAT_CHARS else what[:MAX_WHAT_CHARS].rsplit(" ", 1)[0] + "…"


def extract_events(sentences: list[Sentence], *, page_date: str | None) -> list[EventFact]:
    """One event per dated sentence (per distinct date), plus reported actions at the page date."""
    events: list[EventFact] = []
    for sentence in sentences:
        mentions = [m for m in find_dates(sentence.text, page_date=page_date) if m.value or m.relative]
        if mentions:
            mentions.sort(key=_precision, reverse=True)
            seen: set[str | None] = set()
            for mention in mentions:
                if mention.value in seen:
                    continue
                seen.add(mention.value)
                events.append(EventFact(what=_what(sentence), date=mention.value, date_text=mention.text,
                                        start=sentence.start, end=sentence.end))
                if len(seen) >= MAX_EVENTS_PER_SENTENCE:
                    break
        elif REPORTED_ACTION_RE.search(sentence.text):
            events.append(EventFact(what=_what(sentence), date=page_date, date_text=None,
                                    start=sentence.start, end=sentence.end))
    return events
