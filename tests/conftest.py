"""Shared fixtures: stores on SQLite (a temporary file) and on PostgreSQL (a schema per test)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from knowledge.store.writer import KnowledgeStore

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


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'kb.sqlite'}"


def _run_sql(statement: str) -> None:
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A fresh schema on the PostgreSQL server, dropped afterwards."""
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    schema = f"factdesk_test_{uuid.uuid4().hex[:12]}"
    _run_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        _run_sql(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str | None]:
    """(database URL, PostgreSQL schema or None) for each backend."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'kb.sqlite'}", None
    return POSTGRES_URL, request.getfixturevalue("postgres_schema")


@pytest.fixture
async def store(store_target: tuple[str, str | None]) -> AsyncIterator[KnowledgeStore]:
    """A migrated, empty store on each backend."""
    url, schema = store_target
    opened = await KnowledgeStore.open(url, search_path=schema)
    try:
        yield opened
    finally:
        await opened.close()
