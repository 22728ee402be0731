"""Question-time recall: /when and /deals answer from the sentences when the stored facts have a gap."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.cli import main
from bot.terminal import render_text
from knowledge.extract.article import Component, FunctionComponent, ParsedArticle
from knowledge.extract.pipeline import COMPONENTS, ProcessedArticle, process_article
from knowledge.query.answers import DealRecord, EventRecord
from knowledge.query.contract import dumps
from knowledge.query.service import KnowledgeService
from knowledge.store.models import Article
from knowledge.store.writer import KnowledgeStore, content_hash
from tests.corpus import processed_once

HARBOUR = """Harbour authority picks a builder for the new ferry terminal

Published 14 March 2024

The Bergvik harbour authority signed a contract with Nordlys Bygg on Tuesday to build the new ferry terminal.
Construction is to begin in September 2024, the authority said.
Local fishermen have asked for a second quay for years.
"""

LIST_PAGE = """Grid operator widens its supplier base

Published 2 May 2024

The Ostmark grid operator is already cooperating with:

Helvion Cables,

Marrow Transformers,

Quillon Metering.

The operator did not say what the contracts are worth.
"""


def _failing(step: Component) -> FunctionComponent:
    def fail(article: ParsedArticle) -> list:
        raise RuntimeError(f"{step.name} failed on {article.name}")
    return FunctionComponent(step.name, step.writes, fail)


@cache
def _processed_without(name: str, text: str, missing: frozenset[str]) -> ProcessedArticle:
    """The article as an ingest whose components in ``missing`` failed on it (once per test process)."""
    components = [_failing(c) if c.name in missing else c for c in COMPONENTS]
    return process_article(text, name, components=components)


async def _save_without(store: KnowledgeStore, name: str, text: str, missing: set[str]) -> None:
    """Store an article as an ingest whose components in ``missing`` failed on it: a gap in the stored facts."""
    article = _processed_without(name, text, frozenset(missing))
    assert set(article.failed_components) == missing
    await store.save_article(article, content_hash(text.encode()))


@pytest.fixture
async def gap(store: KnowledgeStore) -> KnowledgeService:
    await _save_without(store, "harbour.txt", HARBOUR, {"events", "deals"})
    await _save_without(store, "grid.txt", LIST_PAGE, {"events", "deals"})
    return KnowledgeService(store)


async def test_when_answers_from_the_sentence_when_no_event_was_stored(gap: KnowledgeService) -> None:
    answer = await gap.answer("/when ferry terminal construction")
    assert all(isinstance(f, EventRecord) and f.found_at == "question" for f in answer.facts)
    fact = next(f for f in answer.facts if f.date == "2024-09")  # the sentence states when construction begins
    assert fact.date_text and "September 2024" in fact.date_text
    assert fact.snippet in HARBOUR and fact.source.article == "harbour.txt" and fact.source.date == "2024-03-14"
    assert json.loads(dumps(answer))["facts"][0]["found_at"] == "question"


async def test_a_relative_date_found_at_question_time_counts_from_the_page_date(gap: KnowledgeService) -> None:
    answer = await gap.answer("/when contract Nordlys Bygg")
    assert [(f.date, f.date_text) for f in answer.facts][:1] == [("2024-03-12", "on Tuesday")]


async def test_deals_answer_from_the_sentence_when_no_deal_was_stored(gap: KnowledgeService) -> None:
    answer = await gap.answer("/deals Nordlys Bygg")
    assert answer.facts
    deal = answer.facts[0]
    assert isinstance(deal, DealRecord) and deal.found_at == "question"
    assert "Nordlys Bygg" in deal.parties and deal.status == "signed"
    assert deal.snippet in HARBOUR


async def test_a_list_item_is_read_with_the_sentence_that_introduces_the_list(gap: KnowledgeService) -> None:
    answer = await gap.answer("/deals Marrow Transformers")
    assert [f.parties[-1] for f in answer.facts] == ["Marrow Transformers"]
    assert "cooperating with:" in answer.facts[0].snippet and answer.facts[0].snippet in LIST_PAGE


async def test_recall_keeps_unrelated_questions_empty(gap: KnowledgeService) -> None:
    for question in ("/when moon landing", "/when second quay opening", "/deals DoorDash", "/deals Bergvik airport"):
        assert (await gap.answer(question)).facts == (), question


async def test_stored_facts_answer_without_the_marker(store: KnowledgeStore) -> None:
    article, digest = processed_once("harbour.txt", HARBOUR)
    await store.save_article(article, digest)
    service = KnowledgeService(store)
    for question in ("/when ferry terminal construction", "/deals Nordlys Bygg"):
        answer = await service.answer(question)
        assert answer.facts and all(f.found_at is None for f in answer.facts)
        assert "found_at" not in dumps(answer)
        assert "at question time" not in render_text(answer)


async def test_an_article_ingested_by_other_extraction_code_is_read_again(store: KnowledgeStore) -> None:
    """An archive ingested before the components changed: its stored facts lack what they find now."""
    article = process_article(HARBOUR, "harbour.txt", components=[c for c in COMPONENTS if c.name != "deals"])
    await store.save_article(article, content_hash(HARBOUR.encode()))
    service = KnowledgeService(store)
    async with store.writing() as session:
        await session.execute(update(Article).values(extracted_by="0" * 64))
    answer = await service.answer("/deals Nordlys Bygg")
    assert [f.found_at for f in answer.facts] == ["question"]


async def test_an_article_the_current_code_extracted_is_not_read_again(store: KnowledgeStore) -> None:
    article = process_article(HARBOUR, "harbour.txt", components=[c for c in COMPONENTS if c.name != "deals"])
    await store.save_article(article, content_hash(HARBOUR.encode()))
    assert (await KnowledgeService(store).answer("/deals Nordlys Bygg")).facts == ()


@pytest.mark.e2e
def test_questions_recall_cannot_help_do_not_load_the_parser(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    assert main(["ingest", "--db", str(db), str(folder)]) == 0  # here; only the questions need a fresh process
    probe = ("import sys\nfrom bot.cli import main\n"
             "main(['ask', '--json', '--db', sys.argv[1], '/when ferry terminal construction'])\n"
             "main(['ask', '--json', '--db', sys.argv[1], '/deals Nordlys Bygg'])\n"
             "main(['ask', '--json', '--db', sys.argv[1], '/when second quay'])\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy'}))")
    done = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert all(json.loads(line)["facts"] for line in lines[:2])
    assert json.loads(lines[2])["facts"] == []  # a sentence matches, but its article's facts are complete
    assert lines[-1] == "[]"


QUARRY = """Builder buys a quarry

