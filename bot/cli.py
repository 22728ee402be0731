"""The ``factdesk`` command: ingest articles, ask questions, run the bot.

    factdesk ingest seeds/ https://…   # add articles (files, folders or links)
    factdesk feeds add https://…/rss   # follow a feed; also: feeds list, feeds remove <n>
    factdesk poll                      # one round of every due feed (for cron)
    factdesk ask "/who Kuleba"         # one answer, readable
    factdesk ask --json < questions    # the JSON answer contract, one line per question
    factdesk run                       # the Telegram bot (needs TELEGRAM_BOT_TOKEN)
    factdesk                           # the bot with a token, else an interactive prompt
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from sqlalchemy.exc import SQLAlchemyError

from bot.config import (
    ConfigError,
    article_limits,
    feed_poll_seconds,
    fetch_allow_private,
    fetch_limits,
    lock_timeout,
    seed_dir,
    setting,
)
from bot.terminal import render_text
from knowledge.query.answers import Answer
from knowledge.query.contract import dumps
from knowledge.query.service import KnowledgeService
from knowledge.store.db import DatabaseConfigError, StoreBusy, is_new_sqlite_database, resolve_database_url
from knowledge.store.handle import Store

if TYPE_CHECKING:  # only the paths that write load them: ingest brings spaCy and trafilatura, the writer the ORM
    from knowledge.ingest import IngestReport
    from knowledge.pages.fetch import Fetcher
    from knowledge.store.writer import KnowledgeStore

PROMPT = "factdesk> "
PROGRESS_FROM_FILES = 5
BAR_WIDTH = 30
HELP_TEXT = """Ask about the articles:
  /who <name or role>     people, their roles and quotes     e.g. /who Kuleba
  /when <topic>           dated events                       e.g. /when tank shells agreement
  /deals <party or topic> agreements, contracts, cooperation e.g. /deals Rheinmetall
  /check <claim>          supported / contradicted / not enough info
  /search <words>         sentences that mention the words
  /sources                the articles and their dates
  /quit                   leave"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factdesk", description="Facts from news articles, for a team.")
    parser.add_argument("--db", help="database file or URL (default: FACTDESK_DATABASE_URL or the default file)")
    sub = parser.add_subparsers(dest="command")
    ingest = sub.add_parser("ingest", help="add article files, folders and links (https://…) to the knowledge base")
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument("--db", dest="sub_db", help=argparse.SUPPRESS)
    ingest.add_argument("--jobs", type=int, default=None, help="extraction worker processes")
    feeds = sub.add_parser("feeds", help="the feeds followed from the terminal: list, add <url>, remove <n>")
    feeds.add_argument("action", nargs="?", default="list", choices=("list", "add", "remove"))
    feeds.add_argument("target", nargs="?", help="a feed or page URL (add), the number in the list (remove)")
    feeds.add_argument("--db", dest="sub_db", help=argparse.SUPPRESS)
    poll = sub.add_parser("poll", help="one poll round of every due feed (for cron)")
    poll.add_argument("--db", dest="sub_db", help=argparse.SUPPRESS)
    ask = sub.add_parser("ask", help="answer one question, or one per line from standard input")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the JSON answer contract, one line per question")
    ask.add_argument("--db", dest="sub_db", help=argparse.SUPPRESS)
    run = sub.add_parser("run", help="run the Telegram bot")
    run.add_argument("--db", dest="sub_db", help=argparse.SUPPRESS)
    return parser


async def open_store(db: str | None, *, seed_if_new: bool) -> KnowledgeStore:
    """Open the store to write to; on a brand-new SQLite file, ingest the bundled seeds first."""
    from knowledge.store.writer import KnowledgeStore

    url = resolve_database_url(db)
    new = is_new_sqlite_database(url)
    store = await KnowledgeStore.open(url, lock_timeout=lock_timeout())
    seeds = seed_dir()
    if new and seed_if_new and seeds is not None:
        from knowledge.ingest import ingest_paths

        print(f"New knowledge base: ingesting the bundled seed articles from {seeds} ...", file=sys.stderr)
        report = await ingest_paths(store, [seeds], limits=article_limits())
        print(report.summary(), file=sys.stderr)
    return store


async def open_reader(db: str | None) -> Store:
    """Open the store to answer questions from; a brand-new SQLite file gets the bundled seeds first.

    Only that first run loads the article writer (and extraction): answering from an existing database does not.
    """
    url = resolve_database_url(db)
    if is_new_sqlite_database(url) and seed_dir() is not None:
        return await open_store(db, seed_if_new=True)
    return await Store.open(url, lock_timeout=lock_timeout())


