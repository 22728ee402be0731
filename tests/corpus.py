"""The small article corpus the query tests share, extracted once per test process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from knowledge.extract.pipeline import ProcessedArticle
from knowledge.ingest import process_bytes
from knowledge.store.writer import KnowledgeStore

ARTICLES = Path(__file__).resolve().parent / "articles"
MINISTRY = """Kyiv appoints a new energy minister

Published 20 May 2025

Parliament appointed Olha Kovalenko as energy minister on Tuesday. Kovalenko replaces Herman Halushchenko.

"Our first task is the winter," Energy Minister Olha Kovalenko told lawmakers.
"""


@cache
def processed() -> list[tuple[ProcessedArticle, str]]:
    """The test articles through the pipeline once per session (extraction is the slow part)."""
    pages = [(p.name, p.read_bytes()) for p in sorted(ARTICLES.iterdir())] + [("ministry.txt", MINISTRY.encode())]
    return [process_bytes(name, data) for name, data in pages]


@cache
def processed_once(name: str, text: str) -> tuple[ProcessedArticle, str]:
    """``process_bytes(name, text)`` once per test process: for fixtures that store one article for every test
    and backend (the pipeline gives the same facts for the same text, and the store does not change them)."""
    return process_bytes(name, text.encode())


async def save_corpus(store: KnowledgeStore) -> None:
    for article, digest in processed():
        await store.save_article(article, digest)
