"""Rendering must always produce HTML Telegram accepts, within its limits, in order."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Any

import pytest
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit, ParseMode

from handlers.render import (
    ELLIPSIS,
    EXPANDABLE_SNIPPET_CHARS,
    decode_page_callback,
    encode_page_callback,
    page_keyboard,
    render_answer_pages,
    render_fact,
    utf16_len,
)
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

# the fake server's parser is our HTML oracle: it mirrors Telegram's own rules
from tests.fake_bot_api import parse_html, running_fake_bot_api

SOURCE = Source(article="000.txt", title="Kyiv talks", date="2023-06-13", date_kind="stated")
MAX_DATA = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA


def person(name: str, snippet: str = "He spoke.", **extra: Any) -> PersonRecord:
    return PersonRecord(**({"name": name, "role": "Minister", "snippet": snippet, "source": SOURCE} | extra))


def plain(html_text: str) -> str:
    """What the user sees; raises if Telegram would reject the HTML."""
    return parse_html(html_text)[0]


# ----------------------------------------------------------------------------- single facts


def test_each_kind_headline() -> None:
    assert render_fact(person("Dmytro Kuleba", role="Minister of Foreign Affairs")).startswith(
        "<b>Dmytro Kuleba</b> — Minister of Foreign Affairs\n<blockquote>He spoke.</blockquote>"
    )
    quote = QuoteRecord(speaker="Dmytro Kuleba", text="We will win", snippet="s", source=SOURCE)
    assert render_fact(quote).startswith("<b>Dmytro Kuleba</b>: «We will win»")
    event = EventRecord(what="talks resumed", date="2024-04-05", date_text="on April 5, 2024", snippet="s",
                        source=SOURCE)
    assert render_fact(event).startswith("<b>2024-04-05</b> (on April 5, 2024) talks resumed")
    deal = DealRecord(parties=("A", "B"), what="gas supply", status="signed", date="2024-04-05", snippet="s",
                      source=SOURCE)
    assert render_fact(deal).startswith("<b>signed</b> · A, B — gas supply · 2024-04-05")
    article = ArticleRecord(title="Big news", snippet="s", source=SOURCE)
    assert render_fact(article).startswith("<b>Big news</b>")
    passage = PassageRecord(snippet="Just text.", source=SOURCE)
    assert render_fact(passage) == "<blockquote>Just text.</blockquote>\n<i>Kyiv talks</i> · 2023-06-13"


def test_source_line_dates() -> None:
    assert render_fact(person("X")).endswith("<i>Kyiv talks</i> · 2023-06-13")
    undated = person("X", source=replace(SOURCE, date=None, date_kind="unknown"))
    assert render_fact(undated).endswith("<i>Kyiv talks</i> · date not stated")
    inferred = person("X", source=replace(SOURCE, date_kind="inferred"))
    assert render_fact(inferred).endswith("· 2023-06-13 (inferred)")
    untitled = person("X", source=Source(article="007.txt"))
    assert render_fact(untitled).endswith("<i>007.txt</i> · date not stated")


def test_expandable_threshold() -> None:
    assert "<blockquote>" in render_fact(person("X", "a" * EXPANDABLE_SNIPPET_CHARS))
    assert "<blockquote expandable>" in render_fact(person("X", "a" * (EXPANDABLE_SNIPPET_CHARS + 1)))


@pytest.mark.parametrize(
    "value",
    [
        "<b>Evil</b>",
        "Smith & Sons",
        'He said "no"',
        "Ukraine's <i>",
        "Кулеба Дмитро Іванович",
        "🇺🇦 👩‍👩‍👧 😀",
        "مرحبا بالعالم",  # right-to-left
        "שלום <עולם>",
        "&amp; already escaped",
    ],
)
def test_escaping_round_trips(value: str) -> None:
    fact = QuoteRecord(speaker=value, text=value, snippet=value, source=Source(article="a.txt", title=value))
    rendered = render_fact(fact)
    shown = plain(rendered)  # valid Telegram HTML
    assert shown.count(value) == 4
    if set(value) & set("<>&"):
        assert value not in rendered  # escaped, not passed through


# ----------------------------------------------------------------------------- pages


def check_pages(pages: list[str], max_len: int, markers: list[str]) -> None:
    """Every page fits and parses; each marker appears on exactly one page, in order."""
    seen: list[str] = []
    for page in pages:
        assert utf16_len(page) <= max_len
        shown = plain(page)
        assert utf16_len(shown) <= max_len
        seen.extend(m for m in re.findall(r"FACT-\d+", shown))
    assert seen == markers


def test_single_page_has_no_footer() -> None:
    pages = render_answer_pages(Answer(command="who", query="x", facts=(person("FACT-0"),)))
    assert len(pages) == 1 and "Page" not in pages[0]


def test_paging_with_multibyte_text() -> None:
    snippet = "🇺🇦 Кулеба said «перемога» & <more> " * 20  # emoji = 2 UTF-16 units, & and < expand
    facts = [person(f"FACT-{i}", snippet) for i in range(40)]
    pages = render_answer_pages(Answer(command="who", query="Kuleba", facts=tuple(facts)), header="Who: Kuleba")
    assert len(pages) > 2
    check_pages(pages, MessageLimit.MAX_TEXT_LENGTH, [f"FACT-{i}" for i in range(40)])
    for number, page in enumerate(pages, 1):
        assert page.endswith(f"<i>Page {number}/{len(pages)}</i>")
    assert pages[0].startswith("<b>Who: Kuleba</b>")
    assert "Who: Kuleba" not in pages[1]


def test_page_boundary_exact_fit() -> None:
    """Pages are filled right up to the limit but never over, measured in UTF-16 units."""
    facts = [person(f"FACT-{i}", "😀" * 150) for i in range(30)]
    for max_len in (400, 1000, 1234, MessageLimit.MAX_TEXT_LENGTH):
        pages = render_answer_pages(Answer(command="who", query="", facts=tuple(facts)), max_len=max_len)
        check_pages(pages, max_len, [f"FACT-{i}" for i in range(30)])
        if max_len > 400:  # a page only breaks when the next fact would not fit
            assert utf16_len(pages[0]) + utf16_len(render_fact(facts[0])) > max_len - 40


def test_huge_fact_is_truncated_safely() -> None:
    huge = person("FACT-0", "&<>" * 3000 + "🇺🇦" * 3000)
    pages = render_answer_pages(Answer(command="who", query="", facts=(huge, person("FACT-1"))))
    check_pages(pages, MessageLimit.MAX_TEXT_LENGTH, ["FACT-0", "FACT-1"])
    assert ELLIPSIS + "</blockquote>" in pages[0]
    assert "<blockquote expandable>" in pages[0]


def test_huge_everything_still_fits() -> None:
    fact = DealRecord(parties=("P&" * 2000,) * 3, what="<w>" * 3000, status="signed" * 500, date=None,
                      snippet="s" * 9000, source=Source(article="a.txt", title="T" * 5000, date="2024"))
    pages = render_answer_pages(Answer(command="deals", query="", facts=(fact,)), max_len=300)
    assert len(pages) == 1 and utf16_len(pages[0]) <= 300
    plain(pages[0])


def test_random_answers_hold_invariants() -> None:
    rng = random.Random(7)
    alphabet = "abc <>&\"' Кулеба 🇺🇦😀 שלום é\u0301 👩‍👩‍👧"
    for trial in range(60):
        facts = [
            person(f"FACT-{i}", "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 2500))))
            for i in range(rng.randint(1, 12))
        ]
        max_len = rng.choice([256, 700, 2000, MessageLimit.MAX_TEXT_LENGTH])
        answer = Answer(command="check", query="q", verdict="supported", reason="r" * trial * 40,
                        facts=tuple(facts))
        pages = render_answer_pages(answer, max_len=max_len)
        check_pages(pages, max_len, [f"FACT-{i}" for i in range(len(facts))])
        assert pages[0].startswith("<b>✅ Supported</b>")


@pytest.mark.parametrize(
    ("verdict", "line"),
    [
        ("supported", "✅ Supported"),
        ("contradicted", "❌ Contradicted"),
        ("not_enough_info", "🤷 Not enough info"),
        (None, "🤷 Not enough info"),
        ("something new", "🤷 Not enough info"),
    ],
)
def test_check_verdict_and_reason(verdict: str | None, line: str) -> None:
    answer = Answer(command="check", query="2 million", verdict=verdict,
                    reason="the article says 1 million, not 2 million", facts=(person("FACT-0"),))
    [page] = render_answer_pages(answer)
    assert page.startswith(f"<b>{line}</b>\nthe article says 1 million, not 2 million\n\n<b>FACT-0</b>")


def test_nothing_found_with_suggestions() -> None:
    answer = Answer(command="who", query="Kuleba <x>", suggestions=("Dmytro Kuleba", "K & K"))
    [page] = render_answer_pages(answer)
    assert page == ("Nothing on <b>Kuleba &lt;x&gt;</b>.\n"
                    "Did you mean: <b>Dmytro Kuleba</b>, <b>K &amp; K</b>?")
    [long_page] = render_answer_pages(Answer(command="", query="Я" * 9000, suggestions=("😀" * 5000,) * 50))
    assert utf16_len(long_page) <= MessageLimit.MAX_TEXT_LENGTH
    plain(long_page)


@pytest.mark.e2e
async def test_pages_are_accepted_by_the_fake_telegram() -> None:
    facts = [person(f"FACT-{i}", "🇺🇦 «Кулеба» & <b> " * 60) for i in range(15)]
    pages = render_answer_pages(Answer(command="who", query="Кулеба", facts=tuple(facts)))
    async with running_fake_bot_api() as api:
        app = api.application_builder().build()
        await app.initialize()
        try:
            api.add_chat(1)
            for number, page in enumerate(pages):
                markup = page_keyboard("who", "Кулеба" * 20, number, len(pages))
                await app.bot.send_message(1, page, parse_mode=ParseMode.HTML, reply_markup=markup)
        finally:
            await app.shutdown()
    assert len(api.sent_messages(1)) == len(pages) > 1


# ----------------------------------------------------------------------------- callbacks


@pytest.mark.parametrize(
    "query",
    ["Kuleba", "", "a|b|c", "Кулеба " * 30, "🇺🇦😀" * 40, "👩‍👩‍👧" * 20, "é\u0301" * 50, "x" * 200],
)
@pytest.mark.parametrize("page", [0, 7, 123456])
def test_callback_round_trip_within_64_bytes(query: str, page: int) -> None:
    data = encode_page_callback("deals", query, page)
    assert data.startswith("pg|")
    assert len(data.encode("utf-8")) <= MAX_DATA
    decoded = decode_page_callback(data)
    assert decoded is not None
    command, got_query, got_page = decoded
    assert (command, got_page) == ("deals", page)
    assert query.startswith(got_query)
    if len(f"pg|deals|{page}|{query}".encode()) <= MAX_DATA:
        assert got_query == query
    else:  # truncated on a character boundary, never inside an emoji/accent cluster
        rest = query[len(got_query) :]
        assert not got_query.endswith("\u200d")
        assert not rest.startswith(("\u200d", "\u0301", "\ufe0f"))
        assert got_query.count("🇺") == got_query.count("🇦")


@pytest.mark.parametrize(
    "data",
    [None, 5, "", "pg|", "pg|who", "pg|who|x|q", "pg|who|-1|q", "pg|who|007|q", "pg|WHO|1|q",
     "pg|who|١|q", "other|who|1|q", "pg|who|1|" + "x" * 64, "pg||1|q"],
)
def test_decode_rejects_foreign_data(data: Any) -> None:
    assert decode_page_callback(data) is None


def test_encode_rejects_bad_arguments() -> None:
    for command, page in (("Who", 0), ("a|b", 0), ("who", -1), ("x" * 33, 0)):
        with pytest.raises(ValueError):
            encode_page_callback(command, "q", page)


def test_page_keyboard() -> None:
    assert page_keyboard("who", "q", 0, 1) is None
    first = page_keyboard("who", "q", 0, 3)
    assert first is not None
    assert [b.text for b in first.inline_keyboard[0]] == ["Next ›"]
    middle = page_keyboard("who", "Кулеба 🇺🇦" * 10, 1, 3)
    assert middle is not None
    prev, nxt = middle.inline_keyboard[0]
    assert (prev.text, nxt.text) == ("‹ Prev", "Next ›")
    assert decode_page_callback(prev.callback_data)[2] == 0  # type: ignore[index]
    assert decode_page_callback(nxt.callback_data)[2] == 2  # type: ignore[index]
    last = page_keyboard("who", "q", 2, 3)
    assert last is not None and [b.text for b in last.inline_keyboard[0]] == ["‹ Prev"]
