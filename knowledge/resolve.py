"""Entity resolution across articles: one entity per person and per organisation.

A person from a new article joins an existing entity when a stored alias has the same surname key
and :func:`knowledge.names.same_person` agrees; organisations join on :func:`knowledge.names.org_key`
or :func:`knowledge.names.same_org`. The entity's display name is its most complete spelling.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.store.indexing import add_entity_terms
from knowledge.store.models import Alias, Entity
from knowledge.text.names import fold, match_score, name_key, org_key, same_org, same_person

MIN_VARIANT_SURNAME = 5
VARIANT_MIN_SCORE = 90.0


def _starts_with(column: Any, prefix: str) -> tuple[Any, Any]:
    """``column`` starts with ``prefix``, as a range the index can answer (LIKE 'x%' cannot use it in SQLite)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return column >= prefix, column < upper


def person_lookup_key(name: str) -> str:
    """The surname's key: every spelling of one person shares it."""
    words = name.split()
    return name_key(words[-1]) if words else ""


def org_lookup_key(name: str) -> str:
    return org_key(name) or fold(name)


def _better_display_name(current: str, candidate: str) -> str:
    """Prefer more words (a full name over a surname), then the longer spelling (Zelenskyy over Zelensky)."""
    if len(candidate.split()) != len(current.split()):
        return candidate if len(candidate.split()) > len(current.split()) else current
    return candidate if len(candidate) > len(current) else current


def _insert_ignoring_duplicates(session: AsyncSession):
    """``INSERT ... ON CONFLICT DO NOTHING`` into aliases, for the session's database."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return insert(Alias).on_conflict_do_nothing(index_elements=[Alias.entity_id, Alias.folded])


async def _add_aliases(session: AsyncSession, entity: Entity, names: set[str], key_of) -> None:
    """Insert-or-keep each spelling under the (entity, folded spelling) key (the first spelling stays),
    and index the entity under the lookup terms of its spellings (insert-or-keep too)."""
    rows: dict[str, dict[str, Any]] = {}
    for name in sorted(names):
        folded = fold(name)
        if folded and folded not in rows:
            rows[folded] = {"entity_id": entity.id, "alias": name, "folded": folded, "lookup_key": key_of(name)}
    if rows:
        await session.execute(_insert_ignoring_duplicates(session), list(rows.values()))
    await add_entity_terms(session, entity.id, entity.kind, [row["alias"] for row in rows.values()])


async def resolve_person(session: AsyncSession, name: str, aliases: set[str], now: datetime) -> Entity:
    """The stored entity for a person of one article, created or merged."""
    candidates = (await session.execute(
        select(Entity).join(Alias).where(Entity.kind == "person", Alias.lookup_key == person_lookup_key(name))
        .distinct().order_by(Entity.id)
    )).scalars().all()
    match = next((e for e in candidates if same_person(e.name, name)), None)
    if match is None and len(name.split()) > 1:
        match = await _spelling_variant(session, name)
    if match is not None:
        match.name = _better_display_name(match.name, name)
        await _add_aliases(session, match, aliases | {name}, person_lookup_key)
        return match
    entity = Entity(kind="person", name=name, first_seen_at=now)
    session.add(entity)
    await session.flush()
    await _add_aliases(session, entity, aliases | {name}, person_lookup_key)
    return entity


async def _spelling_variant(session: AsyncSession, name: str) -> Entity | None:
    """A stored person with the same given name and a surname one transliteration away (Umerov / Umierov)."""
    key = person_lookup_key(name)
    if len(key) < MIN_VARIANT_SURNAME:
        return None
    near = (await session.execute(
        select(Entity).join(Alias).where(Entity.kind == "person", *_starts_with(Alias.lookup_key, key[:2]))
        .distinct().order_by(Entity.id)
    )).scalars().all()
    given = name_key(name.split()[0])
    for entity in near:
        words = entity.name.split()
        if len(words) > 1 and name_key(words[0]) == given and match_score(name, entity.name) >= VARIANT_MIN_SCORE:
            return entity
    return None


async def resolve_org(session: AsyncSession, name: str, now: datetime) -> Entity:
    """The stored entity for an organisation or country named as a deal party."""
    key = org_lookup_key(name)
    entity = (await session.execute(
        select(Entity).join(Alias).where(Entity.kind == "org", Alias.lookup_key == key).order_by(Entity.id)
    )).scalars().first()
    if entity is None and len(key) >= 8:
        # Spelling variants of long single-word names (Ukroboronprom / Ukrinoboronprom) share a prefix.
        near = (await session.execute(
            select(Entity).join(Alias).where(Entity.kind == "org", *_starts_with(Alias.lookup_key, key[:4]))
            .order_by(Entity.id)
        )).scalars().all()
        entity = next((e for e in near if same_org(e.name, name)), None)
    if entity is None:
        entity = Entity(kind="org", name=name, first_seen_at=now)
        session.add(entity)
        await session.flush()
    await _add_aliases(session, entity, {name}, org_lookup_key)
    return entity
