"""Quote speakers read from the parse: one test per class of attribution, on texts written for them.

Each asserts what a reader of the article sees: the quote and who said it, or that no quote is claimed.
"""

from __future__ import annotations

import pytest

from knowledge import lexicon
from knowledge.extract.pipeline import process_article, process_text
from knowledge.extract.quote_spans import MIN_QUOTE_WORDS

HEADER = "Report\n\nPublished 2 May 2024\n\n"


def quotes_of(body: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in process_article(HEADER + body, "t.txt").facts.quotes]


def speaker_of(body: str, words: str) -> str | None:
    return next((speaker for speaker, text in quotes_of(body) if words in text), None)


@pytest.mark.parametrize("attribution", ["Anna Berg, from Nordlink Energy, said on Monday",
                                         "economist Anna Berg, from Morgan Stanley, told clients"])
def test_a_name_with_its_organisation_in_a_prepositional_phrase_is_the_speaker(attribution: str) -> None:
    body = ("Bank analysts expect two cuts, Morgan Stanley said.\n\n"
            f"“We will double the capacity by next spring,” {attribution}.\n")
    assert quotes_of(body)[-1] == ("Anna Berg", "We will double the capacity by next spring")


def test_said_mister_surname_is_the_person_with_that_surname() -> None:
    body = ("Prime Minister Lars Holm visited the shipyard in Bergen.\n\n"
            "“This is a regrettable but necessary step to protect the economy.” said Mr. Holm, speaking to "
            "workers.\n")
    assert speaker_of(body, "regrettable but necessary") == "Lars Holm"


@pytest.mark.parametrize(("described", "intro"), [
    ("the Facebook founder", "Facebook founder Mark Zuckerberg spoke at the conference in Lisbon."),
    ("the company's chief executive", "Eva Dahl, the chief executive of Nordline Shipping, met the unions."),
    ("the minister", "Defence Minister Karl Aas opened the fair in Oslo."),
    ("the Nordline co-founder", "Eva Dahl, the Nordline co-founder, met the unions."),
])
def test_a_description_is_the_person_whose_role_it_names(described: str, intro: str) -> None:
    holder = {"the Facebook founder": "Mark Zuckerberg", "the company's chief executive": "Eva Dahl",
              "the minister": "Karl Aas", "the Nordline co-founder": "Eva Dahl"}[described]
    body = (f"{intro} Several guests from Sweden and Finland attended the event as well.\n\n"
            f"“We expect the new plant to open before the end of the year,” {described} said.\n")
    assert speaker_of(body, "new plant to open") == holder


def test_the_official_is_the_person_the_text_is_about() -> None:
    body = ("Security Council secretary Ivan Moroz said partners want drones. \"Our country is among the top "
            "producers of drones in the world,\" the official said.\n")
    assert speaker_of(body, "top producers") == "Ivan Moroz"


def test_a_description_with_its_own_qualification_is_someone_new_and_no_speaker() -> None:
    body = ("Economy Minister Rainer Holt criticised the decision.\n\n"
            "The premier of the state of Saxony remarked that “the decision shows the ugly face of business”.\n")
    assert speaker_of(body, "ugly face") is None


def test_a_paragraph_introduced_by_said_colon_is_a_quote_without_marks() -> None:
    body = ("Finance Minister Eva Holm spoke after the vote. She said:\n\n"
            "The budget gives every school a new roof and every hospital a new wing by 2027.\n\n"
            "The plan has three parts:\n\n"
            "Schools will get new roofs and hospitals will get new wings.\n")
    assert quotes_of(body) == [("Eva Holm", "The budget gives every school a new roof and every hospital a "
                                            "new wing by 2027.")]


def test_a_quote_without_an_attribution_is_dropped() -> None:
    body = ("The committee met on Tuesday and Minister Karl Aas left early.\n\n"
            "The report, which runs to 400 pages, is titled \"A future for our shipyards and their workers\" "
            "and was printed in Bergen.\n")
    assert quotes_of(body) == []


def test_a_quote_whose_speaker_is_unnamed_is_not_given_to_the_previous_speaker() -> None:
    body = ("“The orders will come back next year,” said Piotr Nowak, the head of the association. “We are "
            "worried and closely watching the market,” said a Delhi parts supplier.\n")
    assert quotes_of(body) == [("Piotr Nowak", "The orders will come back next year")]


def test_according_to_names_the_speaker() -> None:
    body = ("According to analyst Maryann Keller, the merger is a good one, as “neither company can compete "
            "alone in this market”.\n")
    assert quotes_of(body) == [("Maryann Keller", "neither company can compete alone in this market")]


