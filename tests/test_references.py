"""What a reader resolves across words and sentences: abbreviations, "it" opening a paragraph, "the
company's chief executive" — answered end to end from a stored article."""

from __future__ import annotations

import pytest

from knowledge.query.service import KnowledgeService
from knowledge.store.writer import KnowledgeStore
from tests.corpus import processed_once

ARTICLE = """Harwick Labs prices its shares

May 14, 2019

Harwick Labs raised $1.2 billion in its initial public offering on Thursday, pricing shares at $45 each.

Harwick Labs said the listing would fund new plants. The company's chief executive, Dana Whitfield, said
demand was strong.

Last year it bought Ostra Data for $300 million.

Whitfield, who took over as chief executive in January, will present a new plan in June.
"""


@pytest.fixture
async def service(store: KnowledgeStore) -> KnowledgeService:
    article, digest = processed_once("harwick.txt", ARTICLE)
    await store.save_article(article, digest)
    return KnowledgeService(store)


async def test_an_abbreviation_finds_the_words_it_stands_for(service: KnowledgeService) -> None:
    answer = await service.answer("/when Harwick IPO")
    assert answer.facts and answer.facts[0].date == "2019-05-09"
    assert "initial public offering" in answer.facts[0].snippet


async def test_a_claim_with_an_abbreviation_is_checked_against_the_words(service: KnowledgeService) -> None:
    assert (await service.answer("/check Harwick Labs raised $1.2 billion in its IPO")).verdict == "supported"
    assert (await service.answer("/check Harwick Labs raised $3 billion in its IPO")).verdict == "contradicted"


async def test_it_opening_a_paragraph_is_the_company_the_article_follows(service: KnowledgeService) -> None:
    deals = (await service.answer("/deals Ostra Data")).facts
    assert deals and "Harwick Labs" in deals[0].parties


async def test_the_companys_chief_executive_is_the_chief_executive_of_that_company(
        service: KnowledgeService) -> None:
    people = (await service.answer("/who Whitfield")).facts
    assert people[0].role == "chief executive of Harwick Labs"


async def test_a_passage_naming_the_surname_speaks_for_the_full_name(service: KnowledgeService) -> None:
    """ "took over as chief executive" is becoming one, not a takeover."""
    assert (await service.answer("/check Dana Whitfield became chief executive in January")).verdict == "supported"


async def test_an_abbreviated_title_finds_the_title_written_out(store: KnowledgeStore) -> None:
    text = ('Ferries\n\nJune 4, 2021\n\n"Fuel costs have doubled," said Anders Holm, the chief financial officer '
            "of Nordvik Ferries.\n")
    article, digest = processed_once("ferries.txt", text)
    await store.save_article(article, digest)
    service = KnowledgeService(store)
    for query in ("/who CFO", "/who Nordvik Ferries CFO", "/who chief financial officer"):
        assert (await service.answer(query)).facts[0].name == "Anders Holm", query
    assert (await service.answer("/check Anders Holm is the CFO of Nordvik Ferries")).verdict == "supported"
