"""Tests for knowledge.pages.clean: body sentences survive verbatim, page furniture does not."""

from __future__ import annotations

import pytest

from knowledge.pages import clean
from knowledge.pages.clean import BLOCK_SEPARATOR, CleanedPage, clean_html, clean_text


def assert_verbatim(page: CleanedPage, raw: str) -> None:
    """Every block is a slice of the raw page, and blocks are joined with blank lines."""
    pieces = [page.text[b.start : b.end] for b in page.blocks]
    assert BLOCK_SEPARATOR.join(pieces) == page.text
    for piece in pieces:
        assert piece
        assert piece in raw, piece


def block_texts(page: CleanedPage, kind: str | None = None) -> list[str]:
    return [page.text[b.start : b.end] for b in page.blocks if kind is None or b.kind == kind]


WIRE_PAGE = """\
You are here: Home > World > Europe
Skip to content
Harbor cranes ordered as Gdansk expands container terminal
View
Published 12 March 2019
By Ewa Nowak
GDANSK, Poland (Wire) — The port authority of Gdansk ordered six cranes from Liebherr, its chairman said.
The cranes are worth about 90 million euros and will arrive in 2021, according to the contract.
“We are building capacity for the next twenty years,” chairman Lukasz Greinke told reporters.
___
Follow our coverage of Baltic shipping: https://example.com/hub/baltic
Share this
greatStory! (412)
Related
- Shipyard strike ends after three weeks of talks
- Ferry operator buys a new vessel for the Ystad route
- Why the Baltic grain trade is booming again this year
Popular
Local bakery wins national bread award for the second time
Mayor unveils new cycling lanes across the old town
Comments are closed.
"""


def test_wire_page_keeps_body_and_drops_chrome_and_sidebars() -> None:
    page = clean_text(WIRE_PAGE, file_name="wire.txt")
    assert_verbatim(page, WIRE_PAGE)
    assert page.title == "Harbor cranes ordered as Gdansk expands container terminal"
    assert block_texts(page) == [
        "GDANSK, Poland (Wire) — The port authority of Gdansk ordered six cranes from Liebherr, "
        "its chairman said.",
        "The cranes are worth about 90 million euros and will arrive in 2021, according to the contract.",
        "“We are building capacity for the next twenty years,” chairman Lukasz Greinke told reporters.",
    ]
    for junk in (
        "Home >",
        "Skip to",
        "View",
        "12 March",
        "Ewa Nowak",
        "https://",
        "Share",
        "412",
        "Shipyard",
        "bakery",
        "cycling",
        "Comments",
        "Related",
        "Popular",
        "___",
    ):
        assert junk not in page.text
    assert page.removed


PRESS_RELEASE = """\
Energy ministry signs turbine deals with three manufacturers

The Ministry of Energy of Moldova signed supply contracts for wind turbines, Deputy Minister Ana Rusu said.

According to Rusu, the ministry is already cooperating with:

  • Vestas,
  • Siemens Gamesa,
  • Nordex.

Photo: Ministry of Energy press service

“The first turbines will be installed near Cahul before winter,” Rusu said.

For reference:

As previously reported, Moldova plans to cover a third of its electricity demand from renewables by 2030.

Читайте також

  • Новини

Уряд затвердив нову програму підтримки фермерів у південних регіонах країни на наступний рік… Читати більше

Monday April 3rd, 2023

Цей сайт використовує Cookies.
"""


def test_body_list_and_reference_paragraphs_survive() -> None:
    page = clean_text(PRESS_RELEASE)
    assert_verbatim(page, PRESS_RELEASE)
    assert page.title == "Energy ministry signs turbine deals with three manufacturers"
    assert block_texts(page, "list_item") == ["Vestas,", "Siemens Gamesa,", "Nordex."]
    paragraphs = block_texts(page, "paragraph")
    assert "According to Rusu, the ministry is already cooperating with:" in paragraphs
    assert "For reference:" in paragraphs
    assert paragraphs[-1].startswith("As previously reported, Moldova plans")
    assert "•" not in page.text
    for junk in ("Photo:", "Читайте", "Новини", "Уряд", "April 3rd", "Cookies"):
        assert junk not in page.text


