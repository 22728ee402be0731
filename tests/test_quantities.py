"""Figures in news sentences: value, precision words, what they count; and when two figures agree."""

from __future__ import annotations

import pytest

from knowledge.text.quantities import Quantity, compatible, find_quantities, lemma


def _only(text: str) -> Quantity:
    [quantity] = find_quantities(text)
    return quantity


def _summary(text: str) -> list[tuple[str, float, str, str | None, bool]]:
    return [(q.text, q.value, q.comparator, q.unit, q.percent) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mill will make 1 million sacks of flour.", [("1 million", 1e6, "eq", "sack", False)]),
        ("The port handled 1.5 billion tonnes.", [("1.5 billion", 1.5e9, "eq", "t", False)]),
        ("Some 300,000 fans watched.", [("Some 300,000", 3e5, "approx", "fan", False)]),
        ("They ordered 300 thousand masks.", [("300 thousand", 3e5, "eq", "mask", False)]),
        ("The plant plans 2 million FPV drones.", [("2 million", 2e6, "eq", "drone", False)]),
        ("Guests came from more than 30 countries.", [("more than 30", 30, "gt", "country", False)]),
        ("Around 250 shipping firms took part.", [("Around 250", 250, "approx", "firm", False)]),
        ("About 300,000 people moved.", [("About 300,000", 3e5, "approx", "person", False)]),
        ("Turnout reached almost 50% in the north.", [("almost 50%", 50, "approx", None, True)]),
        ("Up to 10 ferries will sail.", [("Up to 10", 10, "le", "ferry", False)]),
        ("It hired between 5 and 7 engineers.", [("between 5 and 7", 6, "range", "engineer", False)]),
        ("It hired 5 to 7 engineers.", [("5 to 7", 6, "range", "engineer", False)]),
        ("Prices rose 5-7 percent.", [("5-7 percent", 6, "range", None, True)]),
        ("Nine bakeries closed.", [("Nine", 9, "eq", "bakery", False)]),
        ("Twenty-one schools reopened.", [("Twenty-one", 21, "eq", "school", False)]),
        ("A dozen trucks arrived.", [("A dozen", 12, "eq", "truck", False)]),
        ("The club sold 10,000+ season tickets.", [("10,000+", 1e4, "ge", "ticket", False)]),
        ("Half a million voters stayed home.", [("Half a million", 5e5, "eq", "voter", False)]),
        ("The zoo spent $4.5 million on a new aviary.", [("$4.5 million", 4.5e6, "eq", "usd", False)]),
        ("The striker cost 45 million euros.", [("45 million", 4.5e7, "eq", "eur", False)]),
        ("The council set aside £3m for parks.", [("£3m", 3e6, "eq", "gbp", False)]),
        ("The budget is 12.4 billion hryvnias.", [("12.4 billion", 1.24e10, "eq", "uah", False)]),
    ],
)
def test_figures_with_comparator_and_counted_unit(text, expected):
    assert _summary(text) == expected


def test_counted_phrase_keeps_modifiers_separately():
    quantity = _only("The workshop delivered 2 million FPV drones this year.")
    assert (quantity.unit, quantity.counted) == ("drone", "fpv drone")
    assert quantity.text == "2 million"


def test_spans_index_the_text():
    text = "Organisers said around 250 defense companies came."
    quantity = _only(text)
    assert text[quantity.start : quantity.end] == "around 250"
    assert text[quantity.counted_start : quantity.counted_end] == "defense companies"


def test_bounds_follow_the_comparator():
    assert (_only("about 200 buses").low, _only("about 200 buses").high) == pytest.approx((180, 220))
    assert (_only("almost 40% of the land").low, _only("almost 40% of the land").high) == pytest.approx((36, 40))
    assert (_only("more than 30 nations").low, _only("more than 30 nations").high) == (30, None)
    assert (_only("up to 10 ferries").low, _only("up to 10 ferries").high) == (None, 10)
    assert _only("about 200 buses").approx and not _only("200 buses").approx


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("half of the territory", 50.0, "territory"),
        ("Half the budget went to roads.", 50.0, "budget"),
        ("a third of its staff", 100 / 3, "staff"),
        ("two thirds of the seats", 200 / 3, "seat"),
        ("a quarter of the farms", 25.0, "farm"),
        ("50 percent of the territory", 50.0, "territory"),
    ],
)
def test_fractions_and_percent_of_something(text, value, unit):
    quantity = _only(text)
    assert quantity.percent
    assert (quantity.value, quantity.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("125 mm tank shells", "mm"), ("155-mm rounds", "mm"), ("155mm rounds", "mm"), ("a 1,000 km range", "km")],
)
def test_measurements_are_not_counts(text, unit):
    quantity = _only(text)
    assert quantity.measurement
    assert quantity.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 2024.",
        "The treaty was signed on April 5, 2024.",
        "Fighting resumed after February 24 near the river.",
        "Pilots trained on F-16 jets and the T-72 tank.",
        "Leopard 2 tanks arrived.",
        "Dozens of drones and thousands of shells were used.",
        "The meeting started at 10:30 and runs 24/7.",
        "He finished 5th in the race.",
        "One of them left.",
        "In the first half of 2024 sales fell.",
        "It opened a third branch.",
    ],
)
def test_years_dates_codes_and_vague_amounts_are_not_figures(text):
    assert find_quantities(text) == []


