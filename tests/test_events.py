"""Dated events: what a reader of a short news text expects /when to say (date, its words, the event)."""

from __future__ import annotations

import pytest

from knowledge.extract.events import date_mentions, events_component
from knowledge.extract.pipeline import parse_text, process_article
from knowledge.facts import EventFact, PageDate

FRIDAY = "2024-05-10"


def events(text: str, page_date: str | None = FRIDAY) -> list[EventFact]:
    date = PageDate(page_date, "stated") if page_date else None
    return events_component(parse_text(text, page_date=date))


def dated(text: str, page_date: str | None = FRIDAY) -> list[tuple[str | None, str | None]]:
    return [(e.date, e.date_text) for e in events(text, page_date) if e.date_text]


@pytest.mark.parametrize(("text", "expected"), [
    ("The two ministers met on Tuesday in Warsaw.", ("2024-05-07", "on Tuesday")),
    ("The spokesman said on Monday that talks were over.", ("2024-05-06", "on Monday")),
    ("Parliament will vote on Tuesday on the new budget.", ("2024-05-14", "on Tuesday")),
    ("The minister was due to meet his Polish counterpart on Saturday.", ("2024-05-11", "on Saturday")),
    ("After Paris, the president travels on to Berlin on Sunday.", ("2024-05-12", "on Sunday")),
    ("The report, released on Wednesday, shows exports rising.", ("2024-05-08", "on Wednesday")),
])
def test_a_weekday_points_back_or_ahead_with_the_tense_of_its_clause(text, expected):
    assert dated(text) == [expected]


@pytest.mark.parametrize(("text", "page", "expected"), [
    ("The plant closed in October after a fire.", "2024-03-15", "2023-10"),
    ("The plant will reopen in October.", "2024-03-15", "2024-10"),
    ("Production is expected to resume in January.", "2024-03-15", "2025-01"),
    ("Output fell sharply in March.", "2024-03-15", "2024-03"),
    ("The mine was flooded on 11 December.", "2024-01-20", "2023-12-11"),
    ("The veteran climber died last June.", "2024-03-15", "2023-06"),
])
def test_a_month_without_a_year_is_the_latest_one_in_the_past_or_the_next_one_ahead(text, page, expected):
    assert [d for d, _ in dated(text, page)] == [expected]


def test_two_dated_clauses_in_one_sentence_are_two_events_with_their_own_dates():
    found = events("Acme signed the deal in 2016 and will open the plant next year.")
    assert [(e.date, e.date_text, e.what) for e in found] == [
        ("2016", "in 2016", "Acme signed the deal in 2016"),
        ("2025", "next year", "Acme will open the plant next year")]
    assert {(e.start, e.end) for e in found} == {(0, 63)}  # the snippet is the sentence


def test_a_ruling_told_in_the_present_perfect_is_on_the_page_date_and_a_dated_clause_under_it_keeps_its_date():
    found = events("A US judge has ruled that officials may keep feeding a prisoner who began a hunger strike "
                   "in September 2007 over his conviction.")
    assert sorted((e.date, e.date_text) for e in found) == [("2007-09", "in September 2007"), (FRIDAY, None)]
    ruling = next(e for e in found if e.date == FRIDAY)
    assert ruling.what.startswith("A US judge has ruled")
    assert [e.date for e in events("The court had ruled on the appeal.")] == []  # before the story's time


def test_without_a_page_date_a_date_without_a_year_stays_unresolved_but_keeps_its_words():
    assert dated("The convoy left on Tuesday and arrived on 5 April.", None) == [
        (None, "on Tuesday"), (None, "on 5 April")]


def test_the_next_day_counts_from_the_date_named_just_before():
    text = "Talks began in Geneva on March 3, 2024. The next day, the delegates signed the accord."
    assert dated(text) == [("2024-03-03", "on March 3, 2024"), ("2024-03-04", "The next day")]
    assert dated("The next day, the delegates signed the accord.") == [(None, "The next day")]


def test_a_day_before_an_event_is_not_counted_from_the_last_date():
    text = "Talks began on March 3, 2024. He wrote to his son the day before the talks collapsed."
    assert dated(text) == [("2024-03-03", "on March 3, 2024")]


def test_a_reported_action_without_a_date_takes_the_page_date():
    [event] = events("The ministry announced a new support programme for farmers.")
    assert (event.date, event.date_text) == (FRIDAY, None)


@pytest.mark.parametrize("text", [
    "“We signed the contract and delivered the first batch,” the director said.",
    "If the two sides signed the treaty, sanctions would be lifted.",
    "The two sides did not sign the treaty.",
    "The government could launch the programme soon.",
])
def test_quotes_hypotheticals_and_denials_are_not_actions_at_the_page_date(text):
    assert events(text) == []