def test_teaser_headlines_between_paragraphs_are_dropped() -> None:
    raw = (
        "Rail operator buys hydrogen trains\n\n"
        "The national rail operator agreed to buy twelve hydrogen trains from Alstom, its CEO said.\n\n"
        "New depot for freight wagons opens in Brno\n\n"
        "The trains will run on regional lines from 2026, the company said in a statement.\n\n"
        ": Transport ministry “reviewing” ticket prices on night routes\n\n"
        "Deliveries are expected to start next spring.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert block_texts(page) == [
        "The national rail operator agreed to buy twelve hydrogen trains from Alstom, its CEO said.",
        "The trains will run on regional lines from 2026, the company said in a statement.",
        "Deliveries are expected to start next spring.",
    ]
    assert any(r.startswith("teaser: New depot") for r in page.removed)


def test_date_header_prefix_is_stripped_but_lede_kept() -> None:
    raw = (
        " date 2022-09-05 (MENAFN- Baltic Wire) Estonia will buy six HIMARS launchers, "
        "the defence ministry announced.\n\n"
        "The contract with Lockheed Martin is worth 200 million dollars, officials said.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert "2022-09-05" not in page.text
    assert page.text.startswith("(MENAFN- Baltic Wire) Estonia will buy six HIMARS launchers")
    assert page.title is not None
    assert page.title.startswith("Estonia will buy six HIMARS launchers")


def test_header_with_photo_credit_is_dropped_entirely() -> None:
    raw = (
        " date 2021-11-30 Maria Ionescu. Photo: Agerpres\n\n"
        "Romania’s finance minister Maria Ionescu presented a draft budget that raises defence "
        "spending to 2.5 percent of GDP.\n\n"
        "Tags: budget, Romania, defence\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert block_texts(page) == [
        "Romania’s finance minister Maria Ionescu presented a draft budget that raises defence "
        "spending to 2.5 percent of GDP."
    ]
    assert page.title is not None and page.title.startswith("Romania’s finance minister")
    assert "Agerpres" not in page.text and "Tags" not in page.text


def test_read_also_marker_drops_only_the_next_headline() -> None:
    raw = (
        "Dairy cooperative expands to Poland\n\n"
        "The Finnish dairy cooperative Valio opened a plant in Lodz on Monday.\n\n"
        "Read also\n\n"
        "Cheese exports hit a record high in the third quarter\n\n"
        "The plant employs 140 people and will process milk from local farms, the company said.\n\n"
        "Read also: Baltic milk prices fall for a fourth month\n\n"
        "Valio plans a second site in 2025.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert block_texts(page) == [
        "The Finnish dairy cooperative Valio opened a plant in Lodz on Monday.",
        "The plant employs 140 people and will process milk from local farms, the company said.",
        "Valio plans a second site in 2025.",
    ]


LONG_RESUME = (
    "In a separate statement, the airline said that the new aircraft would replace its ageing "
    "fleet of regional jets, that pilots would be trained in Toulouse over the summer, and that "
    "the first commercial flights with the new planes were planned for the autumn schedule on "
    "routes to Vienna, Prague and Budapest."
)


def test_sidebar_ends_article_unless_a_long_paragraph_resumes() -> None:
    raw = (
        "Airline orders ten jets\n"
        "Air Adria ordered ten A220 jets from Airbus, the carrier said on Monday.\n"
        "More stories\n"
        "Pilots’ union calls off weekend strike\n"
        "Airport opens a new terminal in Split.\n"
        f"{LONG_RESUME}\n"
        "The order is worth about 800 million euros at list prices.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert block_texts(page) == [
        "Air Adria ordered ten A220 jets from Airbus, the carrier said on Monday.",
        LONG_RESUME,
        "The order is worth about 800 million euros at list prices.",
    ]


def test_footer_marker_ends_article() -> None:
    raw = (
        "Brewery sold to Carlsberg\n\n"
        "The family-owned brewery Zatec was sold to Carlsberg for an undisclosed sum.\n\n"
        "Source link\n\n"
        "Subscribers also enjoyed the spring festival in the capital this weekend.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert block_texts(page) == [
        "The family-owned brewery Zatec was sold to Carlsberg for an undisclosed sum."
    ]


def test_bylines_credits_and_topic_lists_do_not_end_the_article() -> None:
    raw = (
        "Updated: March 5, 2024 10:32 AM EST\n"
        "By Tomas Novak | Staff writer\n"
        "Carmaker to build battery plant in Slovakia\n"
        "Getty Images\n"
        "The carmaker Kia will build a battery plant near Zilina, Slovakia's economy minister said.\n"
        "© Wire Pictures\n"
        "The investment is worth 1.8 billion euros, he said.\n"
        "Read more on this topic:\n"
        "- Slovak car industry attracts Asian investors again this year\n"
        "- Volkswagen opens paint shop in Bratislava after long delays\n"
        "The plant will employ 1,500 people.\n"
        "Photo credit\n"
        "Leave a comment\n"
        "Great article, thanks for sharing all the details about this news.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert page.title == "Carmaker to build battery plant in Slovakia"
    assert block_texts(page) == [
        "The carmaker Kia will build a battery plant near Zilina, Slovakia's economy minister said.",
        "The investment is worth 1.8 billion euros, he said.",
        "The plant will employ 1,500 people.",
    ]


def test_top_menu_and_sidebar_heading_are_not_title_or_body() -> None:
    raw = (
        "Latest news\n"
        "- World\n"
        "- Business\n"
        "- Sport\n"
        "Log in\n"
        "Copper miner agrees takeover by rival\n"
        "The Chilean copper miner Andes Cobre agreed to be taken over by its rival for 3 billion dollars.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert page.title == "Copper miner agrees takeover by rival"
    assert block_texts(page) == [
        "The Chilean copper miner Andes Cobre agreed to be taken over by its rival for 3 billion dollars."
    ]


def test_headline_list_without_intro_is_dropped_but_plain_list_kept() -> None:
    raw = (
        "Budget passes first reading\n\n"
        "Parliament approved the draft budget in the first reading on Thursday.\n\n"
        "- Opposition leader resigns after party congress vote\n"
        "- Central bank keeps interest rates unchanged again\n"
        "- Teachers plan protest over pay in the capital\n\n"
        "The budget includes the following items:\n\n"
        "- pensions, up 8%\n"
        "- defence, up 20%\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert block_texts(page, "list_item") == ["pensions, up 8%", "defence, up 20%"]
    assert "Opposition" not in page.text and "Teachers" not in page.text


def test_other_script_sidebar_dropped_after_english_body() -> None:
    raw = (
        "Steel mill restarts\n\n"
        "The Zaporizhstal steel mill restarted its second blast furnace, the company said on Friday. "
        "It expects to produce 1.5 million tonnes of steel this year and to hire 300 workers.\n\n"
        "Metinvest, which owns the mill, said exports go through the Danube ports.\n\n"
        "Уряд виділив кошти на відновлення мостів у Харківській області, повідомили в міністерстві.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert "Уряд" not in page.text
    assert page.text.endswith("Metinvest, which owns the mill, said exports go through the Danube ports.")


def test_cyrillic_article_drops_english_sidebar() -> None:
    raw = (
        "Мінекономіки підписало угоду з Boeing\n\n"
        "Міністерство економіки України підписало меморандум про співпрацю з компанією Boeing, "
        "повідомила прессслужба відомства у понеділок.\n\n"
        "Угода передбачає навчання українських інженерів та постачання запчастин до 2026 року.\n\n"
        "Local council approves new budget for the city park renovation project this autumn.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert page.title == "Мінекономіки підписало угоду з Boeing"
    assert "Local council" not in page.text
    assert len(page.blocks) == 2


def test_markdown_headings_and_hard_wrapped_paragraphs() -> None:
    raw = (
        "# Solar farm approved in Andalusia\n"
        "\n"
        "The regional government of Andalusia approved a 300-megawatt solar farm near\n"
        "Seville on Wednesday, the developer Iberdrola said in a statement released to\n"
        "investors.\n"
        "\n"
        "## Financing\n"
        "\n"
        "The European Investment Bank will lend 150 million euros for the project, which\n"
        "is expected to power about 200,000 homes once it is connected to the grid next\n"
        "year, according to the bank.\n"
    )
    page = clean_text(raw, file_name="solar.md")
    assert_verbatim(page, raw)
    assert page.title == "Solar farm approved in Andalusia"
    assert block_texts(page, "heading") == ["Financing"]
    paragraphs = block_texts(page, "paragraph")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("The regional government") and paragraphs[0].endswith("investors.")
    assert "Seville on Wednesday" in paragraphs[0]


def test_trailing_photo_credit_is_cut_off_a_long_line() -> None:
    raw = (
        "Chancellor visits Vilnius\n\n"
        "The chancellor met Lithuanian president Gitanas Nauseda in Vilnius to discuss the brigade "
        "stationed in the country. Photo: DPA\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert page.text.endswith("to discuss the brigade stationed in the country.")


def test_first_line_lede_is_body_and_fallback_title_is_short() -> None:
    raw = (
        "Norway's sovereign wealth fund sold its entire stake in the mining group Glencore worth "
        "about 1.2 billion dollars after an ethics council review of the company's coal operations "
        "in several countries, the fund said on Tuesday.\n"
    )
    page = clean_text(raw)
    assert_verbatim(page, raw)
    assert page.text == raw.strip()
    assert page.title is not None
    assert len(page.title) <= clean.TITLE_FALLBACK_CHARS
    assert page.title.startswith("Norway's sovereign wealth fund")


def test_empty_page() -> None:
    page = clean_text("\n\n   \n")
    assert page == CleanedPage(title=None, text="", blocks=(), removed=())


HTML_PAGE = """\
<!doctype html>
<html lang="en"><head><title>Vineyard bought by LVMH | Wine Gazette</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/login">Log in</a>
<a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>Vineyard bought by LVMH</h1>
<p>BORDEAUX, France — Luxury group LVMH bought the Chateau Lamothe vineyard for an undisclosed sum,
the seller said on Thursday.</p>
<p>“The estate will keep its name and its 40 employees,” said the former owner Claire Dubois.</p>
<p>The deal includes 35 hectares of vines and a cellar built in 1870, according to the local
chamber of agriculture.</p>
<aside class="related"><h3>Related</h3><ul>
<li><a href="/a">Champagne sales slump in export markets this year</a></li>
<li><a href="/b">Heatwave threatens grape harvest across southern Europe</a></li></ul></aside>
</article></main>
<section id="comments"><h3>Comments</h3><p>Sad to see another estate sold. Posted by Jean.</p></section>
<footer><p>© 2024 Wine Gazette. All rights reserved.</p><p>This site uses cookies.</p></footer>
</body></html>
"""


def _check_html_page(page: CleanedPage) -> None:
    assert page.title is not None and "Vineyard bought by LVMH" in page.title
    assert "Luxury group LVMH bought the Chateau Lamothe vineyard" in page.text
    assert "said the former owner Claire Dubois." in page.text
    assert "35 hectares of vines" in page.text
    for junk in ("Log in", "Subscribe", "Champagne", "Heatwave", "Sad to see", "cookies", "©"):
        assert junk not in page.text
    assert not page.text.startswith("Vineyard bought by LVMH")


def test_html_page_drops_nav_aside_comments_footer() -> None:
    page = clean_html(HTML_PAGE, file_name="vineyard.html")
    _check_html_page(page)
    for block in page.blocks:
        assert page.text[block.start : block.end] in page.text


def test_html_falls_back_to_stdlib_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean, "_trafilatura_extract", lambda raw_html: (None, None))
    page = clean_html(HTML_PAGE)
    _check_html_page(page)
    assert page.title == "Vineyard bought by LVMH"


def test_a_news_feed_block_after_the_article_is_sidebar() -> None:
    raw = ("Shipyard wins order\n\nThe Gdynia shipyard won an order for two ferries worth 300 million euros, "
           "the company said on Monday, adding that work would start in spring.\n\nNews Feed\n\n"
           "Prime Minister Anna Berg met her Danish counterpart in Oslo to discuss fishing quotas.\n")
    page = clean_text(raw)
    assert "Anna Berg" not in page.text and "Gdynia shipyard" in page.text


def test_short_unbulleted_lines_after_a_colon_are_a_list_not_teasers() -> None:
    raw = ("Harvest report\n\nThe ministry said that this year the farms of the region harvested the following "
           "crops in record amounts:\n\nmore than 2 million tonnes of wheat\n\nsunflower seeds\n\nThe harvest "
           "ended in October, according to the ministry, and exports began at once.\n")
    page = clean_text(raw)
    assert "more than 2 million tonnes of wheat" in page.text and "sunflower seeds" in page.text


def test_a_short_wrapped_line_followed_by_a_lower_case_line_is_not_a_teaser() -> None:
    raw = ("Shipyard deal\n\n"
           "GDANSK, May 2 (Reuters) - The shipyard said on Tuesday it would\n"
           "hire 300 workers next year as orders for ferries and naval\n"
           "vessels grew, its chief executive told reporters at the plant,\n"
           "adding that talks with two more customers were under way and\n"
           "that the company expected to sign both contracts by autumn.\n"
           "No contract has been signed yet.\n"
           "Italy's Fincantieri said last week it had set\n"
           "up a joint venture with the yard to build ferries for the\n"
           "Baltic market, with the first hull due to be laid in June.\n")
    assert "Fincantieri said last week it had set\nup a joint venture" in clean_text(raw).text


def test_a_headline_written_as_a_long_sentence_is_also_the_first_paragraph() -> None:
    standfirst = ("Harbour board spokesperson Ann Lee wrote on Twitter that the ferry terminal would close for "
                  "repairs until the end of the summer season.")
    body = ("<p>The board said the repairs had been planned for two years and would cost the city about four "
            "million dollars, paid from the harbour fund.</p>")
    page = clean_html(f"<html><body><article><h2>{standfirst}</h2>{body}</article></body></html>")
    assert page.title == standfirst
    assert page.text.startswith(standfirst)
    headline = "<h2>Ferry terminal to close for repairs</h2>"
    short = clean_html(f"<html><body><article>{headline}{body}</article></body></html>")
    assert short.title == "Ferry terminal to close for repairs"
    assert not short.text.startswith("Ferry terminal")


READABILITY_EXTRACT = """<div id="readability-page-1" class="page">
    <div itemprop="articleBody">
        <p><span>EXCLUSIVE</span> </p>
        <p> <img alt="photo" src="http://example.com/a.jpg" /><strong>Ada Vance</strong>'s gown -- adorned in
        pearls -- was stolen right out of her hotel room ... the paper has learned.</p>
        <p>Sources say the gown was taken out of her room at the hotel.<br/> It's valued at $150,000.</p>
    </div>
</div>"""


def test_a_paragraph_after_a_self_closing_tag_is_kept_and_a_kicker_is_no_title() -> None:
    page = clean_html(READABILITY_EXTRACT)
    assert page.text.startswith("Ada Vance's gown -- adorned in pearls -- was stolen")
    assert "It's valued at $150,000." in page.text
    assert page.title is not None and page.title.startswith("Ada Vance's gown")


def test_a_title_taken_from_the_first_sentence_does_not_end_at_an_abbreviation() -> None:
    page = clean_text("The U.S. has long been heralded as a land of opportunity, a report says. Not for all.\n")
    assert page.title == "The U.S. has long been heralded as a land of opportunity, a report says."