def test_four_digit_number_before_a_plural_noun_is_a_count():
    assert _summary("The army sent 2000 troops.") == [("2000", 2000, "eq", "troop", False)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("companies", "company"), ("drones", "drone"), ("people", "person"), ("countries", "country"),
     ("boxes", "box"), ("defence", "defense"), ("bus", "bus"), ("analysis", "analysis")],
)  # fmt: skip
def test_lemma(word, expected):
    assert lemma(word) == expected


@pytest.mark.parametrize(
    ("claim", "fact", "expected"),
    [
        ("about 300,000 people", "about 300,000 people", True),
        ("more than 10,000 fans", "10,000+ fans", True),
        ("50% of the territory", "half of the territory", True),
        ("almost 50% of the territory", "50% of the territory", True),
        ("around 250 companies", "around 250 companies", True),
        ("1 million", "1 million", True),
        ("1 million drones", "about 1 million drones", True),
        ("about 1 million drones", "1.05 million drones", True),
        ("more than 20 countries", "more than 30 countries", True),
        ("between 5 and 7 tanks", "6 tanks", True),
        ("2 million FPV drones", "2 million drones", True),
        ("2 million", "1 million", False),
        ("3 million people", "about 300,000 people", False),
        ("30 defense companies", "13 defense companies", False),
        ("2 million FPV drones", "1 million drones", False),
        ("1 million drones", "1.2 million drones", False),
        ("more than 30 countries", "12 countries", False),
        ("120 mm shells", "155 mm shells", False),
        ("30 companies", "30 countries", None),
        ("10 FPV drones", "10 naval drones", None),
        ("50% of the territory", "50 tanks", None),
        ("30 countries", "more than 30 countries", None),
        ("35 countries", "more than 30 countries", None),
        ("6 tanks", "between 5 and 7 tanks", None),
    ],
)
def test_compatible(claim, fact, expected):
    assert compatible(_only(claim), _only(fact)) is expected


# --- tallies, rates, lengths of time, multipliers ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "tally"),
    [
        ("The council passed the zoning bill in a 31-9 vote.", "31-9", (31, 9)),
        ("Rovers won 3–1 at home.", "3–1", (3, 1)),
        ("It passed by a vote of 67 to 32.", "67 to 32", (67, 32)),
        ("The motion carried 50-50 on the chair's vote.", "50-50", (50, 50)),
    ],
)
def test_vote_tallies_and_scores_are_one_figure(text, figure, tally):
    quantity = _only(text)
    assert (quantity.text, quantity.tally, quantity.unit) == (figure, tally, "tally")


def test_ascending_pairs_stay_ranges_and_to_needs_a_vote():
    assert _only("It hired 5-7 engineers.").comparator == "range"
    assert [q.tally for q in find_quantities("Output fell from 70 to 29 units.")] == [None, None]


@pytest.mark.parametrize(
    ("claim", "fact", "expected"),
    [("a 31-9 vote", "31-9", True), ("a 30-10 vote", "31-9", False), ("31 votes", "31-9", None)],
)
def test_tallies_agree_only_when_both_numbers_do(claim, fact, expected):
    assert compatible(_only(claim), _only(fact)) is expected


@pytest.mark.parametrize(
    ("text", "per", "rate_words"),
    [
        ("The bakery bakes 12,000 loaves every day.", "day", "every day"),
        ("The mill ships 4 million sacks a year.", "year", "a year"),
        ("Rent is $900 per month.", "month", "per month"),
        ("The line assembles 40 buses monthly.", "month", "monthly"),
        ("Fares rise 3% annually.", "year", "annually"),
        ("The press prints 500 books/week.", "week", "week"),
    ],
)
def test_rates_keep_their_period(text, per, rate_words):
    quantity = _only(text)
    assert quantity.per == per
    assert text[quantity.per_start : quantity.per_end].endswith(rate_words)


