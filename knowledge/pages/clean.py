"""Cut a scraped news page down to its article body.

Facts are only ever read from ``CleanedPage.text``, so anything left in it (menus, captions,
teasers of other stories, sidebars) can turn into a wrong fact.  For plain text every block is a
verbatim slice of the raw page: we only drop whole lines, or strip a boilerplate fragment off
the start/end of a line (a bullet, a date header, a trailing photo credit); we never rewrite
inside a line, so snippets cut from ``text`` can always be found in the source.

How a plain-text page is read, line by line (each non-blank line is a unit; hard-wrapped
paragraphs are re-joined first):

1. Line-level boilerplate is dropped wherever it appears: breadcrumbs, nav words, photo
   credits and captions, tags, share/comment/cookie notices, bare URLs, separators, widget
   counters, bare dates of other stories, "Read more" teasers.
2. The header (before the first body-like line) gives the title and the date line; everything
   else in it is dropped.  A date header that carries the lede ("date 2023-12-24 (MENAFN-...")
   loses only its date prefix.
3. In the body, a known sidebar heading ("Related", "Ranking", "Свіжі дописи", ...) or a
   footer marker (a closed comment box, "Source link", "Tags: ...") ends the article: the rest
   of the page is dropped unless a long article paragraph clearly resumes (>= 40 words, ends a
   sentence, not truncated, same script as the body).  "Read also" markers only drop the
   headlines right after them.  Short unpunctuated lines between paragraphs are teasers of other
   stories and are dropped; list items are kept only when the list is introduced by a line
   ending with ":" (or a heading), or clearly is not a list of headlines.  Paragraphs mostly in
   another script than the body (a Cyrillic sidebar under an English article) are dropped.

HTML goes through trafilatura (or, if it cannot be imported or finds nothing, a small stdlib
extractor that skips nav/header/footer/aside/comment containers) and then through the same
rules; its ``text`` is verbatim relative to the extracted text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from itertools import pairwise

from knowledge import lexicon
from knowledge.text.dates import MONTH_NAMES, WEEKDAYS
from knowledge.text.sentences import split_block

BLOCK_SEPARATOR = "\n\n"
TITLE_MAX_WORDS = 40  # a headline longer than this is really a paragraph
TITLE_FALLBACK_CHARS = 120  # display-only title cut from the first sentence
TEASER_MAX_WORDS = 15  # unpunctuated lines shorter than this between paragraphs are teasers
BODY_MIN_WORDS = 6  # a punctuated line this long starts the body
UNPUNCTUATED_BODY_WORDS = 45  # an unpunctuated line this long is body text anyway
RESUME_MIN_WORDS = 40  # a paragraph this long after a sidebar means the article resumes
SIDEBAR_HEADING_MAX_WORDS = 8  # "Read more on this topic" fits, a sentence does not
HEADLINE_ITEM_MIN_WORDS = 5  # list items this long without punctuation read as headlines
HEADLINE_LIST_SHARE = 0.6  # share of headline-like items that makes a list a link list
CAPTION_MAX_WORDS = 15
BYLINE_MAX_WORDS = 8
CREDIT_FRAGMENT_MAX_WORDS = 6
URL_LINE_MAX_WORDS = 15  # words besides the URL on a "Follow us: https://..." line
SCRIPT_MIN_LETTERS = 20  # too few letters to judge a line's script
SCRIPT_DECIDE_LETTERS = 80  # body letters needed before the body's script is trusted
SCRIPT_SAMPLE_LETTERS = 300  # the body's script is fixed from its first this-many letters
FOREIGN_SCRIPT_SHARE = 0.5
LABEL_CHARS = 60  # length of a snippet in a ``removed`` label
WRAP_MAX_LINE = 100  # hard-wrapped text keeps every line under this
WRAP_MIN_LINES = 4  # lines filled to the wrap width needed to call a page hard-wrapped
WRAP_SLACK = 20  # a line this close to the wrap width was cut by the wrapper, not by the author

KIND_TITLE = "title"
KIND_PARAGRAPH = "paragraph"
KIND_LIST_ITEM = "list_item"
KIND_HEADING = "heading"
KIND_AUTHOR = "author"  # a note on who wrote the article, after the body (knowledge.pages.authors)


@dataclass(frozen=True)
class Block:
    """A span of ``CleanedPage.text`` with what it is, so callers can treat lists apart.

    The title is kept out of ``text`` (it is ``CleanedPage.title``), so the cleaner itself does
    not emit "title" blocks; the kind is reserved for callers that add one.
    """

    start: int  # offset in CleanedPage.text
    end: int
    kind: str  # "title" | "paragraph" | "list_item" | "heading"


@dataclass(frozen=True)
class CleanedPage:
    """The article body of one page, plus what was thrown away (for debugging)."""

    title: str | None
    text: str  # the article body only
    blocks: tuple[Block, ...]
    removed: tuple[str, ...]  # short reasons/labels of what was dropped


# --------------------------------------------------------------------------- patterns

_MONTHS = rf"(?:{'|'.join(sorted(MONTH_NAMES, key=len, reverse=True))})\.?"
_WEEKDAY = rf"(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?)?"
_DATE = (
    rf"{_WEEKDAY}(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    rf"|{_DAY}\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+{_DAY},?\s+\d{{4}}"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}){_TIME}"
)
_DATE_LABEL = r"(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|last\s+updated|дата)"
# A page header holding the page's date: "date 2023-06-13 ...", "Date:2025-04-11 17:32:49".
_DATE_HEADER_RE = re.compile(rf"^(?:{_DATE_LABEL}\s*[:\-–]?\s*)?{_DATE}(?:\s*[|·•]\s*|\s+|$)", re.I)
_DATE_ONLY_RE = re.compile(rf"^(?:{_DATE_LABEL}\s*[:\-–]?\s*)?{_DATE}\s*\.?$", re.I)

_BULLET_RE = re.compile(r"^(?:[•·▪●◦‣∙*\-–—]|\d{1,2}[.)])\s+")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_WIDGET_RE = re.compile(r"^\S+!?\s*\(\d+\)$|^[\W\d_]+$")
_BREADCRUMB_RE = re.compile(r"^(?:current\s*:|you\s+are\s+here\s*:)|^home\s*(?:>|›|»|/|\|)\s*\S", re.I)
_CAPTION_START_RE = re.compile(
    r"^\(?(?:photo(?:s|graph)?|photo\s+credit|image|picture|illustration|credit|фото|ілюстрація|"
    r"світлина)\b\s*(?:credit)?\s*(?:[:/©-]|by\s)",
    re.I,
)
_CAPTION_INSIDE_RE = re.compile(r"[.!?”\"]\s*\(?(?:photo|фото)\s*:", re.I)
_AGENCY_CREDIT_RE = re.compile(r"getty\s+images|shutterstock|\bAFP\s+via\b", re.I)
_AGENCY_CREDIT_CASED_RE = re.compile(r"\bAP\s+Photo\b|\bREUTERS/|\bEPA-EFE\b")
_TRAILING_CREDIT_RE = re.compile(r"(?<=[.!?”\"])\s*\(?(?:photo|фото)\s*:\s*[^.!?]{1,60}\)?\s*$", re.I)
_READ_MORE_TAIL_RE = re.compile(
    r"(?:…|\.\.\.)?\s*(?:read\s+more|continue\s+reading|читати\s+(?:більше|далі)|читать\s+далее)"
    r"\s*(?:»|›|→)?$",
    re.I,
)
# "By Jane Doe", "Author: Jane Doe | Staff writer": short, names only (no digits).
_BYLINE_RE = re.compile(r"^(?i:by|written\s+by|reporting\s+by|author\s*:|автор\s*:)\s+[A-ZА-ЯІЇЄҐ][^\d]*$")
_SOURCE_TAG_RE = re.compile(r"^\((?:MENAFN|[A-Z]{2,})[^)]{0,40}\)\s*")

_CHROME_LINES = lexicon.words("chrome_lines")
_CHROME_PREFIXES = tuple(entry.casefold() for entry in lexicon.entries("chrome_prefixes"))
_FOOTER_MARKERS = tuple(entry.casefold() for entry in lexicon.entries("footer_markers"))
_SIDEBAR_HEADINGS = lexicon.words("sidebar_headings")
# Data in the lexicon (chrome_lines, chrome_prefixes, footer_markers, sidebar_headings, read_also_headings).
_READ_ALSO_HEADINGS = tuple(entry.casefold() for entry in lexicon.entries("read_also_headings"))
_READ_ALSO_PREFIX_RE = re.compile(rf"^(?:{lexicon.pattern('read_also_headings')}|related)\s*[:|\-–—]\s*\S", re.I)


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class _Unit:
    """A stripped, verbatim span of the raw page: one line, or a re-joined wrapped paragraph."""

    start: int
    end: int
    text: str
    blank_before: bool
    is_list_item: bool = False
    is_md_heading: bool = False


def _split_units(raw: str) -> list[_Unit]:
    """Split into stripped non-blank lines; spans index ``raw`` so text stays verbatim."""
    units: list[_Unit] = []
    pos = 0
    blank = True
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            units.append(_Unit(start, start + len(stripped), stripped, blank))
            blank = False
        else:
            blank = True
        pos += len(line)
    return [_mark_structure(u) for u in units]


def _mark_structure(unit: _Unit) -> _Unit:
    """Strip a bullet or markdown '#' marker off the span (the rest stays verbatim)."""
    for pattern, flag in ((_BULLET_RE, "is_list_item"), (_MD_HEADING_RE, "is_md_heading")):
        match = pattern.match(unit.text)
        if match and match.end() < len(unit.text):
            return replace(_shift(unit, match.end(), len(unit.text)), **{flag: True})
    return unit


def _shift(unit: _Unit, lo: int, hi: int) -> _Unit:
    """Narrow a unit to ``unit.text[lo:hi]`` (stripped), keeping raw offsets right."""
    piece = unit.text[lo:hi]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    start = unit.start + lo + lead
    return replace(unit, start=start, end=start + len(piece), text=piece)


def _wrap_width(units: Sequence[_Unit]) -> int | None:
    """The column a hard-wrapped page was cut at, or None when lines are whole paragraphs."""
    if len(units) < WRAP_MIN_LINES:
        return None
    width = max(u.end - u.start for u in units)
    if width > WRAP_MAX_LINE:
        return None
    cut = sum(
        1
        for unit, nxt in pairwise(units)
        if unit.end - unit.start >= width - WRAP_SLACK and not nxt.blank_before
    )
    return width if cut >= WRAP_MIN_LINES else None


def _merge_wrapped(raw: str, units: list[_Unit]) -> list[_Unit]:
    """Re-join hard-wrapped paragraph lines into one unit (the span keeps the raw newlines)."""
    width = _wrap_width(units)
    if width is None:
        return units
    merged: list[_Unit] = []
    for unit in units:
        prev = merged[-1] if merged else None
        if prev is not None and _continues(prev, unit, width):
            merged[-1] = replace(prev, end=unit.end, text=raw[prev.start : unit.end])
        else:
            merged.append(unit)
    return merged


def _continues(prev: _Unit, unit: _Unit, width: int) -> bool:
    """A line continues the previous one when that one was cut at the wrap width mid-sentence."""
    last_line = prev.text.rsplit("\n", 1)[-1]
    # A short line still continues when the next one starts in lower case: "...it had set" / "up a joint".
    starts_lower = unit.text[:1].islower()
    return (
        not unit.blank_before
        and not (unit.is_list_item or unit.is_md_heading or prev.is_md_heading)
        and (len(last_line) >= width - WRAP_SLACK or starts_lower)
        and not _ends_sentence(prev.text)
    )


# --------------------------------------------------------------------------- line tests


def _words(text: str) -> int:
    return len(text.split())


def _norm(text: str) -> str:
    """Lower-case, collapse spaces and drop edge punctuation, for matching labels."""
    return re.sub(r"\s+", " ", text).strip(" \t:.-–—|»›>").lower()


def _ends_sentence(text: str) -> bool:
    """True for lines that end like prose (. ! ? : … or a closing quote)."""
    if text.endswith(("”", '"', "»")):
        return True
    core = text.rstrip("\"”’')]» ")
    return core.endswith((".", "!", "?", ":", "…"))


def _script_counts(text: str) -> tuple[int, int]:
    """(Latin, Cyrillic) letter counts."""
    cyr = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return lat, cyr


def _dominant_script(text: str) -> str | None:
    lat, cyr = _script_counts(text)
    if lat + cyr < SCRIPT_MIN_LETTERS:
        return None
    return "cyrillic" if cyr > lat else "latin"


def _is_foreign(text: str, body_script: str | None) -> bool:
    """True when a line is mostly in the other script than the article body."""
    if body_script is None:
        return False
    lat, cyr = _script_counts(text)
    if lat + cyr < SCRIPT_MIN_LETTERS:
        return False
    other = cyr if body_script == "latin" else lat
    return other / (lat + cyr) > FOREIGN_SCRIPT_SHARE


def _is_caption(text: str) -> bool:
    """Photo credits and captions: 'Photo: X', 'Name. Photo: Agency', 'Getty Images'."""
    if _words(text) > CAPTION_MAX_WORDS:
        return False
    return bool(
        _CAPTION_START_RE.match(text)
        or _CAPTION_INSIDE_RE.search(text)
        or _AGENCY_CREDIT_RE.search(text)
        or _AGENCY_CREDIT_CASED_RE.search(text)
    )


def _is_byline(text: str) -> bool:
    """'By Jane Doe | Staff writer' (but not 'By Friday, the deal was done.')."""
    return _words(text) <= BYLINE_MAX_WORDS and not _ends_sentence(text) and bool(_BYLINE_RE.match(text))


def _is_url_line(text: str) -> bool:
    """Bare URLs and 'Follow our coverage: https://...' lines."""
    if not _URL_RE.search(text):
        return False
    return _words(_URL_RE.sub(" ", text)) < URL_LINE_MAX_WORDS


def _boilerplate_reason(text: str) -> str | None:
    """Why a line is page furniture wherever it appears, or None if it may be body."""
    norm = _norm(text)
    checks: Iterable[tuple[bool, str]] = (
        (norm in _CHROME_LINES, "chrome"),
        (norm.startswith(_CHROME_PREFIXES), "chrome"),
        (bool(_BREADCRUMB_RE.match(text)), "breadcrumb"),
        (_is_byline(text), "byline"),
        (_is_caption(text), "caption"),
        (_is_url_line(text), "url"),
        (bool(_WIDGET_RE.match(text)), "widget"),
        (bool(_DATE_ONLY_RE.match(text)), "date line"),
        (bool(_READ_MORE_TAIL_RE.search(text)), "read-more teaser"),
        (bool(_READ_ALSO_PREFIX_RE.match(text)), "read-also teaser"),
    )
    return next((reason for hit, reason in checks if hit), None)


def _is_footer_marker(text: str) -> bool:
    return _norm(text).startswith(_FOOTER_MARKERS)


def _sidebar_kind(unit: _Unit) -> str | None:
    """'sidebar' for end-of-article link lists, 'read-also' for inline ones, else None."""
    if unit.is_list_item or _words(unit.text) > SIDEBAR_HEADING_MAX_WORDS:
        return None
    norm = _norm(unit.text)
    if norm in _SIDEBAR_HEADINGS or norm.startswith("more from "):
        return "sidebar"
    if norm.startswith(_READ_ALSO_HEADINGS) and not _READ_ALSO_PREFIX_RE.match(unit.text):
        return "read-also"
    return None


def _is_body_like(text: str) -> bool:
    """A line that reads as article prose rather than a headline or a label."""
    words = _words(text)
    return (words >= BODY_MIN_WORDS and _ends_sentence(text)) or words >= UNPUNCTUATED_BODY_WORDS


def _resumes_article(unit: _Unit, body_script: str | None) -> bool:
    """A long, complete, same-language paragraph after a sidebar: the article goes on."""
    text = unit.text
    return (
        not unit.is_list_item
        and _words(text) >= RESUME_MIN_WORDS
        and _ends_sentence(text)
        and "…" not in text
        and "..." not in text
        and not _is_foreign(text, body_script)
    )


def _is_headline_list(items: Sequence[_Unit]) -> bool:
    """Lists of other stories' headlines: mostly long-ish items with no punctuation."""
    headline_like = sum(
        1
        for item in items
        if _words(item.text) >= HEADLINE_ITEM_MIN_WORDS
        and not item.text.endswith((",", ";", "."))
        and not _ends_sentence(item.text)
    )
    return headline_like >= HEADLINE_LIST_SHARE * len(items)