def test_told_reporters_that_is_the_subject_of_told() -> None:
    body = ("Port director Jan Kowal toured the new quay. Later he told reporters that “the terminal is ready "
            "for business”.\n")
    assert quotes_of(body) == [("Jan Kowal", "the terminal is ready for business")]


@pytest.mark.parametrize("body", [
    "“The principal amount tendered was less than required,” GM said in a statement.\n",
    "General Motors expects more closures. “The principal amount tendered was less than required,” it said.\n",
])
def test_an_organisation_speaks_for_itself(body: str) -> None:
    assert speaker_of(body, "principal amount") in {"GM", "General Motors"}


def test_a_new_sentence_after_a_quote_is_not_its_attribution() -> None:
    body = ("“There is no more important task for the country,” President Ivan Petrov said. “The market should "
            "be given all the necessary support.” Finance Minister Oleg Sidorov announced that 500 billion "
            "rubles would be spent.\n")
    assert speaker_of(body, "necessary support") == "Ivan Petrov"


def test_who_is_a_person_even_when_the_parser_hangs_it_on_an_organisation() -> None:
    body = ("A contrary view is offered by Carla Reyes, a management expert at Stanford University, who "
            "stated, \"Great companies rarely go from strength to strength\".\n")
    assert quotes_of(body) == [("Carla Reyes", "Great companies rarely go from strength to strength")]


def test_a_letter_stating_is_its_writers() -> None:
    body = ("Apple founder Steve Jobs resigned in a letter to the board stating, \"I have always said I would be "
            "the first to let you know.\"\n")
    assert quotes_of(body) == [("Steve Jobs", "I have always said I would be the first to let you know.")]


def test_a_name_after_a_comma_ending_the_description_is_the_speaker() -> None:
    body = ("“It is the best decision for our members and for the country,” said the general secretary of the "
            "union Unite, Tony Woodley.\n")
    assert quotes_of(body) == [("Tony Woodley", "It is the best decision for our members and for the country")]


def test_a_reply_is_not_by_the_one_who_asked() -> None:
    body = ("Olaf Berg met Nina Holm at the harbour in Tromsø on Friday.\n\n"
            "\"Will the ferry run all winter?\" asked Olaf Berg. \"The ferry runs until the ice comes,\" she "
            "replied.\n")
    assert speaker_of(body, "until the ice comes") == "Nina Holm"


def test_two_quotes_back_to_back_are_two_turns_of_a_dialogue() -> None:
    body = ("\"Good night to you, sir, and safe travels home,\" said Parson Tringham. \"We met on this road "
            "last market-day.\" \"Never heard such a thing in all my life, sir!\"\n")
    assert speaker_of(body, "Never heard") is None


def test_short_scare_quotes_are_not_quotes() -> None:
    body = "Minister Karl Aas called the plan \"a good start\" at the briefing, he said.\n"
    assert len("a good start".split()) < MIN_QUOTE_WORDS
    assert quotes_of(body) == []


def test_one_speech_verb_list_serves_the_parse_and_the_surface_patterns() -> None:
    verbs = lexicon.words("speech_verbs")
    assert {"say", "said", "tell", "told", "point out"} <= verbs
    assert lexicon.words("reply_verbs") <= verbs


def test_a_given_name_in_apposition_is_the_person_of_that_name() -> None:
    body = ("Fiona Parry spoke to the inquest on Monday.\n\n"
            "“There was no antidote, and two tablets were already a lethal dose,” her mother, Fiona, said in a "
            "statement.\n")
    assert quotes_of(body) == [("Fiona Parry", "There was no antidote, and two tablets were already a lethal dose")]


def test_a_quote_cut_by_a_stray_paragraph_break_mid_sentence_is_one_quote() -> None:
    text = ("The project has four developers from a single company and few releases.\n\n"
            "In the October discussion, Rob Weir said that \"the dogs may\n\n"
            "bark but the caravan moves on.\" That may be true, but the caravan is slow.\n")
    found = process_text(text).facts.quotes  # clean text as a page's cleaner leaves it: the break stays
    assert [(q.speaker, q.text) for q in found] == [("Rob Weir", "the dogs may\n\nbark but the caravan moves on.")]


def test_calling_something_a_quoted_phrase_quotes_the_subject() -> None:
    body = ("His widow, Rafida Ahmed, was injured. In an interview published on Monday, Ahmed called her "
            "husband’s killing “a global act of terrorism”.\n")
    assert quotes_of(body) == [("Rafida Ahmed", "a global act of terrorism")]


