"""The visible header of an HTML page: the text lines around its headline, as a reader sees them.

A page prints its own date next to its headline (a kicker above it, the byline below it), while
the cleaned article text often drops those lines. So we render the page's visible text as lines,
one per block element, find the headline (the heading that matches the page's ``<title>``, else the
first ``<h1>`` long enough not to be the site's logo, else the first line that matches the title),
and hand the lines below it, and the few above it inside the same ``<article>``, to the plain-text
header rules. The site's banner, with today's date, lies outside the article.

Text inside an element marked as an update (``class="updated"``, ``itemprop="dateModified"``) is
flagged, since its date is not the publication date; text inside comment, related-links and
navigation containers is left out, since its dates belong to other pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

LINES_BEFORE_HEADLINE = 6  # a kicker or a dateline above the headline; more is the site's banner
LINES_AFTER_HEADLINE = 60  # bylines, share buttons and a lede; the body's own dates come later
TITLE_SEARCH_LINES = 500  # a headline that is not a heading is looked for this far down
MAX_PAGE_LINES = 3000  # a page's own date is shown before this many lines, or not worth the search
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "select", "option",
                          "button", "head", "textarea"})
ARTICLE_TAGS = frozenset({"article", "main"})  # the headline's container: the site's banner lies outside it
FURNITURE_TAGS = frozenset({"nav", "footer"})  # an <aside> may hold the article's own date and byline
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
})  # fmt: skip
FURNITURE_ATTR_RE = re.compile(  # at the start of a class name or of a part of one: "post-comments", not "withSidebar"
    r"(?i)(?<![a-z])(?:comment|related|recommend|sidebar|popular|trending|most-read|more-stories|read-more"
    r"|nav(?![a-z])|navbar|menu|footer|newsletter|promo|teaser|outbrain|taboola|widget)"
)
DATE_ATTR_RE = re.compile(r"(?i)date|timestamp|publish|posted")
UPDATED_ATTR_RE = re.compile(r"(?i)updated|modified|dateModified|last-?mod|revised")
NAMING_ATTRIBUTES = ("class", "id", "itemprop", "role")
VALUE_ATTRIBUTES = ("datetime", "content", "title")
SPACES_RE = re.compile(r"\s+")
MIN_TITLE_PART = 10  # a heading this long found inside the <title> ("Headline | Site") names the page
MIN_HEADLINE_WORDS = 4  # a shorter unmatched <h1> is the site's logo or a section name, not a headline
SHARED_WORDS = 0.6  # ... and a longer one names the page when the title has this share of its words
WORD_RE = re.compile(r"\w+")
TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


@dataclass(frozen=True)
class HeaderLine:
    text: str  # the visible words of one block, white space folded
    updated: bool  # all of it sits inside an element marked as an update
    in_article: bool = True  # inside the headline's <article> or <main>, where there is one


@dataclass(frozen=True)
class VisibleHeader:
    before: list[HeaderLine]  # the lines just above the headline in its article, nearest last
    headline: str
    after: list[HeaderLine]  # the lines below it, in page order
    values: list[str]  # datetime/content/title attributes of the elements in those lines, and the head's <meta>


def parse_html(raw_html: str) -> etree._Element | None:
    """The page's element tree, or None when lxml cannot make one of it."""
    try:
        return lxml_html.fromstring(raw_html)
    except (etree.ParserError, ValueError):  # empty documents; str input with an XML encoding declaration
        try:
            return lxml_html.fromstring(raw_html.encode("utf-8", "replace"))
        except (etree.ParserError, ValueError):
            return None


def _attributes(element: etree._Element) -> str:
    """The attributes that name what an element is (a date, an update, a comment list), joined."""
    attrib = element.attrib
    return " ".join(value for name in NAMING_ATTRIBUTES if (value := attrib.get(name)))


class _Renderer:
    """Visible text of a tree as lines, one per block element, with the headline's line marked."""

    def __init__(self, headline: etree._Element | None, *, lines_after: int, max_lines: int) -> None:
        self.headline = headline
        self.lines_after = lines_after
        self.max_lines = max_lines
        self.lines: list[HeaderLine] = []
        self.headline_index: int | None = None
        self.values: list[tuple[int, str]] = []  # (line, value) of datetime/content/title attributes
        self._pieces: list[str] = []
        self._updated: list[bool] = []
        self._in_article = True

    def _break_line(self) -> None:
        if not self._pieces:
            return
        text = SPACES_RE.sub(" ", "".join(self._pieces)).strip()
        if text:
            self.lines.append(HeaderLine(text, updated=all(self._updated), in_article=self._in_article))
        self._pieces, self._updated = [], []

    def _add(self, text: str | None, *, updated: bool) -> None:
        if text:
            self._pieces.append(text)
            if text.strip():
                self._updated.append(updated)

    def _done(self) -> bool:
        if len(self.lines) >= self.max_lines:
            return True
        return self.headline_index is not None and len(self.lines) > self.headline_index + self.lines_after

    def render(self, root: etree._Element) -> None:
        """Walk the tree once, in page order, without recursion (real pages nest deeply)."""
        # lxml hands out the same proxy object for a node only while one is alive: keep them alive
        ancestors = list(self.headline.iterancestors()) if self.headline is not None else []
        ancestors_of_headline = {id(e) for e in ancestors}
        article = next((a for a in ancestors if isinstance(a.tag, str) and a.tag.lower() in ARTICLE_TAGS), None)
        self._in_article = article is None
        stack: list[tuple[bool, bool]] = [(False, False)]  # (inside an update, a line of its own) per open element
        walk = etree.iterwalk(root, events=("start", "end", "comment"))
        for event, element in walk:
            if event == "comment":
                self._add(element.tail, updated=stack[-1][0])
                continue
            if event == "end":
                _, own_line = stack.pop()
                if own_line:
                    self._break_line()
                    if self._done():
                        return
                if element is article:
                    self._in_article = False
                self._add(element.tail, updated=stack[-1][0])
                continue
            tag = element.tag.lower() if isinstance(element.tag, str) else ""
            attributes = _attributes(element)
            exempt = element is self.headline or id(element) in ancestors_of_headline
            hidden = tag in SKIPPED_TAGS or (not exempt and _is_furniture(tag, attributes))
            if hidden:
                walk.skip_subtree()
            updated = stack[-1][0] or bool(attributes and UPDATED_ATTR_RE.search(attributes))
            own_line = (tag in BLOCK_TAGS or tag == "time" or element is self.headline
                        or bool(attributes and DATE_ATTR_RE.search(attributes)))
            stack.append((updated, own_line))
            if own_line:
                self._break_line()
            if element is article:
                self._in_article = True
            if element is self.headline:
                self.headline_index = len(self.lines)
            if not hidden:
                self._add(element.text, updated=updated)
                self.values.extend((len(self.lines), v) for name in VALUE_ATTRIBUTES if (v := element.get(name)))
        self._break_line()


