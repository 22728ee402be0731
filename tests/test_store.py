"""The store on both backends: migrations, the article write path, and full-text search."""

from __future__ import annotations

from functools import cache

import pytest
from sqlalchemy import func, select

from knowledge.extract.pipeline import ProcessedArticle, process_article
from knowledge.store import db
from knowledge.store.models import Article, Entity, Passage, Quote
from knowledge.store.search import fts5_match_expression, query_tokens, search_passages
from knowledge.store.writer import KnowledgeStore

ARTICLE = """Harbour city signs ferry contract

Published 3 March 2024

Mayor Ingrid Solberg said the city council signed a contract with Nordfjord Ferries on March 1, 2024.

"We will have electric ferries on every route by 2026," Solberg said at a press conference.
"""
CHANGED = ARTICLE.replace("electric ferries", "hydrogen ferries")
HOSTILE_QUERIES = ['"', '""', "ferry*", "-ferry", "NEAR(ferry city)", "ferry OR", "OR", "AND NOT",
                   "'; DROP TABLE articles; --", "ferry\"contract", "col:ferry", "^ferry", "((", "ferry' OR '1'='1",
                   "   ", "🙂", "Кулеба", "a" * 4000]


@cache
def processed(text: str, name: str) -> ProcessedArticle:
    """``process_article`` once per test process for each text and name (the store does not change what it is
    given, and every test runs on both backends)."""
    return process_article(text, name)


def ferry() -> ProcessedArticle:
    return processed(ARTICLE, "ferry.txt")


async def _count(store: KnowledgeStore, model) -> int:
    async with store.sessions() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_migrations_are_idempotent(store: KnowledgeStore) -> None:
    await db.migrate(store.engine)
    await db.migrate(store.engine)
    assert await store.article_count() == 0


async def test_saving_the_same_content_twice_adds_nothing(store: KnowledgeStore) -> None:
    processed = ferry()
    first = await store.save_article(processed, "hash-1")
    second = await store.save_article(processed, "hash-1")
    assert (first.status, second.status) == ("new", "unchanged")
    assert await store.article_count() == 1
    assert first.counts["quotes"] == 1


async def test_a_changed_article_replaces_its_facts(store: KnowledgeStore) -> None:
    await store.save_article(processed(ARTICLE, "ferry.txt"), "hash-1")
    passages_before = await _count(store, Passage)
    outcome = await store.save_article(processed(CHANGED, "ferry.txt"), "hash-2")
    assert outcome.status == "replaced"
    assert await store.article_count() == 1
    assert await _count(store, Passage) == passages_before
    async with store.sessions() as session:
        quotes = (await session.execute(select(Quote.text))).scalars().all()
    assert quotes == ["We will have electric ferries on every route by 2026".replace("electric", "hydrogen")]


async def test_the_same_content_under_another_name_is_a_duplicate(store: KnowledgeStore) -> None:
    await store.save_article(processed(ARTICLE, "ferry.txt"), "hash-1")
    outcome = await store.save_article(processed(ARTICLE, "copy.txt"), "hash-1")
    assert outcome.status == "duplicate" and outcome.duplicate_of == "ferry.txt"


async def test_people_are_one_entity_across_articles(store: KnowledgeStore) -> None:
    await store.save_article(processed(ARTICLE, "a.txt"), "h1")
    other = "Ferry news\n\nPublished 5 March 2024\n\nMayor Ingrid Solberg opened the new terminal on Monday.\n"
    await store.save_article(processed(other, "b.txt"), "h2")
    async with store.sessions() as session:
        names = (await session.execute(select(Entity.name).where(Entity.kind == "person"))).scalars().all()
    assert names.count("Ingrid Solberg") == 1


async def test_deleting_the_last_article_of_a_person_removes_the_person(store: KnowledgeStore) -> None:
    await store.save_article(processed(ARTICLE, "a.txt"), "h1")
    await store.save_article(processed("Weather\n\nPublished 3 March 2024\n\nIt rained all day in the "
                                             "harbour and the ferries stayed in port.\n", "a.txt"), "h2")
    async with store.sessions() as session:
        people = (await session.execute(select(Entity).where(Entity.kind == "person"))).scalars().all()
    assert people == []


async def test_full_text_search_finds_a_passage(store: KnowledgeStore) -> None:
    await store.save_article(processed(ARTICLE, "ferry.txt"), "hash-1")
    async with store.sessions() as session:
        hits = await search_passages(session, "ferries contract")
        texts = [(await session.get(Passage, pid)).text for pid, _ in hits]
    assert any("Nordfjord Ferries" in t for t in texts)


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
async def test_hostile_search_strings_neither_fail_nor_change_the_query(store: KnowledgeStore, query: str) -> None:
    await store.save_article(ferry(), "hash-1")
    async with store.sessions() as session:
        hits = await search_passages(session, query)
        plain = await search_passages(session, " ".join(query_tokens(query)))
        count = (await session.execute(select(func.count(Article.id)))).scalar_one()
    assert hits == plain
    assert count == 1