def test_the_short_second_half_of_a_quote_split_by_its_attribution_is_kept() -> None:
    body = ("Shanna Challenger runs the restoration programme on the island.\n\n"
            "“With a little bit of help,” Challenger says, “nature can recover.”\n")
    assert quotes_of(body) == [("Shanna Challenger", "With a little bit of help"),
                               ("Shanna Challenger", "nature can recover.")]


def test_a_quote_whose_verb_the_lexicon_lacks_is_its_subjects_when_it_is_the_verbs_complement() -> None:
    body = ("The goats on the island had to go first, and Redonda’s herd was large.\n\n"
            "“Those goats were so smart and so quick,” remembers Shanna Challenger, coordinator for the "
            "programme.\n")
    assert quotes_of(body) == [("Shanna Challenger", "Those goats were so smart and so quick")]


def test_he_is_not_an_organisation_named_as_a_subject_before() -> None:
    body = ("“The effort will require technology that does not exist today,” Acme President Brad Smith said.\n\n"
            "He added that Acme will expand an internal carbon fee.\n\n"
            "Since 2012, Acme assessed the fee on direct emissions.\n\n"
            "“That money is used for our work to reduce our emissions,” he said.\n")
    assert speaker_of(body, "That money is used") == "Brad Smith"


def test_a_page_saved_as_one_long_sentence_has_its_last_quote_attributed() -> None:
    filler = "the committee met again and discussed the budget in detail, and " * 900  # past 50,000 characters
    text = (f"Minister Karl Aas opened the session and {filler}in the end Karl Aas said that \"the budget "
            "is balanced for the first time in ten years\" and left")
    found = [(q.speaker, q.text) for q in process_text(text).facts.quotes]
    assert found == [("Karl Aas", "the budget is balanced for the first time in ten years")]


def test_a_quote_split_by_said_and_a_surname_is_the_named_persons_even_when_parsed_as_the_quotes_subject() -> None:
    # the model parses "fees" (inside the quote) as the subject of "said" here
    body = ("Ombudsman Dale Fleming spoke to the committee on Tuesday.\n\n"
            "\"Hidden or misleading fees by a mortgage lender,\" said Fleming, \"is hard for an ordinary customer "
            "to spot, above all when the firm rewrites its own records.\"\n")
    assert [speaker for speaker, _ in quotes_of(body)] == ["Dale Fleming", "Dale Fleming"]


def test_a_quote_reported_by_a_writer_is_not_carried_over_to_the_speaker_before() -> None:
    body = ("\"Our costs rose faster than prices,\" writes analyst Lena Fors.\n\n"
            "\"Harbor Lines, which runs ferries on the coast, admitted it had misled passengers about delays,\" "
            "reports Tom Hale.\n")
    assert not any("Harbor Lines" in text for _, text in quotes_of(body) if _ == "Lena Fors")


TRANSCRIPT = """Swimming greats say cuts a shame

April 22, 2013

MARK WRIGHT: The decision to cut funding for swimming has drawn comment from former swimmers like Jon Sealey.

JON SEALEY: It is a shame that funding has been cut, but I don't think it's the end of the world.

I think they can still produce many, many champions with a lot less funding.

MARK WRIGHT: Do you think this is punishment for what occurred in London?

JON SEALEY: Look, reading between the lines, I guess you could come to that opinion.
"""


def test_a_transcripts_capitalised_labels_say_who_speaks_each_paragraph() -> None:
    quotes = [(q.speaker, q.text[:30]) for q in process_article(TRANSCRIPT, "t.txt").facts.quotes]
    assert quotes == [("Jon Sealey", "It is a shame that funding has"),
                      ("Jon Sealey", "I think they can still produce"),
                      ("Jon Sealey", "Look, reading between the line")]  # the unnamed presenter speaks for nobody


def test_a_closing_mark_typed_where_a_quote_opens_still_opens_it() -> None:
    text = ("Harbor\n\nPublished 2 May 2024\n\nMark Zellner spoke in 2005. Asked what was next, the Harbor founder "
            "said, \u201dThere doesn\u2019t necessarily have to be more. A lot of people want the world.\u201d\n")
    assert [(q.speaker, q.text[:19]) for q in process_article(text, "t.txt").facts.quotes] == [
        ("Mark Zellner", "There doesn\u2019t neces")]


def test_a_title_before_the_name_that_the_parser_made_a_second_subject_still_gives_one_speaker() -> None:
    body = ('Skipper for the night Tom Wade said: "The lads have got to work hard on their games.\n\n'
            '"We are very disappointed not to be in the semi-finals."\n')
    assert speaker_of(body, "disappointed not to be in the semi-finals") == "Tom Wade"
    both = 'Manager Ann Lee and coach Bob Hill said: "We are very disappointed not to be in the final."\n'
    assert speaker_of(both, "disappointed not to be in the final") is None
