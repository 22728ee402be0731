"""Question-time recall: when the stored facts do not answer /when or /deals, read the best sentences again.

The stored facts are what the extraction components found when an article was ingested. A gap
there (a component that failed on that article, an archive ingested before a component learnt a
construction) leaves sentences that plainly answer a question with no fact to answer from. So when
the stored facts give nothing, the few sentences of such articles (the article's ``extracted_by`` is
not the current extraction's digest) that cover the question best are parsed, each with
the sentences either side (what "the next day" counts from, "the agreement" that completes it), and
run through the same components as ingest, against the page date the article states. What they
find in those sentences is returned marked ``found_at="question"``; the command applies the same
topic and party tests as to stored facts.

The work is bounded: at most ``MAX_SENTENCES`` sentences, chosen among the full-text hits the
command read already, and one short read of their text. The parser is imported and loaded here
only, so a question the stored facts answer never pays for it (see bench/cold_start.py).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from knowledge.extraction_code import extraction_digest
from knowledge.facts import ArticleFacts, PageDate
from knowledge.query.answers import Source
from knowledge.query.retrieval import SOURCE_COLUMNS, Hit, QueryContext, Spans, source_from
from knowledge.store.schema import article_table, passage_table
from knowledge.text.names import fold
from knowledge.text.sentences import LIST_ITEM_MAX_WORDS

#: Sentences read again per question: a few, so the answer stays interactive.
MAX_SENTENCES = 4
#: Sentences a list item may stand after the sentence that introduces its list.
LIST_REACH = 16
FOUND_AT_QUESTION = "question"


@dataclass(frozen=True)
class RecalledFacts:
    """What the components found in the text read around one sentence (offsets index ``text``)."""

    hit: Hit
    text: str  # the article's text from the sentence before the hit to the one after it
    sentence: tuple[int, int]  # the hit's sentence in ``text``
    title: str | None
    source: Source
    facts: ArticleFacts

    def snippet(self, start: int, end: int) -> str:
        """The fact's verbatim words."""
        return self.text[start:end].strip()

    def about_sentence(self, start: int, end: int, what: str) -> bool:
        """Whether a fact is the hit's: its span overlaps the sentence, or it names the sentence's words
        (a list item, read as one deal or event with the sentence that introduces the list)."""
        if start < self.sentence[1] and self.sentence[0] < end:
            return True
        words = self.text[self.sentence[0]:self.sentence[1]].strip().rstrip(",;.")
        return bool(words) and fold(words) in fold(what)


def best_sentences(spans: Spans, covered: Callable[..., float], titles: dict[int, str | None],
                   minimum: float, *, limit: int = MAX_SENTENCES) -> list[Hit]:
    """The hits in the articles of ``titles`` that cover the query at least ``minimum`` (with the
    article's title), best first."""
    scored = []
    for article_id, hits in spans.items():
        if article_id not in titles:
            continue  # its stored facts are complete
        title = titles[article_id] or ""
        for hit in hits:
            share = covered(hit.text, title)
            if share >= minimum:
                scored.append((share, hit.rank, -hit.id, hit))
    scored.sort(key=lambda s: s[:3], reverse=True)
    return [hit for *_, hit in scored[:limit]]


async def to_read_again(ctx: QueryContext, article_ids: Sequence[int]) -> dict[int, str | None]:
    """Article id -> title, of the articles whose stored facts may be incomplete.

    An article the current extraction code stored facts for, with no component failing, would give
    the same facts again: it is not read again (see :mod:`knowledge.extraction_code`).
    """
    if not article_ids:
        return {}
    articles = article_table.c
    rows = await ctx.session.execute(select(articles.id, articles.title, articles.extracted_by)
                                     .where(articles.id.in_(article_ids)))
    current = extraction_digest()
    return {int(i): title for i, title, extracted_by in rows if extracted_by != current}


async def recall(ctx: QueryContext, hits: Sequence[Hit]) -> list[RecalledFacts]:
    """Run the extraction components on each hit's sentence, with its neighbours, at question time."""
    if not hits:
        return []
    around = await _neighbours(ctx, hits)
    windows = []
    for hit in hits:
        start, end = around.get(hit.id, (hit.start, hit.end))
        row = (await ctx.session.execute(
            select(func.substr(article_table.c.text, start + 1, end - start).label("text"), *SOURCE_COLUMNS)
            .where(article_table.c.id == hit.article_id))).one()
        windows.append((hit, start, row))
    found = await asyncio.to_thread(_extract_all, [(text_of(row), row) for _, _, row in windows])
    return [RecalledFacts(hit=hit, text=text_of(row), sentence=(hit.start - start, hit.end - start), title=row.title,
                          source=source_from(row), facts=facts)
            for (hit, start, row), facts in zip(windows, found, strict=True)]


def text_of(row: Any) -> str:
    return row.text or ""


async def _neighbours(ctx: QueryContext, hits: Sequence[Hit]) -> dict[int, tuple[int, int]]:
    """Hit id -> the span from the start of the sentence before it to the end of the one after it.

    A hit inside a list reaches back to the sentence that introduces it ("... cooperating with:"),
    which the list's items belong to. Passages of one article are stored in order, so the neighbours
    are the ids either side; one of another article (or out of order) is no neighbour.
    """
    wanted = {hit.id + step for hit in hits for step in range(-LIST_REACH, 2)}
    sentences = passage_table.c
    rows = await ctx.session.execute(select(sentences.id, sentences.article_id, sentences.start, sentences.end,
                                            sentences.text).where(sentences.id.in_(wanted)))
    passages = {int(row.id): row for row in rows}
    spans = {}
    for hit in hits:
        start, end = hit.start, hit.end
        following = passages.get(hit.id + 1)
        if following is not None and following.article_id == hit.article_id and following.start >= hit.end:
            end = following.end
        for back in range(1, LIST_REACH + 1):
            before = passages.get(hit.id - back)
            if before is None or before.article_id != hit.article_id or before.end > start:
                break
            if back == 1 or before.text.rstrip().endswith(":"):
                start = before.start
            if before.text.rstrip().endswith(":") or len(before.text.split()) > LIST_ITEM_MAX_WORDS:
                break
        spans[hit.id] = (start, end)
    return spans


def _extract_all(windows: list[tuple[str, Any]]) -> list[ArticleFacts]:
    """The components' facts for each window of text (CPU-bound: run in a thread)."""
    from knowledge.extract.pipeline import COMPONENTS, parse_text, run_components  # the parser: only now

    found = []
    for text, row in windows:
        page_date = PageDate(row.page_date, row.date_kind if row.page_date else "unknown")
        article = parse_text(text, name=row.file_name, page_date=page_date)
        run_components(article, COMPONENTS, defaultdict(float))
        found.append(article.facts)
    return found
