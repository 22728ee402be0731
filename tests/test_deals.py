"""Deal status from the verb and tense, on sentences written for these tests."""

from __future__ import annotations

import pytest

from knowledge.extract.deals import deal_status
from knowledge.extract.pipeline import process_article


@pytest.mark.parametrize(("sentence", "status"), [
    ("Hanwha and the Polish army signed a contract for 180 tanks.", "signed"),
    ("The two firms inked a supply deal on Friday.", "signed"),
    ("Airbus plans to sign the order at the air show.", "planned"),
    ("Both governments are expected to sign the memorandum next month.", "planned"),
    ("The city will sign a lease with the operator.", "planned"),
    ("Kongsberg is negotiating a missile contract with Lithuania.", "negotiating"),
    ("Talks on a joint venture are under way; the companies remain in talks.", "negotiating"),
    ("The ministers agreed on joint procurement of shells.", "agreed"),
    ("The utility is already cooperating with Siemens Energy.", "ongoing"),
    ("Spain and Portugal plan to establish a joint hydrogen corridor.", "planned"),
    ("The companies announced a partnership on Tuesday.", "announced"),
    ("Leaders discussed cooperation in space research.", "discussed"),
])
def test_status_comes_from_verb_and_tense(sentence: str, status: str) -> None:
    assert deal_status(sentence) == status


@pytest.mark.parametrize(("sentence", "status"), [
    ("A framework agreement is yet to be concluded for the delivery of 50 trams.", "planned"),
    ("The navy has not signed the frigate contract.", "planned"),
    ("The Army awarded a five-year production contract for trucks.", "signed"),
    ("The formal signing of the order by Iberia took place on Monday.", "signed"),
])
def test_negated_awarded_and_ceremony_statuses(sentence: str, status: str) -> None:
    assert deal_status(sentence) == status


def _deals(text: str) -> list[tuple[str, list[str]]]:
    return [(d.status, d.parties) for d in process_article(text, "t.txt").facts.deals]


def test_the_contractor_in_a_following_sentence_is_the_company_named_before() -> None:
    text = ("Plant\n\nPublished 2 May 2024\n\nOSLO (NTB) - Kongsberg is planning a new missile plant in Norway. "
            "The Norwegian contractor and a local partner signed a letter of intent at the fair, it said.\n")
    assert ("signed", ["Kongsberg"]) in [(s, [p for p in ps if p != "Norway"]) for s, ps in _deals(text)]


def test_a_sentence_pointing_back_completes_the_deal_before_it() -> None:
    text = ("Memo\n\nPublished 2 May 2024\n\nThe regional council will sign a memorandum with Skoda Transportation "
            "on tram repairs. On May 1 the document was signed by council chair Eva Novotna and Skoda "
            "director Jan Dvorak.\n")
    (status, parties), = _deals(text)
    assert status == "signed" and "Skoda Transportation" in parties


def test_a_deal_reference_that_reports_no_signing_does_not_complete_the_deal() -> None:
    text = ("Gas\n\nPublished 2 May 2024\n\nA 5 year agreement was signed between Eni and Sonatrach in Rome. "
            "According to the agreement, Italy will receive in 2025 a 10% discount on gas.\n")
    first = process_article(text, "t.txt").facts.deals[0]
    assert first.status == "signed" and first.parties[:2] == ["Eni", "Sonatrach"] and first.date_text is None


def test_ministers_sign_for_their_countries() -> None:
    text = ("Drones\n\nPublished 2 May 2024\n\nPolish Defence Minister Adam Nowak and his Finnish counterpart "
            "Ville Laine have signed a letter of intent on drone production.\n")
    assert _deals(text) == [("signed", ["Poland", "Finland"])]


def test_an_operator_named_before_its_name_is_a_party_not_a_person() -> None:
    text = ("LNG\n\nPublished 2 May 2024\n\n(Reuters) Norwegian pipeline operator Nordgas AS said it agreed to "
            "supply 1.5 million tonnes of LNG per year to Iberdrola for 15 years.\n")
    processed = process_article(text, "t.txt")
    assert processed.facts.people == []
    assert processed.facts.deals[0].parties == ["Nordgas AS", "Iberdrola"]


