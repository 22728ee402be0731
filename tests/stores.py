"""Migrated stores for tests, migrated once per test process and cloned cheaply per test.

Running the migrations costs far more than the tests that need an empty store, so each backend is
migrated once per test run: SQLite into a template file that every test copies, PostgreSQL into a
template schema while every statement the migrations send is recorded, to be replayed into each
test's own schema. The test processes of one run (pytest-xdist workers) share the templates: the
first to need one makes it under a file lock in :data:`SHARED_ENV`'s folder, and the process that
started the run removes them all when it ends (:func:`remove_shared`).
A clone is the real migrated schema (same DDL, same ``alembic_version``), so opening it only checks
the revision; PostgreSQL schemas are emptied and reused between tests (:class:`PostgresSchemas`).
Templates may hold data too (a ``fill`` coroutine): a snapshot of a store after saving a corpus,
copied row for row (inside the server, on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import atexit
import fcntl
import os
import pickle
import shutil
import tempfile
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from knowledge.store import db
from knowledge.store.writer import KnowledgeStore

Fill = Callable[[KnowledgeStore], Awaitable[None]]
#: The environment variable naming the folder of this run's shared templates (set by :func:`share_templates`).
SHARED_ENV = "FACTDESK_TEST_TEMPLATES"
PG_TEMPLATE_PREFIX = "factdesk_template_"
_SQLITE: dict[str, Path] = {}
_POSTGRES: dict[str, PostgresTemplate] = {}
# Tables with rows worth copying, parents before children (alembic_version is written by the DDL).
COPY_ORDER = ("articles", "entities", "subscriptions", "passages", "aliases", "mentions", "roles", "quotes",
              "events", "deals", "deal_parties", "entity_terms", "role_terms", "feeds", "feed_follows", "feed_items",
              "arrivals", "chat_interests")


async def _no_data(store: KnowledgeStore) -> None:
    return None


def _run(make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine to completion, also from inside a running event loop (an async fixture)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(make())
        return
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, make()).result()


def share_templates() -> Path:
    """Start a run: a new folder for its templates, named in the environment its test processes inherit."""
    folder = Path(tempfile.mkdtemp(prefix="factdesk-test-templates-"))
    os.environ[SHARED_ENV] = str(folder)
    return folder


def remove_shared(folder: Path, postgres_url: str | None) -> None:
    """End a run: drop the template schemas its processes made and remove the template folder."""
    if postgres_url is not None:
        for schema_file in folder.glob("*.pg-schema"):
            schema = schema_file.read_text()
            _run(lambda schema=schema: admin(postgres_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    shutil.rmtree(folder, ignore_errors=True)
    if os.environ.get(SHARED_ENV) == str(folder):
        del os.environ[SHARED_ENV]


_OWN: list[Path] = []


def _templates() -> Path:
    """The run's shared template folder, or (outside a test run) one for this process alone."""
    shared = os.environ.get(SHARED_ENV)
    if shared:
        return Path(shared)
    if not _OWN:
        _OWN.append(Path(tempfile.mkdtemp(prefix="factdesk-test-templates-")))
        atexit.register(shutil.rmtree, _OWN[0], True)
    return _OWN[0]


@contextmanager
def _made_once(name: str) -> Iterator[Path]:
    """Hold the template ``name``'s lock, across the run's processes, while it is looked for or made."""
    folder = _templates()
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def sqlite_template(name: str = "empty", fill: Fill = _no_data) -> Path:
    """A migrated SQLite file (with ``fill``'s data), made once per run."""
    if name not in _SQLITE:
        with _made_once(f"{name}.sqlite") as folder:
            path = folder / f"{name}.sqlite"
            if not path.exists():
                building = folder / f"{name}.building.sqlite"

                async def build() -> None:
                    store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{building}")
                    try:
                        await fill(store)
                        async with store.engine.connect() as conn:  # everything into the main file
                            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                    finally:
                        await store.close()

                _run(build)
                building.rename(path)
        _SQLITE[name] = path
    return _SQLITE[name]


def copy_sqlite(dest: Path, name: str = "empty", fill: Fill = _no_data) -> str:
    """A private copy of the template at ``dest``; returns its URL."""
    shutil.copyfile(sqlite_template(name, fill), dest)
    return f"sqlite+aiosqlite:///{dest}"


@dataclass
class PostgresTemplate:
    """A migrated (and filled) schema kept for the whole run, and the DDL the migrations sent to make it."""

    schema: str
    ddl: list[tuple[str, Any]]
    filled: bool