def _is_furniture(tag: str, attributes: str) -> bool:
    """Navigation, footers, comments, related links: their dates belong to other pages."""
    return tag in FURNITURE_TAGS or bool(attributes and FURNITURE_ATTR_RE.search(attributes))


def _heading_text(element: etree._Element) -> str:
    return SPACES_RE.sub(" ", element.text_content()).strip()


def _fold(text: str) -> str:
    return SPACES_RE.sub(" ", text.translate(TYPOGRAPHIC)).strip().casefold()


def _names_page(text: str, titles: list[str]) -> bool:
    """A heading names the page when the title holds it, or most of its words (titles are often
    reworded for search engines: "Amazon Alexa: 6 can't-miss gadgets" for "Here are 6 can't-miss gadgets")."""
    heading = _fold(text)
    if not heading:
        return False
    words = set(WORD_RE.findall(heading))
    for title in titles:
        if heading == title or (len(heading) > MIN_TITLE_PART and heading in title):
            return True
        if len(words) >= MIN_HEADLINE_WORDS and len(words & set(WORD_RE.findall(title))) >= SHARED_WORDS * len(words):
            return True
    return False


def _page_titles(tree: etree._Element, title: str | None) -> list[str]:
    """The names the page gives itself (``<title>``, ``og:title``), folded; the caller's title only
    without them, since an extractor's title may be just the first ``<h1>``."""
    names = [tree.findtext(".//title")]
    names += [meta.get("content") for meta in tree.iter("meta") if meta.get("property") == "og:title"]
    folded = [_fold(name) for name in names if name and name.strip()]
    return folded or ([_fold(title)] if title and title.strip() else [])


def _headline(tree: etree._Element, titles: list[str]) -> tuple[etree._Element | None, bool]:
    """The heading that names the page: an ``<h1>`` matching its title, else an ``<h2>``/``<h3>`` that
    does (a blog whose ``<h1>`` is the site's name), else the first ``<h1>`` long enough to be a
    headline rather than a logo; and whether it matched the title."""
    headings = [h for h in tree.iter("h1") if _heading_text(h)]
    for heading in headings:
        if _names_page(_heading_text(heading), titles):
            return heading, True
    for heading in tree.iter("h2", "h3"):
        if _names_page(_heading_text(heading), titles):
            return heading, True
    long_enough = [h for h in headings if len(_heading_text(h).split()) >= MIN_HEADLINE_WORDS]
    return (long_enough[0] if long_enough else None), False


def _render(tree: etree._Element, headline: etree._Element | None, *, lines_after: int = 0,
            max_lines: int = MAX_PAGE_LINES) -> _Renderer:
    body = tree.find(".//body")
    renderer = _Renderer(headline, lines_after=lines_after, max_lines=max_lines)
    renderer.render(body if body is not None else tree)
    return renderer


def visible_header(tree: etree._Element, *, title: str | None = None, lines_after: int = LINES_AFTER_HEADLINE
                   ) -> VisibleHeader | None:
    """The lines around the page's headline, or None for a page without a headline.

    Where no heading names the page, the first visible line that does is the headline (a press
    release whose headline is a bold paragraph).
    """
    titles = _page_titles(tree, title)
    headline, named = _headline(tree, titles)
    index: int | None = None
    renderer: _Renderer | None = None
    if not named:
        renderer = _render(tree, None, max_lines=TITLE_SEARCH_LINES)
        index = next((i for i, line in enumerate(renderer.lines) if _names_page(line.text, titles)), None)
    if index is None:
        if headline is None:
            return None
        renderer = _render(tree, headline, lines_after=lines_after)
        index = renderer.headline_index
    if renderer is None or index is None or index >= len(renderer.lines):
        return None
    lines = renderer.lines
    first, last = max(0, index - LINES_BEFORE_HEADLINE), index + 1 + lines_after
    head = [value for meta in tree.iter("meta") if (value := meta.get("content"))]
    return VisibleHeader(before=[line for line in lines[first:index] if line.in_article], headline=lines[index].text,
                         after=lines[index + 1 : last],
                         values=head + [value for at, value in renderer.values if first <= at <= last])


def page_lines(tree: etree._Element) -> list[str]:
    """The page's visible text as lines, one per block element, in page order (up to ``MAX_PAGE_LINES``)."""
    return [line.text for line in _render(tree, None).lines]
