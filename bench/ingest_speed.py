"""Ingest speed: articles per second and the share of time per extraction step.

    .venv/bin/python bench/ingest_speed.py                       # 60 articles of ~1,000 words, 1 worker
    .venv/bin/python bench/ingest_speed.py --articles 120 --jobs 2

Articles of about ``--words`` words are made by joining the seed articles and the test articles
(each made unique so nothing is skipped as unchanged), then ingested into a temporary SQLite file
with full extraction. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from knowledge.ingest import ingest_paths
from knowledge.store.writer import KnowledgeStore

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(sources: list[Path], count: int, target_words: int, folder: Path) -> tuple[int, int]:
    """``count`` articles of about ``target_words`` words each; returns (articles, total words)."""
    texts = [p.read_text(encoding="utf-8") for p in sources if p.suffix == ".txt"]
    words = 0
    cursor = 0
    for index in range(count):
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < target_words:
            parts.append(texts[cursor % len(texts)])
            cursor += 1
        body = "\n\n".join(parts) + f"\n\nEdition {index}.\n"
        (folder / f"a{index:05}.txt").write_text(body, encoding="utf-8")
        words += len(body.split())
    return count, words


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--words", type=int, default=1000, help="approximate words per article")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "articles").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        count, words = make_corpus(sources, args.articles, args.words, folder)
        store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{tmp}/kb.sqlite")
        from knowledge.extract.parse import load_model

        load_model()  # model load is a one-off cost, not per article
        started = time.perf_counter()
        report = await ingest_paths(store, [folder], jobs=args.jobs)
        elapsed = time.perf_counter() - started
        await store.close()
    extraction = sum(report.step_seconds.values())
    print(f"articles: {count} ({words / count:.0f} words each on average), jobs: {args.jobs}")
    print(f"total: {elapsed:.2f} s -> {count / elapsed:.1f} articles/s "
          f"({count / elapsed / max(args.jobs, 1):.1f} per worker), {words / elapsed:,.0f} words/s")
    print(f"extraction time (sum over workers): {extraction:.2f} s; store writes and overhead: "
          f"{max(elapsed - extraction / max(args.jobs, 1), 0):.2f} s")
    for step, seconds in sorted(report.step_seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {step:<10} {seconds:6.2f} s  {100 * seconds / extraction:5.1f}% of extraction")
    print(report.summary())


if __name__ == "__main__":
    asyncio.run(main())
