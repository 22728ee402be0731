"""The extraction pipeline: components run in order, and one that fails costs only its own facts."""

from __future__ import annotations

import logging

import pytest

from knowledge.extract.article import ParsedArticle, component
from knowledge.extract.pipeline import COMPONENTS, process_article, process_text
from knowledge.text.sentences import split_sentences

TEXT = ("Ferry talks\n\nPublished 3 March 2024\n\n"
        "Transport Minister Jane Roe said on Monday that the ferry company Nordlink signed a contract with "
        "the port of Tallinn. “We expect the first crossings in May,” Roe said.")


@component("broken", writes="events")
def broken(article: ParsedArticle) -> list:
    raise RuntimeError("boom")


def test_a_failing_component_is_logged_and_the_article_keeps_its_other_facts(caplog: pytest.LogCaptureFixture):
    steps = tuple(c if c.name != "events" else broken for c in COMPONENTS)
    with caplog.at_level(logging.ERROR):
        processed = process_article(TEXT, "ferry.txt", components=steps)
    assert processed.failed_components == ("broken",)
    assert "broken" in caplog.text and "ferry.txt" in caplog.text
    assert [p.name for p in processed.facts.people] == ["Jane Roe"]
    assert processed.facts.quotes and processed.facts.quotes[0].speaker == "Jane Roe"
    assert processed.facts.events == []


def test_later_components_read_what_earlier_ones_wrote():
    seen: list[list[str]] = []

    @component("spy", writes="organisations")
    def spy(article: ParsedArticle) -> list[str]:
        seen.append([p.name for p in article.facts.people])
        return []

    process_article(TEXT, "ferry.txt", components=(*COMPONENTS, spy))
    assert seen == [["Jane Roe"]]


def test_a_component_must_write_a_known_kind_of_fact():
    with pytest.raises(ValueError, match="unknown facts"):
        component("odd", writes="gossip")


def test_clean_text_with_a_given_page_date_runs_every_component():
    processed = process_text("Transport Minister Jane Roe said on Monday that the ferry company Nordlink signed a "
                             "contract with the port of Tallinn.", page_date="2024-03-06")
    assert processed.page_date.date == "2024-03-06"
    assert [p.name for p in processed.facts.people] == ["Jane Roe"]
    assert ("2024-03-04", "on Monday") in {(e.date, e.date_text) for e in processed.facts.events}
    assert processed.facts.deals


def test_a_quote_opening_after_a_company_abbreviation_starts_a_new_sentence() -> None:
    text = ("“It has been a slow climb,” said Roe, 51, chief executive of Roe Mechanical Inc. “The economy went "
            "south very quickly.” Shares of Acme Inc. rose. He met Dr. “Doc” Brown.")
    assert [s.text for s in split_sentences(text)] == [
        "“It has been a slow climb,” said Roe, 51, chief executive of Roe Mechanical Inc.",
        "“The economy went south very quickly.”", "Shares of Acme Inc. rose.", "He met Dr. “Doc” Brown."]
