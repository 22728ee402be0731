"""The extraction pipeline for one article: clean -> date -> sentences -> parse -> components.

Pure and CPU-bound: it takes the page as text and returns records; storing them and merging
entities across articles is the store's job (:mod:`knowledge.ingest`). Each component is a module
of its own (:mod:`knowledge.extract.article` has the contract); this module only runs them in
order and times them. A component that raises is logged with the article and skipped: the article
keeps the facts of every other component.
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from knowledge.extract.article import Component, ParsedArticle
from knowledge.extract.deals import deals_component, organisations_component
from knowledge.extract.events import events_component
from knowledge.extract.parse import parse
from knowledge.extract.people import keep_people_component, people_component
from knowledge.extract.quotes import quotes_component
from knowledge.facts import ArticleFacts, PageDate, Sentence
from knowledge.limits import ArticleRejected, Deadline, check_deadline, deadline_of
from knowledge.pages.authors import author_notes
from knowledge.pages.clean import Block, CleanedPage, clean_html, clean_text, with_author_notes
from knowledge.pages.htmlheader import parse_html
from knowledge.pages.pagedate import find_html_page_date, find_page_date
from knowledge.text.sentences import paragraph_spans, split_sentences

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm")
HTML_TAG_RE = re.compile(r"<(?:[a-z][a-z0-9-]*|!--|!doctype)[\s>/]", re.IGNORECASE)

# In order: later components read what earlier ones wrote (quotes read people, deals read people).
COMPONENTS: tuple[Component, ...] = (
    people_component,
    quotes_component,
    keep_people_component,
    events_component,
    deals_component,
    organisations_component,
)


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
    failed_components: tuple[str, ...] = ()  # components that raised on this article


def is_html(file_name: str, raw: str) -> bool:
    """Markup by its start, or an .html/.htm file that holds a tag (plain text saved as .html is text)."""
    head = raw.lstrip()[:500].casefold()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return file_name.casefold().endswith(HTML_SUFFIXES) and HTML_TAG_RE.search(raw) is not None


def _timed(timings: dict[str, float], step: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    result = func(*args, **kwargs)
    timings[step] += time.perf_counter() - started
    check_deadline()
    return result


def process_article(raw: str, file_name: str, *, deadline: Deadline | None = None,
                    components: Sequence[Component] = COMPONENTS) -> ProcessedArticle:
    """Run every extraction step on one page.

    A page with no article text after cleaning is refused (:class:`ArticleRejected`); with a
    ``deadline``, so is a page whose extraction runs past it (checked between and inside the steps).
    """
    with deadline_of(deadline):
        return _process(raw, file_name, components)


def _process(raw: str, file_name: str, components: Sequence[Component]) -> ProcessedArticle:
    timings: dict[str, float] = defaultdict(float)
    html = is_html(file_name, raw)
    page: CleanedPage = _timed(timings, "clean", clean_html if html else clean_text, raw, file_name=file_name)
    if html:
        tree = _timed(timings, "date", parse_html, raw)  # one parse for the page date and the author notes
        page_date: PageDate = _timed(timings, "date", find_html_page_date, raw, page.text, title=page.title, tree=tree)
        if page.text.strip():
            page = with_author_notes(page, _timed(timings, "authors", author_notes, tree))
    else:
        page_date = _timed(timings, "date", find_page_date, raw, title=page.title)
    if not page.text.strip():
        raise ArticleRejected("no article text (nothing left after removing the page's navigation and boilerplate)")
    article = _extract(page.text, file_name, page.title, page.blocks, page_date, components, timings)
    return ProcessedArticle(file_name=file_name, title=page.title, text=page.text, page_date=page_date,
                            sentences=article.sentences, facts=article.facts,
                            source_snippet=_source_snippet(raw, page, article.sentences), timings=dict(timings),
                            failed_components=article.failed)


def process_text(text: str, *, page_date: str | None = None, name: str = "text",
                 components: Sequence[Component] = COMPONENTS) -> ProcessedArticle:
    """Run sentences -> parse -> components on text that is clean already (labelled data sets, one passage).

    ``page_date`` (ISO) is taken as the page's stated date: relative dates resolve against it.
    """
    timings: dict[str, float] = defaultdict(float)
    stated = PageDate(page_date, "stated" if page_date else "unknown")
    article = _extract(text, name, None, (), stated, components, timings)
    return ProcessedArticle(file_name=name, title=None, text=text, page_date=stated, sentences=article.sentences,
                            facts=article.facts, timings=dict(timings), failed_components=article.failed)


def parse_text(text: str, *, name: str = "text", page_date: PageDate | None = None) -> ParsedArticle:
    """The parsed article for text that is clean already, before any component ran (scorers, tests)."""
    return _parsed(text, name, None, (), page_date or PageDate(None, "unknown"), defaultdict(float))


@dataclass
class _Extracted:
    sentences: list[Sentence]
    facts: ArticleFacts
    failed: tuple[str, ...]


def _extract(text: str, name: str, title: str | None, blocks: Sequence[Block], page_date: PageDate,
             components: Sequence[Component], timings: dict[str, float]) -> _Extracted:
    """Sentences, parse and components: the steps after cleaning and the page date."""
    article = _parsed(text, name, title, blocks, page_date, timings)
    failed = run_components(article, components, timings)
    return _Extracted(article.sentences, article.facts, failed)


def _parsed(text: str, name: str, title: str | None, blocks: Sequence[Block], page_date: PageDate,
            timings: dict[str, float]) -> ParsedArticle:
    sentences = _timed(timings, "sentences", split_sentences, text)
    parsed = _timed(timings, "parse", parse, text, sentences, paragraph_spans(text))
    return ParsedArticle(name=name, title=title, text=text, blocks=blocks, page_date=page_date,
                         sentences=sentences, parse=parsed, entities=parsed.entities())


def run_components(article: ParsedArticle, components: Sequence[Component],
                   timings: dict[str, float]) -> tuple[str, ...]:
    """Run each component and store what it returns; a component that raises is logged and skipped."""
    failed: list[str] = []
    for step in components:
        started = time.perf_counter()
        try:
            found = step(article)
        except Exception:
            log.exception("extraction step %s failed on %s; the article keeps its other facts",
                          step.name, article.name)
            failed.append(step.name)
            continue
        finally:
            timings[step.name] += time.perf_counter() - started
        setattr(article.facts, step.writes, found)
    return tuple(failed)


def _source_snippet(raw: str, page: CleanedPage, sentences: list[Sentence]) -> str | None:
    """Words that stand for the article and occur verbatim in the file."""
    if page.title and page.title in raw:
        return page.title
    return sentences[0].text if sentences else None
