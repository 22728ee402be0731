"""Database engines: where the store lives, how connections are set up, and migrations on start.

SQLite is the default (one file, WAL mode so readers never block the writer); a
``postgresql+asyncpg://`` URL switches to PostgreSQL. Every start compares the revision stored in
``alembic_version`` with the newest one in ``migrations/versions`` (read from the files, without
importing Alembic): when they agree, which is nearly always, that is one query. Otherwise Alembic
upgrades the schema. Two processes that start at once never migrate at the same
time: on SQLite the migration runs in a ``BEGIN IMMEDIATE`` transaction (the second process waits
for the write lock, then finds the schema current), on PostgreSQL under an advisory lock.

SQLite transactions are begun by us, not by the driver (the driver's implicit BEGIN comes only
before the first write, so a read-then-write transaction is not one snapshot): reads begin a
deferred transaction, the store's write transactions ``BEGIN IMMEDIATE`` (see
:data:`SQLITE_BEGIN`). Every lock wait is bounded by ``lock_timeout``; running over it raises
:class:`StoreBusy` with a one-line reason.
"""

from __future__ import annotations

import ast
import os
import re
import time
from functools import cache
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from knowledge.limits import DEFAULT_LOCK_TIMEOUT

DATABASE_URL_ENV = "FACTDESK_DATABASE_URL"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_LOCK_ID = 0x0FAC7DE5  # arbitrary, constant: the pg advisory lock key for migrations
#: Execution option naming how an SQLite transaction begins: "DEFERRED" (reads), "IMMEDIATE" (writes),
#: or None for no transaction at all (statements such as PRAGMA foreign_keys that must run outside one).
SQLITE_BEGIN = "factdesk_sqlite_begin"
PG_LOCK_NOT_AVAILABLE = "55P03"
# Pages SQLite keeps per connection: the default 2 MB makes questions re-read an archive's hot index pages
# (full-text doclists, the term and fact indexes) from the OS on every question.
SQLITE_CACHE_KIB = 16_384


class DatabaseConfigError(ValueError):
    """The database location given by the user cannot be used."""


class StoreBusy(RuntimeError):
    """Another process held a lock on the database for longer than the lock timeout."""


def busy_error(exc: DBAPIError, lock_timeout: float) -> StoreBusy | None:
    """A :class:`StoreBusy` for a lock-wait timeout of either backend, None for any other error."""
    orig = exc.orig
    locked = "database is locked" in str(orig) or "database table is locked" in str(orig) or getattr(
        orig, "sqlstate", None) == PG_LOCK_NOT_AVAILABLE
    if not locked:
        return None
    return StoreBusy(f"the database is busy: another process held its lock for over {lock_timeout:g} s "
                     "(FACTDESK_LOCK_TIMEOUT); try again when it has finished")


def default_sqlite_path() -> Path:
    """``$XDG_DATA_HOME/factdesk/factdesk.sqlite`` (``~/.local/share/...`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "factdesk" / "factdesk.sqlite"


def resolve_database_url(db: str | None = None) -> str:
    """The URL to use: ``--db`` (path or URL), else ``FACTDESK_DATABASE_URL``, else the default file."""
    value = db or os.environ.get(DATABASE_URL_ENV) or str(default_sqlite_path())
    if "://" not in value:
        path = Path(value).expanduser()
        if path.is_dir():
            raise DatabaseConfigError(f"{path} is a directory; give a database file path")
        return f"sqlite+aiosqlite:///{path.resolve()}"
    url = make_url(value)
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        url = url.set(drivername="sqlite+aiosqlite")
    elif url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+asyncpg")
    if url.drivername not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        raise DatabaseConfigError(f"unsupported database URL scheme {url.drivername!r}: "
                                  "use a file path, sqlite+aiosqlite:/// or postgresql+asyncpg://")
    return url.render_as_string(hide_password=False)


def is_new_sqlite_database(url: str) -> bool:
    """Whether the URL names an SQLite file that does not exist yet (first run)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and bool(parsed.database) and not Path(
        parsed.database).exists()


