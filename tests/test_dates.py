"""Date expressions in English news text: what is found, what it resolves to, what is ignored."""

from __future__ import annotations

import itertools

import pytest

from knowledge.text.dates import find_date_expressions, find_dates, resolve_relative

PAGE = "2023-09-29"  # a Friday in fall


def _found(text: str, page_date: str | None = PAGE) -> list[tuple[str, str | None]]:
    return [(m.text, m.value) for m in find_dates(text, page_date=page_date)]


def test_month_day_year_keeps_leading_preposition_and_offsets():
    text = "The accord was signed on April 5, 2024 in Vilnius."
    [mention] = find_dates(text, page_date=None)
    assert (mention.text, mention.value, mention.relative) == ("on April 5, 2024", "2024-04-05", False)
    assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks resumed 5 April 2024 in Warsaw.", ("5 April 2024", "2024-04-05")),
        ("The registry lists 2023-06-13 as the launch.", ("2023-06-13", "2023-06-13")),
        ("Delivery is due 13.06.2023 at the depot.", ("13.06.2023", "2023-06-13")),
        ("The plant opened in June 2023.", ("in June 2023", "2023-06")),
        ("Shipments began Sept. 4, 2022, officials said.", ("Sept. 4, 2022", "2022-09-04")),
        ("It closed Aug. 31 2021.", ("Aug. 31 2021", "2021-08-31")),
        ("The order came on Sep 9, 2020.", ("on Sep 9, 2020", "2020-09-09")),
        ("Trials ended June 13th, 2023.", ("June 13th, 2023", "2023-06-13")),
        ("Friday, June 13, 2025 was chosen.", ("Friday, June 13, 2025", "2025-06-13")),
        ("It happened on the 5th of June 2022.", ("on the 5th of June 2022", "2022-06-05")),
        ("The forum ran April 5-6, 2024 in Kyiv.", ("April 5-6, 2024", "2024-04-05")),
        ("Ministers met in the fall of 2022.", ("in the fall of 2022", "2022")),
    ],
)
def test_absolute_formats_resolve_without_page_date(text, expected):
    assert _found(text, None) == [expected]


def test_day_without_year_takes_page_year():
    assert _found("The convoy left April 5.", "2024-06-14") == [("April 5", "2024-04-05")]
    assert find_dates("The convoy left on 5 April.", page_date="2024-06-14")[0].relative


def test_day_without_year_and_without_page_date_stays_unresolved():
    assert _found("The convoy left April 5.", None) == [("April 5", None)]


def test_in_month_uses_page_year_only_when_known():
    assert _found("Production rose in June.", "2024-11-02") == [("in June", "2024-06")]
    assert _found("Production rose in June.", None) == [("in June", None)]


def test_in_may_is_a_month_but_modal_may_is_not():
    assert _found("The deal was struck in May.") == [("in May", "2023-05")]
    assert _found("Officials may sign it now, we hear.") == []
    assert _found("Theresa May said nothing.") == []


def test_march_as_verb_is_not_a_month():
    assert _found("Troops March on the capital and march on.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2024, the factory doubled output.", ("In 2024", "2024")),
        ("Sanctions have applied since 2014.", ("since 2014", "2014")),
        ("The army wants parity by 2030 at the latest.", ("by 2030", "2030")),
        ("Output should peak by mid-2025.", ("by mid-2025", "2025")),
        ("The year 2022 changed everything.", ("The year 2022", "2022")),
    ],
)
def test_bare_year_after_preposition(text, expected):
    assert _found(text) == [expected]


def test_in_year_counts_even_before_a_noun():
    assert _found("in 2024 drones changed the war") == [("in 2024", "2024")]


@pytest.mark.parametrize(
    "text",
    [
        "2024 drones were delivered.",
        "They ordered 125 mm shells and 300,000 rounds.",
        "The missiles fly 1,000 km or more.",
        "Support lines run 24/7 since version 3.11.2024 shipped at 10:30.",
        "The second brigade and one more unit moved now.",
        "Staff rose by 2000 workers.",
        "Estimates for the 1990s and in 2200 vary.",
        "February 30, 2023 is not a day.",
    ],
)
def test_numbers_and_ordinary_words_are_not_dates(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yesterday", "2023-09-28"),
        ("today", "2023-09-29"),
        ("tomorrow", "2023-09-30"),
        ("two days ago", "2023-09-27"),
        ("a year ago", "2022"),
        ("three months ago", "2023-06"),
        ("this month", "2023-09"),
        ("last month", "2023-08"),
        ("next month", "2023-10"),
        ("this year", "2023"),
        ("last year", "2022"),
        ("next year", "2024"),
        ("earlier this year", "2023"),
        ("last week", "2023-09"),
    ],
)
def test_relative_expressions_resolve_against_page_date(text, value):
    [mention] = find_dates(f"It was said {text} in Brussels.", page_date=PAGE)
    assert (mention.text, mention.value, mention.relative) == (text, value, True)


