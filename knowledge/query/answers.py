"""Typed answer records: what every command returns, before anyone renders or serialises it.

An :class:`Answer` holds the question and its facts, best first; each fact is one record per kind
of the JSON answer contract (``person``, ``quote``, ``event``, ``deal``, ``article``, ``passage``)
with a verbatim ``snippet`` and the :class:`Source` it was read from. Renderers (Telegram HTML,
the terminal) read these fields; :mod:`knowledge.query.contract` is the one place that turns them
into the contract's JSON. Field order is the contract's key order. ``found_at`` marks an event or
deal read from its sentence at question time (:mod:`knowledge.query.recall`) rather than stored at
ingest; the contract writes it only when set, so other answers keep their JSON as it was.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar


class _NotRead(enum.Enum):
    NOT_READ = "not read"


#: A field its producer did not read (a /check deal carries no ``date_text``): the key is left out.
NOT_READ = _NotRead.NOT_READ


@dataclass(frozen=True, kw_only=True)
class Source:
    """The article a fact comes from, with the date the page states for itself."""

    article: str  # the ingested file's name
    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    date_kind: str = "unknown"  # stated | inferred | unknown


@dataclass(frozen=True, kw_only=True)
class PersonRecord:
    kind: ClassVar[str] = "person"
    name: str
    role: str | None
    snippet: str
    source: Source


@dataclass(frozen=True, kw_only=True)
class QuoteRecord:
    kind: ClassVar[str] = "quote"
    speaker: str | None
    text: str
    snippet: str
    source: Source


@dataclass(frozen=True, kw_only=True)
class EventRecord:
    kind: ClassVar[str] = "event"
    what: str
    date: str | None  # ISO at the precision the text supports: 2024, 2024-04 or 2024-04-05
    date_text: str | None  # the words the date was read from
    snippet: str
    source: Source
    found_at: str | None = None  # "question": read from the sentence at question time, not a stored fact


@dataclass(frozen=True, kw_only=True)
class DealRecord:
    kind: ClassVar[str] = "deal"
    parties: tuple[str, ...]
    what: str
    status: str
    date: str | None
    date_text: str | _NotRead | None = NOT_READ
    snippet: str
    source: Source
    found_at: str | None = None  # as EventRecord.found_at


@dataclass(frozen=True, kw_only=True)
class ArticleRecord:
    """One ingested article (``/sources``): the snippet is the words its date was read from, or its title."""

    kind: ClassVar[str] = "article"
    title: str | None
    snippet: str
    source: Source


@dataclass(frozen=True, kw_only=True)
class PassageRecord:
    kind: ClassVar[str] = "passage"
    snippet: str
    source: Source


FactRecord = PersonRecord | QuoteRecord | EventRecord | DealRecord | ArticleRecord | PassageRecord


@dataclass(frozen=True, kw_only=True)
class Answer:
    """One command's answer. ``verdict`` and ``reason`` belong to /check, ``suggestions`` to /who."""

    command: str
    query: str
    verdict: str | None = None
    facts: tuple[FactRecord, ...] = ()
    suggestions: tuple[str, ...] | None = None  # close names, when nothing matched
    reason: str | None = None
    error: str | None = None  # bad usage or an internal failure, one line
    more: bool | None = None  # /sources: True when there are more articles than are listed


__all__ = ["NOT_READ", "Answer", "ArticleRecord", "DealRecord", "EventRecord", "FactRecord", "PassageRecord",
           "PersonRecord", "QuoteRecord", "Source"]