def _sqlite_connect_listener(lock_timeout: float):
    def on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we begin transactions ourselves (see _on_sqlite_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")  # first: the pragmas below may wait
        cursor.execute("PRAGMA foreign_keys=ON")
        _journal_mode_wal(cursor, lock_timeout)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()
    return on_connect


def _journal_mode_wal(cursor, lock_timeout: float) -> None:
    """``PRAGMA journal_mode=WAL``, waiting for other connections as long as ``lock_timeout`` allows.

    On a new file, two connections switching it to WAL at once (two processes starting on it) both hold
    a shared lock and want an exclusive one: SQLite answers one of them "database is locked" at once,
    without waiting (``busy_timeout`` does not apply to a deadlock). Once the other has switched, the
    pragma finds WAL on and succeeds, so it is tried again, briefly, until the timeout runs out.
    """
    deadline = time.monotonic() + lock_timeout
    pause = 0.001
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except Exception as exc:  # the driver's OperationalError
            if "database is locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)  # inside the connect event, on the driver's connection: milliseconds, and rare
        pause = min(pause * 2, 0.05)


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    if mode is not None:
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str, *, search_path: str | None = None,
                  lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> AsyncEngine:
    """An async engine with the per-connection settings each backend needs.

    ``search_path`` (PostgreSQL only) puts the store in its own schema, e.g. one per test run.
    ``lock_timeout`` bounds how long SQLite waits for another process's lock (``busy_timeout``).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_connect_listener(lock_timeout))
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
        return engine
    connect_args = {"server_settings": {"search_path": search_path}} if search_path else {}
    return create_async_engine(url, pool_pre_ping=True, connect_args=connect_args)


def pg_lock_timeout_statement(lock_timeout: float):
    """``SET LOCAL lock_timeout``: bounds every lock wait of the current PostgreSQL transaction."""
    return text(f"SET LOCAL lock_timeout = '{int(lock_timeout * 1000)}ms'")


_REVISION_RE = re.compile(r"^revision\s*=\s*(?P<value>.+)$", re.M)
_DOWN_REVISION_RE = re.compile(r"^down_revision\s*=\s*(?P<value>.+)$", re.M)


@cache
def head_revisions() -> frozenset[str]:
    """The newest migration ids (normally one), from the ``revision``/``down_revision`` lines of the files."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION_RE.search(source), _DOWN_REVISION_RE.search(source)
        if revision is None:
            continue
        revisions.add(ast.literal_eval(revision["value"].split("#")[0].strip()))
        value = ast.literal_eval(down["value"].split("#")[0].strip()) if down else None
        parents.update([value] if isinstance(value, str) else value or ())
    return frozenset(revisions - parents)


def stored_revisions(connection: Connection) -> frozenset[str]:
    """The revisions ``alembic_version`` holds; empty for a database never migrated."""
    if connection.dialect.name == "sqlite":
        exists = connection.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")).first()
    else:
        exists = connection.execute(text("SELECT to_regclass('alembic_version')")).scalar()
    if not exists:
        return frozenset()
    return frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _upgrade(connection: Connection, revision: str, lock_timeout: float) -> None:
    from alembic import command  # imported only when a migration is due: it costs a noticeable start-up
    from alembic.config import Config

    if connection.dialect.name == "postgresql":
        connection.execute(pg_lock_timeout_statement(lock_timeout))
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_ID})
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} rows whose references are broken; nothing was changed")


async def migrate(engine: AsyncEngine, *, revision: str = "head", lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
    """Bring the schema to ``revision`` (the newest by default; idempotent).

    On SQLite the migration connection turns foreign keys off (a migration that rebuilds a table
    must not cascade its drop into the rows that reference it; SQLite cannot change this inside a
    transaction), checks every reference before committing, and is discarded afterwards. When the
    stored revision is the newest already, this is one query and Alembic is never imported.
    """
    try:
        if revision == "head":
            async with engine.connect() as connection:
                current = await connection.run_sync(stored_revisions)
            if current and current == head_revisions():
                return
        async with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                await connection.execution_options(**{SQLITE_BEGIN: None})
                await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                await connection.commit()
                await connection.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
            try:
                async with connection.begin():
                    await connection.run_sync(_upgrade, revision, lock_timeout)
            finally:
                if sqlite:
                    await connection.invalidate()  # its foreign_keys=OFF must not reach the pool
    except DBAPIError as exc:
        busy = busy_error(exc, lock_timeout)
        if busy is not None:
            raise busy from None
        raise


def session_factory(engine: AsyncEngine, **options) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False, **options)
