"""The service API that the bot and the CLI share, on both backends."""

from __future__ import annotations

import pytest

from knowledge.query.answers import Answer, PersonRecord, QuoteRecord
from knowledge.query.service import KnowledgeService
from knowledge.store.writer import KnowledgeStore
from tests.corpus import ARTICLES, processed_once


async def _save(store: KnowledgeStore, text: str) -> None:
    article, digest = processed_once("t.txt", text)
    await store.save_article(article, digest)


@pytest.fixture
def service(corpus_store: KnowledgeStore) -> KnowledgeService:
    return KnowledgeService(corpus_store)


def names(answer: Answer) -> list[str | None]:
    return [getattr(f, "name", None) or getattr(f, "speaker", None) for f in answer.facts]


@pytest.mark.parametrize("query", ["Chernyshov", "chernyshov", "Chernyshow", "Чернишов", "Oleksiy Chernyshov"])
async def test_who_tolerates_case_typos_and_cyrillic(service: KnowledgeService, query: str) -> None:
    answer = await service.answer(f"/who {query}")
    assert names(answer)[0] == "Oleksiy Chernyshov"
    assert answer.facts[0].role == "Naftogaz CEO"


async def test_who_finds_people_by_role(service: KnowledgeService) -> None:
    answer = await service.answer("/who energy minister")
    assert names(answer)[0] == "Olha Kovalenko"  # the newest source first
    assert "Herman Halushchenko" in names(answer)


async def test_who_said_finds_the_speaker_of_a_quote(service: KnowledgeService) -> None:
    answer = await service.answer("/who said our first task is the winter")
    assert isinstance(answer.facts[0], QuoteRecord) and answer.facts[0].speaker == "Olha Kovalenko"


async def test_a_person_seen_in_two_articles_is_one_entity(service: KnowledgeService) -> None:
    answer = await service.answer("/who Halushchenko")
    people = {f.name for f in answer.facts if isinstance(f, PersonRecord)}
    assert people == {"Herman Halushchenko"}
    assert {f.source.article for f in answer.facts} == {"ukr.txt"}


async def test_unknown_people_get_nothing_but_close_names(service: KnowledgeService) -> None:
    assert (await service.answer("/who Angela Merkel")).facts == ()
    assert (await service.answer("/who Warsaw")).facts == ()
    suggestion = await service.answer("/who Kovalenkova Olga")
    assert suggestion.facts == () or names(suggestion)[0] == "Olha Kovalenko"


async def test_deals_by_party_acronym_and_country_names(service: KnowledgeService) -> None:
    answer = await service.answer("/deals Northvolt")
    assert answer.facts[0].status == "negotiating"
    assert any("Slovak government" in f.parties for f in (await service.answer("/deals Volvo Cars")).facts)
    assert (await service.answer("/deals DoorDash")).facts == ()


async def test_when_answers_dated_events_and_nothing_for_unknown_topics(service: KnowledgeService) -> None:
    answer = await service.answer("/when tender rules")
    assert answer.facts[0].date == "2024-11" and answer.facts[0].date_text == "next month"
    assert (await service.answer("/when moon landing")).facts == ()


async def test_search_and_sources(service: KnowledgeService) -> None:
    found = await service.answer("/search battery cell supplies")
    assert "Northvolt" in found.facts[0].snippet
    sources = (await service.answer("/sources")).facts
    dates = [f.source.date for f in sources]
    assert dates[0] == "2025-05-20" and len(sources) == len(list(ARTICLES.iterdir())) + 1


async def test_check_uses_the_newest_role(service: KnowledgeService) -> None:
    answer = await service.answer("/check Olha Kovalenko is the energy minister")
    assert answer.verdict == "supported"


async def test_deals_by_country_find_its_bodies_and_spelling_variants(store: KnowledgeStore) -> None:
    text = ("Gas and rail\n\nPublished 2 May 2024\n\nThe Canadian government signed a contract with Bombardier "
            "on rail cars. A supply agreement was signed between Petrotrade and Gazexport in Vienna.\n")
    await _save(store, text)
    service = KnowledgeService(store)
    assert (await service.answer("/deals Canada")).facts[0].parties[0] == "Canadian government"
    assert "Gazexport" in (await service.answer("/deals Gasexport")).facts[0].parties


