"""Full-text search over article passages behind one interface: FTS5 on SQLite, tsvector/GIN on PostgreSQL.

User text never reaches the query syntax raw: it is cut into word tokens, each token is quoted
(FTS5) or reduced to a plain lexeme (PostgreSQL), and the query string is passed as a bound
parameter. A user's ``"``, ``*``, ``-``, ``NEAR``, ``OR`` or ``'`` is therefore just a word or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import lexicon

MAX_QUERY_TOKENS = 24
#: Archives of at most this many passages rank every match of a query (cheap at this size).
SMALL_ARCHIVE_PASSAGES = 10_000
#: PostgreSQL: the newest passages first walked (times the window), and the most ever walked.
PROBE_FACTOR = 20
MAX_WALK = 60_000
TOKEN_RE = re.compile(r"\w+", re.UNICODE)
# Words a full-text query drops (they would match nearly every passage).
STOPWORDS = lexicon.words("function_words")

_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN "
    "INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN "
    "INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER passages_au AFTER UPDATE ON passages BEGIN "
    "INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text); END",
]
_POSTGRES_FTS = [
    "ALTER TABLE passages ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX ix_passages_tsv ON passages USING gin (tsv)",
]


def create_fts(conn: Connection) -> None:
    """Create the dialect's full-text index over ``passages`` (called from the migration)."""
    for statement in _SQLITE_FTS if conn.dialect.name == "sqlite" else _POSTGRES_FTS:
        conn.execute(text(statement))


def drop_fts(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in ("passages_ai", "passages_ad", "passages_au"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text("DROP TABLE IF EXISTS passages_fts"))
    else:
        conn.execute(text("DROP INDEX IF EXISTS ix_passages_tsv"))
        conn.execute(text("ALTER TABLE passages DROP COLUMN IF EXISTS tsv"))


def query_tokens(query: str) -> list[str]:
    """Plain word tokens of a user query, stop words and single letters ("U.S." is "u", "s", and every
    "Uber's" holds an "s") dropped unless nothing else is left."""
    words = [w.casefold() for w in TOKEN_RE.findall(query)]
    words = [w.replace("_", "") for w in words if w.strip("_")]
    content = [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    chosen = content or words
    unique = list(dict.fromkeys(chosen))
    return unique[:MAX_QUERY_TOKENS]


def fts5_match_expression(tokens: Sequence[str], *, every: bool = False) -> str:
    """An FTS5 MATCH string that ORs (``every``: ANDs) quoted tokens; each token is only ``\\w`` characters."""
    return (" AND " if every else " OR ").join(f'"{token}"' for token in tokens)


def tsquery_expression(tokens: Sequence[str], *, every: bool = False) -> str:
    """A to_tsquery string that ORs (``every``: ANDs) the tokens; tokens hold no tsquery operators."""
    return (" & " if every else " | ").join(tokens)


async def search_passages(session: AsyncSession, query: str, *, limit: int = 50) -> list[tuple[int, float]]:
    """Up to ``limit`` passage ids matching ``query``, best first, with a score where higher is better.

    A small archive (at most SMALL_ARCHIVE_PASSAGES passages) is ranked whole: the ``limit`` best of every
    match by the backend's rank (FTS5 bm25, PostgreSQL ts_rank_cd). In a larger one that would grow with
    the archive twice over (every match of a common word ranked, and bm25 counts each word's documents),
    so the candidates are bounded windows read from the index in id order: the newest ``limit // 3``
    passages holding every word of the query and, when there are fewer than that, the newest
    ``limit // 6`` holding any of them. Their score is then the window (every word first) and recency;
    callers weigh how much of the query a passage covers before it.
    """
    tokens = query_tokens(query)
    if not tokens:
        return []
    newest = await _newest_passage(session)
    if newest <= SMALL_ARCHIVE_PASSAGES:
        found = dict(await _best(session, tokens, limit))
    else:
        window = limit // 3
        found = {pid: 1.0 + pid / (newest + 1) for pid in await _window(session, tokens, True, window)}
        if len(tokens) > 1 and len(found) < window:
            for pid in await _window(session, tokens, False, window // 2):
                found.setdefault(pid, pid / (newest + 1))
    return sorted(found.items(), key=lambda hit: (-hit[1], hit[0]))


async def _newest_passage(session: AsyncSession) -> int:
    """The highest passage id: at least the number of passages, read from the end of the primary key."""
    return int((await session.execute(text("SELECT max(id) FROM passages"))).scalar() or 0)


async def _best(session: AsyncSession, tokens: Sequence[str], limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best-ranked passages holding any of the words (every match is ranked)."""
    if session.bind.dialect.name == "sqlite":
        rows = await session.execute(
            text("SELECT rowid, bm25(passages_fts) AS r FROM passages_fts WHERE passages_fts MATCH :q "
                 "ORDER BY r LIMIT :n"), {"q": fts5_match_expression(tokens), "n": limit})
        return [(int(pid), -float(rank)) for pid, rank in rows]
    rows = await session.execute(
        text("SELECT id, ts_rank_cd(tsv, q) AS r FROM passages, to_tsquery('english', :q) AS q "
             "WHERE tsv @@ q ORDER BY r DESC, id LIMIT :n"), {"q": tsquery_expression(tokens), "n": limit})
    return [(int(pid), float(rank)) for pid, rank in rows]


async def _window(session: AsyncSession, tokens: Sequence[str], every: bool, limit: int) -> list[int]:
    """Ids of the newest ``limit`` passages holding every word (or any word) of the query."""
    if session.bind.dialect.name == "sqlite":
        rows = await session.execute(
            text("SELECT rowid FROM passages_fts WHERE passages_fts MATCH :q ORDER BY rowid DESC LIMIT :n"),
            {"q": fts5_match_expression(tokens, every=every), "n": limit})
        return [int(pid) for pid in rows.scalars()]
    params = {"q": tsquery_expression(tokens, every=every), "n": limit}
    probe = limit * PROBE_FACTOR
    found = (await session.execute(text(_PG_NEWEST), params | {"walk": probe})).scalars().all()
    if len(found) < limit:
        walk = probe * limit * 3 // (2 * len(found)) if found else MAX_WALK + 1  # rows enough to find ``limit``
        statement = _PG_ALL_MATCHES if walk > MAX_WALK else _PG_NEWEST  # rare: sort every match instead
        found = (await session.execute(text(statement), params | {"walk": walk})).scalars().all()
    return [int(pid) for pid in found]


# The GIN index gives matches in no order, so "the newest matches" is either a walk down the primary key
# that stops at the first ``n`` matches (fast when matches are common) or all matches, sorted (fast when
# they are rare). PostgreSQL's own choice rests on estimates that can be far off (a word it has no
# statistics for, words assumed independent), so a walk over the newest passages comes first and tells
# how common the matches are; each query's shape fixes its plan: the walk reads an ordered subquery the
# planner may not flatten (it has a LIMIT), the sort reads a materialised set of GIN matches.
_PG_NEWEST = ("SELECT id FROM (SELECT id, tsv FROM passages ORDER BY id DESC LIMIT :walk) newest "
              "WHERE tsv @@ to_tsquery('english', :q) ORDER BY id DESC LIMIT :n")
_PG_ALL_MATCHES = ("WITH matches AS MATERIALIZED (SELECT id FROM passages WHERE tsv @@ to_tsquery('english', :q)) "
                   "SELECT id FROM matches ORDER BY id DESC LIMIT :n")
