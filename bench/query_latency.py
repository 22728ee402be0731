"""Answer latency of every command at 1k, 10k and 100k articles, on SQLite and PostgreSQL; bot memory.

    .venv/bin/python bench/query_latency.py                              # 1k, 10k, 100k; both backends
    .venv/bin/python bench/query_latency.py --sizes 1000 10000 --backends sqlite --queries 100
    .venv/bin/python bench/query_latency.py --sizes 100000 --backends sqlite --bot-rss

Knowledge bases are synthetic (:mod:`bulk_load`: facts written straight into the tables) and kept
between runs: SQLite files under ``--cache`` and one PostgreSQL schema per size (``factdesk_bench_<n>``
in the database of ``--postgres``); ``--rebuild`` writes them again. Each command is asked
``--queries`` varied questions through ``KnowledgeService.answer`` in one process (after a few warm-up
questions), and the table shows p50/p99 in milliseconds. ``--bot-rss`` then starts ``factdesk run``
on the largest SQLite base against a local fake Bot API, asks every command through Telegram
updates, and prints the bot process's peak resident memory (VmHWM). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bulk_load import Loader  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402
from synthetic import THINGS, percentile  # noqa: E402

from knowledge.query import deals as deals_module  # noqa: E402
from knowledge.query import when as when_module  # noqa: E402
from knowledge.query.service import KnowledgeService  # noqa: E402
from knowledge.store.models import DealParty, Entity, Role  # noqa: E402
from knowledge.store.writer import KnowledgeStore  # noqa: E402

COMMANDS = ("who", "when", "deals", "search", "sources", "check")
#: Questions no stored fact answers but sentences cover: /when and /deals read them at question time
#: (knowledge.query.recall), after the parser is loaded once (its load is printed apart).
RECALL_COMMANDS = ("when-recall", "deals-recall")
WARMUP = 5
POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
ROLES = ["defence minister", "economy minister", "deputy prime minister", "French defence minister",
         "Ukrainian defense minister", "head of the ministry"]
CLAIMS = (
    "{name} is Ukraine's defence minister",
    "{name} is the French foreign minister",
    "Defence Minister {name} met officials in Kyiv",
    "{org} signed a contract on joint production of {thing} in Ukraine",
    "the partners would invest {n} million euros in the plant",
)


class Material:
    """Names, organisations and topics sampled from a knowledge base, to ask varied questions about."""

    def __init__(self, surnames: list[str], full_names: list[str], orgs: list[str], rng: random.Random):
        self.surnames, self.full_names, self.orgs, self.rng = surnames, full_names, orgs, rng

    def typo(self, word: str) -> str:
        i = self.rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]

    def question(self, command: str) -> str:
        r, pick = self.rng, self.rng.choice
        if command == "who":
            roll = r.random()
            if roll < 0.45:
                return f"/who {pick(self.surnames)}"
            if roll < 0.6:
                return f"/who {self.typo(pick(self.surnames))}"
            if roll < 0.75:
                return f"/who {pick(self.full_names)}"
            if roll < 0.9:
                return f"/who {pick(ROLES)}"
            return f"/who said we will build {pick(THINGS)} together"
        if command == "when":
            return pick([f"/when {pick(THINGS)} production", f"/when {pick(self.orgs)} {pick(THINGS)}",
                         "/when first line open", f"/when {pick(self.surnames)} meeting"])
        if command == "deals":
            return pick([f"/deals {pick(self.orgs)}", f"/deals {pick(self.orgs)} {pick(self.orgs)}",
                         f"/deals {pick(THINGS)}", f"/deals {pick(self.orgs)} {pick(THINGS)}"])
        if command == "when-recall":
            return pick(["/when partners invest million euros", f"/when invest million euros {pick(THINGS)} plant"])
        if command == "deals-recall":
            return pick(["/deals partners invest million euros", f"/deals euros in the plant {pick(THINGS)}"])
        if command == "search":
            return pick([f"/search {pick(THINGS)}", f"/search {pick(self.surnames)}",
                         f"/search joint production of {pick(THINGS)}", "/search invest million euros plant"])
        if command == "sources":
            return "/sources"
        claim = pick(CLAIMS).format(name=pick(self.full_names + self.surnames), org=pick(self.orgs),
                                    thing=pick(THINGS), n=r.randrange(100, 120))
        return f"/check {claim}"


async def open_base(backend: str, size: int, args: argparse.Namespace) -> KnowledgeStore:
    """The knowledge base of ``size`` articles on the backend, built when missing (or with --rebuild)."""
    if backend == "sqlite":
        path = Path(args.cache) / f"kb-{size}.sqlite"
        if args.rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{path}")
    else:
        schema = f"factdesk_bench_{size}"
        import asyncpg

        conn = await asyncpg.connect(args.postgres.replace("postgresql+asyncpg", "postgresql"))
        if args.rebuild:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        await conn.close()
        store = await KnowledgeStore.open(args.postgres, search_path=schema)
    have = await store.article_count()
    if have != size:
        if have:
            raise SystemExit(f"the {backend} base for {size:,} holds {have:,} articles; run with --rebuild")
        started = time.perf_counter()
        loader = Loader(store, random.Random(size))
        await loader.prepare()
        await loader.load(size, offset=0)
        if backend == "postgresql":
            async with store.engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
        print(f"built {size:,} articles on {backend} in {time.perf_counter() - started:.0f} s", flush=True)
    return store


async def material(store: KnowledgeStore, rng: random.Random) -> Material:
    async with store.sessions() as session:
        people = (await session.execute(select(Entity.name).where(Entity.kind == "person")
                                        .order_by(func.random()).limit(2000))).scalars().all()
        recurring = (await session.execute(select(Entity.name).join(Role, Role.entity_id == Entity.id)
                                           .group_by(Entity.id, Entity.name).having(func.count() > 1)
                                           .limit(200))).scalars().all()
        orgs = (await session.execute(select(DealParty.name).distinct().limit(2000))).scalars().all()
    return Material([p.split()[-1] for p in people], list(people) + list(recurring), list(orgs), rng)


class RecallCount:
    """Counts the questions that read sentences again at question time (wraps the commands' ``recall``)."""

    def __init__(self) -> None:
        self.runs = 0
        for module in (when_module, deals_module):
            module.recall = self._wrap(module.recall)

    def _wrap(self, recall: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(ctx: Any, hits: Any) -> Any:
            self.runs += bool(hits)
            return await recall(ctx, hits)
        return counted


RECALLS = RecallCount()


async def measure(service: KnowledgeService, ask: Callable[[str], str], command: str, count: int
                  ) -> tuple[list[float], float, int]:
    """Wall-clock latencies (ms) of ``count`` questions, the mean CPU time (ms) this process spent on one, and
    how many read sentences again at question time.

    CPU time counts every thread of the process, so on SQLite (run in aiosqlite's thread) it is the
    whole cost of a question, and it hardly changes when other programs compete for the cores.
    """
    latencies = []
    cpu = 0.0
    recalled = 0
    for number in range(count + WARMUP):
        question = ask(command)
        runs = RECALLS.runs
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = await service.answer(question)
        elapsed = (time.perf_counter() - started) * 1000
        if answer.error:
            raise SystemExit(f"{question!r}: {answer.error}")
        if number >= WARMUP:
            latencies.append(elapsed)
            cpu += (time.process_time() - started_cpu) * 1000
            recalled += RECALLS.runs > runs
    return latencies, cpu / count, recalled


async def bot_rss(path: Path, stuff: Material, per_command: int) -> float:
    """Peak RSS (MB) of ``factdesk run`` on the base at ``path`` after answering every command."""
    from tests.fake_bot_api import running_fake_bot_api

    token = "4242:BENCH"
    async with running_fake_bot_api(token=token) as api:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": api.base_url,
               "TELEGRAM_API_FILE_URL": api.base_file_url, "FACTDESK_LOG_LEVEL": "WARNING"}
        # Its stderr is dropped: stopping it mid long-poll makes python-telegram-bot log a timeout.
        bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--db", str(path)], env=env, cwd=ROOT,
                               stderr=subprocess.DEVNULL)
        try:
            for command in COMMANDS:
                for _ in range(per_command):
                    api.push_message(777, stuff.question(command), user_id=777)
                    await api.wait_for("sendMessage", timeout=120)
            status = Path(f"/proc/{bot.pid}/status").read_text()
        finally:
            bot.terminate()
            bot.wait(timeout=30)
    peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(peak.split()[1]) / 1024


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load}"


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--queries", type=int, default=200, help="measured questions per command")
    parser.add_argument("--cache", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "factdesk-bench"))
    parser.add_argument("--postgres", default=POSTGRES_URL)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--bot-rss", action="store_true", help="peak RSS of the bot on the largest SQLite base")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-recall", action="store_true", help="leave out the question-time recall rows")
    args = parser.parse_args()
    commands = COMMANDS if args.no_recall else (*COMMANDS, *RECALL_COMMANDS)
    if not args.no_recall:
        started = time.perf_counter()
        from knowledge.extract.parse import load_model

        load_model()
        print(f"parser load (once per process, with the first recalled question): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
    print(f"machine: {machine()}", flush=True)
    results: dict[tuple[str, int], dict[str, tuple[list[float], float, int]]] = {}
    stuff = None
    for backend in args.backends:
        for size in sorted(args.sizes):
            store = await open_base(backend, size, args)
            try:
                stuff = await material(store, random.Random(args.seed))
                service = KnowledgeService(store)
                results[backend, size] = {c: await measure(service, stuff.question, c, args.queries) for c in commands}
            finally:
                await store.close()
            row = results[backend, size]
            print(f"{backend} {size:>7,}: " + "  ".join(
                f"/{c} {percentile(row[c][0], 0.5):.1f}/{percentile(row[c][0], 0.99):.1f}" for c in commands),
                flush=True)
    print(f"\np50 / p99 ms wall clock (CPU ms per question in this process), {args.queries} questions per "
          f"command, one process ({machine()})\n")
    print("| command | " + " | ".join(f"{b} {s:,}" for b, s in results) + " |")
    print("|---|" + "---|" * len(results))
    for command in commands:
        cells = [f"{percentile(r[command][0], 0.5):.1f} / {percentile(r[command][0], 0.99):.1f} "
                 f"({r[command][1]:.1f})" for r in results.values()]
        print(f"| `/{command}` | " + " | ".join(cells) + " |")
    print("\nquestions that read sentences again at question time, per command: " + "; ".join(
        f"{b} {s:,}: " + ", ".join(f"/{c} {r[c][2]}" for c in commands) for (b, s), r in results.items()))
    if args.bot_rss and "sqlite" in args.backends and stuff is not None:
        size = max(args.sizes)
        peak = await bot_rss(Path(args.cache) / f"kb-{size}.sqlite", stuff, per_command=20)
        print(f"\nbot peak RSS (VmHWM) at {size:,} articles on SQLite, after 20 questions per command: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