def _label(reason: str, text: str) -> str:
    snippet = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
    return f"{reason}: {snippet}"


# --------------------------------------------------------------------------- the walk


@dataclass
class _Walk:
    """Mutable state of one pass over a page's units."""

    units: list[_Unit]
    title_hint: str | None
    title: str | None = None
    kept: list[tuple[_Unit, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    body_script: str | None = None
    script_fixed: bool = False
    mode: str = "body"  # "body" | "sidebar" | "read-also"

    def drop(self, reason: str, unit: _Unit) -> None:
        self.removed.append(_label(reason, unit.text))

    def keep(self, unit: _Unit, kind: str) -> None:
        self.kept.append((unit, kind))
        if not self.script_fixed:
            self._update_script()

    def _update_script(self) -> None:
        """Judge the body's script from its first lines, so later sidebars can be told apart."""
        sample = " ".join(u.text for u, _ in self.kept)
        letters = sum(_script_counts(sample))
        if letters >= SCRIPT_DECIDE_LETTERS:
            self.body_script = _dominant_script(sample)
        self.script_fixed = letters >= SCRIPT_SAMPLE_LETTERS

    def last_kept(self) -> tuple[_Unit, str] | None:
        return self.kept[-1] if self.kept else None


def _scrub_line(unit: _Unit) -> tuple[_Unit | None, str | None]:
    """Drop a boilerplate line, or strip a trailing photo credit off a longer one."""
    reason = _boilerplate_reason(unit.text)
    if reason:
        return None, reason
    credit = _TRAILING_CREDIT_RE.search(unit.text)
    if credit and _words(credit.group()) <= CREDIT_FRAGMENT_MAX_WORDS + 1:
        return _shift(unit, 0, credit.start()), None
    return unit, None


def _split_date_header(unit: _Unit) -> tuple[_Unit | None, bool]:
    """Strip a leading page-date header; return the rest (None if nothing is left) and a hit flag."""
    match = _DATE_HEADER_RE.match(unit.text)
    if not match:
        return unit, False
    rest = _shift(unit, match.end(), len(unit.text))
    if not rest.text or _is_caption(rest.text):
        return None, True
    return rest, True


def _read_header(walk: _Walk) -> int:
    """Consume lines before the body: pick the title, drop dates and chrome; return body index."""
    for index, unit in enumerate(walk.units):
        current, reason = _scrub_line(unit)
        if current is None:
            walk.drop(reason or "header", unit)
            continue
        current, dated = _split_date_header(current)
        if dated:
            walk.drop("date header", unit)
        if current is None:
            continue
        if walk.title is None and _sidebar_kind(current) is None and _is_title(current, walk.title_hint):
            walk.title = current.text
            if _is_standfirst(current.text):  # a headline written as a long sentence states facts too
                walk.units[index] = current
                return index
            walk.drop("title", current)
            continue
        if _is_body_like(current.text) and not current.is_list_item:  # lists up here are menus
            walk.units[index] = current
            return index
        if not dated:
            walk.drop("header", current)
    return len(walk.units)


def _is_standfirst(text: str) -> bool:
    """A full sentence longer than a teaser, taken for the headline: "Staff writer Ann Lee posted to Twitter
    asking whether ...". It is kept as the title and read as the first paragraph as well."""
    return _ends_sentence(text) and _words(text) > TEASER_MAX_WORDS


def _is_title(unit: _Unit, hint: str | None) -> bool:
    """A headline: the page's known title, or a short line with no final period."""
    text = unit.text
    if hint and _norm(text) == _norm(hint):
        return True
    if unit.is_list_item or _words(text) > TITLE_MAX_WORDS:
        return False
    return not _ends_sentence(text) or (text.endswith(("?", "!")) and _words(text) <= TEASER_MAX_WORDS)


def _list_run(units: Sequence[_Unit], start: int) -> int:
    """Index just past the run of list items starting at ``start``."""
    end = start
    while end < len(units) and units[end].is_list_item:
        end += 1
    return end


def _walk_body(walk: _Walk, start: int) -> None:
    """Walk the body: keep prose and body lists, drop teasers, sidebars and footers."""
    index = start
    units = walk.units
    while index < len(units):
        sidebar = _sidebar_kind(units[index])
        if sidebar:
            walk.mode = sidebar
            walk.drop(f"{sidebar} heading", units[index])
            index += 1
            continue
        unit, reason = _scrub_line(units[index])
        if unit is None:
            walk.drop(reason or "boilerplate", units[index])
            if walk.kept and _is_footer_marker(units[index].text):
                walk.mode = "sidebar"
            index += 1
            continue
        units[index] = unit
        index = _step(walk, index)


def _step(walk: _Walk, index: int) -> int:
    """Handle the unit at ``index``; return the index of the next unit to look at."""
    unit = walk.units[index]
    if _is_foreign(unit.text, walk.body_script):
        walk.drop("other language", unit)
        return index + 1
    if walk.mode == "sidebar" and not _resumes_article(unit, walk.body_script):
        walk.drop("sidebar", unit)
        return index + 1
    if walk.mode == "read-also" and not (_is_body_like(unit.text) and not unit.is_list_item):
        walk.drop("read-also item", unit)
        return index + 1
    walk.mode = "body"
    if unit.is_list_item:
        return _take_list(walk, index, intro_ok=_list_is_introduced(walk))
    return _take_line(walk, index)


def _list_is_introduced(walk: _Walk) -> bool:
    """Body lists follow a line ending with ':' (or a heading we kept)."""
    last = walk.last_kept()
    if last is None:
        return False
    unit, kind = last
    return kind == KIND_HEADING or (kind == KIND_PARAGRAPH and unit.text.rstrip().endswith(":"))


def _take_list(walk: _Walk, index: int, *, intro_ok: bool) -> int:
    """Keep a run of list items if it belongs to the body, else drop it as a link list."""
    end = _list_run(walk.units, index)
    items = walk.units[index:end]
    scrubbed = [_scrub_line(item)[0] for item in items]
    present = [item for item in scrubbed if item is not None]
    keep = bool(present) and (intro_ok or (len(present) > 1 and not _is_headline_list(present)))
    for original, item in zip(items, scrubbed, strict=True):
        if keep and item is not None and not _is_foreign(item.text, walk.body_script):
            walk.keep(item, KIND_LIST_ITEM)
        else:
            walk.drop("link list" if item is not None else "boilerplate", original)
    return end


def _in_unmarked_list(walk: _Walk) -> bool:
    """Whether the last kept line opened a list (ends with ':') or was an item of one."""
    last = walk.last_kept()
    if last is None:
        return False
    unit, kind = last
    return kind == KIND_LIST_ITEM or (kind == KIND_PARAGRAPH and unit.text.rstrip().endswith(":"))


def _take_line(walk: _Walk, index: int) -> int:
    """Keep a paragraph or heading; drop short unpunctuated teaser lines."""
    unit = walk.units[index]
    nxt = walk.units[index + 1] if index + 1 < len(walk.units) else None
    followed_by_list = nxt is not None and nxt.is_list_item
    if unit.is_md_heading:
        walk.keep(unit, KIND_HEADING)
        return index + 1
    if _words(unit.text) < TEASER_MAX_WORDS and not _ends_sentence(unit.text):
        if _in_unmarked_list(walk):
            # "Enterprises produced:" then "more than 1.5 million drones" on lines of their own, no bullets.
            walk.keep(unit, KIND_LIST_ITEM)
            return index + 1
        if followed_by_list and nxt is not None:
            items = walk.units[index + 1 : _list_run(walk.units, index + 1)]
            if not _is_headline_list(items):
                walk.keep(unit, KIND_HEADING)
                return index + 1
            walk.drop("link list heading", unit)
            return _take_list(walk, index + 1, intro_ok=False)
        walk.drop("teaser", unit)
        return index + 1
    walk.keep(unit, KIND_PARAGRAPH)
    return index + 1


# --------------------------------------------------------------------------- assembly


def _assemble(walk: _Walk, raw: str) -> CleanedPage:
    """Join kept spans with blank lines and record each block's offsets."""
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for unit, kind in walk.kept:
        if parts:
            offset += len(BLOCK_SEPARATOR)
        piece = raw[unit.start : unit.end]
        parts.append(piece)
        blocks.append(Block(offset, offset + len(piece), kind))
        offset += len(piece)
    text = BLOCK_SEPARATOR.join(parts)
    title = walk.title or _fallback_title(text)
    return CleanedPage(title=title, text=text, blocks=tuple(blocks), removed=tuple(walk.removed))


def with_author_notes(page: CleanedPage, notes: Sequence[str]) -> CleanedPage:
    """The page with its author notes after the body, one block each, so the article's people include
    who wrote it ("Dan is the Security Editor at Ars Technica"); a note the body holds already is skipped."""
    text, blocks = page.text, list(page.blocks)
    for name, note in itertools.pairwise(notes):
        # the body kept the box as "Dan Goodin / Dan is the Security Editor": its name and note are two
        # paragraphs (the slash and its spaces become a paragraph break of the same length)
        text = text.replace(f"{name} / {note}", f"{name}\n \n{note}")
    for note in notes:
        if note in text:
            continue
        start = len(text) + len(BLOCK_SEPARATOR)
        text = f"{text}{BLOCK_SEPARATOR}{note}"
        blocks.append(Block(start, start + len(note), KIND_AUTHOR))
    return replace(page, text=text, blocks=tuple(blocks))


def _fallback_title(text: str) -> str | None:
    """First sentence of the body, minus a wire-service tag, cut for display."""
    first = text.split(BLOCK_SEPARATOR, 1)[0]
    first = _SOURCE_TAG_RE.sub("", first).strip()
    if not first:
        return None
    sentences = list(split_block(first, 0, len(first)))  # the splitter knows "U.S." and "Mr." end nothing
    sentence = sentences[0].text if sentences else first
    if len(sentence) <= TITLE_FALLBACK_CHARS:
        return sentence
    return sentence[: TITLE_FALLBACK_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _clean(raw: str, title_hint: str | None, *, rewrap: bool = True) -> CleanedPage:
    units = _split_units(raw)
    if rewrap:
        units = _merge_wrapped(raw, units)
    walk = _Walk(units=units, title_hint=title_hint)
    body_start = _read_header(walk)
    _walk_body(walk, body_start)
    return _assemble(walk, raw)


def clean_text(raw: str, *, file_name: str | None = None) -> CleanedPage:
    """Clean a plain-text (.txt/.md) page; every block is a verbatim slice of ``raw``.

    ``file_name`` is accepted for symmetry and logging; the rules do not depend on it
    (markdown '#' headings are recognised in any file).
    """
    del file_name
    return _clean(raw, title_hint=None)


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "iframe",
        "select",
        "figure",
        "figcaption",
    }
)
_BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td"})
KICKER_WORDS = 2
_VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col"})
_SKIP_ATTR_RE = re.compile(
    r"comment|sidebar|related|share|social|cookie|menu|breadcrumb|newsletter|advert|promo|footer|"
    r"navbar|subscribe",
    re.I,
)


class _FallbackExtractor(HTMLParser):
    """Stdlib extractor used when trafilatura is unavailable or finds nothing.

    It keeps text of p/li/h*/blockquote outside nav/header/footer/aside/comment containers, and
    remembers <title> and the first <h1> for the page title.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.page_title: str | None = None
        self.h1: str | None = None
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._buffer: list[str] = []
        self._in_title = False
        self._title_parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            return
        marker = " ".join(value or "" for name, value in attrs if name in ("class", "id"))
        skipped = tag in _SKIP_TAGS or bool(_SKIP_ATTR_RE.search(marker))
        self._stack.append((tag, skipped))
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """ "<img ... />", "<br/>": a void tag opens and closes nothing (HTMLParser would call the end-tag
        handler, which would close every open block up the stack and lose the paragraph's text)."""
        if tag not in _VOID_TAGS:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return  # "</br>": nothing was opened
        if tag == "title":
            self._in_title = False
            self.page_title = " ".join("".join(self._title_parts).split()) or None
        if tag in _BLOCK_TAGS:
            self._flush(tag)
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        elif not self._skipping() and any(tag in _BLOCK_TAGS for tag, _ in self._stack):
            self._buffer.append(data)

    def _flush(self, tag: str | None = None) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if not text:
            return
        if tag == "h1" and self.h1 is None:
            self.h1 = text
        self.paragraphs.append(f"- {text}" if tag == "li" else text)


def _fallback_extract(raw_html: str) -> _FallbackExtractor:
    parser = _FallbackExtractor()
    parser.feed(raw_html)
    parser.close()
    return parser


def _trafilatura_extract(raw_html: str) -> tuple[str | None, str | None]:
    """(text, title) from trafilatura, or (None, None) if it is missing or finds nothing."""
    try:
        import trafilatura
    except ImportError:  # e.g. lxml without lxml_html_clean: fall back to the stdlib parser
        return None, None
    try:
        doc = trafilatura.bare_extraction(
            raw_html, include_comments=False, include_tables=False, with_metadata=True
        )
    except Exception:  # trafilatura raises assorted errors on broken markup; never crash ingest
        return None, None
    if doc is None:
        return None, None
    text = getattr(doc, "text", None) if not isinstance(doc, dict) else doc.get("text")
    title = getattr(doc, "title", None) if not isinstance(doc, dict) else doc.get("title")
    return (text or None), (title or None)


def clean_html(raw_html: str, *, file_name: str | None = None) -> CleanedPage:
    """Clean an HTML page: trafilatura finds the body, then the plain-text rules trim it.

    ``text`` is verbatim relative to the extracted text (not to the HTML markup).
    """
    del file_name
    fallback = _fallback_extract(raw_html)
    text, meta_title = _trafilatura_extract(raw_html)
    if not text:
        text = "\n".join(fallback.paragraphs)
    title = meta_title or fallback.h1 or fallback.page_title
    page = _clean(text, title_hint=title, rewrap=False)  # trafilatura already gives paragraphs
    title = title or page.title
    if _is_kicker(title):  # "EXCLUSIVE" above the story: the story's first sentence says what it is
        title = _fallback_title(page.text) or title
    return replace(page, title=title)


def _is_kicker(title: str | None) -> bool:
    """A label in capitals above a story ("EXCLUSIVE", "BREAKING NEWS"), not a headline."""
    return bool(title) and len(title.split()) <= KICKER_WORDS and title.isupper()
