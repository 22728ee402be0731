"""Reading the parse: time, modality and arguments of a clause, as the components rely on them."""

from __future__ import annotations

import pytest

from knowledge.extract.parse import load_model
from knowledge.extract.syntax import clause, clause_verb, name_span, objects, prepositional_objects, subjects


def token(sentence: str, word: str):
    doc = load_model()(sentence)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(("sentence", "verb", "time"), [
    ("The minister was due to meet his counterpart on Saturday.", "meet", "future"),
    ("Acme plans to sign a contract with Boeing next month.", "sign", "future"),
    ("The ministers will sign the treaty on Monday.", "sign", "future"),
    ("Microsoft bought LinkedIn in 2016.", "bought", "past"),
    ("The company has agreed to buy Acme for $2 billion.", "agreed", "past"),
    ("The two sides are negotiating a new contract.", "negotiating", "present"),
    ("Nordair to buy twelve jets from Boeing", "buy", "future"),
    ("The president is to sign the treaty in May.", "sign", "future"),
    ("Fiat will use its option to buy the rest of Chrysler.", "buy", "future"),
    ("The report, released on Tuesday, shows growth.", "released", "past"),
    ("The meeting scheduled for Friday was cancelled.", "scheduled", "future"),
    ("The cuts come on top of plans announced in January.", "announced", "past"),
    ("The factory opened on Tuesday.", "opened", "past"),
    ("He said the factory opened on Tuesday.", "opened", "past"),
])
def test_the_time_of_a_clause_comes_from_its_verb_and_the_frame_around_it(sentence: str, verb: str, time: str):
    assert clause(token(sentence, verb)).time == time


def test_a_denied_act_is_negated_and_not_settled():
    found = clause(token("The two sides did not sign the agreement.", "sign"))
    assert found.negated and not found.settled


@pytest.mark.parametrize("sentence", ["Acme has yet to sign the deal.", "The deal is yet to be signed."])
def test_yet_to_denies_the_act(sentence: str):
    assert clause(token(sentence, "sign" if "sign " in sentence else "signed")).negated


def test_a_past_act_with_no_modal_is_settled():
    assert clause(token("Microsoft bought LinkedIn in 2016.", "bought")).settled


def test_subjects_are_inherited_by_complements_and_conjoined_verbs():
    sentence = "Microsoft bought LinkedIn in 2016 and struck a deal with Nokia in June."
    struck = token(sentence, "struck")
    assert [t.text for t in subjects(struck)] == ["Microsoft"]
    assert [t.text for t in objects(struck)] == ["deal"]
    deal = token(sentence, "deal")
    assert [t.text for t in prepositional_objects(deal, ["with"])] == ["Nokia"]


def test_a_name_span_takes_its_compound_words():
    blinken = token("US secretary of state Antony Blinken met reporters.", "Blinken")
    assert name_span(blinken).text == "Antony Blinken"


def test_the_clause_verb_of_a_noun_is_the_verb_above_it():
    assert clause_verb(token("The contract to build the plant was signed in 2007.", "2007")).text == "signed"


@pytest.mark.parametrize(("sentence", "verb"), [
    ("Nordair does not plan to buy the jets.", "buy"),
    ("The airline refused to sign the contract.", "sign"),
    ("Neither company would reveal the price.", "reveal"),
])
def test_a_frame_or_a_subject_that_denies_the_act_negates_it(sentence: str, verb: str):
    assert clause(token(sentence, verb)).negated


def test_a_gerund_after_a_preposition_has_the_subject_of_the_verb_it_completes():
    selling = token("Daimler raised cash by selling Chrysler to Cerberus.", "selling")
    assert [t.text for t in subjects(selling)] == ["Daimler"]


def test_a_gerund_after_a_preposition_has_the_time_and_aspect_of_the_verb_it_completes():
    creating = clause(token("Kyiv is working on creating an alliance of defence firms.", "creating"))
    assert (creating.time, creating.progressive) == ("present", True)
    assert clause(token("Daimler will raise cash by selling Chrysler.", "selling")).time == "future"


def test_a_fragment_without_a_verb_has_no_clause_verb():
    assert clause_verb(token("Record profits for Nordair in June.", "June")) is None


@pytest.mark.parametrize(("sentence", "verb", "conditional"), [
    ("If only Nordair had bought Saab instead, it would be profitable.", "bought", True),
    ("The bank will lend more unless the creditors agree to cut costs.", "agree", True),
    ("Nordair bought Saab in 2016.", "bought", False),
])
def test_a_clause_under_if_or_unless_is_a_hypothesis(sentence: str, verb: str, conditional: bool):
    assert clause(token(sentence, verb)).conditional is conditional


def test_a_sentence_without_a_verb_has_no_clause_verb():
    assert clause_verb(token("Kyiv, June 5, 2024.", "June")) is None


def test_a_participle_of_a_state_brought_about_is_not_a_past_act():
    assert clause(token("The government has kept the markets closed until Friday.", "closed")).time != "past"
