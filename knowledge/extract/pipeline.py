"""The extraction pipeline for one article: clean -> date -> extract -> resolve (within the article).

Pure and CPU-bound: it takes the page as text and returns records; storing them and merging
entities across articles is the store's job (:mod:`knowledge.ingest`). Each step is a module of
its own so that it can be improved and tested alone; this module only wires them and times them.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from knowledge.extract.deals import extract_deals
from knowledge.extract.events import extract_events
from knowledge.extract.parse import named_entities
from knowledge.extract.people import extract_people
from knowledge.extract.quotes import extract_quotes
from knowledge.facts import ArticleFacts, PageDate, PersonFact, QuoteFact, Sentence
from knowledge.limits import ArticleRejected, Deadline, check_deadline, deadline_of
from knowledge.pages.clean import CleanedPage, clean_html, clean_text
from knowledge.pages.pagedate import find_html_page_date, find_page_date
from knowledge.text.names import fold
from knowledge.text.sentences import paragraph_spans, split_sentences

HTML_SUFFIXES = (".html", ".htm")
HTML_TAG_RE = re.compile(r"<(?:[a-z][a-z0-9-]*|!--|!doctype)[\s>/]", re.IGNORECASE)


@dataclass
class ProcessedArticle:
    file_name: str
    title: str | None
    text: str
    page_date: PageDate
    sentences: list[Sentence]
    facts: ArticleFacts
    source_snippet: str | None = None  # verbatim words for /sources: the date line, else the headline
    timings: dict[str, float] = field(default_factory=dict)


def is_html(file_name: str, raw: str) -> bool:
    """Markup by its start, or an .html/.htm file that holds a tag (plain text saved as .html is text)."""
    head = raw.lstrip()[:500].casefold()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return file_name.casefold().endswith(HTML_SUFFIXES) and HTML_TAG_RE.search(raw) is not None


def process_article(raw: str, file_name: str, *, deadline: Deadline | None = None) -> ProcessedArticle:
    """Run every extraction step on one page.

    A page with no article text after cleaning is refused (:class:`ArticleRejected`); with a
    ``deadline``, so is a page whose extraction runs past it (checked between and inside the steps).
    """
    with deadline_of(deadline):
        return _process(raw, file_name)


def _process(raw: str, file_name: str) -> ProcessedArticle:
    timings: dict[str, float] = defaultdict(float)

    def timed(step: str, func, *args, **kwargs):
        started = time.perf_counter()
        result = func(*args, **kwargs)
        timings[step] += time.perf_counter() - started
        check_deadline()
        return result

    html = is_html(file_name, raw)
    page: CleanedPage = timed("clean", clean_html if html else clean_text, raw, file_name=file_name)
    if html:
        page_date: PageDate = timed("date", find_html_page_date, raw, page.text, title=page.title)
    else:
        page_date = timed("date", find_page_date, raw, title=page.title)
    text = page.text
    if not text.strip():
        raise ArticleRejected("no article text (nothing left after removing the page's navigation and boilerplate)")
    sentences = timed("sentences", split_sentences, text)
    entities = timed("ner", named_entities, text, paragraph_spans(text))
    people, mentions = timed("people", extract_people, text, sentences, entities)
    quotes = timed("quotes", extract_quotes, text, sentences, people, mentions)
    people = _people_worth_keeping(people, quotes)
    events = timed("events", extract_events, text, sentences, page_date=page_date.date)
    people_names = {fold(alias) for person in people for alias in person.aliases}
    deals = timed("deals", extract_deals, text, sentences, entities, page_date=page_date.date,
                  people_names=people_names)
    organisations = sorted({p for deal in deals for p in deal.parties})
    facts = ArticleFacts(people=people, organisations=organisations, quotes=quotes, events=events, deals=deals)
    return ProcessedArticle(file_name=file_name, title=page.title, text=text, page_date=page_date,
                            sentences=sentences, facts=facts, source_snippet=_source_snippet(raw, page, sentences),
                            timings=dict(timings))


def _people_worth_keeping(people: list[PersonFact], quotes: list[QuoteFact]) -> list[PersonFact]:
    """A one-word "person" with no role and no quote is more often an outlet or a brand than a person."""
    speakers = {q.speaker for q in quotes}
    return [p for p in people if len(p.name.split()) > 1 or p.roles or p.name in speakers]


def _source_snippet(raw: str, page: CleanedPage, sentences: list[Sentence]) -> str | None:
    """Words that stand for the article and occur verbatim in the file."""
    if page.title and page.title in raw:
        return page.title
    return sentences[0].text if sentences else None