def _progress_printer(total_hint: list[int]):
    def show(done: int, total: int, name: str) -> None:
        if total < PROGRESS_FROM_FILES:
            return
        filled = BAR_WIDTH * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {name[:40]:<40}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return show


def make_fetcher() -> Fetcher:
    """A fetcher under the configured network rules and limits."""
    from knowledge.pages.fetch import Fetcher
    from knowledge.pages.netguard import NetworkPolicy

    return Fetcher(NetworkPolicy(allow_private=fetch_allow_private()), fetch_limits())


async def _ingest_links(store: KnowledgeStore, urls: Sequence[str]) -> IngestReport:
    from knowledge.ingest import FileResult, IngestReport
    from knowledge.links import LinkRefused, ingest_link

    report = IngestReport()
    started = time.perf_counter()
    async with make_fetcher() as fetcher:
        for url in urls:
            try:
                learned = await ingest_link(store, fetcher, url, limits=article_limits())
            except LinkRefused as exc:
                report.results.append(FileResult(url, "failed", str(exc)))
                continue
            report.results.append(FileResult(url, learned.status))
            report.facts.update(learned.counts)
    report.seconds = time.perf_counter() - started
    return report


async def cmd_ingest(db: str | None, paths: Sequence[str], jobs: int | None) -> int:
    limits = article_limits()
    from knowledge.ingest import ingest_paths
    from knowledge.links import looks_like_url

    urls = [p for p in paths if looks_like_url(p)]
    files = [p for p in paths if not looks_like_url(p)]
    store = await open_store(db, seed_if_new=False)
    try:
        report: IngestReport = await ingest_paths(store, files, limits=limits, progress=_progress_printer([]),
                                                  jobs=jobs)
        if urls:
            linked = await _ingest_links(store, urls)
            report.results += linked.results
            report.facts.update(linked.facts)
            report.seconds += linked.seconds
    finally:
        await store.close()
    for failure in report.failed:
        print(f"failed: {failure.name}: {failure.reason}", file=sys.stderr)
    for damaged in report.damaged:
        count = f"{damaged.replaced_bytes:,} byte" + ("s" if damaged.replaced_bytes != 1 else "")
        print(f"warning: {damaged.name}: {count} could not be decoded as {damaged.encoding} and "
              "became U+FFFD; the rest was ingested", file=sys.stderr)
    if report.aborted:
        print(f"factdesk: stopped: {report.aborted}", file=sys.stderr)
    print(report.summary())
    return 1 if report.failed or report.aborted else 0


async def cmd_ask(db: str | None, question: str, as_json: bool) -> int:
    store = await open_reader(db)
    service = KnowledgeService(store)
    try:
        if question:
            _emit(await _safe_answer(service, question), as_json)
            return 0
        for line in sys.stdin:
            if line.strip():
                _emit(await _safe_answer(service, line.strip()), as_json)
            elif as_json:  # one answer per input line, so a script can pair them up
                _emit(Answer(command="", query="", error="empty line"), True)
    finally:
        await store.close()
    return 0


async def _safe_answer(service: KnowledgeService, question: str) -> Answer:
    """An answer, or an answer that carries the error: one bad question never ends the stream."""
    try:
        return await service.answer(question)
    except Exception as exc:
        logging.getLogger("factdesk").exception("question failed: %s", question)
        return Answer(command="", query=question, error=f"internal error: {exc}")


