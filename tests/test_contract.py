"""The JSON answer contract: typed answers serialise to the keys, order and values scripts rely on."""

from __future__ import annotations

import json

from knowledge.query.answers import (
    Answer,
    ArticleRecord,
    DealRecord,
    EventRecord,
    PassageRecord,
    PersonRecord,
    QuoteRecord,
    Source,
)
from knowledge.query.commands import QUESTION_COMMANDS
from knowledge.query.contract import answer_json, dumps
from knowledge.query.service import COMMANDS, handler_of

SOURCE = Source(article="000.txt", title="Kyiv talks", date="2023-06-13", date_kind="stated")
SOURCE_JSON = {"article": "000.txt", "title": "Kyiv talks", "date": "2023-06-13", "date_kind": "stated"}


def test_every_fact_kind_has_its_keys_in_contract_order() -> None:
    facts = (
        PersonRecord(name="Dmytro Kuleba", role="Foreign Minister", snippet="s", source=SOURCE),
        QuoteRecord(speaker=None, text="We will win", snippet="s", source=SOURCE),
        EventRecord(what="talks", date="2024", date_text="next year", snippet="s", source=SOURCE),
        DealRecord(parties=("A", "B"), what="gas", status="signed", date=None, date_text=None, snippet="s",
                   source=SOURCE),
        ArticleRecord(title="Kyiv talks", snippet="June 13, 2023", source=SOURCE),
        PassageRecord(snippet="s", source=SOURCE),
    )
    out = answer_json(Answer(command="who", query="x", facts=facts))
    assert list(out) == ["command", "query", "verdict", "facts"]
    assert [list(f) for f in out["facts"]] == [
        ["kind", "name", "role", "snippet", "source"],
        ["kind", "speaker", "text", "snippet", "source"],
        ["kind", "what", "date", "date_text", "snippet", "source"],
        ["kind", "parties", "what", "status", "date", "date_text", "snippet", "source"],
        ["kind", "title", "snippet", "source"],
        ["kind", "snippet", "source"],
    ]
    assert [f["kind"] for f in out["facts"]] == ["person", "quote", "event", "deal", "article", "passage"]
    assert all(f["source"] == SOURCE_JSON for f in out["facts"])
    assert out["facts"][3]["parties"] == ["A", "B"] and out["facts"][1]["speaker"] is None


def test_a_checked_deal_leaves_out_the_date_words_it_did_not_read() -> None:
    deal = DealRecord(parties=("A",), what="s", status="signed", date="2024", snippet="s", source=SOURCE)
    out = answer_json(Answer(command="check", query="c", verdict="supported", facts=(deal,), reason="r"))
    assert "date_text" not in out["facts"][0]
    assert list(out) == ["command", "query", "verdict", "facts", "reason"]


def test_optional_keys_appear_only_when_set() -> None:
    assert answer_json(Answer(command="sources", query="", more=True))["more"] is True
    assert answer_json(Answer(command="who", query="Merkel", suggestions=())) == {
        "command": "who", "query": "Merkel", "verdict": None, "facts": [], "suggestions": []}
    assert answer_json(Answer(command="", query="", error="empty line")) == {
        "command": "", "query": "", "verdict": None, "facts": [], "error": "empty line"}


def test_dumps_is_one_line_and_keeps_non_ascii() -> None:
    line = dumps(Answer(command="who", query="Кулеба\nx"))
    assert "\n" not in line and "Кулеба" in line
    assert json.loads(line)["query"] == "Кулеба\nx"


def test_every_question_command_has_a_module_that_answers_it() -> None:
    assert set(COMMANDS) == set(QUESTION_COMMANDS)
    assert all(callable(handler_of(name)) for name in COMMANDS)