def test_relative_expressions_without_page_date_are_never_guessed():
    text = "Yesterday the mayor said last year was hard and last fall worse, two days ago."
    mentions = find_dates(text, page_date=None)
    assert [m.text for m in mentions] == ["Yesterday", "last year", "last fall", "two days ago"]
    assert all(m.value is None and m.relative for m in mentions)


def test_last_fall_resolves_to_previous_year_when_said_in_fall():
    assert resolve_relative("last fall", page_date="2023-09-29") == "2022"


def test_last_autumn_said_in_winter_is_the_fall_just_ended():
    assert resolve_relative("last autumn", page_date="2024-01-15") == "2023"


def test_this_and_next_season():
    assert resolve_relative("this fall", page_date="2023-04-02") == "2023"
    assert resolve_relative("next spring", page_date="2023-09-29") == "2024"
    assert resolve_relative("next summer", page_date="2023-04-02") == "2023"


def test_winter_spans_two_years_so_stays_unresolved():
    assert _found("They froze last winter.") == [("last winter", None)]


def test_week_resolves_to_month_only_when_it_fits_in_one():
    assert resolve_relative("this week", page_date="2023-09-29") is None  # Sep 25 - Oct 1
    assert resolve_relative("this week", page_date="2023-09-13") == "2023-09"


def test_weekday_is_most_recent_on_or_before_page_date():
    assert _found("The minister spoke on Wednesday.") == [("on Wednesday", "2023-09-27")]
    assert _found("He arrived Friday.") == [("Friday", "2023-09-29")]


def test_last_and_next_weekday_are_strictly_before_and_after():
    assert _found("They met last Friday.") == [("last Friday", "2023-09-22")]
    assert _found("They meet next Friday.") == [("next Friday", "2023-10-06")]


def test_weekday_deadline_points_forward():
    assert _found("Bids are due by Monday.") == [("by Monday", "2023-10-02")]


def test_weekday_before_full_date_is_one_mention():
    assert _found("Signed on Friday, June 13, 2025.") == [("on Friday, June 13, 2025", "2025-06-13")]


def test_durations_are_not_calendar_periods():
    assert _found("Over the last year prices doubled.") == []


def test_weeks_ago_give_the_month_only_when_that_week_lies_in_one():
    assert _found("Three weeks ago nothing was known.") == [("Three weeks ago", "2023-09")]
    assert _found("Four weeks ago nothing was known.") == [("Four weeks ago", None)]  # Aug 28 - Sep 3


def test_mentions_are_ordered_and_non_overlapping():
    text = "On Monday officials said that in 2022 and last year, since March 2021, output grew."
    mentions = find_dates(text, page_date="2023-05-10")
    assert [m.text for m in mentions] == ["On Monday", "in 2022", "last year", "since March 2021"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def test_a_month_with_last_this_or_next_year_takes_that_year():
    found = find_dates("The venture began in October last year and expands in March next year.", page_date="2024-02-18")
    assert [(m.text, m.value) for m in found] == [
        ("in October last year", "2023-10"), ("in March next year", "2025-03")]
    assert find_dates("in October last year", page_date=None)[0].value is None


def test_as_early_as_a_year_is_a_date():
    found = find_dates("First deliveries could come as early as 2026.", page_date="2022-08-25")
    assert [(m.text, m.value) for m in found] == [("as early as 2026", "2026")]


FRIDAY = "2024-05-10"


@pytest.mark.parametrize(("phrase", "tense", "value"), [
    ("on Tuesday", "past", "2024-05-07"),
    ("on Tuesday", "future", "2024-05-14"),
    ("on Tuesday", "present", "2024-05-14"),  # a schedule: "the summit opens on Tuesday"
    ("on Tuesday", None, "2024-05-07"),  # unknown: news reports what happened
    ("on Friday", "past", "2024-05-10"),
    ("on Friday", "future", "2024-05-10"),
    ("by Monday", None, "2024-05-13"),
    ("by Monday", "past", "2024-05-06"),
    ("since Monday", "future", "2024-05-06"),
    ("last Friday", "future", "2024-05-03"),
    ("next Friday", "past", "2024-05-17"),
    ("this Sunday", "past", "2024-05-05"),
    ("this Sunday", None, "2024-05-12"),
])
def test_a_weekday_looks_back_or_ahead_with_the_tense(phrase, tense, value):
    assert resolve_relative(phrase, page_date=FRIDAY, tense=tense) == value


@pytest.mark.parametrize(("phrase", "tense", "value"), [
    ("in October", "past", "2023-10"),
    ("in October", "future", "2024-10"),
    ("in October", None, "2024-10"),
    ("in February", "future", "2025-02"),
    ("in May", "future", "2024-05"),
    ("since June", None, "2023-06"),
    ("on June 3", "past", "2023-06-03"),
    ("on June 3", "future", "2024-06-03"),
    ("on April 3", "future", "2025-04-03"),
    ("last June", None, "2023-06"),
    ("last March", None, "2024-03"),
    ("next March", None, "2025-03"),
    ("late last July", None, "2023-07"),
])
def test_a_month_without_a_year_is_read_with_the_tense(phrase, tense, value):
    assert resolve_relative(phrase, page_date=FRIDAY, tense=tense) == value


def test_an_anchored_date_needs_an_anchor_precise_enough():
    [expression] = find_date_expressions("two days later")
    assert expression.anchored
    assert expression.resolve(FRIDAY, anchor="2024-03-30").value == "2024-04-01"
    assert expression.resolve(FRIDAY, anchor="2024-03").value is None
    assert expression.resolve(FRIDAY).value is None
    [year_later] = find_date_expressions("a year later")
    assert year_later.resolve(FRIDAY, anchor="2019").value == "2020"
    assert find_date_expressions("three days later than planned") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Netanyahu apologised for a 2010 commando raid.", [("2010", "2010")]),
    ("It breached the 1991 agreement.", [("1991", "1991")]),
    ("The 2000 troops left.", []),
    ("He won gold at the 2000 Olympics in Sydney.", [("2000", "2000")]),  # a named event, plural or not
    ("Sales of 2024 drones rose.", []),
    ("Makers reported their January sales.", [("January", "2024-01")]),
    ("The May government fell.", []),
    ("Prices rose between 2014 and 2016.", [("between 2014", "2014"), ("and 2016", "2016")]),
    ("Ships were seized as of February.", [("as of February", "2024-02")]),
])
def test_years_and_months_at_the_head_of_a_noun_phrase(text, expected):
    assert [(m.text, m.value) for m in find_dates(text, page_date=FRIDAY)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Shops expect Black Friday crowds.", []),
    ("Voters go to the polls on Super Tuesday.", []),
    ("They met on Tuesday night.", [("on Tuesday night", "2024-05-07")]),
    ("The coup came late on Wednesday.", [("late on Wednesday", "2024-05-08")]),
    ("It rained this morning and last night.", [("this morning", "2024-05-10"), ("last night", "2024-05-09")]),
    ("Prices peaked at the end of the year.", [("the end of the year", "2024")]),
])
def test_named_days_and_parts_of_days(text, expected):
    assert [(m.text, m.value) for m in find_dates(text, page_date=FRIDAY)] == expected