def test_an_action_reported_inside_a_dated_clause_does_not_take_the_page_date():
    assert dated("The spokesman said on Monday that the firm had signed the deal.") == [("2024-05-06", "on Monday")]
    assert [e.date for e in events("The spokesman said on Monday that the firm had signed the deal.")] == [
        "2024-05-06"]


def test_headings_and_list_items_are_not_actions_at_the_page_date():
    text = ("Tanks\n\nPublished 10 May 2024\n\n## Army opened new base\n\n"
            "The army opened a new base near the border.\n\n- Army opened new base\n")
    processed = process_article(text, "t.md")
    snippets = [processed.text[e.start:e.end] for e in processed.facts.events]
    assert snippets == ["The army opened a new base near the border."]


def test_coordinated_verbs_share_a_date_put_in_front_of_them():
    found = events("On Monday, Asian markets resumed their slide, and the Nikkei index fell to a new low.")
    assert [(e.date, e.what) for e in found] == [
        ("2024-05-06", "On Monday, Asian markets resumed their slide"),
        ("2024-05-06", "the Nikkei index fell to a new low")]


def test_a_relative_date_that_contradicts_the_year_of_its_clause_gives_way():
    assert [d for d, _ in dated("Her induction that January day in 2011 had begun a new era.")] == ["2011"]


@pytest.mark.parametrize(("text", "words"), [
    ("Soldiers seized the state broadcaster late on Tuesday night.", "late on Tuesday night"),
    ("The opposition leader returned to the capital on Wednesday morning.", "on Wednesday morning"),
])
def test_the_date_words_are_kept_as_written(text, words):
    [(_, date_text)] = dated(text)
    assert date_text == words and date_text in text


def test_a_named_day_is_not_a_weekday_of_the_page_week():
    assert dated("Shops reported record Black Friday sales.") == []


def test_date_mentions_carry_article_offsets():
    text = "Intro line.\n\nThe factory opened on Tuesday."
    [mention] = date_mentions(parse_text(text, page_date=PageDate(FRIDAY, "stated")))
    assert text[mention.start:mention.end] == "on Tuesday" and mention.value == "2024-05-07"


def test_a_when_clause_on_a_date_happened_at_that_date():
    found = events("Berlin became a colonial capital in 1884, when Bismarck hosted the Berlin Conference.")
    assert [e.date for e in found] == ["1884", "1884"]
    assert found[1].what == "Bismarck hosted the Berlin Conference"


def test_a_past_perfect_action_is_before_the_story_not_at_the_page_date():
    assert events("The two firms had signed a first contract with the ministry.") == []
    assert [e.date for e in events("The two firms have signed a contract with the ministry.")] == [FRIDAY]


def test_a_date_inside_a_noun_phrase_gives_way_to_the_date_of_the_verb():
    found = events("The last member of the 1953 team, Tom Berg, died last June.", "2013-03-22")
    assert [(e.date, e.date_text) for e in found] == [("2012-06", "last June")]


def test_one_verb_with_two_dated_objects_is_two_events():
    found = [(e.date, e.what) for e in events("Exports will overtake imports in 2030 and farm output in 2035.")]
    assert found == [("2030", "Exports will overtake imports in 2030"),
                     ("2035", "Exports will overtake farm output in 2035")]


def test_a_second_object_without_a_date_stays_in_the_one_event():
    assert [(e.date, e.what) for e in events("She toured Lisbon in 2012 and Porto.") if e.date_text] == [
        ("2012", "She toured Lisbon in 2012 and Porto.")]


def test_a_month_without_a_year_after_a_dated_one_is_of_the_year_the_sentence_tells_of():
    assert dated("She joined the board in February 2009 and became its president in June.") == [
        ("2009-02", "in February 2009"), ("2009-06", "in June")]


def test_a_month_that_may_fall_in_the_next_year_has_no_value_rather_than_the_page_year():
    assert dated("The shop opened in October 2009 and closed in March.") == [
        ("2009-10", "in October 2009"), (None, "in March")]


def test_a_future_clause_keeps_counting_a_bare_month_from_the_page():
    assert dated("The plant opened in March 2009 and will close in August.") == [
        ("2009-03", "in March 2009"), ("2024-08", "in August")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The new headset will be out in the spring.", [("2024", "in the spring")]),  # May page: this spring
    ("The new headset will be out in the autumn.", [("2024", "in the autumn")]),
    ("Ticket sales slumped in the winter.", [(None, "in the winter")]),  # which winter: it spans two years
    ("The club plays in the summer league.", []),  # a season naming a thing, not a time
])
def test_a_season_without_a_year_is_read_with_the_tense_of_its_clause(text, expected):
    assert dated(text) == expected


def test_a_season_without_a_year_in_a_past_clause_is_the_last_one():
    assert dated("Sales fell in the autumn.", page_date="2024-02-03") == [("2023", "in the autumn")]
