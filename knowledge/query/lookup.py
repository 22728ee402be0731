"""Entity candidates from the term index (ids, not text scans), for the careful comparison to rank.

A name or party query is turned into terms (:mod:`knowledge.store.terms`); each term reads at most
``PER_TERM`` entity ids from ``entity_terms``'s primary key, so a common first name costs as
little as a rare surname. The few candidates then get their aliases for
:func:`~knowledge.text.names.match_score` or the party rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select, text

from knowledge.query.retrieval import MAX_UNION_PARTS, QueryContext
from knowledge.store.schema import alias_table, entity_table, entity_term_table

PER_TERM = 100


async def entities_under(ctx: QueryContext, terms: Iterable[str], *, per_term: int = PER_TERM) -> dict[str, list[int]]:
    """Term -> ids of the entities indexed under it (at most ``per_term`` each), in one statement.

    One bounded read of the primary key per term, glued with UNION ALL. The SQL is spelled out rather
    than built from SQLAlchemy constructs: a name query has dozens of terms and building the
    construct cost more than running it.
    """
    wanted = sorted(set(terms))
    found: dict[str, list[int]] = defaultdict(list)
    for start in range(0, len(wanted), MAX_UNION_PARTS):
        chunk = wanted[start:start + MAX_UNION_PARTS]
        chunk += [""] * (min(1 << (len(chunk) - 1).bit_length(), MAX_UNION_PARTS) - len(chunk))  # few shapes
        sql = " UNION ALL ".join(
            f"SELECT * FROM (SELECT term, entity_id FROM entity_terms WHERE term = :t{i} "
            f"ORDER BY entity_id LIMIT :n) AS t{i}" for i in range(len(chunk)))
        params = {f"t{i}": term for i, term in enumerate(chunk)} | {"n": per_term}
        for term, entity_id in await ctx.session.execute(text(sql), params):
            found[term].append(int(entity_id))
    found.pop("", None)
    return found


async def entities_with_prefix(ctx: QueryContext, prefix: str, *, limit: int) -> list[int]:
    """Ids of entities with a term starting with ``prefix`` (a range of the primary key)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    terms = entity_term_table.c
    rows = await ctx.session.execute(select(terms.entity_id).where(
        terms.term >= prefix, terms.term < upper).order_by(terms.term).limit(limit))
    return list(dict.fromkeys(int(e) for e in rows.scalars()))


async def aliases_of(ctx: QueryContext, entity_ids: Iterable[int]) -> list[tuple[int, str, str]]:
    """(entity id, display name, alias) of each alias of the entities, in entity then alias order."""
    ids = sorted(set(entity_ids))
    if not ids:
        return []
    aliases = alias_table.c
    rows = await ctx.session.execute(
        select(aliases.entity_id, entity_table.c.name, aliases.alias)
        .join(entity_table, entity_table.c.id == aliases.entity_id)
        .where(aliases.entity_id.in_(ids)).order_by(aliases.entity_id, aliases.id))
    return [(int(e), name, alias) for e, name, alias in rows]