Published 3 June 2024

Nordlys Bygg bought the Vik quarry in 2019, the company said.
The regional defence programme will fund a new road to the quarry in 2026.
Separately, Vestkyst Energi agreed to buy two electric tugboats from Fjordverft.
"""


@pytest.fixture
async def stored(store: KnowledgeStore) -> KnowledgeService:
    for name, text in (("harbour.txt", HARBOUR), ("quarry.txt", QUARRY)):
        article, digest = processed_once(name, text)
        await store.save_article(article, digest)
    return KnowledgeService(store)


@pytest.mark.parametrize(("question", "date"), [
    ("/when Nordlys Bygg buys quarry", "2019"),  # an irregular past: bought
    ("/when contract signing ferry terminal", "2024-03-12"),  # signed
    ("/when defense program road", "2026"),  # the British spelling in the text
    ("/when roads to quarries", "2026"),  # plurals
    ("/when Vik quarry takeover", "2019"),  # a word of the same sense
    ("/when did the Nordlys Bygg contract take place", "2024-03-12"),  # the question's own words
])
async def test_topic_words_match_other_forms_of_the_words(stored: KnowledgeService, question: str, date: str) -> None:
    answer = await stored.answer(question)
    assert answer.facts and answer.facts[0].date == date, question


async def test_other_word_forms_do_not_make_unrelated_topics_match(stored: KnowledgeService) -> None:
    for question in ("/when quarry sale", "/when terminal demolition", "/deals road builders union"):
        assert (await stored.answer(question)).facts == (), question


@pytest.mark.parametrize("question", [
    "/when NB contract",  # the builder by its initials
    "/when Nordlys Bygg deal",  # "deal" for the contract the text names
])
async def test_topic_words_match_other_names_of_what_they_name(stored: KnowledgeService, question: str) -> None:
    answer = await stored.answer(question)
    assert answer.facts and answer.facts[0].date == "2024-03-12", question


async def test_another_name_covers_only_the_words_it_names(stored: KnowledgeService) -> None:
    assert (await stored.answer("/when NB demolition")).facts == ()


async def test_telegram_and_terminal_answers_say_a_fact_was_read_at_question_time(gap: KnowledgeService) -> None:
    from handlers.render import render_fact

    answer = await gap.answer("/deals Nordlys Bygg")
    assert "at question time" in render_fact(answer.facts[0])
    assert "at question time" in render_text(answer)


async def test_deals_that_name_the_topic_themselves_come_before_those_the_title_names_it_for(
        stored: KnowledgeService) -> None:
    answer = await stored.answer("/deals quarry builder")  # the title has both words, the purchase one
    assert [f.source.article for f in answer.facts] == ["quarry.txt", "quarry.txt"]
    assert "quarry" in answer.facts[0].what and "tugboats" in answer.facts[1].what  # the newer deal second
