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

MAX_QUERY_TOKENS = 24
TOKEN_RE = re.compile(r"\w+", re.UNICODE)
STOPWORDS = frozenset(
    """a an and are as at be by did do does for from had has have he her his how i in is it its of on or
    she that the their them they this to was were what when where which who whom why will with""".split()
)

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
    """Plain word tokens of a user query, stop words dropped unless nothing else is left."""
    words = [w.casefold() for w in TOKEN_RE.findall(query)]
    words = [w.replace("_", "") for w in words if w.strip("_")]
    content = [w for w in words if w not in STOPWORDS]
    chosen = content or words
    unique = list(dict.fromkeys(chosen))
    return unique[:MAX_QUERY_TOKENS]


def fts5_match_expression(tokens: Sequence[str]) -> str:
    """An FTS5 MATCH string that ORs quoted tokens; each token is only ``\\w`` characters."""
    return " OR ".join(f'"{token}"' for token in tokens)


def tsquery_expression(tokens: Sequence[str]) -> str:
    """A to_tsquery string that ORs the tokens; tokens hold no tsquery operators."""
    return " | ".join(tokens)


async def search_passages(session: AsyncSession, query: str, *, limit: int = 50) -> list[tuple[int, float]]:
    """Passage ids matching ``query``, best first, with a score where higher is better."""
    tokens = query_tokens(query)
    if not tokens:
        return []
    if session.bind.dialect.name == "sqlite":
        rows = await session.execute(
            text("SELECT rowid, bm25(passages_fts) AS r FROM passages_fts WHERE passages_fts MATCH :q "
                 "ORDER BY r LIMIT :n"),
            {"q": fts5_match_expression(tokens), "n": limit},
        )
        return [(int(pid), -float(rank)) for pid, rank in rows]
    rows = await session.execute(
        text("SELECT id, ts_rank_cd(tsv, q) AS r FROM passages, to_tsquery('english', :q) AS q "
             "WHERE tsv @@ q ORDER BY r DESC, id LIMIT :n"),
        {"q": tsquery_expression(tokens), "n": limit},
    )
    return [(int(pid), float(rank)) for pid, rank in rows]
