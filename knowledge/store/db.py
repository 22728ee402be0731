"""Database engines: where the store lives, how connections are set up, and migrations on start.

SQLite is the default (one file, WAL mode so readers never block the writer); a
``postgresql+asyncpg://`` URL switches to PostgreSQL. Every start compares the revision stored in
``alembic_version`` with the newest one in ``migrations/versions`` (read from the files, without
importing Alembic): when they agree, which is nearly always, that is one query. Otherwise Alembic
upgrades the schema; on PostgreSQL an advisory lock keeps two starting processes from migrating
at once.
"""

from __future__ import annotations

import ast
import os
import re
from functools import cache
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

DATABASE_URL_ENV = "FACTDESK_DATABASE_URL"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Pages SQLite keeps per connection: the default 2 MB makes questions re-read an archive's hot index pages
# (full-text doclists, the term and fact indexes) from the OS on every question.
SQLITE_CACHE_KIB = 16_384
MIGRATION_LOCK_ID = 0x0FAC7DE5  # arbitrary, constant: the pg advisory lock key for migrations


class DatabaseConfigError(ValueError):
    """The database location given by the user cannot be used."""


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


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def create_engine(url: str, *, search_path: str | None = None) -> AsyncEngine:
    """An async engine with the per-connection settings each backend needs.

    ``search_path`` (PostgreSQL only) puts the store in its own schema, e.g. one per test run.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        return engine
    connect_args = {"server_settings": {"search_path": search_path}} if search_path else {}
    return create_async_engine(url, pool_pre_ping=True, connect_args=connect_args)


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


def _upgrade(connection: Connection) -> None:
    from alembic import command  # imported only when a migration is due: it costs a noticeable start-up
    from alembic.config import Config

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_ID})
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest migration (idempotent; one query when it is current)."""
    async with engine.connect() as connection:
        current = await connection.run_sync(stored_revisions)
    if current and current == head_revisions():
        return
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


def session_factory(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)
