"""Whether a text is about a question's topic: words meet their other forms, abbreviations and phrases."""

from __future__ import annotations

import pytest

from knowledge.query.relevance import coverage


@pytest.mark.parametrize(("query", "text"), [
    ("Roy killed", "Roy himself was hacked to death in February."),
    ("Roy murdered", "Roy was shot dead outside his home."),
    ("Harwick IPO", "Harwick raised $1.2 billion in its initial public offering."),
    ("Harwick initial public offering", "The Harwick IPO raised $1.2 billion."),
    ("Volvo takeover", "Geely bought Volvo in 2010."),
])
def test_a_text_covers_a_topic_said_in_other_words(query: str, text: str) -> None:
    assert coverage(query, text) == 1.0


@pytest.mark.parametrize(("query", "text"), [
    ("Roy killed", "Roy was put in charge of the team."),  # "put" alone is no killing
    ("initial plan", "The IPO raised $1.2 billion."),  # "initial" alone is not the abbreviation
])
def test_a_word_of_a_phrase_alone_does_not_stand_for_the_phrase(query: str, text: str) -> None:
    assert coverage(query, text) < 1.0
