"""``/check`` latency through the service, p50/p99, at 1k and 10k synthetic articles.

    .venv/bin/python bench/check_latency.py                         # 1,000 then 10,000 articles
    .venv/bin/python bench/check_latency.py --sizes 1000 --claims 100

The corpus grows in place (the 10k run adds 9k articles to the 1k store). Claims mix true ones,
ones false by a number, and unrelated ones, about the synthetic people. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import THINGS, ingest, percentile  # noqa: E402

from knowledge.query.service import KnowledgeService  # noqa: E402
from knowledge.store.writer import KnowledgeStore  # noqa: E402

CLAIMS = (
    "{name} is Ukraine's defence minister",
    "{name} is the French foreign minister",
    "Defence Minister {name} met officials in Kyiv",
    "the partners signed a contract on joint production of {thing} in Ukraine",
    "{name} met the Spanish foreign minister in Madrid",
)


async def measure(service: KnowledgeService, names: list[str], count: int, rng: random.Random
                  ) -> tuple[list[float], Counter[str]]:
    latencies: list[float] = []
    verdicts: Counter[str] = Counter()
    for number in range(count + 3):
        claim = rng.choice(CLAIMS).format(name=rng.choice(names), thing=rng.choice(THINGS))
        started = time.perf_counter()
        answer = await service.answer(f"/check {claim}")
        if number >= 3:  # the first few build caches
            latencies.append((time.perf_counter() - started) * 1000)
            verdicts[answer.verdict or ""] += 1
    return latencies, verdicts


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite'}")
        names: list[str] = []
        try:
            for size in sorted(args.sizes):
                missing = size - len(names)
                names += await ingest(store, missing, rng, offset=len(names))
                service = KnowledgeService(store)
                latencies, verdicts = await measure(service, names, args.claims, rng)
                print(f"/check latency at {size:,} articles ({store.dialect}), {len(latencies)} claims: "
                      f"p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms; "
                      f"verdicts {dict(verdicts)}", flush=True)
        finally:
            await store.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
