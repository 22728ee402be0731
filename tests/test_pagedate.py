"""The date a page states for itself, read only from its header."""

from __future__ import annotations

import pytest

from knowledge.facts import PageDate
from knowledge.pages.pagedate import find_page_date

BODY = (
    "The regional council approved a new budget for bridge repairs on Thursday, after months of "
    "debate about how to share the costs between the city, the province and two private operators "
    "that run the ferries across the river."
)
UNKNOWN = PageDate(None, "unknown")


@pytest.mark.parametrize(
    ("header", "iso", "evidence"),
    [
        ("date 2022-11-03 Mayor Ana Ruiz. Photo: City Hall", "2022-11-03", "date 2022-11-03"),
        ("Date:2024-02-19 08:15:02", "2024-02-19", "Date:2024-02-19 08:15:02"),
        ("Published 7 October 2021", "2021-10-07", "Published 7 October 2021"),
        ("Published: October 7, 2021 9:05 pm", "2021-10-07", "Published: October 7, 2021 9:05 pm"),
        ("Posted on Tuesday, May 2, 2023 by editor", "2023-05-02", "Posted on Tuesday, May 2, 2023"),
        ("October 7, 2021", "2021-10-07", "October 7, 2021"),
        ("07.10.2021 18:40", "2021-10-07", "07.10.2021 18:40"),
        ("2021-10-07T18:40:00Z", "2021-10-07", "2021-10-07T18:40:00Z"),
        ("By Priya Nair | October 7, 2021", "2021-10-07", "October 7, 2021"),
        ("Thu 7 Oct 2021 18.40 BST", "2021-10-07", "Thu 7 Oct 2021 18.40 BST"),
        ("7 жовтня 2021", "2021-10-07", "7 жовтня 2021"),
        ("7 октября 2021 г.", "2021-10-07", "7 октября 2021 г."),
    ],
)
def test_stated_date_formats_in_header(header, iso, evidence):
    page = f"Council backs bridge budget\n{header}\n\n{BODY}\n"
    assert find_page_date(page) == PageDate(iso, "stated", evidence=evidence)


def test_evidence_is_verbatim_from_the_page():
    page = f"Headline\nPublished:  March 3, 2020\n\n{BODY}"
    result = find_page_date(page)
    assert result.evidence in page


def test_date_glued_to_first_paragraph_counts():
    page = f" date 2021-03-08 (MENAFN- Example Wire) {BODY}\n\nMore text."
    assert find_page_date(page).date == "2021-03-08"


def test_dateline_with_year_counts():
    page = f"Bridge deal\n\nLISBON, March 8, 2021 (Wire) — {BODY}"
    assert find_page_date(page) == PageDate("2021-03-08", "stated", evidence="LISBON, March 8, 2021")


def test_dateline_without_year_is_not_a_stated_date():
    page = f"Bridge deal\n\nLISBON, March 8 (Wire) — {BODY}"
    assert find_page_date(page) == UNKNOWN


def test_published_wins_over_updated():
    page = f"Headline\nUpdated April 2, 2022\nPublished April 1, 2022\n\n{BODY}"
    assert find_page_date(page).date == "2022-04-01"


def test_republished_page_keeps_its_own_date():
    page = f"Headline\nPosted June 16, 2023\nOriginally published June 1, 2020 on Other Site\n\n{BODY}"
    assert find_page_date(page).date == "2023-06-16"


def test_originally_published_alone_is_not_the_page_date():
    page = f"Headline\nOriginally published June 1, 2020 on Other Site\n\n{BODY}"
    assert find_page_date(page) == UNKNOWN


def test_sidebar_dates_below_the_body_are_ignored():
    sidebar = "\n".join(f"Other headline {n}\nSunday July 7th, 2024\n" for n in range(5))
    page = f"Headline\n\n{BODY}\n\nRecent posts\n\n{sidebar}"
    assert find_page_date(page) == UNKNOWN


def test_related_heading_stops_the_header_zone():
    page = "Headline\nShort intro.\nRelated\nFerry strike ends\nMarch 3, 2024\n"
    assert find_page_date(page) == UNKNOWN


def test_copyright_year_is_not_a_date():
    page = f"Headline\n© 2024 Example Media. All rights reserved. Published 2024\n\n{BODY}"
    assert find_page_date(page) == UNKNOWN


def test_dates_inside_the_body_are_not_the_page_date():
    page = f"Headline\n\n{BODY} The old bridge opened on May 4, 1961.\n\nMay 4, 1961\n"
    assert find_page_date(page) == UNKNOWN


def test_headline_with_a_date_is_not_the_page_date():
    title = "March 3, 2024"
    page = f"{title}\n\n{BODY}"
    assert find_page_date(page, title=title) == UNKNOWN


