"""Plain records that flow between the extraction steps and the store.

Offsets (``start``/``end``) always index the article's cleaned text, and every snippet is
``text[start:end]``: a verbatim run of the source, never rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DateKind = Literal["stated", "inferred", "unknown"]
DealStatus = Literal["signed", "agreed", "negotiating", "planned", "announced", "ongoing", "discussed"]
DEAL_STATUSES: tuple[str, ...] = ("signed", "agreed", "negotiating", "planned", "announced", "ongoing", "discussed")


@dataclass(frozen=True)
class PageDate:
    """The date a page states for itself, and the words it was read from."""

    date: str | None  # ISO YYYY-MM-DD
    kind: DateKind
    evidence: str | None = None  # verbatim words of the page the date was read from
    reason: str | None = None  # for inferred dates: what the guess rests on


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence, resolved as far as the text supports."""

    start: int  # offsets into the sentence/text that was searched
    end: int
    text: str  # the words as written ("last fall", "on April 5, 2024")
    value: str | None  # ISO at the precision the text supports: "2024", "2024-04", "2024-04-05"
    relative: bool = False


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class RoleFact:
    role: str
    start: int  # snippet span
    end: int


@dataclass
class PersonFact:
    """One person as seen in one article, with every spelling the article used."""

    name: str
    aliases: set[str] = field(default_factory=set)
    roles: list[RoleFact] = field(default_factory=list)
    start: int = 0  # snippet span of the best mention (first one with a role, else the first)
    end: int = 0
    mentions: list[tuple[int, int]] = field(default_factory=list)  # every place the article names them


@dataclass
class QuoteFact:
    speaker: str | None  # full name of a PersonFact of the same article, or an organisation
    text: str
    start: int  # snippet span (covers the quote and its attribution)
    end: int


@dataclass
class EventFact:
    what: str
    date: str | None
    date_text: str | None
    start: int
    end: int
    people: list[str] = field(default_factory=list)


@dataclass
class DealFact:
    parties: list[str]
    what: str
    status: str
    date: str | None
    date_text: str | None
    start: int
    end: int


@dataclass
class ArticleFacts:
    people: list[PersonFact] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    quotes: list[QuoteFact] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    deals: list[DealFact] = field(default_factory=list)
