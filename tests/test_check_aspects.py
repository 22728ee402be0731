"""/check aspect by aspect, over short invented articles: each class of claim true, false by one aspect, unrelated.

Every text here is written for the test; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from knowledge.check.checker import CONTRADICTED, NOT_ENOUGH_INFO, SUPPORTED, Evidence, check_claim
from knowledge.check.values import find_values, same_value


def _source(title: str, date: str | None = "2024-03-14") -> dict:
    return {"article": title.lower().replace(" ", "-") + ".txt", "title": title, "date": date, "date_kind": "stated"}


def _verdict(claim: str, *texts: str, title: str = "Harbor News", before: str = "") -> str:
    evidence = [Evidence(text, _source(title), before=before) for text in texts]
    return check_claim(claim, evidence).verdict


# --- values -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "stated", "same"),
    [
        ("$10", "$9.99", True),  # a price rounded
        ("about $356,000", "$355,760", True),
        ("$9 billion", "$19 billion", False),
        ("200", "150", False),  # 150 rounds to 200, but is a quarter off
        ("17th", "7th", False),
        ("7x", "9x", False),
        ("the 1950s", "the 1960s", False),
        ("Dec. 25", "Dec. 31", False),
        ("more than 200", "around 250", True),
        ("around $19 million", "around $9 million", False),
        ("nine million", "9 million", True),
        ("No. 4", "No. 2", False),
    ],
)
def test_values_compare_by_kind_and_rounding(claimed, stated, same):
    a, b = find_values(claimed)[0], find_values(stated)[0]
    assert same_value(a, b) is same


def test_a_month_name_that_is_a_surname_is_no_date():
    assert find_values("Coach Kevin May said") == []
    assert [v.kind for v in find_values("the shares fell in May")] == ["month"]


# --- numbers and amounts ----------------------------------------------------------------------------

FERRY = "Nordvik Ferries carried 48,200 passengers in March, its busiest month since 2019."


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Nordvik Ferries carried 48,200 passengers in March", SUPPORTED),
        ("Nordvik Ferries carried about 48,000 passengers in March", SUPPORTED),
        ("Nordvik Ferries carried 84,200 passengers in March", CONTRADICTED),
        ("Nordvik Ferries carried 48,200 passengers in April", CONTRADICTED),
        ("Nordvik Ferries carried 48,200 cars in March", NOT_ENOUGH_INFO),
        ("Nordvik Ferries opened a route to Tallinn", NOT_ENOUGH_INFO),
    ],
)
def test_a_count_true_false_by_figure_or_month_and_unrelated(claim, verdict):
    assert _verdict(claim, FERRY) == verdict


def test_a_figure_is_aligned_with_the_one_among_the_same_words():
    text = "Of the 12 clubs in the league 5 are set to finish higher and 7 are on track to finish lower."
    assert _verdict("Of the 12 clubs in the league 5 are set to finish higher", text) == SUPPORTED
    assert _verdict("Of the 12 clubs in the league 7 are set to finish higher", text) == CONTRADICTED


def test_an_ordinal_and_a_multiple_are_checked():
    text = "The Lumen app rose to 9th on the download chart and was installed 4x more than its rival."
    assert _verdict("The Lumen app rose to 9th on the download chart", text) == SUPPORTED
    assert _verdict("The Lumen app rose to 19th on the download chart", text) == CONTRADICTED
    assert _verdict("The Lumen app was installed 6x more than its rival", text) == CONTRADICTED


def test_a_price_and_its_rounding_agree():
    text = "The Orca reader sells for $9.99 in Brenner stores."
    assert _verdict("The Orca reader sells for $10 in Brenner stores", text) == SUPPORTED
    assert _verdict("The Orca reader sells for $19 in Brenner stores", text) == CONTRADICTED


def test_an_amount_for_something_else_decides_nothing():
    text = "Under the deal Brightwater may walk away by paying a $50 million break fee to Calder."
    assert _verdict("Calder is paying $2.1 billion for Brightwater's shipping unit", text) == NOT_ENOUGH_INFO
    assert _verdict("Brightwater would pay Calder a $60 million break fee", text) == CONTRADICTED


# --- years and dates --------------------------------------------------------------------------------


def test_a_year_inside_a_noun_phrase():
    text = "The museum restored the 1761 painting of the harbour before the exhibition."
    assert _verdict("The museum restored the painting of the harbour from 1761", text) == SUPPORTED
    assert _verdict("The museum restored the painting of the harbour from 1861", text) == CONTRADICTED
    text = "Set in Lisbon in 1974, the film follows a young sailor."
    assert _verdict("The film is set in Lisbon in 1974", text, before="Marta Silva directs the film.") == SUPPORTED
    assert _verdict("The film is set in Lisbon in 1984", text) == CONTRADICTED


def test_a_decade_a_weekday_and_a_month_day():
    text = "In the 1980s, Arvo Lind founded the Tartu Jazz Festival."
    assert _verdict("Arvo Lind founded the Tartu Jazz Festival in the 1980s", text) == SUPPORTED
    assert _verdict("Arvo Lind founded the Tartu Jazz Festival in the 1970s", text) == CONTRADICTED
    text = "The Ostra bridge reopened on Sunday after repairs."
    assert _verdict("The Ostra bridge reopened on Sunday", text) == SUPPORTED
    assert _verdict("The Ostra bridge reopened on Saturday", text) == CONTRADICTED
    text = "The robbery at Kestrel Bank took place at 3 p.m. on Dec. 22, police said."
    assert _verdict("The robbery at Kestrel Bank took place on Dec. 23", text) == CONTRADICTED


def test_a_plan_is_not_contradicted_by_its_date():
    text = "Nordvik plans to open the Tallinn route on May 4."
    assert _verdict("Nordvik opened the Tallinn route on May 14", text) == NOT_ENOUGH_INFO


# --- places -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Arden Motors is headquartered in Leeds", SUPPORTED),
        ("Arden Motors is headquartered in York", CONTRADICTED),
        ("Arden Motors builds vans in York", NOT_ENOUGH_INFO),
    ],
)
def test_a_place_after_the_same_act(claim, verdict):
    assert _verdict(claim, "Arden Motors, headquartered in Leeds, builds vans for councils.") == verdict


def test_another_place_of_another_act_or_several_places_decide_nothing():
    text = "Arden Motors signed the deal in Leeds after talks in York and Hull."
    assert _verdict("Arden Motors signed the deal in Leeds", text) == SUPPORTED
    assert _verdict("Arden Motors held talks in Bristol", text) == NOT_ENOUGH_INFO
    assert _verdict("Arden Motors signed the deal in Bristol", "Arden Motors, based in Bristol, signed the deal.") \
        == NOT_ENOUGH_INFO


def test_a_platform_or_source_in_the_same_slot():
    text = "Lena Ruiz met Tom Okafor on Facebook and later joined his band."
    assert _verdict("Lena Ruiz met Tom Okafor on Facebook", text) == SUPPORTED
    assert _verdict("Lena Ruiz met Tom Okafor on Instagram", text) == CONTRADICTED
    assert _verdict("Lena Ruiz met Tom Okafor in Madrid", text) == NOT_ENOUGH_INFO


# --- roles ------------------------------------------------------------------------------------------


ROLE_TEXT = ('"Growth is slowing," said Ines Moreau, chief economist at Baltic Capital Partners, who tracks '
             "regional trade.")


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Ines Moreau is chief economist at Baltic Capital Partners", SUPPORTED),
        ("Ines Moreau is chief executive officer of Baltic Capital Partners", CONTRADICTED),
        ("Ines Moreau is chief economist at Nordic Trust Bank", CONTRADICTED),
        ("Ines Moreau is a professor of economics", NOT_ENOUGH_INFO),
    ],
)
def test_a_role_against_the_sentence_naming_the_person(claim, verdict):
    assert _verdict(claim, ROLE_TEXT) == verdict


def test_a_title_before_the_name_in_any_order():
    text = "Tamsin Governor Hal Brody vetoed the water bill on Friday."
    assert _verdict("Hal Brody is the governor of Tamsin", text) == SUPPORTED
    assert _verdict("Hal Brody is the mayor of Tamsin", text) == CONTRADICTED


def test_another_persons_office_before_the_name_is_not_the_persons():
    text = "The president's adviser Omar Lind met the envoys in Tallinn."
    assert _verdict("Omar Lind is the president", text) == NOT_ENOUGH_INFO
    assert _verdict("Omar Lind is an adviser", text) == SUPPORTED


def test_a_party_tag_and_an_age_in_apposition():
    text = "State Sen. Ruth Calder (R-Dorset), 58, said the plan was too costly."
    assert _verdict("Ruth Calder is a Republican state senator", text) == SUPPORTED
    assert _verdict("Ruth Calder is a Democratic state senator", text) == CONTRADICTED
    text = "Ruth Calder, 58, said the plan was too costly."
    assert _verdict("Ruth Calder is 58", text) == SUPPORTED
    assert _verdict("Ruth Calder is 48", text) == CONTRADICTED


def test_an_age_after_a_surname_with_a_nationality_before_it_or_closing_the_sentence():
    text = "That is bad news for the likes of Italian Calder, 20, and Senegal ace Mbaye, 23."
    assert _verdict("Ruth Calder is 20 years old", text) == SUPPORTED
    assert _verdict("Ruth Calder is 30 years old", text) == CONTRADICTED
    assert _verdict("Omar Mbaye is 25 years old", text) == CONTRADICTED
    assert _verdict("Omar Mbaye is 23", text) == SUPPORTED
    assert _verdict("Ron Calder is 20 years old", "Ruth Calder, 20, said the plan was costly.") == NOT_ENOUGH_INFO


def test_a_former_role_and_another_person_of_the_same_surname():
    text = "Ron Vance's son, Sen. Rand Vance of Ohio, backed the bill."
    assert _verdict("Ron Vance is a senator of Ohio", text) == NOT_ENOUGH_INFO
    assert _verdict("Rand Vance is a senator of Ohio", text) == SUPPORTED
    text = "Mira Holt, a former coach at Dunmore, joined the broadcast team."
    assert _verdict("Mira Holt is a former coach at Dunmore", text) == SUPPORTED
    assert _verdict("Mira Holt is a former player at Dunmore", text) == CONTRADICTED


# --- succession, stakes, membership -----------------------------------------------------------------


def test_succession_in_other_words():
    text = "Priya Nair replaced Tom Hale as chief executive of Ostra Data in March."
    assert _verdict("Priya Nair succeeded Tom Hale as chief executive of Ostra Data", text) == SUPPORTED
    assert _verdict("Priya Nair succeeded Tom Hale as chief executive of Ostra Data in May", text) == CONTRADICTED
    assert _verdict("Tom Hale succeeded Priya Nair as chairman of Ostra Data", text) == NOT_ENOUGH_INFO


def test_a_stake_as_percent():
    text = "Kestrel Energy holds a 51% stake in the Vistula joint venture."
    assert _verdict("Kestrel Energy holds a 51 percent stake in the Vistula joint venture", text) == SUPPORTED
    assert _verdict("Kestrel Energy holds a 49 percent stake in the Vistula joint venture", text) == CONTRADICTED


def test_membership_in_a_list_decides_only_when_named():
    text = "The recipients include Harbor Food Bank, Dunmore Youth Club and the Ostra Library."
    assert _verdict("Dunmore Youth Club is among the recipients", text) == SUPPORTED
    assert _verdict("Arden Scouts is among the recipients", text) == NOT_ENOUGH_INFO
    text = "Lisa Brand is the only council member who voted against the budget."
    assert _verdict("Lisa Brand is the only council member who voted against the budget", text) == SUPPORTED


# --- paraphrase -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("The Harbor Foundation gave $40,000 to the Dunmore food bank", SUPPORTED),
        ("The Harbor Foundation awarded $40,000 to the Dunmore food bank", SUPPORTED),
        ("The Harbor Foundation gave $14,000 to the Dunmore food bank", CONTRADICTED),
        ("The Harbor Foundation acquired the Dunmore food bank", NOT_ENOUGH_INFO),
    ],
)
def test_give_donate_award(claim, verdict):
    assert _verdict(claim, "The Harbor Foundation donated $40,000 to the Dunmore food bank.") == verdict


def test_acquire_buy_take_over_and_sell():
    text = "In 2019, Calder Group bought the Vistula shipyard."
    assert _verdict("Calder Group acquired the Vistula shipyard in 2019", text) == SUPPORTED
    assert _verdict("Calder Group sold the Vistula shipyard in 2019", text) == CONTRADICTED
    assert _verdict("Calder Group took over the Vistula shipyard in 2019", text) == SUPPORTED
    assert _verdict("Calder Group acquired the Vistula shipyard in 2017", text) == CONTRADICTED


def test_endorse_back_support():
    text = "Senator Ada Price backed Leo Marsh in the 2020 primary for governor."
    assert _verdict("Ada Price endorsed Leo Marsh in the 2020 primary for governor", text) == SUPPORTED
    assert _verdict("Ada Price endorsed Leo Marsh in the 2016 primary for governor", text) == CONTRADICTED
    text = "Ada Price supported Leo Marsh's rival in the 2020 primary."
    assert _verdict("Ada Price endorsed Leo Marsh in the 2020 primary", text) == NOT_ENOUGH_INFO


def test_opposite_directions_and_acts():
    text = "Ostra Data shares traded up 2.4% at $31.20 on Tuesday."
    assert _verdict("Ostra Data shares traded up 2.4% at $31.20", text) == SUPPORTED
    assert _verdict("Ostra Data shares traded down 2.4% at $31.20", text) == CONTRADICTED
    text = "Governor Hal Brody vetoed the water bill on Friday."
    assert _verdict("Hal Brody signed the water bill", text) == CONTRADICTED


# --- quotes -----------------------------------------------------------------------------------------


def test_a_reported_claim_with_the_speaker_after_the_quote():
    text = '"The harbour plan is a great idea, and we will fund it next year," Mayor Ines Cole said.'
    assert _verdict("Ines Cole said the harbour plan is a great idea", text) == SUPPORTED
    assert _verdict("Ines Cole said the harbour plan is not a great idea", text) == CONTRADICTED
    assert _verdict("Ines Cole said the harbour plan is a great idea", '"The harbour plan is a great idea."') \
        == NOT_ENOUGH_INFO


# --- the sentence before ----------------------------------------------------------------------------


def test_the_company_opening_a_sentence_stands_for_the_name_before():
    before = "Arden Motors shares rose 3% on Monday."
    text = "The company delivered its first electric van on Sunday."
    assert _verdict("Arden Motors delivered its first electric van on Sunday", text, before=before) == SUPPORTED
    assert _verdict("Arden Motors delivered its first electric van on Friday", text, before=before) == CONTRADICTED
    assert _verdict("Calder Group delivered its first electric van on Sunday", text, before=before) == NOT_ENOUGH_INFO
    other = "The sentiment is mixed, and other carmakers are delivering vans."
    assert _verdict("Arden Motors is delivering vans", other, before=before) == NOT_ENOUGH_INFO


def test_a_spelling_with_a_letter_more_is_the_same_word_but_another_letter_is_not():
    text = "Two million viewers watched a tiny hampster eating a burrito."
    assert _verdict("Two million viewers watched a tiny hamster eating a burrito", text) == SUPPORTED
    assert _verdict("Two million viewers watched a tiny hamster eating a burrito", text.replace("burrito", "burrata")) \
        == NOT_ENOUGH_INFO


def test_a_name_held_only_as_a_possessor_or_in_a_prefixed_word_is_not_named():
    text = "Nair, an Ostra coaching legend, has been pro-Dunmore this season."
    assert _verdict("Nair coached Dunmore", text) == NOT_ENOUGH_INFO


def test_the_same_office_at_an_organisation_named_before_the_title():
    text = "Last week Harwell Brothers analyst Ida Sorensen cut her forecast for the chipmaker."
    assert _verdict("Ida Sorensen is an analyst at Harwell Brothers", text) == SUPPORTED
    assert _verdict("Ida Sorensen is an analyst at Corliss Partners", text) == CONTRADICTED
    assert _verdict("Ida Sorensen is a Corliss Partners analyst", text) == CONTRADICTED
    assert _verdict("Ida Sorensen is a Corliss Partners director", text) == NOT_ENOUGH_INFO
    # a country's analyst, or an abbreviation that may be the same firm, decides nothing
    assert _verdict("Ida Sorensen is a French analyst", text) == NOT_ENOUGH_INFO
    assert _verdict("Ida Sorensen is an analyst at CPL", text) == NOT_ENOUGH_INFO


# --- where an organisation is based --------------------------------------------------------------


def test_a_home_base_in_its_news_forms():
    text = "Lyon, France-based drone maker Skyvane Robotics raised new funds this spring."
    assert _verdict("Skyvane Robotics is based in Lyon, France", text) == SUPPORTED
    assert _verdict("Skyvane Robotics is a Lyon-based company", text) == SUPPORTED
    assert _verdict("Skyvane Robotics is a French company", text) == NOT_ENOUGH_INFO  # not a base claim form
    assert _verdict("Skyvane Robotics is a Paris-based company", text) == CONTRADICTED
    assert _verdict("Skyvane Robotics is based in Germany", text) == CONTRADICTED
    assert _verdict("Brightwell Foods is a Paris-based company", text) == NOT_ENOUGH_INFO
    appositive = "Orla Tech, a Dublin-based startup, hired 40 engineers."
    assert _verdict("Orla Tech is a Dublin-based startup", appositive) == SUPPORTED
    assert _verdict("Orla Tech is a Madrid-based startup", appositive) == CONTRADICTED


def test_a_country_or_a_bare_city_does_not_exclude_a_place_inside_it():
    assert _verdict("Skyvane Robotics is a Lyon-based company",
                    "France-based Skyvane Robotics raised new funds.") == NOT_ENOUGH_INFO
    assert _verdict("Skyvane Robotics is a Brooklyn-based company",
                    "New York-based Skyvane Robotics raised new funds.") == NOT_ENOUGH_INFO


# --- the place of an act, later in its clause ----------------------------------------------------

COURIER = ("Mira Olsen, a 41-year-old courier, was robbed by two men in the southern Kestrel district on "
           "Monday evening as she walked to work, police said.")
ROCKET = ("The Vega cargo rocket lifted off on time at 9:14 p.m. from Norway's Andøya launch site, "
          "carrying three satellites.")


@pytest.mark.parametrize(
    ("claim", "text", "verdict"),
    [
        ("Mira Olsen was robbed in the Kestrel district", COURIER, SUPPORTED),
        ("Mira Olsen was robbed in Oslo on her way to work", COURIER, CONTRADICTED),
        ("Mira Olsen was robbed in Oslo", COURIER, CONTRADICTED),
        ("Mira Olsen was promoted in Oslo", COURIER, NOT_ENOUGH_INFO),
        ("Tomas Berg was robbed in Oslo", COURIER, NOT_ENOUGH_INFO),
        ("The Vega cargo rocket lifted off from Kourou", ROCKET, CONTRADICTED),
        ("The Vega cargo rocket lifted off from Norway", ROCKET, NOT_ENOUGH_INFO),  # not "from Norway's"
        ("The Vega cargo rocket landed in Kourou", ROCKET, NOT_ENOUGH_INFO),
    ],
)
def test_another_place_later_in_the_clause_of_the_same_act(claim, text, verdict):
    assert _verdict(claim, text) == verdict


def test_a_place_of_another_clause_or_one_of_several_decides_nothing():
    text = "Mira Olsen was robbed on Monday, days after a protest in Bergen."
    assert _verdict("Mira Olsen was robbed in Oslo", text) == NOT_ENOUGH_INFO
    text = "Mira Olsen was robbed in Bergen and Oslo, police said."
    assert _verdict("Mira Olsen was robbed in Tromso", text) == NOT_ENOUGH_INFO


# --- the claim's topic named before the sentence -------------------------------------------------

LAB = ("In the new trial, the group used a scanner to image the lungs of 22 adult smokers over two years — "
       "once before and once after each of them had spent six weeks on a daily dose of the experimental "
       "inhaled drug velorin.")


def test_a_topic_word_far_from_the_rest_when_an_earlier_sentence_names_it():
    before = "Velorin, a new asthma drug, is being tested in Leeds."
    assert _verdict("the velorin trial imaged the lungs of 22 adult smokers", LAB, before=before) == SUPPORTED
    assert _verdict("the velorin trial imaged the lungs of 32 adult smokers", LAB, before=before) == CONTRADICTED
    # without the earlier sentence the words are too scattered to be one statement
    assert _verdict("the velorin trial imaged the lungs of 22 adult smokers", LAB) == NOT_ENOUGH_INFO
    assert _verdict("the velorin trial imaged the hearts of 22 adult smokers", LAB, before=before) == NOT_ENOUGH_INFO


def test_gained_against_lost_and_passed_against_failed():
    text = "Riverton Cable, the region's largest operator, lost 41,000 subscribers in the third quarter."
    assert _verdict("Riverton Cable lost 41,000 subscribers in the third quarter", text) == SUPPORTED
    assert _verdict("Riverton Cable added 41,000 subscribers in the third quarter", text) == CONTRADICTED
    assert _verdict("Riverton Cable added 41,000 employees in the third quarter", text) == NOT_ENOUGH_INFO
    text = "The harbour levy bill failed in the Tamsin assembly on Thursday."
    assert _verdict("The harbour levy bill failed in the Tamsin assembly", text) == SUPPORTED
    assert _verdict("The harbour levy bill passed in the Tamsin assembly", text) == CONTRADICTED


def test_a_height_told_as_tall_or_high():
    text = "Built of granite, the Orwell Tower is the city's oldest landmark, rising 310 feet high."
    assert _verdict("The Orwell Tower is 310 feet tall", text) == SUPPORTED
    assert _verdict("The Orwell Tower is 210 feet tall", text) == CONTRADICTED
    assert _verdict("The Orwell Tower is 310 feet wide", text) == NOT_ENOUGH_INFO


def _with_context(claim: str, text: str, context: str) -> str:
    return check_claim(claim, [Evidence(text, _source("Harbor News"), context=context)]).verdict


def test_a_closing_event_the_title_names():
    text = "The old Corn Exchange, a listed hall, lost three out of four of its stone chimneys onto the market square."
    title = "Town Hall Shut After Earthquake-Damaged Roof Gives Way"
    claim = "The Corn Exchange lost three of its four stone chimneys in the quake"
    assert _with_context(claim, text, title) == SUPPORTED
    assert _with_context("The Corn Exchange lost two of its four stone chimneys in the quake", text, title) \
        == CONTRADICTED
    # the title names no quake, or the sentence tells of a storm of its own year
    assert _with_context(claim, text, "Town Hall Shut") == NOT_ENOUGH_INFO
    stormy = "The old Corn Exchange lost three out of four of its stone chimneys in the 1987 storm."
    assert _with_context(claim, stormy, title) == NOT_ENOUGH_INFO


def test_a_part_of_a_whole_is_not_read_as_the_whole():
    text = "The old Corn Exchange lost three out of four of its stone chimneys onto the market square."
    assert _verdict("The Corn Exchange lost three of its four stone chimneys in the storm", text) == NOT_ENOUGH_INFO
    assert _verdict("The Corn Exchange lost three of its four stone chimneys", text) == SUPPORTED


# --- roles named by other people's titles, offices named by verbs --------------------------------------

RESIGNATION = ("Norway's finance minister, Erik Haugland, resigned on Thursday, the prime minister's office said. "
               "Haugland joined the government in 2013 as trade minister.")


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Haugland was the prime minister", NOT_ENOUGH_INFO),  # the prime minister's office is another's
        ("Haugland was trade minister", SUPPORTED),
        ("Haugland was finance minister", SUPPORTED),
    ],
)
def test_a_title_in_a_possessive_belongs_to_someone_else(claim, verdict):
    assert _verdict(claim, *RESIGNATION.split(". ")) == verdict


def test_a_title_before_another_name_is_not_the_claimed_persons():
    assert _verdict("Haugland is the prime minister", "Prime Minister Ingrid Solvik thanked him for his work.",
                    before="Erik Haugland resigned.") == NOT_ENOUGH_INFO


def test_an_office_held_before_is_not_denied_by_the_current_one():
    evidence = [Evidence("Erik Haugland, Norway's finance minister, resigned.", _source("Harbor News"),
                         kind="role", person="Erik Haugland", role="Norway's finance minister")]
    assert check_claim("Erik Haugland was trade minister", evidence).verdict == NOT_ENOUGH_INFO
    assert check_claim("Erik Haugland is trade minister", evidence).verdict == CONTRADICTED


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Jonas Berg leads the Labour Party", SUPPORTED),
        ("Jonas Berg does not lead the Labour Party", CONTRADICTED),
        ("Jonas Berg founded the Labour Party", NOT_ENOUGH_INFO),
    ],
)
def test_a_verb_of_an_office_is_checked_as_the_office(claim, verdict):
    evidence = [Evidence("Its leader, Jonas Berg, said the government had lost its majority.", _source("Harbor News"),
                         kind="role", person="Jonas Berg", role="leader of Labour Party")]
    assert check_claim(claim, evidence).verdict == verdict


def test_a_description_naming_its_own_organisation_does_not_confirm_another():
    text = "Holtz, a Notre Dame coaching legend, has been pro-Ohio State this year."
    assert _verdict("Lou Holtz coached Ohio State", text) == NOT_ENOUGH_INFO
    assert _verdict("Lou Holtz coached Notre Dame", text) == SUPPORTED


# --- figures that are not the claim's: ages, British dates; comparatives; a negated clause -------------

PARRY = "Ella Marsh, 21, was taken to hospital on 12 April after taking a lethal dose of slimming tablets."


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Ella Marsh had taken eight tablets", NOT_ENOUGH_INFO),  # 21 is her age, 12 the day
        ("Ella Marsh was taken to hospital on 12 April", SUPPORTED),
        ("Ella Marsh was taken to hospital on April 14", CONTRADICTED),
        ("Ella Marsh was 21", SUPPORTED),
    ],
)
def test_an_age_beside_a_name_and_a_day_before_its_month_are_read_as_such(claim, verdict):
    assert _verdict(claim, PARRY) == verdict


def test_more_than_a_price_is_not_said_by_less_than_it():
    text = "Harwick Labs was able to acquire Vantor for less than its original $4 billion asking price."
    assert _verdict("Harwick Labs paid more than Vantor's original $4 billion asking price", text) != SUPPORTED
    assert _verdict("Harwick Labs acquired Vantor for less than its $4 billion asking price", text) == SUPPORTED


def test_a_negation_earlier_in_the_clause_keeps_the_claim_unconfirmed():
    text = "One thing you won't find in the new Zephyr console is VR support."
    assert _verdict("the Zephyr console supports VR", text) == NOT_ENOUGH_INFO
    assert _verdict("Ella Marsh had an abortion in June", "Ella Marsh had an abortion in June and had not told "
                    "her boyfriend.") == SUPPORTED


def test_the_bill_opening_a_passage_is_the_bill_named_before():
    before = "Parliament debated the Harbor Data Bill on Monday."
    text = "The Bill would require ferry operators to store passenger lists for two years."
    assert _verdict("the Harbor Data Bill would require ferry operators to store passenger lists for two years",
                    text, before=before) == SUPPORTED


RANKING = ("The overall rankings of the countries were as follows: 1. Finland 2. Norway 3. Australia 4. Canada "
           "5. Germany 6. France")


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Finland ranked first in the poverty report", SUPPORTED),
        ("Norway came 2nd in the poverty report", SUPPORTED),
        ("Canada ranked fifth in the poverty report", CONTRADICTED),
        ("France ranked last in the poverty report", SUPPORTED),
        ("Finland ranked first in the World Cup", NOT_ENOUGH_INFO),  # another ranking's words: not this list
    ],
)
def test_a_rank_is_read_from_a_numbered_ranking(claim, verdict):
    assert _verdict(claim, RANKING, before="A new poverty report compared ten countries.") == verdict


def test_a_numbered_list_is_one_sentence():
    from knowledge.text.sentences import split_sentences

    assert [s.text for s in split_sentences(f"{RANKING}.\n\nThe team finished with 12. Then it left.")] == [
        f"{RANKING}.", "The team finished with 12.", "Then it left."]


def test_a_sale_named_by_its_noun_is_the_selling_a_claim_states():
    text = "Harwick Labs’s $4.8 billion sale to Vantor is a complicated beast, made more so by the lawsuit."
    assert _verdict("Harwick Labs is being sold to Vantor for $5.8 billion", text) == CONTRADICTED
    assert _verdict("Harwick Labs is being sold to Vantor for $4.8 billion", text) != CONTRADICTED


def test_the_headset_opening_a_passage_is_the_product_the_sentence_before_names():
    before = "The Zephyr Visor blows away every other headset in this regard."
    text = "The headset packs 23 megapixels into dual panels, meaning each eye looks through a 4K display."
    assert _verdict("the Zephyr Visor packs 23 megapixels into dual panels", text, before=before) == SUPPORTED
    assert _verdict("the Zephyr Visor packs 30 megapixels into dual panels", text, before=before) == CONTRADICTED
    assert _verdict("the Zephyr Visor packs 23 megapixels into dual panels", text,
                    before="Critics tried several headsets.") == NOT_ENOUGH_INFO


def test_a_place_on_a_list_is_compared():
    text = "In July she published her first book, which made its debut at No. 26 on the best-seller list."
    claim = "Ella Marsh's first book debuted at No. {} on the best-seller list"

    def verdict(place: int, title: str) -> str:
        return check_claim(claim.format(place), [Evidence(text, _source(title), context=title)]).verdict

    assert verdict(26, "Ella Marsh: queen of the uncool") == SUPPORTED
    assert verdict(1, "Ella Marsh: queen of the uncool") == CONTRADICTED
    assert verdict(1, "Books of the year") == NOT_ENOUGH_INFO  # whose book?


# --- what a person said -----------------------------------------------------------------------------


def _quote(speaker: str, said: str, snippet: str) -> Evidence:
    return Evidence(snippet, _source("Statehouse Notes"), kind="quote", person=speaker, said=said)


DOHERTY = _quote("Mia Doherty", "I’m not backing anybody at this point",
                 "“I’m not backing anybody at this point,” she said.")


@pytest.mark.parametrize(("claim", "verdict"), [
    ("Doherty said she is not backing anybody at this point", SUPPORTED),
    ("Mia Doherty said that she is backing anybody at this point", CONTRADICTED),
    ("Doherty told reporters that she is not backing anybody at this point", SUPPORTED),
    ("Karl Holt said he is not backing anybody at this point", NOT_ENOUGH_INFO),  # someone else's words
    ("Doherty said she is not backing the governor", NOT_ENOUGH_INFO),
])
def test_a_reported_claim_is_read_against_the_speakers_own_quotes(claim: str, verdict: str) -> None:
    assert check_claim(claim, [DOHERTY]).verdict == verdict


def test_what_a_speaker_says_of_someone_else_is_not_what_they_say_of_themselves() -> None:
    quote = _quote("Lou Brandt", "He showered after work, I showered before work.",
                   "“He showered after work, I showered before work.”")
    passage = Evidence("“He showered after work, I showered before work.”", _source("Lou Brandt on the desk"),
                       context="Lou Brandt on the desk")
    assert check_claim("Brandt said he showered after work", [quote, passage]).verdict == NOT_ENOUGH_INFO
    assert check_claim("Brandt said he showered before work", [quote]).verdict == SUPPORTED


# --- a sentence that leans on the one before -----------------------------------------------------------


def test_a_definite_noun_opening_a_sentence_is_the_one_the_claim_names_after_the_sentence_before() -> None:
    before = "Today the Harbor Mutual Insurance Company covers 25,000 dock workers and their families."
    text = "The renewal rate last year was 97 percent."
    claim = "the Harbor Mutual Insurance Company renewal rate last year was {} percent"
    assert _verdict(claim.format(97), text, before=before) == SUPPORTED
    assert _verdict(claim.format(87), text, before=before) == CONTRADICTED
    assert _verdict(claim.format(97), text, before="The dock workers' union met on Tuesday.") == NOT_ENOUGH_INFO


def test_a_passage_naming_others_of_its_own_borrows_no_name_from_the_sentence_before() -> None:
    before = "Underperformance is why such states as Oregon are pulling out of hedge funds."
    text = "The sentiment is not uniform, and other states, including Ohio, are increasing their hedge fund investment."
    assert _verdict("Oregon is increasing its hedge fund investment", text, before=before) == NOT_ENOUGH_INFO


# --- parts, opposites, negations of another verb -------------------------------------------------------


def test_a_part_of_a_whole_counts_the_part() -> None:
    text = "The harbor chapel lost three out of four of its stone corner spires in the storm."
    assert _verdict("the harbor chapel lost all four of its corner spires", text) == CONTRADICTED
    assert _verdict("the harbor chapel lost three of its corner spires", text) == SUPPORTED


def test_accepting_and_rebuffing_an_offer_are_opposites() -> None:
    text = "Kelpie Robotics famously rebuffed a $3 billion takeover offer from Nordline in 2013."
    assert _verdict("Kelpie Robotics accepted a $3 billion takeover offer from Nordline", text) == CONTRADICTED
    assert _verdict("Kelpie Robotics rebuffed a $3 billion takeover offer from Nordline", text) == SUPPORTED


def test_a_negation_of_another_verb_does_not_deny_the_claim() -> None:
    text = ("It wasn't clear why the tactics didn't work on Kelpie Robotics CEO Ann Roe, who famously rebuffed "
            "a $3 billion takeover offer from Nordline in 2013.")
    assert _verdict("Kelpie Robotics rebuffed a $3 billion takeover offer from Nordline", text) == SUPPORTED
    assert _verdict("Kelpie Robotics did not rebuff a takeover offer from Nordline",
                    "Kelpie Robotics did not rebuff the takeover offer from Nordline.") == SUPPORTED


def test_a_length_in_other_words_in_a_passage_about_the_title_s_subject() -> None:
    title = "Harbor Lighthouse Closes to Repair Storm Crack"
    text = ("A crew found the crack during an inspection of the lighthouse on Tuesday, which runs at an angle "
            "and measures about four inches in length.")
    claim = "the crack in the Harbor Lighthouse is about {} inches long"
    assert check_claim(claim.format("four"), [Evidence(text, _source(title), context=title)]).verdict == SUPPORTED
    assert check_claim(claim.format("five"), [Evidence(text, _source(title), context=title)]).verdict == CONTRADICTED
    assert check_claim(claim.format("four").replace("long", "wide"),
                       [Evidence(text, _source(title), context=title)]).verdict == NOT_ENOUGH_INFO


def test_no_one_doing_an_act_contradicts_a_name_doing_it_and_a_feared_act_is_not_said() -> None:
    text = ("Although no group claimed responsibility, the bloodshed raised fears that militants linked to the "
            "Harbor Front were expanding their operations.")
    assert _verdict("the Harbor Front claimed responsibility for the museum attack", text) == CONTRADICTED
    assert _verdict("the Harbor Front expanded its operations", text) == NOT_ENOUGH_INFO
    assert _verdict("the Harbor Front claimed the museum", text) == NOT_ENOUGH_INFO  # another object
    other = "No group claimed responsibility for the earlier bombing."
    assert _verdict("the Harbor Front claimed responsibility for the museum attack", other) == NOT_ENOUGH_INFO


def test_another_name_after_the_same_noun_of_contradicts() -> None:
    text = "The state of Vermont began force-feeding the prisoner in September 2008 after he stopped eating."
    assert _verdict("the state of Maine began force-feeding the prisoner", text) == CONTRADICTED
    assert _verdict("the state of Vermont began force-feeding the prisoner", text) == SUPPORTED
    listed = "The states of Vermont and Maine began force-feeding prisoners in 2008."
    assert _verdict("the state of Ohio began force-feeding prisoners", listed) == NOT_ENOUGH_INFO
