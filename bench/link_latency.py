"""Link-to-reply latency: a link posted in a chat, fetched from a local server, extracted, stored, answered.

    .venv/bin/python bench/link_latency.py              # 20 links, the first reported apart
    .venv/bin/python bench/link_latency.py --cold       # without the bot's start-up warm-up of the worker

The real Application (with the one-worker extraction pool the bot uses) polls the local fake Bot
API (tests/fake_bot_api.py); each link points to a distinct page on a local HTTP server
(tests/web_server.py), so every one is fetched and extracted. Latency is from pushing the update to
the fake receiving the reply. ``factdesk run`` starts its extraction worker (and loads the model) as
it starts, so the first link does not wait for that; ``--cold`` skips the warm-up, to show what
the first link costs without it. Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application  # noqa: E402
from bot.config import BotSettings  # noqa: E402
from knowledge import workers  # noqa: E402
from knowledge.pages.fetch import Fetcher, FetchLimits  # noqa: E402
from knowledge.pages.netguard import NetworkPolicy  # noqa: E402
from knowledge.query.service import KnowledgeService  # noqa: E402
from knowledge.store.writer import KnowledgeStore  # noqa: E402
from knowledge.workers import extraction_pool  # noqa: E402
from tests.fake_bot_api import running_fake_bot_api  # noqa: E402
from tests.web_pages import article_page  # noqa: E402
from tests.web_server import local_web  # noqa: E402

TOKEN = "4243:BENCH"
CHAT = 778
NAMES = ["Vogt", "Berg", "Ruiz", "Okafor", "Lindqvist", "Moreau", "Haddad", "Novak", "Silva", "Tanaka"]


def page(number: int) -> str:
    name = NAMES[number % len(NAMES)]
    return article_page(f"Council vote number {number}", "November 30, 2026", [
        f"Deputy Mayor Anna {name} said on Monday that the city council approved plan {number} for the tram line.",
        f'"Construction of section {number} starts next spring," {name} said after the vote.',
        f"The council and Streetworks signed a contract for section {number} on November 28, 2026.",
    ] * 3)


async def measure(links: int, cold: bool) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{Path(folder) / 'kb.sqlite'}")
        pool = extraction_pool(1)
        if not cold:  # as factdesk run does; waited for here, so the figures are of a started bot
            await asyncio.wrap_future(pool.submit(workers.ready))
        try:
            async with local_web() as web, running_fake_bot_api(token=TOKEN) as api:
                for number in range(links):
                    web.page(f"/story/{number}", page(number))
                settings = BotSettings(token=TOKEN, base_url=api.base_url, base_file_url=api.base_file_url)
                app = build_application(settings, KnowledgeService(store), store, extraction=pool,
                                        fetcher=lambda: Fetcher(NetworkPolicy(allow_private=True), FetchLimits()))
                await app.initialize()
                await app.updater.start_polling(poll_interval=0, timeout=1)
                await app.start()
                seconds: list[float] = []
                try:
                    for number in range(links):
                        started = time.perf_counter()
                        api.push_message(CHAT, f"read {web.url(f'/story/{number}')}", user_id=CHAT)
                        title = f"number {number}<"
                        call = await api.wait_for("sendMessage", lambda p, title=title: title in p["text"],
                                                  timeout=120)
                        seconds.append(time.perf_counter() - started)
                        if "Added" not in call.params["text"]:
                            print(f"warning: link {number} was not added: {call.params['text']}", file=sys.stderr)
                finally:
                    await app.updater.stop()
                    await app.stop()
                    await app.shutdown()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            await store.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=20)
    parser.add_argument("--cold", action="store_true", help="do not start the extraction worker beforehand")
    args = parser.parse_args()
    seconds = asyncio.run(measure(max(args.links, 2), args.cold))
    first, warm = seconds[0], sorted(seconds[1:])
    print(f"links: {len(seconds)}  first{' (cold worker and model)' if args.cold else ''}: {first:.2f} s")
    print(f"warm: p50 {statistics.median(warm):.2f} s  max {warm[-1]:.2f} s")


if __name__ == "__main__":
    main()