def test_url_date_in_header_is_inferred_with_reason():
    page = f"Headline\nhttps://news.example.org/2022/04/19/bridge-budget/\n\n{BODY}"
    result = find_page_date(page)
    assert (result.date, result.kind) == ("2022-04-19", "inferred")
    assert result.reason


def test_page_without_any_date_is_unknown():
    assert find_page_date(f"Headline\n\n{BODY}\n\nAnother paragraph in 2023.") == UNKNOWN


def test_a_time_before_the_date_and_a_date_before_a_dash_are_header_dates() -> None:
    body = "\n\nThe city council approved the new budget on Tuesday after a long and heated debate in the hall."
    time_first = find_page_date("09:15 03.06.2024\n\nCouncil passes budget" + body)
    assert (time_first.date, time_first.evidence) == ("2024-06-03", "09:15 03.06.2024")
    dashed = find_page_date("Club news\n\nMarch 9, 2021 - Premier Division\nPress Release" + body)
    assert (dashed.date, dashed.evidence) == ("2021-03-09", "March 9, 2021")


def test_a_timestamp_line_just_after_the_lede_is_the_page_date_but_a_bare_date_is_not() -> None:
    lede = ("Title\n\nThe minister of transport said on Monday that the new bridge would open next spring "
            "after long delays.\n\nBy Ann Lee\n\n")
    stamped = find_page_date(lede + "January 22, 2024 11:09 PM GMT+7\n\nMore text.")
    assert (stamped.date, stamped.evidence) == ("2024-01-22", "January 22, 2024 11:09 PM GMT+7")
    assert find_page_date(lede + "Saturday June 29th, 2024\n\nMore text.").date is None


def test_a_byline_date_below_the_headline_beats_a_banner_date_above_it() -> None:
    raw = ("close\nMonday March 3, 2025\n\nPort strike ends after two weeks\n\nBy News Desk\nJune 9, 2022\n\n"
           "HAMBURG: Dock workers returned to work on Thursday after the union and employers agreed a new "
           "wage deal, ending a strike that had halted container traffic.\n")
    found = find_page_date(raw, title="Port strike ends after two weeks")
    assert (found.date, found.evidence) == ("2022-06-09", "June 9, 2022")


def test_a_label_whose_date_is_broken_over_lines() -> None:
    raw = ("FOLLOW US\n\nPosted On\n\n05\nApril\n2023\n\nShipyard wins order\n\nKYIV. The shipyard signed a "
           "contract for two ferries with a Norwegian operator, its director said on Wednesday.\n")
    found = find_page_date(raw)
    assert found.date == "2023-04-05" and found.evidence == "Posted On\n\n05\nApril\n2023"


# --- header forms that real pages print -------------------------------------------------------------

LEDE = ("The city council approved the new budget for bridge repairs on Thursday, after months of debate "
        "about how to share the costs with the ferry operators.")


@pytest.mark.parametrize(
    ("header", "iso", "evidence"),
    [
        ("Published November 2, 2023 10:12am EDT", "2023-11-02", "Published November 2, 2023 10:12am EDT"),
        ("11/08/23 5:19pm", "2023-11-08", "11/08/23 5:19pm"),
        ("JAN. 13, 2017", "2017-01-13", "JAN. 13, 2017"),
        ("16 November 2017 • 2:15pm", "2017-11-16", "16 November 2017"),
        ("posted on Saturday, August 13th, 2011", "2011-08-13", "posted on Saturday, August 13th, 2011"),
        ("January 18, 2017 11:00 PM PST", "2017-01-18", "January 18, 2017 11:00 PM PST"),
        ("By Ann Lee January 18, 2017 11:00 PM PST", "2017-01-18", "January 18, 2017 11:00 PM PST"),
        ("ByAnn Lee Dec 9, 2016", "2016-12-09", "Dec 9, 2016"),
        ("Wednesday January 18, 2017 10:44 am PST by Ann Lee", "2017-01-18", "Wednesday January 18, 2017 10:44 am PST"),
        ("Ann Lee - Aug 10, 2016 11:15 am UTC", "2016-08-10", "Aug 10, 2016 11:15 am UTC"),
        ("Dec. 22, 2016 5:00 a.m. PT", "2016-12-22", "Dec. 22, 2016 5:00 a.m. PT"),
        ("June 3, 2023 · 5 min read", "2023-06-03", "June 3, 2023"),
        ("2019年3月5日(火) 09時00分 公開", "2019-03-05", "2019年3月5日(火) 09時00分"),
        ("公開日：2019/03/05", "2019-03-05", "公開日：2019/03/05"),
        ("» 2019.03.05", "2019-03-05", "2019.03.05"),
        ("松村太郎2019年04月13日 09時00分", "2019-04-13", "2019年04月13日 09時00分"),
        ("Written by Ann Lee in Science on 1 June 2019 at 08:34 PM EDT. 51 Comments", "2019-06-01",
         "1 June 2019 at 08:34 PM EDT"),
        ("September 5, 2018: 6:40 AM ET", "2018-09-05", "September 5, 2018: 6:40 AM ET"),
        ("04.09.21", "2021-09-04", "04.09.21"),
        ("Published 4:15 PM EDT, Thu November 2, 2023", "2023-11-02", "Published 4:15 PM EDT, Thu November 2, 2023"),
        ("March 3, 2024 3:12 PM GMT+1 Updated 2 hours ago", "2024-03-03", "March 3, 2024 3:12 PM GMT+1"),
        ("Published Nov. 2, 2023 Updated Nov. 3, 2023, 10:12 a.m. ET", "2023-11-02", "Published Nov. 2, 2023"),
    ],
)
def test_byline_and_header_forms_of_pasted_articles(header, iso, evidence):
    page = f"Council backs bridge budget\nBy Ann Lee, Associated Press\n{header}\n\nKYIV, Ukraine (AP) — {LEDE}\n"
    assert find_page_date(page, title="Council backs bridge budget") == PageDate(iso, "stated", evidence=evidence)