def postgres_template(url: str, name: str = "empty", fill: Fill = _no_data) -> PostgresTemplate:
    """The schema ``name`` migrated and filled once per run (dropped when the run ends)."""
    if name not in _POSTGRES:
        with _made_once(f"{name}.pg") as folder:
            saved = folder / f"{name}.pg-template"
            if saved.exists():
                template = pickle.loads(saved.read_bytes())
            else:
                template = _make_postgres_template(url, fill)
                if not os.environ.get(SHARED_ENV):  # this process's own: dropped when it ends
                    atexit.register(lambda: _run(lambda: admin(url, f'DROP SCHEMA IF EXISTS "{template.schema}" '
                                                                    "CASCADE")))
                saved.write_bytes(pickle.dumps(template))
            (folder / f"{name}.pg-schema").write_text(template.schema)  # for remove_shared
        _POSTGRES[name] = template
    return _POSTGRES[name]


def _make_postgres_template(url: str, fill: Fill) -> PostgresTemplate:
    schema = f"{PG_TEMPLATE_PREFIX}{uuid.uuid4().hex[:12]}"
    ddl: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, *_) -> None:
        if not statement.lstrip().upper().startswith("SELECT"):  # reads change nothing in a new schema
            ddl.append((statement, parameters))

    async def build() -> None:
        await admin(url, f'CREATE SCHEMA "{schema}"')
        store = KnowledgeStore(db.create_engine(url, search_path=schema))
        try:
            event.listen(store.engine.sync_engine, "before_cursor_execute", record)
            await db.migrate(store.engine)
            event.remove(store.engine.sync_engine, "before_cursor_execute", record)
            await fill(store)
        finally:
            await store.close()

    _run(build)
    return PostgresTemplate(schema, ddl, fill is not _no_data)


class PostgresSchemas:
    """Migrated, empty schemas for tests: made from the template's DDL, emptied and reused after each test.

    Creating and dropping a schema of fifteen tables costs PostgreSQL far more than emptying one, so a
    schema a test is done with is emptied (``DELETE`` cascading from the parent tables, sequences back
    to 1) and handed to the next test — unless the test changed its revision (a migration test), then
    it is dropped. All of them go when the process ends.
    """

    def __init__(self, url: str):
        self.url = url
        self.free: list[str] = []
        self.made: list[str] = []
        atexit.register(self._drop_all)

    async def take(self, template: PostgresTemplate) -> str:
        """A migrated schema holding the template's rows (none for the empty template)."""
        if self.free:
            schema = self.free.pop()
        else:
            schema = f"factdesk_test_{uuid.uuid4().hex[:12]}"
            await admin(self.url, f'CREATE SCHEMA "{schema}"')
            self.made.append(schema)
        engine = db.create_engine(self.url, search_path=schema)
        try:
            async with engine.begin() as conn:
                raw = (await conn.get_raw_connection()).driver_connection
                if not await conn.run_sync(db.stored_revisions):
                    await _replay(raw, template.ddl)
                if template.filled:
                    await _copy_rows(raw, template.schema, schema)
        finally:
            await engine.dispose()
        return schema

    async def give_back(self, schema: str) -> None:
        engine = db.create_engine(self.url, search_path=schema)
        try:
            async with engine.begin() as conn:
                raw = (await conn.get_raw_connection()).driver_connection
                if frozenset(await conn.run_sync(db.stored_revisions)) != db.head_revisions():
                    await raw.execute(f'DROP SCHEMA "{schema}" CASCADE')
                    return
                await raw.execute("DELETE FROM articles; DELETE FROM entities; DELETE FROM subscriptions; "
                                  "DELETE FROM feeds")
                await raw.execute("SELECT setval(s.oid, 1, false) FROM pg_class s JOIN pg_namespace n "
                                  "ON n.oid = s.relnamespace WHERE s.relkind = 'S' AND n.nspname = $1", schema)
            self.free.append(schema)
        finally:
            await engine.dispose()

    def _drop_all(self) -> None:
        for schema in self.made:
            _run(lambda schema=schema: admin(self.url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


async def _replay(raw: Any, ddl: list[tuple[str, Any]]) -> None:
    """Send recorded statements; runs of parameterless ones go in one round trip."""
    script: list[str] = []
    for statement, parameters in ddl:
        if parameters:
            if script:
                await raw.execute(";\n".join(script))
                script = []
            await raw.execute(statement, *parameters)
        else:
            script.append(statement)
    if script:
        await raw.execute(";\n".join(script))


async def _copy_rows(raw: Any, source: str, target: str) -> None:
    """Every row of the source schema's tables into the target's, parents first; sequences follow."""
    for table in COPY_ORDER:
        columns = [r["column_name"] for r in await raw.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 "
            "AND is_generated = 'NEVER' ORDER BY ordinal_position", source, table)]
        names = ", ".join(f'"{c}"' for c in columns)
        await raw.execute(f'INSERT INTO "{target}"."{table}" ({names}) SELECT {names} FROM "{source}"."{table}"')
        if "id" in columns:
            await raw.execute(f"SELECT setval(pg_get_serial_sequence('\"{target}\".\"{table}\"', 'id'), "
                              f'COALESCE((SELECT max(id) FROM "{target}"."{table}"), 0) + 1, false)')


async def admin(url: str, statement: str) -> None:
    """Run one statement on the server outside any store (create or drop a schema)."""
    engine = db.create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()
