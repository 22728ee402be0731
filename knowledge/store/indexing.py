"""Writing the lookup terms of :mod:`knowledge.store.terms`: at ingest, and all at once in a migration."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.store.models import Alias, Entity, EntityTerm, Role, RoleTerm
from knowledge.store.terms import org_terms, person_terms, role_terms

BATCH_ROWS = 5000


def terms_of(kind: str, aliases: Iterable[str]) -> set[str]:
    """Every term of an entity of ``kind`` ("person" or "org") with these aliases."""
    make = person_terms if kind == "person" else org_terms
    return {term for alias in aliases for term in make(alias)}


def _insert_ignoring_duplicates(dialect: str):
    return (sqlite.insert if dialect == "sqlite" else postgresql.insert)(EntityTerm).on_conflict_do_nothing()


async def add_entity_terms(session: AsyncSession, entity_id: int, kind: str, aliases: Iterable[str]) -> None:
    """Index an entity under the terms of (new) aliases; terms it already has are kept once."""
    rows = [{"term": term, "entity_id": entity_id} for term in sorted(terms_of(kind, aliases))]
    if rows:
        await session.execute(_insert_ignoring_duplicates(session.bind.dialect.name), rows)


def role_term_rows(role_id: int, role: str, page_date: str | None) -> list[dict]:
    return [{"term": term, "page_date": page_date, "role_id": role_id} for term in sorted(role_terms(role))]


async def index_roles(session: AsyncSession, article_id: int, page_date: str | None) -> None:
    """Index the roles just stored for an article."""
    roles = (await session.execute(select(Role.id, Role.role).where(Role.article_id == article_id))).all()
    rows = [row for role_id, role in roles for row in role_term_rows(role_id, role, page_date)]
    if rows:
        await session.execute(insert(RoleTerm), rows)


def rebuild_terms(connection: Connection) -> None:
    """Compute every entity's and role's terms from the stored aliases and roles (for migrations)."""
    connection.execute(text("DELETE FROM entity_terms"))
    connection.execute(text("DELETE FROM role_terms"))
    aliases: dict[tuple[int, str], set[str]] = {}
    for entity_id, kind, alias in connection.execute(
            select(Entity.id, Entity.kind, Alias.alias).join(Alias, Alias.entity_id == Entity.id)):
        aliases.setdefault((entity_id, kind), set()).add(alias)
    rows = [{"term": term, "entity_id": entity_id}
            for (entity_id, kind), names in aliases.items() for term in terms_of(kind, names)]
    for start in range(0, len(rows), BATCH_ROWS):
        connection.execute(insert(EntityTerm), rows[start:start + BATCH_ROWS])
    role_rows = [row for role_id, role, page_date in connection.execute(select(Role.id, Role.role, Role.page_date))
                 for row in role_term_rows(role_id, role, page_date)]
    for start in range(0, len(role_rows), BATCH_ROWS):
        connection.execute(insert(RoleTerm), role_rows[start:start + BATCH_ROWS])