@pytest.mark.parametrize(("text", "tense", "value"), [
    ("in the fourth quarter", "past", "2023"),  # said in May 2024: the quarter that ended in December
    ("in the fourth quarter", "future", "2024"),
    ("in the first quarter", "future", "2025"),
    ("in the third quarter of 2009", None, "2009"),
    ("the first quarter of last year", None, "2023"),
    ("this weekend", "past", "2024-05"),
    ("next weekend", None, "2024-05"),
])
def test_quarters_give_their_year_and_weekends_their_month(text, tense, value):
    assert resolve_relative(text, page_date=FRIDAY, tense=tense) == value


def test_a_weekend_across_two_months_has_no_month():
    assert resolve_relative("this weekend", page_date="2025-05-30", tense="future") is None  # May 31 - Jun 1
    assert resolve_relative("this weekend", page_date="2024-03-30", tense="future") == "2024-03"


@pytest.mark.parametrize(("text", "expected"), [
    ("Berlin hosted the conference in 1884, when it was a capital.", [("in 1884", "1884")]),
    ("The battle ended on June 18, 1815.", [("on June 18, 1815", "1815-06-18")]),
    ("It happened in 1500 cases.", []),
    ("In August and September, the telescope saw bursts.", [("In August and September", "2024-08")]),
])
def test_earlier_centuries_and_month_ranges(text, expected):
    assert [(m.text, m.value) for m in find_dates(text, page_date=FRIDAY)] == expected


@pytest.mark.parametrize(("text", "value"), [
    ("Fans will have the console by Christmas 2031, the maker says.", "2031-12-25"),
    ("The bakery opened on New Year’s Eve 2019.", "2019-12-31"),
    ("They married on Valentine's Day of 2020.", "2020-02-14"),
])
def test_a_fixed_holiday_with_a_year_is_that_day(text, value):
    assert [e.resolve("2024-05-10").value for e in find_date_expressions(text)] == [value]


def test_a_holiday_without_a_year_is_no_date():
    assert find_date_expressions("Christmas sales rose at the chain.") == []


@pytest.mark.parametrize(("page", "tense", "value"), [
    ("2019-03-08", "past", None),  # early March: this spring has barely begun, the last one may be meant
    ("2019-03-08", "future", "2019"),
    ("2019-04-20", "past", "2019"),
    ("2019-05-20", "future", "2019"),  # still this spring
    ("2019-07-01", "past", "2019"),
])
def test_a_past_season_named_in_its_first_month_is_left_unread(page, tense, value):
    assert resolve_relative("in the spring", page_date=page, tense=tense) == value


def test_that_was_when_takes_the_date_named_just_before_at_its_precision():
    [when] = find_date_expressions("That was when Apple shipped its first display.")
    assert when.resolve("2023-06-06", anchor="2010").value == "2010"
    assert when.resolve("2023-06-06", anchor="2009-03").value == "2009-03"
    assert when.resolve("2023-06-06").value is None  # no date before it: no date
    assert find_date_expressions("He asked that was when?") == []  # only opening a sentence
