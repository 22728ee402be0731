"""Several ingests at once, on SQLite and PostgreSQL: nothing lost, nothing doubled, lock waits bounded."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import func, select

from bot.cli import main
from knowledge.ingest import ingest_paths
from knowledge.store.handle import WRITER_LOCK_ID
from knowledge.store.models import (
    Alias,
    Article,
    ArticleSource,
    Deal,
    DealParty,
    Entity,
    Event,
    Mention,
    Passage,
    Quote,
    Role,
)
from knowledge.store.writer import KnowledgeStore
from tests.conftest import _PG_SKIP, POSTGRES_URL, SEEDS

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"
PLAIN_POSTGRES = POSTGRES_URL.replace("postgresql+asyncpg", "postgresql")


async def snapshot(store: KnowledgeStore) -> dict[str, object]:
    """What a store holds, independent of row ids and of the order things were stored in.

    (An article shows the name of its first source, which depends on that order, so articles are
    compared by their content and their sources.)
    """
    async with store.sessions() as session:
        articles = sorted((await session.execute(select(Article.content_hash))).scalars())
        sources = sorted((await session.execute(
            select(ArticleSource.kind, ArticleSource.key, Article.content_hash).join(Article))).all())
        entities = sorted((await session.execute(select(Entity.kind, Entity.name))).all())
        counts = {model.__table__.name: (await session.execute(select(func.count()).select_from(model))).scalar_one()
                  for model in (Passage, Mention, Role, Quote, Event, Deal, DealParty, Alias)}
    return {"articles": articles, "sources": sources, "entities": entities, "counts": counts}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles and a few test articles in one folder: people and organisations shared across files.

    Shared by the module's tests (none changes it), so what one clean ingest of it stores is worked out once.
    """
    folder = tmp_path_factory.mktemp("corpus")
    for path in [*sorted(SEEDS.iterdir()), *(ARTICLES / name for name in ("kyivind.txt", "press.txt", "ukr.txt"))]:
        shutil.copy(path, folder / path.name)
    return folder


def _ingested_one_by_one(folders: list[Path], db: Path) -> dict[str, object]:
    """The snapshot of a new SQLite store after ingesting ``folders`` one after the other, in this process."""
    async def go() -> dict[str, object]:
        store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{db}")
        try:
            for folder in folders:
                report = await ingest_paths(store, [folder])
                assert report.failed == [] and report.aborted is None
            return await snapshot(store)
        finally:
            await store.close()

    return asyncio.run(go())


def _run(sql: str) -> None:
    async def go() -> None:
        conn = await asyncpg.connect(PLAIN_POSTGRES)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(go())


@pytest.fixture
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store for subprocesses: a new SQLite file, or on PostgreSQL a new role that owns
    a schema of its own name (PostgreSQL's default search path starts with the user's schema)."""
    if request.param == "sqlite":
        yield str(tmp_path / "kb.sqlite")
        return
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    name = f"factdesk_test_{uuid.uuid4().hex[:12]}"
    _run(f'CREATE ROLE "{name}" LOGIN; CREATE SCHEMA "{name}" AUTHORIZATION "{name}"')
    try:
        yield POSTGRES_URL.replace("://postgres@", f"://{name}@")
    finally:
        _run(f'DROP SCHEMA "{name}" CASCADE; DROP ROLE "{name}"')


async def _open(url: str, **options) -> KnowledgeStore:
    return await KnowledgeStore.open(url if "://" in url else f"sqlite+aiosqlite:///{url}", **options)


async def _snapshot_of(url: str) -> dict[str, object]:
    store = await _open(url)
    try:
        return await snapshot(store)
    finally:
        await store.close()


def _ingest(url: str, folder: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest", "--db", url, str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def clean_ingest(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What one ingest of the corpus, alone on a new store, leaves there."""
    clean = tmp_path_factory.mktemp("clean") / "clean.sqlite"
    assert main(["ingest", "--db", str(clean), str(corpus)]) == 0
    return asyncio.run(_snapshot_of(str(clean)))


