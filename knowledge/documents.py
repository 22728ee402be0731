"""Articles that arrive as uploaded documents: check, extract, store, and say what was learned.

No Telegram here: the bot hands over a file name, its declared size and (once that passed) its
bytes. Extraction is CPU-bound, so it runs in a worker thread and the event loop keeps answering.
The extraction pipeline (spaCy, trafilatura) is imported with the first document, so a bot that
only answers questions never loads it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath

from knowledge.store.writer import KnowledgeStore

MAX_NAMES = 8


class DocumentRefused(ValueError):
    """A document that will not be ingested; the message is the one-line reason for the user."""


@dataclass(frozen=True)
class Learned:
    """What one uploaded article added to the knowledge base."""

    file_name: str
    status: str  # new | replaced | duplicate | unchanged
    title: str | None = None
    page_date: str | None = None
    known_since: datetime | None = None
    duplicate_of: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    new_people: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    deals: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.status in ("duplicate", "unchanged")


def check_document(file_name: str | None, size: int | None, *, max_bytes: int) -> str:
    """The safe file name to store the document under, or DocumentRefused with the reason."""
    from knowledge.ingest import ARTICLE_SUFFIXES

    name = PurePath((file_name or "").replace("\\", "/")).name.strip()
    if not name:
        raise DocumentRefused("the document has no file name; send a .txt, .md or .html file")
    suffix = PurePath(name).suffix.casefold()
    if suffix not in ARTICLE_SUFFIXES:
        raise DocumentRefused(f"unsupported file type {suffix or '(none)'}: send a .txt, .md or .html file")
    if size is not None and size > max_bytes:
        raise DocumentRefused(f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    return name


def _unique(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return tuple(seen)


async def ingest_document(store: KnowledgeStore, file_name: str, data: bytes, *, max_bytes: int) -> Learned:
    """Ingest one uploaded article; DocumentRefused for bad input, Learned otherwise."""
    from knowledge.ingest import ArticleRejected, process_bytes

    name = check_document(file_name, len(data), max_bytes=max_bytes)
    try:
        processed, digest = await asyncio.to_thread(process_bytes, name, data)
    except ArticleRejected as exc:
        raise DocumentRefused(str(exc)) from None
    outcome = await store.save_article(processed, digest)
    if outcome.status in ("duplicate", "unchanged"):
        return Learned(name, outcome.status, known_since=outcome.known_since,
                       duplicate_of=outcome.duplicate_of or name)
    facts = processed.facts
    deals = [" · ".join(filter(None, [deal.status, ", ".join(deal.parties), deal.what])) for deal in facts.deals]
    events = [" ".join(filter(None, [event.date or event.date_text, event.what])) for event in facts.events]
    return Learned(
        name, outcome.status, title=processed.title, page_date=processed.page_date.date, counts=dict(outcome.counts),
        new_people=outcome.new_people[:MAX_NAMES],
        speakers=_unique([q.speaker or "" for q in facts.quotes])[:MAX_NAMES],
        events=_unique(events)[:MAX_NAMES], deals=_unique(deals)[:MAX_NAMES],
    )
