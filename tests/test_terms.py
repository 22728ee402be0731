"""Lookup terms: a tolerant query shares a term with the stored spelling it means, and not with others."""

from __future__ import annotations

import pytest

from knowledge.store.terms import org_terms, party_query_terms, person_query_terms, person_terms, role_terms


def meets(query: str, alias: str) -> bool:
    return bool(set(person_query_terms(query)) & person_terms(alias))


@pytest.mark.parametrize(("query", "alias"), [
    ("Chernyshov", "Oleksiy Chernyshov"),
    ("chernyshow", "Oleksiy Chernyshov"),  # a wrong letter
    ("Chernshov", "Oleksiy Chernyshov"),  # a missing letter
    ("ingrid solbreg", "Ingrid Solberg"),  # two letters swapped
    ("Zelensky", "Volodymyr Zelenskyy"),  # transliteration variants share a key
    ("Чернишов", "Oleksiy Chernyshov"),  # Cyrillic, Ukrainian spelling
    ("Кулеба", "Dmytro Kuleba"),
])
def test_a_tolerable_name_query_meets_the_stored_spelling(query: str, alias: str) -> None:
    assert meets(query, alias)


@pytest.mark.parametrize(("query", "alias"), [("Trump", "Donald Truman"), ("Merkel", "Olha Kovalenko")])
def test_other_names_share_no_term(query: str, alias: str) -> None:
    assert not meets(query, alias)


def test_query_terms_say_which_word_they_stand_for() -> None:
    terms = person_query_terms("Olha Kovalenko")
    assert terms["p:kovalenko"] == "kovalenko" and terms["p:olha"] == "olha"
    assert terms["p:kovalnko"] == "kovalenko"  # a deletion stands for its word


@pytest.mark.parametrize(("query", "party"), [
    ("Rheinmetall", "Rheinmetall AG"),
    ("PGZ", "Polska Grupa Zbrojeniowa"),
    ("Energy Company of Ukraine", "ECU"),
    ("United States", "U.S."),
    ("Canada", "Canadian government"),
    ("Gasexport", "Gazexport"),
    ("Maersk", "A.P. Moller-Maersk"),
])
def test_a_party_query_meets_the_party_as_written(query: str, party: str) -> None:
    assert party_query_terms(query) & org_terms(party)


def test_role_terms_hold_words_parts_singulars_and_normal_spellings() -> None:
    terms = role_terms("Chairman of the Board")
    assert {"chairman", "chair", "board"} <= terms
    assert {"secretary-general", "secretary", "general"} <= role_terms("NATO Secretary-General")
    assert "minister" in role_terms("Defence Ministers") and "defense" in role_terms("Defence Minister")
    assert "ukrobo*" in role_terms("Head of Ukroboronprom")