def _emit(answer: Answer, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(dumps(answer) + "\n")
    else:
        sys.stdout.write(render_text(answer) + "\n\n")
    sys.stdout.flush()


async def cmd_prompt(db: str | None) -> int:
    store = await open_reader(db)
    service = KnowledgeService(store)
    stats = await service.stats()
    print(f"factdesk: {stats['articles']} articles, latest dated {stats['latest_date'] or 'n/a'}. "
          "Type /help for commands, /quit to leave.")
    try:
        while True:
            try:
                line = await asyncio.to_thread(input, PROMPT)
            except EOFError:
                print()
                break
            line = line.strip()
            if not line:
                continue
            if line in ("/quit", "/exit", "quit", "exit"):
                break
            if line.split()[0].split("@")[0] in ("/help", "/start", "help"):
                print(HELP_TEXT)
                continue
            _emit(await _safe_answer(service, line if line.startswith("/") else f"/search {line}"), False)
    finally:
        await store.close()
    return 0


async def cmd_feeds(db: str | None, action: str, target: str | None) -> int:
    """``factdesk feeds``: the terminal's own list of feeds (chat 0), like /feeds in a chat."""
    from knowledge.feeds.follow import add_feed
    from knowledge.feeds.parse import FeedRefused
    from knowledge.feeds.poll import last_round_text
    from knowledge.feeds.store import TERMINAL_CHAT, feed_statuses, unfollow_feed

    store = await open_store(db, seed_if_new=False)
    try:
        if action == "add":
            if not target:
                print("factdesk: feeds add needs a feed or page URL", file=sys.stderr)
                return 2
            try:
                async with make_fetcher() as fetcher:
                    followed = await add_feed(store, fetcher, target, chat_id=TERMINAL_CHAT)
            except FeedRefused as exc:
                print(f"factdesk: not added: {exc}", file=sys.stderr)
                return 1
            verb = "following" if followed.newly else "already following"
            print(f"{verb} {followed.title or followed.url} ({followed.url}, {followed.entries} items now); "
                  "`factdesk poll` fetches them")
            return 0
        if action == "remove":
            if not target or not target.isdigit():
                print("factdesk: feeds remove needs the feed's number from `factdesk feeds list`", file=sys.stderr)
                return 2
            removed = await unfollow_feed(store, TERMINAL_CHAT, int(target))
            if removed is None:
                print(f"factdesk: there is no feed {target}", file=sys.stderr)
                return 1
            print(f"removed {removed.title or removed.url}")
            return 0
        statuses = await feed_statuses(store, TERMINAL_CHAT)
        if not statuses:
            print("no feeds; add one with `factdesk feeds add URL`")
        for status in statuses:
            round_text = last_round_text(status.last_polled_at, status.last_ok_at, status.last_error,
                                         status.errors, status.next_poll_at)
            print(f"{status.number}. {status.title or status.url} <{status.url}>: {round_text}; "
                  f"{status.items} items ingested, {status.pending} waiting")
        return 0
    finally:
        await store.close()


async def cmd_poll(db: str | None) -> int:
    """One round of every due feed (of every chat: the database is shared), for cron."""
    from datetime import timedelta

    from knowledge.feeds.poll import PollSettings, poll_due

    store = await open_store(db, seed_if_new=False)
    try:
        async with make_fetcher() as fetcher:
            reports = await poll_due(store, fetcher, limits=article_limits(),
                                     settings=PollSettings(interval=timedelta(seconds=feed_poll_seconds())))
    finally:
        await store.close()
    for report in reports:
        print(report.summary())
        for url, reason in report.failed:
            print(f"  failed: {url}: {reason}", file=sys.stderr)
    print(f"{len(reports)} feeds polled" if reports else "no feed is due")
    return 1 if any(report.error for report in reports) else 0


def cmd_run(db: str | None) -> int:
    from bot.app import run_bot  # imported here: the terminal paths need no Telegram stack

    return run_bot(db)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = getattr(args, "sub_db", None) or args.db
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "ingest":
            return asyncio.run(cmd_ingest(db, args.paths, args.jobs))
        if args.command == "feeds":
            return asyncio.run(cmd_feeds(db, args.action, args.target))
        if args.command == "poll":
            return asyncio.run(cmd_poll(db))
        if args.command == "ask":
            return asyncio.run(cmd_ask(db, " ".join(args.question), args.json))
        if args.command == "run" or (args.command is None and setting("TELEGRAM_BOT_TOKEN")):
            return cmd_run(db)
        return asyncio.run(cmd_prompt(db))
    except (DatabaseConfigError, ConfigError) as exc:  # a bad setting or database location
        print(f"factdesk: {exc}", file=sys.stderr)
        return 2
    except StoreBusy as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"factdesk: database error: {_first_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return 1


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else exc.__class__.__name__


def program() -> NoReturn:
    """The ``factdesk`` program: :func:`main` in a process of its own, which ends with it.

    What start-up imported (the SQL toolkit alone is tens of thousands of objects) lives as long as the
    process: frozen (:func:`gc.freeze`), it is not walked again by every full garbage collection. Frozen
    again at the end, nothing is left for the collection at exit, which would add about a fifth to a
    question's cold start: the operating system takes the memory back whole.
    """
    gc.freeze()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    program()
