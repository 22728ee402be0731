"""Articles that arrive as uploaded documents: check, extract, store, and say what was learned.

No Telegram here: the bot hands over a file name, the upload's id, its declared size and (once
that passed) its bytes. An upload is a source of its own (its id is its identity, its file name
what answers cite), so a second document that happens to share a name adds an article instead of
replacing one. Extraction runs in a worker process (or thread), so the event loop keeps answering.
The extraction pipeline (spaCy, trafilatura) is imported with the first document, so a bot that
only answers questions never loads it.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from knowledge.limits import ArticleLimits
from knowledge.pages.files import ARTICLE_SUFFIXES
from knowledge.sources import Source, printable
from knowledge.store.db import StoreBusy
from knowledge.store.writer import KnowledgeStore

if TYPE_CHECKING:
    from knowledge.ingest import FileResult

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
    replaced_bytes: int = 0  # bytes that could not be decoded
    article_id: int | None = None

    @property
    def known(self) -> bool:
        return self.status in ("duplicate", "unchanged")


def check_document(file_name: str | None, size: int | None, *, max_bytes: int) -> str:
    """The safe file name to store the document under, or DocumentRefused with the reason."""
    name = printable(PurePath((file_name or "").replace("\\", "/")).name.strip())
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


async def ingest_document(store: KnowledgeStore, file_name: str, data: bytes, *, upload_id: str,
                          limits: ArticleLimits, executor: Executor | None = None) -> Learned:
    """Ingest one uploaded article (extracted on ``executor``); DocumentRefused for bad input, Learned otherwise."""
    from knowledge.ingest import ingest_bytes  # the pipeline (spaCy) loads with the first document

    name = check_document(file_name, len(data), max_bytes=limits.max_bytes)
    try:
        result = await ingest_bytes(store, data, source=Source.upload(upload_id, name), limits=limits,
                                    executor=executor)
    except StoreBusy as exc:
        raise DocumentRefused(str(exc)) from None
    return learned_from(result, name)


def learned_from(result: FileResult, name: str) -> Learned:
    """What an ingest result added, for the reply; DocumentRefused when it failed."""
    outcome, processed = result.outcome, result.processed
    if result.status == "failed" or outcome is None:
        raise DocumentRefused(result.reason or "could not be processed")
    if processed is None or outcome.status == "unchanged" or outcome.duplicate_of is not None:  # stored already
        status = outcome.status if outcome.status != "replaced" else "duplicate"
        return Learned(name, status, known_since=outcome.known_since, duplicate_of=outcome.duplicate_of or name,
                       article_id=outcome.article_id)
    facts = processed.facts
    deals = [" · ".join(filter(None, [deal.status, ", ".join(deal.parties), deal.what])) for deal in facts.deals]
    events = [" ".join(filter(None, [event.date or event.date_text, event.what])) for event in facts.events]
    return Learned(
        name, outcome.status, title=processed.title, page_date=processed.page_date.date, counts=dict(outcome.counts),
        new_people=outcome.new_people[:MAX_NAMES],
        speakers=_unique([q.speaker or "" for q in facts.quotes])[:MAX_NAMES],
        events=_unique(events)[:MAX_NAMES], deals=_unique(deals)[:MAX_NAMES], replaced_bytes=result.replaced_bytes,
        article_id=outcome.article_id,
    )
