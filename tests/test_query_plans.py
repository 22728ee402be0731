"""Every command's SQL reads through an index: no full scan of a facts table, on either backend.

The statements a command runs are captured as they go to the database and explained there
(SQLite: ``EXPLAIN QUERY PLAN``; PostgreSQL: ``EXPLAIN`` with sequential scans priced out, so a
``Seq Scan`` that remains means no index could serve the query).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from knowledge.query.service import KnowledgeService
from knowledge.store.writer import KnowledgeStore

FACT_TABLES = frozenset({"articles", "passages", "entities", "aliases", "mentions", "roles", "quotes", "events",
                         "deals", "deal_parties", "entity_terms", "role_terms"})
QUESTIONS = [
    "/who Chernyshov", "/who Chernyshow", "/who Чернишов", "/who energy minister", "/who head of Naftogaz",
    "/who said our first task is the winter", "/who Angela Merkel",
    "/when tender rules", "/when moon landing",
    "/deals Northvolt", "/deals Volvo Cars", "/deals Energy Company of Ukraine", "/deals Canada",
    "/search battery cell supplies", "/sources",
    "/check Olha Kovalenko is the energy minister", "/check Northvolt signed a deal with the Slovak government",
]
SQLITE_SCAN_RE = re.compile(r"\bSCAN (\w+)(.*)")


def full_scans_sqlite(plan: list[str]) -> list[str]:
    """Plan lines that read a whole facts table (an ordered index read that a LIMIT stops is not one)."""
    bad = []
    for line in plan:
        match = SQLITE_SCAN_RE.search(line)
        if not match:
            continue
        table, rest = match.groups()
        if table == "passages_fts":
            if ":M" not in rest:  # a virtual table scan without MATCH reads every row
                bad.append(line)
        elif table in FACT_TABLES and not (table == "articles" and "INDEX ix_articles_newest" in rest):
            bad.append(line)
    return bad


def full_scans_postgres(plan: list[str]) -> list[str]:
    return [line for line in plan if (m := re.search(r"Seq Scan on (\w+)", line)) and m.group(1) in FACT_TABLES]


@pytest.fixture
def service(corpus_store: KnowledgeStore) -> KnowledgeService:
    return KnowledgeService(corpus_store)


@pytest.mark.parametrize("archive", ["small", "large"])
async def test_each_command_reads_facts_through_indexes(service: KnowledgeService, archive: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    if archive == "large":  # full-text search as past SMALL_ARCHIVE_PASSAGES: bounded windows, newest first
        monkeypatch.setattr("knowledge.store.search.SMALL_ARCHIVE_PASSAGES", 0)
    engine = service.store.engine
    postgres = engine.dialect.name == "postgresql"
    failures = []
    for question in QUESTIONS:
        statements: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, parameters, context, executemany, sent=statements) -> None:
            sent.append((statement, parameters))

        event.listen(engine.sync_engine, "before_cursor_execute", capture)
        try:
            answer = await service.answer(question)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", capture)
        assert answer.error is None and statements, question
        async with engine.begin() as conn:
            if postgres:
                await conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            for statement, parameters in statements:
                explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
                plan = [str(row[-1]) for row in await conn.exec_driver_sql(explain + statement, parameters)]
                if full_scans_postgres(plan) if postgres else full_scans_sqlite(plan):
                    failures.append(f"{question}: {' '.join(statement.split())[:300]}\n" + "\n".join(plan))
    assert not failures, "\n\n".join(failures)