def test_a_year_ago_is_not_a_rate():
    assert _only("The club sold 4 players a year ago.").per is None


@pytest.mark.parametrize(
    ("claim", "fact", "expected"),
    [
        ("12,000 loaves every day", "12,000 loaves a day", True),
        ("30,000 loaves every day", "12,000 loaves daily", False),
        ("12,000 loaves every day", "4 million loaves", None),  # a rate is not a total
        ("12,000 loaves every day", "4 million loaves a year", None),  # nor another period's rate
    ],
)
def test_rates_compare_only_with_the_same_period(claim, fact, expected):
    assert compatible(_only(claim), _only(fact)) is expected


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("They signed a 10 year lease.", 10, "year lease"),
        ("They signed a 10-year lease.", 10, "year lease"),
        ("They signed a ten-year lease.", 10, "year lease"),
        ("A 45-year-old driver was hurt.", 45, "age"),
    ],
)
def test_lengths_of_time_as_adjectives_are_measurements(text, value, unit):
    quantity = _only(text)
    assert (quantity.value, quantity.unit, quantity.measurement) == (value, unit, True)


@pytest.mark.parametrize(
    "text", ["The bridge is designed for 80 years.", "Repairs took 11 months of 2021.", "It needs 1 year to finish."]
)
def test_plain_lengths_of_time_keep_no_unit(text):
    assert _only(text).unit is None


def test_lengths_of_time_compare():
    assert compatible(_only("a 5 year lease"), _only("a 10-year lease")) is False
    assert compatible(_only("a ten-year lease"), _only("a 10 year lease")) is True
    assert compatible(_only("a 10 year lease"), _only("10 leases")) is None
    assert compatible(_only("a 5-year lease"), _only("a 10-year loan")) is None


@pytest.mark.parametrize(("text", "value"), [("grew 42 times", 42), ("grew 42-fold", 42), ("grew sixfold", 6)])
def test_multipliers_count_times(text, value):
    quantity = _only(text)
    assert (quantity.value, quantity.unit) == (value, "time")


def test_multiplier_forms_agree():
    assert compatible(_only("rose 42-fold"), _only("rose by 42 times")) is True
    assert compatible(_only("rose sixfold"), _only("rose by 42 times")) is False


def test_an_amount_knows_what_it_is_the_value_of():
    text = "The first $20 million grant is part of a five-year, $90 million scheme managed by the county."
    grant, scheme = find_quantities(text)
    assert (grant.of, scheme.of) == ("grant", "scheme")
    assert _only("The harbour project is worth 14 billion euros").of == "project"
    assert _only("Tallis signed a deal worth about $3 billion to buy ferries.").of == "deal"
    assert find_quantities("the 40 billion hryvnias (about $1 billion) bridge")[0].of == "bridge"
    assert _only("a $7 million contract").of == "deal"  # a contract is a deal
    assert _only("The zoo spent $4.5 million on a new aviary.").of is None
    claim = _only("the first grant is worth $90 million")
    assert compatible(claim, grant) is False
    assert compatible(claim, scheme) is None


def test_us_dollar_prefix_keeps_its_comparator():
    quantity = _only("The county has set aside over US$12 million for the bridge.")
    assert (quantity.text, quantity.unit, quantity.comparator) == ("over US$12 million", "usd", "gt")


def test_two_bounds_on_the_same_side_must_agree():
    fact = _only("a grant of up to 3.5 billion euros")
    assert compatible(_only("up to 2.5 billion euros"), fact) is False
    assert compatible(_only("up to 3.5 billion euros"), fact) is True
    assert compatible(_only("up to 5.3 billion euros"), fact) is True  # implied
    assert compatible(_only("more than 70 ferries"), _only("more than 40 ferries")) is False
    assert compatible(_only("more than 40 ferries"), _only("55 ferries")) is True


def test_model_names_are_counted():
    fact = _only("The carrier ordered 35 Embraer E195s last week.")
    assert (fact.unit, fact.counted) == ("e195", "embraer e195")
    assert compatible(_only("55 E195s"), fact) is False
    assert _only("The army received 12 K9s.").unit == "k9"
    assert compatible(_only("12 K9s"), fact) is None


def test_a_term_after_for_is_a_duration():
    assert _only("The mill is leased for 12 years.").duration == "year"
    assert _only("It will supply gas for a period of 15 years.").duration == "year"
    assert _only("The loan runs for five years.").duration == "year"
    assert _only("The mill made 12 tonnes.").duration is None
    assert compatible(_only("for 12 months"), _only("for 12 years")) is None
