"""What every extraction component reads and writes: one parsed article, and the component contract.

Modelled on spaCy's pipeline: a component is a named callable that reads a :class:`ParsedArticle`
(cleaned text with its block kinds, our sentences, the dependency parse, entities, the page date and
the facts earlier components wrote) and returns the facts it found; the pipeline stores them under
the component's ``writes`` attribute of :class:`knowledge.facts.ArticleFacts`. Finding is separate
from storing, and every component has a scorer in ``bench/scorers/``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.tokens import Span

from knowledge.extract.parse import NamedSpan, Parse
from knowledge.facts import ArticleFacts, PageDate, Sentence
from knowledge.pages.clean import Block


@dataclass
class ParsedArticle:
    """One article as the extraction components see it. Offsets index ``text``."""

    name: str
    title: str | None
    text: str
    blocks: Sequence[Block]
    page_date: PageDate
    sentences: list[Sentence]
    parse: Parse
    entities: list[NamedSpan]
    facts: ArticleFacts = field(default_factory=ArticleFacts)
    _sentence_starts: list[int] = field(default_factory=list, init=False, repr=False)
    _block_starts: list[int] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self._sentence_starts = [s.start for s in self.sentences]
        self._block_starts = [b.start for b in self.blocks]

    @property
    def date(self) -> str | None:
        """The page's stated (or inferred) date, ISO, against which relative dates resolve."""
        return self.page_date.date

    def sentence_index(self, offset: int) -> int | None:
        """Index of the sentence holding ``offset``, or None between sentences."""
        index = bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return index
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        index = self.sentence_index(offset)
        return self.sentences[index] if index is not None else None

    def block_at(self, offset: int) -> Block | None:
        index = bisect_right(self._block_starts, offset) - 1
        if index >= 0 and offset < self.blocks[index].end:
            return self.blocks[index]
        return None

    def block_kind(self, offset: int) -> str:
        """``paragraph``, ``list_item`` or ``heading`` (``paragraph`` where the cleaner gave no blocks)."""
        block = self.block_at(offset)
        return block.kind if block is not None else "paragraph"

    def parsed_sentences(self) -> Iterator[tuple[Sentence, Span]]:
        """Each sentence with its tokens."""
        for sentence in self.sentences:
            span = self.parse.sentence(sentence)
            if span is not None:
                yield sentence, span

    def entities_in(self, start: int, end: int) -> list[NamedSpan]:
        return [e for e in self.entities if start <= e.start and e.end <= end]


class Component(Protocol):
    """One extraction step: reads the article, returns the facts it found."""

    name: str  # shown in logs and timings: "people", "quotes", ...
    writes: str  # the ArticleFacts attribute the pipeline stores the result under

    def __call__(self, article: ParsedArticle) -> list[Any]: ...


@dataclass(frozen=True)
class FunctionComponent:
    """A component made from a plain function (see :func:`component`)."""

    name: str
    writes: str
    func: Callable[[ParsedArticle], list[Any]]

    def __call__(self, article: ParsedArticle) -> list[Any]:
        return self.func(article)


def component(name: str, *, writes: str) -> Callable[[Callable[[ParsedArticle], list[Any]]], FunctionComponent]:
    """Declare a function ``(article) -> facts`` as a pipeline component, like spaCy's ``@Language.component``."""
    if writes not in ArticleFacts.__dataclass_fields__:
        raise ValueError(f"component {name!r} writes unknown facts {writes!r}")

    def wrap(func: Callable[[ParsedArticle], list[Any]]) -> FunctionComponent:
        return FunctionComponent(name, writes, func)

    return wrap