async def test_deals_by_the_long_name_of_a_party_written_as_an_acronym(store: KnowledgeStore) -> None:
    text = ("Power\n\nPublished 2 May 2024\n\nNorth Grid Company is negotiating with Baltic Power over electricity "
            "imports. NGC said talks would end in June.\n")
    await _save(store, text)
    answer = await KnowledgeService(store).answer("/deals North Grid Company")
    assert answer.facts and answer.facts[0].status == "negotiating"


async def test_a_query_naming_two_parties_finds_their_deal_but_one_shared_word_does_not(store: KnowledgeStore) -> None:
    text = ("Aid\n\nPublished 2 May 2024\n\nThe European Union and Moldova agreed on a €2 billion Growth Plan "
            "facility. Separately, Moldova signed a gas contract with Romgaz.\n")
    await _save(store, text)
    service = KnowledgeService(store)
    both = await service.answer("/deals European Union Moldova Growth Plan")
    assert both.facts[0].status == "agreed"
    other = await service.answer("/deals Moldova Energy Company")
    assert all("Romgaz" not in f.parties for f in other.facts)


async def test_deals_find_a_party_by_the_last_part_of_a_hyphenated_name(store: KnowledgeStore) -> None:
    await _save(store, "Ships\n\nPublished 2 May 2024\n\nHanjin Heavy has landed a $900 million order from "
                       "A.P. Moller-Maersk to build six ships.\n")
    answer = await KnowledgeService(store).answer("/deals Maersk")
    assert answer.facts and "A.P. Moller-Maersk" in answer.facts[0].parties


async def test_when_uses_the_title_for_the_topic_a_sentence_leaves_out(store: KnowledgeStore) -> None:
    await _save(store, "Nordmetall wins record order for 155 mm shells\n\nPublished 20 June 2024\n\n"
                       "The German army ordered shells worth 8 billion euros. Deliveries of the shells are to "
                       "begin in early 2025.\n")
    service = KnowledgeService(store)
    facts = (await service.answer("/when deliveries of Nordmetall 155 mm shells begin")).facts
    assert facts and facts[0].date == "2025"
    assert (await service.answer("/when Nordmetall moon landing")).facts == ()


async def test_deals_by_country_find_deals_its_capital_made(store: KnowledgeStore) -> None:
    await _save(store, "Howitzers\n\nPublished 11 July 2024\n\nCopenhagen, in cooperation with Kyiv, placed an "
                       "order for 18 howitzers directly from the Ukrainian defence industry.\n")
    answer = await KnowledgeService(store).answer("/deals Denmark")
    assert answer.facts and "Copenhagen" in answer.facts[0].parties


async def test_sources_lists_the_newest_articles_and_says_when_there_are_more(
        service: KnowledgeService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("knowledge.query.sources.MAX_SOURCES", 3)
    answer = await service.answer("/sources")
    assert len(answer.facts) == 3 and answer.more is True
    assert answer.facts[0].source.date == "2025-05-20"
    monkeypatch.setattr("knowledge.query.sources.MAX_SOURCES", len(list(ARTICLES.iterdir())) + 1)
    assert (await service.answer("/sources")).more is None


@pytest.mark.parametrize("question", [
    "/search battery cell supplies", "/when tender rules", "/deals Northvolt", "/who said our first task is the winter",
    "/check Olha Kovalenko is the energy minister", "/deals Slovak government batteries",
])
async def test_a_large_archive_reads_bounded_windows_yet_finds_what_ranking_it_whole_finds(
        service: KnowledgeService, monkeypatch: pytest.MonkeyPatch, question: str) -> None:
    """Past SMALL_ARCHIVE_PASSAGES, full-text search reads the newest matches instead of ranking them all
    (and orders them by recency): where the windows cover an archive, the facts and verdicts are the same."""
    whole = await service.answer(question)
    monkeypatch.setattr("knowledge.store.search.SMALL_ARCHIVE_PASSAGES", 0)
    windowed = await service.answer(question)
    assert whole.facts and set(windowed.facts) == set(whole.facts)
    assert windowed.verdict == whole.verdict