def test_a_date_label_and_an_ap_dateline_in_a_pasted_article() -> None:
    page = f"Council backs bridge budget\nDate: March 4, 2024\n\nKYIV, Ukraine (AP) — {LEDE}\n"
    assert find_page_date(page).date == "2024-03-04"


@pytest.mark.parametrize("numeric", ["05/04/23", "05/04/2023"])
def test_a_numeric_date_of_unknown_order_is_not_read(numeric: str) -> None:
    assert find_page_date(f"Council backs bridge budget\n{numeric}\n\n{LEDE}\n") == UNKNOWN


def test_a_numeric_date_whose_day_is_above_twelve_reads_either_way() -> None:
    assert find_page_date(f"Council backs bridge budget\n25/04/2023\n\n{LEDE}\n").date == "2023-04-25"
    assert find_page_date(f"Council backs bridge budget\n04/25/2023\n\n{LEDE}\n").date == "2023-04-25"


@pytest.mark.parametrize("update", ["Updated Feb. 1, 2022", "Updated 3:12 PM EST, Feb. 1, 2022"])
def test_an_update_alone_is_only_an_inferred_publication_date(update: str) -> None:
    found = find_page_date(f"Council backs bridge budget\n{update}\n\n{LEDE}\n")
    assert (found.date, found.kind, found.evidence) == ("2022-02-01", "inferred", update)
    assert found.reason


def test_a_kicker_with_a_date_is_not_a_teaser_of_another_story() -> None:
    page = f"Council backs bridge budget\nFerry strike ends March 3, 2024\n\n{LEDE}\n"
    assert find_page_date(page, title="Council backs bridge budget") == UNKNOWN


def test_a_teaser_line_after_the_lede_is_not_the_page_date() -> None:
    page = f"Council backs bridge budget\n\n{LEDE}\n\nBy Ann Lee\nFerry strike ends March 3, 2024\n\nMore text.\n"
    assert find_page_date(page, title="Council backs bridge budget") == UNKNOWN


def test_a_date_and_a_dash_opening_the_lede_is_a_dateline() -> None:
    page = f"Council backs bridge budget\nBy Ann Lee\n\nMay 9, 2022 -- {LEDE}\n"
    assert find_page_date(page) == PageDate("2022-05-09", "stated", evidence="May 9, 2022")


def test_a_latest_update_label_is_an_update() -> None:
    found = find_page_date(f"Council backs bridge budget\nLatest update : 2021-11-23\n\n{LEDE}\n")
    assert (found.date, found.kind) == ("2021-11-23", "inferred")


def test_an_edition_is_dated_by_its_headline_not_by_its_first_articles_byline() -> None:
    title = "The Harbour Weekly Edition for June 4, 2021"
    page = f"{title}\n\nFerry strike ends\nBy Ann Lee\nJune 2, 2021\n\n{LEDE}\n"
    assert find_page_date(page, title=title) == PageDate("2021-06-04", "stated", evidence="June 4, 2021")


def test_a_headline_naming_a_date_is_not_an_edition() -> None:
    title = "Deadline for bridge repairs set for June 4, 2021"
    assert find_page_date(f"{title}\n\n{LEDE}\n", title=title) == UNKNOWN


def test_a_date_and_a_colon_opening_the_lede_is_a_dateline():
    page = ("Markets\n\nMay 9, 2022: Here are four stocks that made new lows today as volumes stayed thin "
            "before the holiday.\n")
    assert find_page_date(page) == PageDate("2022-05-09", "stated", evidence="May 9, 2022")


def test_a_labelled_date_on_the_last_line_of_a_text_page_counts():
    body = "The council approved the new budget for bridge repairs on Thursday after months of debate.\n\n"
    assert find_page_date(body * 3 + "Date created : 2021-06-02\n") == PageDate(
        "2021-06-02", "stated", evidence="Date created : 2021-06-02")