def test_query_tokens_keep_only_words() -> None:
    assert query_tokens('NEAR("ferry" -city*) OR xy') == ["near", "ferry", "city", "xy"]
    assert query_tokens("U.S. Postal Service") == ["postal", "service"]  # every "Uber's" holds an "s"
    assert query_tokens("Plan B") == ["plan"]
    assert query_tokens("B") == ["b"]
    assert fts5_match_expression(["near", "or"]) == '"near" OR "or"'


async def test_a_one_letter_transliteration_variant_of_a_full_name_is_the_same_person(store: KnowledgeStore) -> None:
    first = "Talks\n\nPublished 3 March 2024\n\nDefence Minister Oleksandr Tkachenko met the delegation on Monday.\n"
    second = "More talks\n\nPublished 4 March 2024\n\nDefence Minister Oleksandr Tkachienko said talks went well.\n"
    await store.save_article(processed(first, "a.txt"), "h1")
    await store.save_article(processed(second, "b.txt"), "h2")
    async with store.sessions() as session:
        names = (await session.execute(select(Entity.name).where(Entity.kind == "person"))).scalars().all()
    assert len(names) == 1


async def test_two_spellings_of_one_person_in_one_article_are_one_mention(store: KnowledgeStore) -> None:
    first = "Talks\n\nPublished 3 March 2024\n\nDefence Minister Oleksandr Tkachenko met the delegation on Monday.\n"
    await store.save_article(processed(first, "a.txt"), "h1")
    both = ("More talks\n\nPublished 4 March 2024\n\nDefence Minister Oleksandr Tkachienko said talks went well. "
            "Deputy Minister Oleksandr Tkachenko, his namesake, disagreed.\n")
    outcome = await store.save_article(processed(both, "b.txt"), "h2")
    assert outcome.status == "new"


async def test_a_database_from_before_sources_migrates_and_keeps_its_articles(
        blank_target: tuple[str, str | None], tmp_path) -> None:
    import hashlib
    from datetime import UTC, datetime

    from sqlalchemy import text

    from knowledge.ingest import ingest_paths
    from knowledge.store.models import ArticleSource

    url, schema = blank_target
    engine = db.create_engine(url, search_path=schema)
    await db.migrate(engine, revision="0001")
    digest = hashlib.sha256(ARTICLE.encode()).hexdigest()
    async with engine.begin() as conn:
        for name in ("ferry.txt", "copy.txt"):  # a content stored twice (a race of older versions could do that)
            article_id = (await conn.execute(text(
                "INSERT INTO articles (file_name, title, content_hash, text, date_kind, ingested_at) "
                "VALUES (:name, 'Ferry', :digest, :text, 'unknown', :now) RETURNING id"),
                {"name": name, "digest": digest, "text": ARTICLE, "now": datetime.now(UTC)})).scalar_one()
            await conn.execute(text('INSERT INTO passages (article_id, start, "end", text) VALUES (:a, 0, 4, :t)'),
                               {"a": article_id, "t": "Harbour"})
    await engine.dispose()
    store = await KnowledgeStore.open(url, search_path=schema)
    try:
        assert await store.article_count() == 1
        async with store.sessions() as session:
            sources = sorted((await session.execute(select(ArticleSource.kind, ArticleSource.key))).all())
        assert sources == [("file", "copy.txt"), ("file", "ferry.txt")]
        assert await _count(store, Passage) == 1
        (tmp_path / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
        report = await ingest_paths(store, [tmp_path])
        assert report.count("unchanged") == 1  # the migrated article is the file's, by name and content
    finally:
        await store.close()


def test_the_head_revision_read_from_the_files_is_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    assert db.head_revisions() == frozenset(ScriptDirectory.from_config(config).get_heads())


async def test_a_current_store_reports_the_head_revision(store: KnowledgeStore) -> None:
    async with store.engine.connect() as connection:
        assert await connection.run_sync(db.stored_revisions) == db.head_revisions()


async def test_the_query_indexes_migration_fills_in_what_a_store_already_holds(corpus_store: KnowledgeStore) -> None:
    """Going back to the schema before it and up again leaves every answer as it was."""
    from knowledge.query.service import KnowledgeService

    service = KnowledgeService(corpus_store)
    questions = ["/who Chernyshov", "/who energy minister", "/deals Northvolt", "/when tender rules",
                 "/check Olha Kovalenko is the energy minister", "/sources"]
    before = [await service.answer(q) for q in questions]

    def to(revision: str):
        def move(connection) -> None:
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            (command.downgrade if revision == "0002" else command.upgrade)(config, revision)
        return move

    async with corpus_store.engine.begin() as connection:
        await connection.run_sync(to("0002"))
    async with corpus_store.engine.begin() as connection:
        assert await connection.run_sync(db.stored_revisions) == {"0002"}
    await db.migrate(corpus_store.engine)
    assert [await service.answer(q) for q in questions] == before
