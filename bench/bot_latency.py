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
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application  # noqa: E402
from bot.config import BotSettings  # noqa: E402
from knowledge.pipeline import ProcessedArticle, process_article  # noqa: E402
from knowledge.service import KnowledgeService  # noqa: E402
from knowledge.store import KnowledgeStore, content_hash  # noqa: E402
from tests.fake_bot_api import running_fake_bot_api  # noqa: E402

TOKEN = "4242:BENCH"
CHAT = 777
SYLLABLES = ["ko", "va", "len", "mar", "ti", "sha", "ro", "dy", "ben", "ko", "ul", "ra", "zy", "mo", "ne", "vi",
             "ch", "ak", "ol", "es", "ta", "ny", "ri", "ko"]
FIRST = ["Olena", "Taras", "Marta", "Pavlo", "Iryna", "Bohdan", "Hanna", "Ostap", "Daria", "Roman"]
ORGS = ["Rheinmetall", "Ukroboronprom", "Naftogaz", "Thales", "Saab", "Baykar"]
TEMPLATE = """{org} and {org2} agree on {thing} production

{month} {day}, 2024

Ukrainian Defence Minister {first} {last} met {role2} {first2} {last2} in Kyiv on Tuesday.

"We will build {n} {thing} together next year," {last} said after the meeting.

{org} and {org2} signed a contract on joint production of {thing} in Ukraine. \
The first line will open on {month2} {day2}, 2025, {last2} said.

{last2} said the partners would invest {n} million euros in the plant.
"""
THINGS = ["artillery shells", "air defence missiles", "naval drones", "armoured vehicles", "radar systems"]
ROLES = ["German Economy Minister", "French Defence Minister", "Polish Deputy Prime Minister"]
MONTHS = ["January", "March", "April", "June", "July", "August", "October", "November"]


def surnames(length: int, count: int, rng: random.Random) -> list[str]:
    """``count`` distinct made-up, pronounceable surnames of exactly ``length`` letters.

    Initials are spread over the alphabet, as real surnames are: the store looks up spelling
    variants by a surname prefix, and a corpus where every name shares one prefix would measure that.
    """
    found: set[str] = set()
    while len(found) < count:
        word = rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou")
        while len(word) < length:
            word += rng.choice(SYLLABLES)
        found.add(word[:length].capitalize())
    return sorted(found)


def swap(value: Any, mapping: dict[str, str]) -> Any:
    """``value`` with every mapped string replaced, through dataclasses, lists, sets and dicts."""
    if isinstance(value, str):
        for old, new in mapping.items():
            value = value.replace(old, new)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: swap(getattr(value, f.name), mapping)
                                            for f in dataclasses.fields(value) if f.init})
    if isinstance(value, list):
        return [swap(v, mapping) for v in value]
    if isinstance(value, tuple):
        return tuple(swap(v, mapping) for v in value)
    if isinstance(value, set):
        return {swap(v, mapping) for v in value}
    if isinstance(value, dict):
        return {swap(k, mapping): swap(v, mapping) for k, v in value.items()}
    return value


def templates(count: int, rng: random.Random) -> list[tuple[ProcessedArticle, str, str]]:
    """``count`` processed template articles with (article, surname, second surname)."""
    out = []
    for index in range(count):
        tag = chr(ord("a") + index % 26) + chr(ord("a") + index // 26 % 26)
        last, last2 = f"Zorvak{tag}", f"Plenik{tag}"  # 8 letters, like the generated surnames
        text = TEMPLATE.format(
            org=ORGS[index % len(ORGS)], org2=ORGS[(index + 1) % len(ORGS)], thing=THINGS[index % len(THINGS)],
            month=MONTHS[index % len(MONTHS)], day=10 + index % 18, first=FIRST[index % len(FIRST)], last=last,
            role2=ROLES[index % len(ROLES)], first2=FIRST[(index + 3) % len(FIRST)], last2=last2,
            n=100 + index, month2=MONTHS[(index + 2) % len(MONTHS)], day2=10 + (index * 7) % 18)
        out.append((process_article(text, f"template-{index}.txt"), last, last2))
    return out


async def ingest(store: KnowledgeStore, count: int, rng: random.Random) -> list[str]:
    """Save ``count`` synthetic articles; returns the surnames that appear in them."""
    bases = templates(min(20, count), rng)
    names = surnames(8, count * 2, rng)
    rng.shuffle(names)
    started = time.perf_counter()
    used: list[str] = []
    for index in range(count):
        base, last, last2 = bases[index % len(bases)]
        new_last, new_last2 = names[2 * index], names[2 * index + 1]
        article = swap(base, {last: new_last, last2: new_last2})
        article.file_name = f"synthetic-{index:06d}.txt"
        await store.save_article(article, content_hash(f"{index}:{article.text}".encode()))
        used.append(new_last)
        if (index + 1) % 1000 == 0:
            rate = (index + 1) / (time.perf_counter() - started)
            print(f"  ingested {index + 1:,} articles ({rate:.0f}/s)", file=sys.stderr, flush=True)
    print(f"ingested {count:,} articles in {time.perf_counter() - started:.1f} s", flush=True)
    return used


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


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
