"""The date an HTML page states for itself: its visible header, its metadata and htmldate, weighed."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from knowledge.facts import PageDate
from knowledge.pages.pagedate import find_html_page_date

TITLE = "Council backs bridge budget"
LEDE = ("The city council approved the new budget for bridge repairs on Thursday, after months of debate "
        "about how to share the costs between the city, the province and the ferry operators.")
BODY = f"<p>{LEDE}</p><p>{LEDE.replace('Thursday', 'Friday')}</p>"
UNKNOWN = PageDate(None, "unknown")
BLOCK_TAGS = frozenset({"p", "div", "li", "h1", "br", "figure", "figcaption", "nav", "aside", "article"})


def page(header: str = "", *, head: str = "", after: str = "", lang: str = "en") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><title>{TITLE} | Example News</title>{head}</head>'
            f'<body><nav><a href="/">Home</a> <span>Monday March 3, 2025</span></nav>'
            f"<article><h1>{TITLE}</h1>{header}{BODY}</article>{after}</body></html>")


def date_of(raw: str) -> PageDate:
    return find_html_page_date(raw, LEDE, title=TITLE)


class _Shown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.parts.append("\n" if tag in BLOCK_TAGS else "")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown(raw: str) -> str:
    """The page as a browser shows it (tags dropped, entities decoded), white space folded:
    where the evaluation looks for evidence."""
    parser = _Shown()
    parser.feed(raw)
    return " ".join("".join(parser.parts).split())


def test_the_visible_local_date_wins_over_a_utc_instant_of_the_next_day() -> None:
    raw = page('<p class="byline">By Ann Lee | January 18, 2017 11:00 PM PST</p>',
               head='<meta property="article:published_time" content="2017-01-19T07:00:00Z">')
    assert date_of(raw) == PageDate("2017-01-18", "stated", evidence="January 18, 2017 11:00 PM PST")


def test_metadata_with_a_local_offset_agrees_with_the_byline() -> None:
    raw = page('<p class="byline">By Ann Lee</p><time datetime="2016-12-21T18:49:10-05:00">Dec 21, 2016</time>',
               head='<meta property="article:published_time" content="2016-12-21T23:49:10Z">')
    found = date_of(raw)
    assert (found.date, found.kind, found.evidence) == ("2016-12-21", "stated", "Dec 21, 2016")


def test_the_published_date_among_visible_dates_is_the_one_the_metadata_names() -> None:
    raw = page('<p><time datetime="2018-03-06">Mar 6, 2018</time></p><p><time>Dec 21, 2016</time></p>',
               head='<meta name="published" content="x"><meta property="article:published_time" '
                    'content="2016-12-21T18:49:10-05:00"><meta property="article:modified_time" content="2018-03-06">')
    assert date_of(raw).date == "2016-12-21"


def test_a_date_marked_as_an_update_is_not_the_publication_date() -> None:
    raw = page('<div class="meta"><p><time class="updated">December 10, 2021</time></p>'
               '<p><time class="entry-date published" datetime="2019-04-09T08:00:15-06:00">April 9, 2019</time></p>'
               "</div>")
    assert date_of(raw) == PageDate("2019-04-09", "stated", evidence="April 9, 2019")


def test_the_visible_date_wins_over_metadata_days_away_from_it() -> None:
    raw = page('<h2>The repairs start next spring.<span class="date">Tuesday, 8 February 2022</span></h2>',
               head='<meta property="article:published_time" content="2022-02-04T10:15:00Z">')
    assert date_of(raw) == PageDate("2022-02-08", "stated", evidence="Tuesday, 8 February 2022")


def test_metadata_speaks_where_the_header_shows_no_date() -> None:
    raw = page('<p class="byline">By Ann Lee</p>', head='<meta property="article:published_time" '
                                                     'content="2016-12-14T06:02:15Z">')
    assert date_of(raw) == PageDate("2016-12-14", "stated", evidence="2016-12-14T06:02:15Z")


def test_a_precise_publication_field_wins_over_a_loose_one() -> None:
    raw = page(head='<meta name="sailthru.date" content="2016-12-15T13:50:38Z">'
                    '<meta property="og:article:published_time" content="2016-12-14T06:02:15Z">')
    assert date_of(raw).date == "2016-12-14"


def test_json_ld_of_the_article_names_the_publication_date() -> None:
    ld = ('{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "datePublished": "2010-01-01"},'
          ' {"@type": "NewsArticle", "datePublished": "2023-11-02T10:12:00-04:00"}]}')
    raw = page(head=f'<script type="application/ld+json">{ld}</script>')
    assert date_of(raw) == PageDate("2023-11-02", "stated", evidence="2023-11-02T10:12:00-04:00")


def test_the_byline_below_the_headline_beats_the_banner_date_above_it() -> None:
    raw = page('<p class="byline">By Ann Lee</p><p>June 9, 2022</p>')
    assert date_of(raw) == PageDate("2022-06-09", "stated", evidence="June 9, 2022")


def test_a_byline_after_the_standfirst_and_the_photo_caption_counts() -> None:
    standfirst = "<p>The council approved the new budget after months of debate about the ferry costs.</p>"
    caption = f"<figure><figcaption>{LEDE}</figcaption></figure>"
    raw = page(f'{standfirst}{caption}<p class="byline">By Ann Lee</p><p>10/17/2022 04:01 PM EDT</p>')
    assert date_of(raw) == PageDate("2022-10-17", "stated", evidence="10/17/2022 04:01 PM EDT")


@pytest.mark.parametrize(("lang", "iso"), [("en-GB", "2023-04-05"), ("en-US", "2023-05-04"), ("de", "2023-04-05")])
def test_the_page_language_reads_a_numeric_date(lang: str, iso: str) -> None:
    assert date_of(page("<p>05/04/2023</p>", lang=lang)).date == iso


def test_a_numeric_date_of_unknown_order_stays_unread_on_an_english_page() -> None:
    assert date_of(page("<p>05/04/2023</p>", lang="en")) == UNKNOWN


def test_dates_of_comments_and_related_stories_are_not_the_page_date() -> None:
    related = ('<aside class="related"><ul><li><a href="/x">Ferry strike ends</a> '
               '<span class="date">March 1, 2024</span></li></ul></aside>')
    comments = ('<div class="comments"><div class="comment"><span class="date">March 4, 2024</span>'
                "<p>Great!</p></div></div>")
    assert date_of(page(after=related + comments)) == UNKNOWN


def test_a_modification_time_alone_is_not_stated_as_the_publication_date() -> None:
    found = date_of(page(head='<meta property="article:modified_time" content="2024-03-05T10:00:00Z">'))
    assert found.kind != "stated"


def test_an_updated_label_alone_is_inferred() -> None:
    found = date_of(page("<p>Updated: Oct 9, 2019, 11:05 IST</p>"))
    assert (found.date, found.kind) == ("2019-10-09", "inferred") and found.reason


def test_a_press_release_whose_headline_is_not_a_heading() -> None:
    raw = (f"<html><head><title>[News] {TITLE}</title></head><body><h1>Original text</h1>"
           f"<div>Top &gt; News</div><div>2019.03.05</div><p><b>{TITLE}</b></p>{BODY}</body></html>")
    assert date_of(raw) == PageDate("2019-03-05", "stated", evidence="2019.03.05")


def test_a_url_with_a_date_path_is_only_an_inferred_date() -> None:
    found = date_of(page(head='<link rel="canonical" href="https://news.example.org/2022/04/19/bridge/">'))
    assert (found.date, found.kind) == ("2022-04-19", "inferred") and found.reason


def test_htmldate_speaks_only_with_the_pages_own_words() -> None:
    raw = page(head='<meta name="DC.date.issued" content="2021-06-01">')
    assert date_of(raw) == PageDate("2021-06-01", "stated", evidence="2021-06-01")
    entry = page('<div class="post-info">Entry 2 June 2021</div>')  # no header rule reads it; htmldate does
    found = date_of(entry)
    assert (found.date, found.kind) == ("2021-06-02", "stated") and found.evidence in shown(entry)


@pytest.mark.parametrize(
    "header",
    [
        '<p class="byline">By Ann&nbsp;Lee | <time>January 18, 2017</time> 11:00&nbsp;PM PST</p>',
        '<div class="date">Published <b>November 2, 2023</b> 10:12am EDT</div>',
        "<p>2019年3月5日 09:00</p>",
    ],
)
def test_evidence_is_words_the_page_shows(header: str) -> None:
    raw = page(header)
    found = date_of(raw)
    assert found.kind == "stated" and " ".join(found.evidence.split()) in shown(raw)


def test_markup_that_lxml_cannot_read_falls_back_to_the_text() -> None:
    assert find_html_page_date("", f"{TITLE}\nMarch 4, 2024\n\n{LEDE}", title=TITLE).date == "2024-03-04"


def test_a_labelled_byline_date_wins_over_metadata_far_from_it() -> None:
    raw = page("<p>Published June 16, 2023</p>", head='<meta property="article:published_time" content="2020-06-01">')
    assert date_of(raw) == PageDate("2023-06-16", "stated", evidence="Published June 16, 2023")


def test_the_sites_banner_date_outside_the_article_is_not_the_page_date() -> None:
    raw = (f"<html><head><title>{TITLE} | The Daily</title></head><body>"
           '<header><div class="today">Monday, March 3, 2025</div></header>'
           f"<article><h1>{TITLE}</h1>{BODY}</article></body></html>")
    assert date_of(raw) == UNKNOWN


def test_a_logo_heading_is_not_the_headline() -> None:
    raw = (f"<html><head><title>{TITLE} | The Daily</title></head><body><h1>The Daily</h1>"
           f"<div>Monday, March 3, 2025</div><div><h2>Weather</h2>{BODY}</div></body></html>")
    assert date_of(raw) == UNKNOWN


def test_a_reworded_title_still_finds_the_headline() -> None:
    raw = (f"<html><head><title>Bridge budget: council backs repairs | The Daily</title></head><body>"
           f"<div>Monday, March 3, 2025</div><h1>Council backs the budget for bridge repairs</h1>"
           f"<p>By Ann Lee</p><p>March 1, 2025</p>{BODY}</body></html>")
    assert date_of(raw) == PageDate("2025-03-01", "stated", evidence="March 1, 2025")


def test_a_date_in_the_title_is_the_pages_own_when_nothing_else_is() -> None:
    raw = (f"<html><head><title>{TITLE} | The Daily | 14.03.2022</title></head><body><article><h1>{TITLE}</h1>"
           f"{BODY}</article></body></html>")
    assert date_of(raw) == PageDate("2022-03-14", "stated", evidence="14.03.2022")


def test_a_list_of_other_posts_below_the_lede_is_not_the_page_date() -> None:
    teasers = "".join(f'<h3>Other story {n}</h3><div class="entry-meta">Story by Ann Lee | {n} May, 2021</div>'
                      f"<p>{LEDE}</p>" for n in range(20, 28))
    raw = page(f"{BODY}{BODY}<h2>The latest stories</h2>{teasers}")
    assert date_of(raw).kind != "stated"


def test_a_labelled_date_under_the_last_paragraph_is_the_page_date() -> None:
    stamp = "<span>City desk</span> <span>First published March 5, 2024: 9:10 AM ET</span>"
    raw = page(after=f'<p class="stamp">{stamp}</p>')
    found = date_of(raw)
    assert (found.date, found.kind) == ("2024-03-05", "stated")
    assert found.evidence and found.evidence in shown(raw)


def test_a_foot_date_without_a_label_or_after_a_sidebar_heading_is_not_the_page_date() -> None:
    assert date_of(page(after="<p>March 5, 2024</p>")) == UNKNOWN
    assert date_of(page(after="<h2>Related</h2><p>Published March 1, 2024</p>")) == UNKNOWN


def test_a_date_opening_the_lede_years_from_the_published_markup_dates_the_story_not_the_page() -> None:
    story = ("8 August 2009: the first proper blog post. The court had just issued its ruling on the treaty, and "
             "thirty lawyers signed an open letter calling for the legislator to step in before the next ruling.")
    raw = (f'<!DOCTYPE html><html lang="en"><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>'
           '<p class="byline">By Ann Lee <time datetime="2019-07-13T15:52:31+02:00" pubdate>Sa 13 Jul 2019</time>'
           f"</p><p>{story}</p><p>{LEDE}</p></article></body></html>")
    assert find_html_page_date(raw, f"{story}\n\n{LEDE}", title=TITLE).date == "2019-07-13"


def test_a_publication_day_the_pages_own_script_sets_is_metadata() -> None:
    script = '<script>var page = { section: "football", publication_date : "20111201", // yyyymmdd\n};</script>'
    raw = page('<p class="display-byline">Published: Today</p>', head=script)
    assert date_of(raw) == PageDate("2011-12-01", "stated", evidence="20111201")
    other = '<script>var page = { updated : "20111201" };</script>'  # another field says nothing of publication
    assert date_of(page('<p class="display-byline">Published: Today</p>', head=other)).date != "2011-12-01"