@pytest.mark.parametrize(("sentence", "status"), [
    ("Centrica has entered into a sale and purchase agreement with Delta.", "signed"),
    ("Infor won a $90 million contract from the state of Ohio.", "signed"),
    ("Chile and Peru have decided on joint steps to produce lithium batteries.", "agreed"),
])
def test_entered_won_and_decided(sentence: str, status: str) -> None:
    assert deal_status(sentence) == status


def test_working_with_a_company_to_set_something_up_is_a_planned_deal() -> None:
    text = ("Base\n\nPublished 2 May 2024\n\nIn May, the minister said the country was working with British "
            "defence company Qinetiq Systems to set up a base to repair armoured vehicles.\n")
    status, parties = _deals(text)[0]
    assert status == "planned" and "Qinetiq Systems" in parties


def test_a_firm_order_is_signed_and_will_be_signed_is_planned() -> None:
    assert deal_status("The carrier placed a firm order for 50 jets at the show.") == "signed"
    assert deal_status("The document will be signed later today, the minister said.") == "planned"


def test_a_sentence_opening_with_the_agreement_completes_the_deal_before_it() -> None:
    text = ("Trains\n\nPublished 2 May 2024\n\nAlstom and the Polish government have signed a memorandum to "
            "expand their co-operation. The agreement, signed during the Rail Forum held on 7-8 May 2024 in "
            "Gdansk, aims to develop closer cooperation between the Polish rail industry and the Paris-based "
            "group.\n")
    deals = process_article(text, "t.txt").facts.deals
    assert len(deals) == 1
    assert (deals[0].status, deals[0].date, deals[0].parties[:2]) == ("signed", "2024-05-07",
                                                                       ["Alstom", "Polish government"])


@pytest.mark.parametrize(("sentence", "status"), [
    ("Hapag-Lloyd has landed a $2 billion order from Lloyd's Register for 12 ships.", "signed"),
    ("Orlen placed an order with Hyundai Heavy for four tankers.", "signed"),
    ("Santander struck the takeover deal with a 300p-a-share offer.", "agreed"),
])
def test_landed_placed_with_and_struck_the_deal(sentence: str, status: str) -> None:
    assert deal_status(sentence) == status


def test_a_takeover_is_a_deal_and_a_hyphenated_party_is_found_by_its_last_name() -> None:
    text = ("Banks\n\nPublished 2 May 2024\n\nCaixaBank’s €3 billion takeover of rival Abanca is expected to "
            "complete next month.\n")
    assert _deals(text)[0][1][:2] == ["CaixaBank", "Abanca"]


def test_press_release_datelines_are_not_parties() -> None:
    text = ("Release\n\nPublished 2 May 2024\n\nST. LOUIS, Mo., May 2, 2024 /PRNewswire/ -- Apex Ordnance and "
            "Tactical Systems was awarded a $50 million contract by the U.S. Army for mortar rounds.\n")
    parties = process_article(text, "t.txt").facts.deals[0].parties
    assert "U.S. Army" in parties
    assert not {"ST", "LOUIS", "Mo", "PRNewswire"} & set(parties)


def test_a_pair_of_multiword_names_joined_by_and_is_not_split() -> None:
    from knowledge.extract.deals import _split_pair

    assert _split_pair("Eni and Sonatrach") == [(0, "Eni"), (8, "Sonatrach")]
    assert _split_pair("General Ordnance and Tactical Systems") == [(0, "General Ordnance and Tactical Systems")]


def test_an_order_from_a_company_with_initials_stays_one_sentence() -> None:
    text = ("Ships\n\nPublished 2 May 2024\n\nHanjin Heavy has landed a $900 million order from J.P. "
            "Fredriksen-Lines to build six tankers.\n")
    deal = process_article(text, "t.txt").facts.deals[0]
    assert deal.status == "signed" and "J.P. Fredriksen-Lines" in deal.parties