@pytest.mark.parametrize("fresh_database_url", ["sqlite", "postgresql"], indirect=True)
def test_two_ingest_runs_of_one_folder_at_once_both_succeed_and_equal_one_clean_ingest(
        fresh_database_url: str, corpus: Path, clean_ingest: dict[str, object]) -> None:
    runs = [_ingest(fresh_database_url, corpus), _ingest(fresh_database_url, corpus)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err and "0 failed" in out
    together = asyncio.run(_snapshot_of(fresh_database_url))
    assert together == clean_ingest
    assert len(together["articles"]) == len(list(corpus.iterdir()))


@pytest.fixture
async def two_stores(store_target: tuple[str, str | None]) -> AsyncIterator[tuple[KnowledgeStore, KnowledgeStore]]:
    """Two stores (two engines, as two processes would have) on one database."""
    url, schema = store_target
    first = await KnowledgeStore.open(url, search_path=schema)
    second = await KnowledgeStore.open(url, search_path=schema)
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


@pytest.fixture(scope="module")
def halves(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two folders that name the same people and organisations (each holds some copies of the other's)."""
    folder = tmp_path_factory.mktemp("halves")
    left, right = folder / "left", folder / "right"
    left.mkdir()
    right.mkdir()
    for index, path in enumerate(sorted(corpus.iterdir())):
        shutil.copy(path, (left if index % 2 else right) / path.name)
        if index % 3 == 0:
            shutil.copy(path, (right if index % 2 else left) / f"copy-{path.name}")
    return left, right


@pytest.fixture(scope="module")
def halves_one_by_one(halves: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What ingesting the left half and then the right half, one after the other, leaves on a new store."""
    return _ingested_one_by_one(list(halves), tmp_path_factory.mktemp("sequential") / "one-by-one.sqlite")


async def test_concurrent_ingests_of_overlapping_folders_store_each_article_and_entity_once(
        two_stores: tuple[KnowledgeStore, KnowledgeStore], halves: tuple[Path, Path],
        halves_one_by_one: dict[str, object]) -> None:
    left, right = halves
    first, second = two_stores
    reports = await asyncio.gather(ingest_paths(first, [left]), ingest_paths(second, [right]))
    assert all(report.failed == [] and report.aborted is None for report in reports)
    together = await snapshot(first)
    assert together == halves_one_by_one
    names = together["entities"]
    assert len(names) == len(set(names)), "an entity was created twice"


async def test_stores_opened_at_once_on_a_new_sqlite_file_all_migrate(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.sqlite'}"
    stores = await asyncio.gather(*(KnowledgeStore.open(url) for _ in range(4)))
    try:
        assert [await store.article_count() for store in stores] == [0, 0, 0, 0]
    finally:
        for store in stores:
            await store.close()


async def test_a_store_opened_while_another_connection_locks_the_new_file_waits_for_it(tmp_path: Path) -> None:
    """Turning a new file to WAL while another connection holds its lock is refused at once by SQLite (as
    when two processes start on a new file together): the store waits for the lock, as for any other."""
    path = tmp_path / "new.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    asyncio.get_running_loop().call_later(0.3, holder.execute, "ROLLBACK")
    try:
        store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{path}", lock_timeout=20)
        try:
            assert await store.article_count() == 0
        finally:
            await store.close()
    finally:
        holder.close()


class _HeldWriteLock:
    """Another process's write transaction, held open: an SQLite write lock or the PostgreSQL writer lock."""

    def __init__(self, url: str, schema: str | None):
        self.url, self.schema = url, schema
        self._sqlite: sqlite3.Connection | None = None
        self._pg: asyncpg.Connection | None = None

    async def __aenter__(self) -> _HeldWriteLock:
        if self.url.startswith("sqlite"):
            self._sqlite = sqlite3.connect(self.url.split(":///", 1)[1], isolation_level=None)
            self._sqlite.execute("BEGIN IMMEDIATE")
        else:
            self._pg = await asyncpg.connect(PLAIN_POSTGRES)
            await self._pg.execute("SELECT pg_advisory_lock($1)", WRITER_LOCK_ID)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._sqlite is not None:
            self._sqlite.execute("ROLLBACK")
            self._sqlite.close()
        if self._pg is not None:
            await self._pg.close()


@pytest.fixture(scope="module")
def pair(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two of the corpus's articles: enough for a run that a held lock stops, and the run after it."""
    folder = tmp_path_factory.mktemp("pair")
    for name in ("press.txt", "ukr.txt"):
        shutil.copy(corpus / name, folder / name)
    return folder


async def test_a_held_lock_ends_the_run_with_a_one_line_reason_after_the_timeout(
        store_target: tuple[str, str | None], pair: Path) -> None:
    url, schema = store_target
    store = await KnowledgeStore.open(url, search_path=schema, lock_timeout=0.5)
    try:
        async with _HeldWriteLock(url, schema):
            started = time.monotonic()
            report = await ingest_paths(store, [pair])
            waited = time.monotonic() - started
        assert report.aborted == ("the database is busy: another process held its lock for over 0.5 s "
                                  "(FACTDESK_LOCK_TIMEOUT); try again when it has finished")
        assert waited < 30
        assert await store.article_count() == 0
    finally:
        await store.close()
    # The lock is gone: the next run ingests everything. (With the usual timeout: on PostgreSQL the writer
    # lock is the server's, and the other test processes of this run write to their own schemas meanwhile.)
    store = await KnowledgeStore.open(url, search_path=schema)
    try:
        again = await ingest_paths(store, [pair])
        assert again.aborted is None and again.count("new") == len(list(pair.iterdir()))
    finally:
        await store.close()


def test_the_command_line_says_the_database_is_busy_in_one_line(
        tmp_path: Path, pair: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "kb.sqlite"
    assert main(["ingest", "--db", str(db), str(pair / "press.txt")]) == 0
    capsys.readouterr()
    monkeypatch.setenv("FACTDESK_LOCK_TIMEOUT", "0.3")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = main(["ingest", "--db", str(db), str(pair)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("factdesk: ")
    assert err.endswith("the database is busy: another process held its lock for over 0.3 s "
                        "(FACTDESK_LOCK_TIMEOUT); try again when it has finished\n")
