"""Page dates: the day a real HTML page states for itself, against Postlight Parser's expected dates.

Rows: factdesk (``find_html_page_date``) and htmldate alone (original publication date, fast and
extensive modes). A page is scored when its test expects a date (the 4 ``null`` records say only
that Postlight's extractor returns none, not that the page states none).

The gold is a UTC instant, while the page prints a local day: ``2019-03-04T15:00:00Z`` is March 5 on
a Japanese page. So the accepted day is ``html_local_date`` where the dataset found the instant
spelled out in the page with a local offset (``-05:00``, ``+09:00``); elsewhere (no such string, or
only a UTC one) any day the instant falls on between UTC-10 and UTC+10, which is the UTC day or one
neighbour, never both.

Postlight saved its fixtures after its own parser had renamed every ``<meta content=...>`` to
``value=`` (its ``normalizeMetaTags``); pages are read with the attribute restored, as published.

"stated but wrong" counts dates given as the page's own that are not an accepted day: the error
that corrupts every relative date of an article, and that ``unknown`` avoids.

A last row dates the plain-text seed articles (``seeds/``) against ``../shared/eval/seeds_dates.json``
(``null``: the page states no date, so any stated date is wrong).
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bench.scorers import Score
from knowledge.facts import PageDate

ROOT = Path(__file__).resolve().parents[2]
DATASET = "postlight-pagedates"
SEEDS = ROOT / "seeds"
SEED_DATES = Path("..") / "eval" / "seeds_dates.json"  # beside the data sets folder
PAGES_FILE = Path(DATASET) / "pages.jsonl.gz"
EARLIEST_OFFSET = timedelta(hours=-10)
LATEST_OFFSET = timedelta(hours=10)
UTC_SUFFIX_RE = re.compile(r"(?:Z|[+-]00:?00)$")
META_VALUE_RE = re.compile(r"(<meta\b[^>]*?\s)value=", re.I)


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    html: str
    accepted: frozenset[str]  # ISO days that count as right


@dataclass(frozen=True)
class Answer:
    date: str | None
    kind: str  # "stated", "inferred" or "unknown"


Dater = Callable[[Page], Answer]


def accepted_days(row: dict) -> frozenset[str]:
    """The local days the page may print for the expected instant (see module doc)."""
    stated = row.get("html_datetime_string") or ""
    if row.get("html_local_date") and "T" in stated and not UTC_SUFFIX_RE.search(stated):
        return frozenset({row["html_local_date"]})
    value = row["expected_published"]
    if row["assertion"] != "exact":  # a date already formatted, without an instant
        return frozenset({row["expected_date_utc"]})
    instant = datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    first, last = (instant + EARLIEST_OFFSET).date(), (instant + LATEST_OFFSET).date()
    return frozenset((first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1))


def load_pages(datasets: Path, *, limit: int | None = None) -> list[Page]:
    pages: list[Page] = []
    with gzip.open(datasets / PAGES_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["assertion"] == "null":
                continue
            html = META_VALUE_RE.sub(r"\1content=", row["html"])
            pages.append(Page(row["id"], row["url"], html, accepted_days(row)))
            if limit is not None and len(pages) >= limit:
                break
    return pages


def factdesk_dater(pages: list[Page]) -> Dater:
    """factdesk as the pipeline calls it: on the raw HTML and the cleaned text (cleaned up front,
    so that the timing is the dating alone)."""
    from knowledge.pages.clean import clean_html
    from knowledge.pages.pagedate import find_html_page_date

    cleaned = {page.id: clean_html(page.html) for page in pages}

    def date_page(page: Page) -> Answer:
        found = find_html_page_date(page.html, cleaned[page.id].text, title=cleaned[page.id].title)
        return Answer(found.date, found.kind)

    return date_page


def htmldate_dater(*, extensive: bool) -> Dater:
    from htmldate import find_date

    def date_page(page: Page) -> Answer:
        found = find_date(page.html, url=page.url, original_date=True, extensive_search=extensive)
        return Answer(found, "stated" if found else "unknown")

    return date_page


def _run(name: str, dater: Dater, pages: list[Page]) -> Score:
    answers: list[tuple[Page, Answer]] = []
    started = time.perf_counter()
    for page in pages:
        answers.append((page, dater(page)))
    per_page_ms = (time.perf_counter() - started) * 1000 / max(len(pages), 1)
    given = [(page, answer) for page, answer in answers if answer.date]
    right = sum(answer.date in page.accepted for page, answer in given)
    stated_wrong = sum(answer.kind == "stated" and answer.date not in page.accepted for page, answer in given)
    inferred = sum(answer.kind == "inferred" for _, answer in given)
    note = (f"stated but wrong {stated_wrong} ({stated_wrong / max(len(pages), 1):.1%}); "
            f"inferred {inferred}; unknown {len(pages) - len(given)}; {per_page_ms:.1f} ms/page")
    return Score(name, DATASET, "exact day", len(pages), len(given), right, note)


def date_file(path: Path) -> PageDate:
    """A file's page date as ingest finds it: HTML through its markup, text through its header."""
    from knowledge.extract.pipeline import is_html
    from knowledge.pages.clean import clean_html, clean_text
    from knowledge.pages.pagedate import find_html_page_date, find_page_date

    raw = path.read_text(encoding="utf-8", errors="replace")
    if is_html(path.name, raw):
        page = clean_html(raw, file_name=path.name)
        return find_html_page_date(raw, page.text, title=page.title)
    return find_page_date(raw, title=clean_text(raw, file_name=path.name).title)


def score_corpus(label: str, corpus: Path, gold: dict[str, str | None]) -> Score:
    """A folder of article files against ``{file name: ISO day or null}`` (null: the page states no
    date, so any stated date is wrong)."""
    predicted = right = stated_wrong = 0
    for name, want in gold.items():
        found = date_file(corpus / name)
        predicted += found.date is not None
        right += found.date is not None and found.date == want
        stated_wrong += found.kind == "stated" and found.date != want
    dated = sum(want is not None for want in gold.values())
    note = f"stated but wrong {stated_wrong}; {len(gold) - dated} of {len(gold)} pages state no date"
    return Score("pagedate", label, "exact day", dated, predicted, right, note)


def score_seeds(datasets: Path) -> Score | None:
    gold_file = datasets / SEED_DATES
    if not gold_file.is_file():
        return None
    return score_corpus("seeds (plain text)", SEEDS, json.loads(gold_file.read_text(encoding="utf-8")))


def score(datasets: Path, *, limit: int | None = None) -> list[Score]:
    pages = load_pages(datasets, limit=limit)
    rows = [
        _run("pagedate", factdesk_dater(pages), pages),
        _run("htmldate-fast", htmldate_dater(extensive=False), pages),
        _run("htmldate-ext", htmldate_dater(extensive=True), pages),
    ]
    seeds = score_seeds(datasets)
    return rows + ([seeds] if seeds else [])
