"""Dated events: sentences that state when something happened or will happen.

A sentence with a date expression becomes an event at that date (relative words resolved against
the page date by :mod:`knowledge.text.dates`). A sentence that reports an action without a date of its
own ("X announced ...") takes the page's stated date, as news event coders do, with no date text.
"""

from __future__ import annotations

import re

from knowledge.extract.article import ParsedArticle, component
from knowledge.facts import DateMention, EventFact, Sentence
from knowledge.text.dates import find_dates
from knowledge.text.sentences import list_items_after

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


def _list_events(text: str, intro: Sentence, page_date: str | None) -> list[EventFact]:
    mentions = [m for m in find_dates(intro.text, page_date=page_date) if m.value]
    if not mentions:
        return []
    mention = max(mentions, key=_precision)
    return [EventFact(what=f"{intro.text.rstrip(': ')}: {item}", date=mention.value, date_text=mention.text,
                      start=start, end=end)
            for start, end, item in list_items_after(text, intro)]


def _precision(mention: DateMention) -> int:
    return len(mention.value or "")


def _what(sentence: Sentence) -> str:
    what = sentence.text.strip().lstrip(OPENING_QUOTES)
    return what if len(what) <= MAX_WHAT_CHARS else what[:MAX_WHAT_CHARS].rsplit(" ", 1)[0] + "…"


def extract_events(text: str, sentences: list[Sentence], *, page_date: str | None) -> list[EventFact]:
    """One event per dated sentence (per distinct date), plus reported actions at the page date.

    A dated sentence that introduces a list ("In 2024, enterprises produced:") gives one event per
    item too, with the item as its snippet.
    """
    events: list[EventFact] = []
    for sentence in sentences:
        if sentence.text.rstrip().endswith(":"):
            events.extend(_list_events(text, sentence, page_date))
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


def date_mentions(article: ParsedArticle) -> list[DateMention]:
    """Every date expression of the article, resolved, with article offsets."""
    return [DateMention(sentence.start + m.start, sentence.start + m.end, m.text, m.value, m.relative)
            for sentence in article.sentences for m in find_dates(sentence.text, page_date=article.date)]


@component("events", writes="events")
def events_component(article: ParsedArticle) -> list[EventFact]:
    return extract_events(article.text, article.sentences, page_date=article.date)
