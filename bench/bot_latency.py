"""Update-to-reply latency of ``/who`` through the real Application, at N synthetic articles.

    .venv/bin/python bench/bot_latency.py                      # 10,000 articles, 200 queries
    .venv/bin/python bench/bot_latency.py --articles 500 --queries 100

Articles are synthetic: a few templates are extracted once by the real pipeline, then copied with
other names, numbers and dates substituted *at equal length* (so every snippet offset stays
valid) and saved through ``KnowledgeStore.save_article`` — the real write path, without paying
spaCy for every copy. The bot runs against the local fake Bot API (tests/fake_bot_api.py) with
the production rate limiter; latency is from pushing the update to the fake receiving the bot's
``sendMessage`` (the fake's long poll wakes at once, so this is the bot's time plus loopback HTTP).
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application  # noqa: E402
from bot.config import BotSettings  # noqa: E402
from knowledge.query.service import KnowledgeService  # noqa: E402
from knowledge.store.writer import KnowledgeStore  # noqa: E402
from tests.fake_bot_api import running_fake_bot_api  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import ingest, percentile  # noqa: E402

TOKEN = "4242:BENCH"
CHAT = 777
async def measure(store: KnowledgeStore, surnames_used: list[str], queries: int, rng: random.Random) -> list[float]:
    async with running_fake_bot_api(token=TOKEN) as api:
        settings = BotSettings(token=TOKEN, base_url=api.base_url, base_file_url=api.base_file_url)
        app = build_application(settings, KnowledgeService(store), store)
        await app.initialize()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        latencies: list[float] = []
        try:
            for number in range(queries + 5):
                name = rng.choice(surnames_used)
                started = time.perf_counter()
                api.push_message(CHAT, f"/who {name}", user_id=CHAT)
                call = await api.wait_for("sendMessage", timeout=60)
                elapsed = time.perf_counter() - started
                if name not in call.params["text"]:
                    print(f"warning: /who {name} did not name the person", file=sys.stderr)
                if number >= 5:  # the first few warm caches and connections
                    latencies.append(elapsed * 1000)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
        if api.errors:
            print(f"warning: {len(api.errors)} Bot API errors, first: {api.errors[0][2]}", file=sys.stderr)
    return latencies


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", help="database URL or file (default: a temporary SQLite file)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite'}"
        if "://" not in url:
            url = f"sqlite+aiosqlite:///{Path(url).resolve()}"
        store = await KnowledgeStore.open(url)
        try:
            existing = await store.article_count()
            if existing:
                raise SystemExit(f"{url} already holds {existing} articles; use an empty database")
            used = await ingest(store, args.articles, rng)
            latencies = await measure(store, used, args.queries, rng)
        finally:
            await store.close()
    print(f"/who latency, update pushed -> sendMessage received, {len(latencies)} queries, "
          f"{args.articles:,} articles ({store.dialect}):")
    print(f"  p50 {percentile(latencies, 0.5):.1f} ms   p99 {percentile(latencies, 0.99):.1f} ms   "
          f"mean {statistics.fmean(latencies):.1f} ms   max {max(latencies):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
