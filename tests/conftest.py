"""Shared fixtures: stores on SQLite (a temporary file) and on PostgreSQL (a schema per test)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from knowledge.store.writer import KnowledgeStore
from tests.stores import (
    Fill,
    PostgresSchemas,
    admin,
    copy_sqlite,
    postgres_template,
    remove_shared,
    share_templates,
)

POSTGRES_URL = os.environ.get("FACTDESK_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _postgres_reason() -> str | None:
    """None when the PostgreSQL server answers, else why the PostgreSQL tests are skipped."""
    import asyncpg

    async def probe() -> None:
        conn = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"), timeout=3)
        await conn.close()

    try:
        asyncio.run(probe())
    except Exception as exc:
        return f"no PostgreSQL server answers at {POSTGRES_URL}: {exc}"
    return None


_PG_SKIP = _postgres_reason()


def pytest_configure(config: pytest.Config) -> None:
    """In the process that starts the run (not in an xdist worker): a folder for the run's store templates."""
    if not hasattr(config, "workerinput"):
        config.stash[_SHARED] = share_templates()


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_SHARED, None)
    if folder is not None:
        remove_shared(folder, None if _PG_SKIP else POSTGRES_URL)


_SHARED = pytest.StashKey[Path]()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated, empty SQLite store of the test's own."""
    return copy_sqlite(tmp_path / "kb.sqlite")


_SCHEMAS = PostgresSchemas(POSTGRES_URL)


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A migrated, empty schema on the PostgreSQL server, the test's own until it ends."""
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    schema = asyncio.run(_SCHEMAS.take(postgres_template(POSTGRES_URL)))
    try:
        yield schema
    finally:
        asyncio.run(_SCHEMAS.give_back(schema))


def _clone(request: pytest.FixtureRequest, tmp_path: Path, name: str = "empty",
           fill: Fill | None = None) -> tuple[str, str | None]:
    """(URL, schema) of a private copy of a migrated store snapshot, on the backend the test asks for."""
    options = {"name": name, "fill": fill} if fill else {}
    if request.param == "sqlite":
        return copy_sqlite(tmp_path / "kb.sqlite", **options), None
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    schema = asyncio.run(_SCHEMAS.take(postgres_template(POSTGRES_URL, **options)))
    request.addfinalizer(lambda: asyncio.run(_SCHEMAS.give_back(schema)))
    return POSTGRES_URL, schema


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str | None]:
    """(database URL, PostgreSQL schema or None) of a migrated, empty store on each backend."""
    return _clone(request, tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """(URL, schema) of an empty database that was never migrated: for tests of the migrations themselves."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'blank.sqlite'}", None
        return
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    schema = f"factdesk_blank_{uuid.uuid4().hex[:12]}"
    asyncio.run(admin(POSTGRES_URL, f'CREATE SCHEMA "{schema}"'))
    try:
        yield POSTGRES_URL, schema
    finally:
        asyncio.run(admin(POSTGRES_URL, f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgresql"])
def corpus_target(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str | None]:
    """(URL, schema) of a store holding the query tests' corpus (tests/corpus.py), cloned from a snapshot."""
    from tests.corpus import save_corpus  # imported here: it loads the extraction pipeline
    return _clone(request, tmp_path, "corpus", save_corpus)


@pytest.fixture
async def corpus_store(corpus_target: tuple[str, str | None]) -> AsyncIterator[KnowledgeStore]:
    """The corpus store, open."""
    url, schema = corpus_target
    opened = await KnowledgeStore.open(url, search_path=schema)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def store(store_target: tuple[str, str | None]) -> AsyncIterator[KnowledgeStore]:
    """A migrated, empty store on each backend."""
    url, schema = store_target
    opened = await KnowledgeStore.open(url, search_path=schema)
    try:
        yield opened
    finally:
        await opened.close()
