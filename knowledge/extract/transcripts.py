"""Broadcast transcripts: "JON SIEBEN: It is a shame that funding has been cut ..." is Jon Sieben's words.

Radio and TV transcripts put the speaker's name in capitals before a colon and no quote marks around
what is said. A page reads as a transcript only when it has at least ``MIN_LABELS`` such labels; then a
labelled paragraph, and the unlabelled paragraphs after it up to the next label, are the labelled
speaker's, provided the label names a person the article's people step found (so "REPORTER:" or a
headline in capitals speaks for nobody).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.extract.article import ParsedArticle
from knowledge.extract.quote_spans import MIN_QUOTE_WORDS
from knowledge.facts import QuoteFact
from knowledge.text.names import fold
from knowledge.text.sentences import paragraph_spans

MIN_LABELS = 2
LABEL_RE = re.compile(r"(?P<label>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){1,3}):\s+(?=\S)")


def transcript_quotes(article: ParsedArticle, has_quote: Callable[[int, int], bool]) -> list[QuoteFact]:
    """Quotes of a transcript's labelled speakers; ``has_quote(start, end)`` tells paragraphs that hold
    marked quotes (read by the quote step itself)."""
    text = article.text
    paragraphs = paragraph_spans(text)
    labelled = {start: match for start, _ in paragraphs if (match := LABEL_RE.match(text, start))}
    if len(labelled) < MIN_LABELS:
        return []
    people = {fold(person.name): person.name for person in article.facts.people}
    found: list[QuoteFact] = []
    speaker: str | None = None
    for start, end in paragraphs:
        match = labelled.get(start)
        if match is not None:
            speaker = people.get(fold(match["label"].title()))
            body_start = match.end()
        elif speaker is None:
            continue
        else:
            body_start = start
        if speaker is None or has_quote(start, end):
            continue
        body = text[body_start:end].strip()
        if len(body.split()) >= MIN_QUOTE_WORDS and article.block_kind(start) == "paragraph":
            offset = body_start + text[body_start:end].find(body)
            found.append(QuoteFact(speaker=speaker, text=body, start=start, end=offset + len(body)))
    return found
