"""Author notes: the page's own box on who wrote the article comes back after the body for the people step."""

from __future__ import annotations

from knowledge.extract.pipeline import process_article
from knowledge.pages.authors import author_notes
from knowledge.pages.htmlheader import parse_html

BODY = ("<p>The city council approved the new budget for bridge repairs on Thursday, after months of debate "
        "about how to share the costs between the city, the province and the ferry operators.</p>")


def page(box: str) -> str:
    return (f"<!DOCTYPE html><html><head><title>Council backs bridge budget</title></head><body><article>"
            f"<h1>Council backs bridge budget</h1>{BODY}</article>{box}"
            '<div class="comment-author">Jon Reader is a fan of bridges and writes here every day.</div>'
            "</body></html>")


AUTHOR_BOX = ('<div class="author-box"><a href="/a">View Author Page</a><div class="description"><p>Mara Lind '
              "currently works for the Harbor Gazette as a city reporter.</p></div>"
              '<a href="/all">Show all articles</a></div>')


def test_an_author_box_that_describes_the_author_is_a_note_and_a_comment_author_is_not() -> None:
    assert author_notes(parse_html(page(AUTHOR_BOX))) == [
        "Mara Lind currently works for the Harbor Gazette as a city reporter."]


def test_a_box_of_links_is_no_note() -> None:
    links = '<div class="author"><a href="/a">Mara Lind</a> <a href="/t">Twitter</a></div>'
    assert author_notes(parse_html(page(links))) == []


def test_the_author_of_the_page_is_among_its_people_with_the_role_the_note_gives() -> None:
    article = process_article(page(AUTHOR_BOX), "bridge.html")
    roles = {p.name: [r.role for r in p.roles] for p in article.facts.people}
    assert roles["Mara Lind"] == ["city reporter"]
    assert article.text.endswith("Mara Lind currently works for the Harbor Gazette as a city reporter.")


def test_a_box_giving_the_name_then_a_note_by_first_name_gives_the_role_to_the_full_name() -> None:
    box = ('<div class="author-bio"><p><a href="/author/mara-lind" class="author-name">Mara Lind</a> / Mara is the '
           "Transport Editor at the Harbor Gazette, which she joined in 2012.</p></div>")
    assert author_notes(parse_html(page(box))) == [
        "Mara Lind", "Mara is the Transport Editor at the Harbor Gazette, which she joined in 2012."]
    roles = {p.name: [r.role for r in p.roles] for p in process_article(page(box), "bridge.html").facts.people}
    assert roles["Mara Lind"] == ["Transport Editor at the Harbor Gazette"]


def test_a_closing_line_in_capitals_or_in_bold_says_who_wrote_the_article() -> None:
    capitals = "<p><b>MARA LIND IS THE HARBOR GAZETTE POLITICAL EDITOR </b></p>"
    assert author_notes(parse_html(page(capitals))) == ["Mara Lind is the Harbor Gazette Political Editor"]
    roles = {p.name: [r.role for r in p.roles] for p in process_article(page(capitals), "bridge.html").facts.people}
    assert roles["Mara Lind"] == ["Harbor Gazette Political Editor"]
    assert author_notes(parse_html(page("<p><em>Mara Lind is a freelance writer in Ohio.</em></p>"))) == [
        "Mara Lind is a freelance writer in Ohio."]
    # a sentence of the story that happens to say what someone is, not emphasised, is no author line
    assert author_notes(parse_html(page("<p>Mara Lind is the mayor of the town.</p>"))) == []
