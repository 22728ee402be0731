"""Author notes: the box under or beside an article that says who wrote it ("Dan Goodin / Dan is the Security
Editor at Ars Technica, which he joined in 2012"; "Alexia Tsotsis currently works for TechCrunch as a writer").

The cleaner drops these boxes with the rest of the page's chrome, but they are the page's own
statement about a person, so they come back as notes after the article body (block kind "author")
for the people step to read. A note is the visible text of the innermost element inside a box marked
as an author's (class or id naming an author or a bio, never a comment's author) that opens with a
full name and a verb saying what the person is or does, a few dozen words long; what follows its last
full stop (links such as "Show all articles") is left out.
"""

from __future__ import annotations

import re

from lxml import etree

from knowledge import lexicon

AUTHOR_BOX_RE = re.compile(r"author|\bbio\b|contributor", re.I)
NOT_AUTHOR_BOX_RE = re.compile(r"comment|reply|form", re.I)
# A full name, then within a few words a verb that describes: "Alexia Tsotsis currently works for ...".
DESCRIPTION_RE = re.compile(r"[A-Z][\w'’-]+\s+(?:[A-Z][\w'’-]+\s+){0,2}(?:\S+\s+){0,4}?"
                            r"(?:is|was|works|writes|covers|joined|has\s+been|serves)\b")
OPENING_WORDS = 12  # the description starts this early in the note
MIN_WORDS = 6
MAX_WORDS = 90
MAX_NOTES = 2


def author_notes(tree: etree._Element | None) -> list[str]:
    """The text of the page's author boxes that describe someone, in page order (``tree``: the page parsed by
    :func:`~knowledge.pages.htmlheader.parse_html`, which the page date reads too)."""
    if tree is None:
        return []
    notes: list[str] = []
    for box in tree.iter():
        if not isinstance(box.tag, str):
            continue
        if box.tag == "p" and (line := _tagline(box)) is not None:
            notes.append(line)
            continue
        if not _is_author_box(box) or _inside_author_box(box):
            continue
        described = [text for element in box.iter() if isinstance(element.tag, str)
                     and (text := _description(element))]
        if described:
            note = min(described, key=len)  # the innermost element that still holds the whole description
            notes.extend(part for part in _name_apart(note) if part not in notes)
    return notes[:MAX_NOTES]


# "Dan Goodin / Dan is the Security Editor": the box's name, then the note that calls them by first name.
NAME_THEN_NOTE_RE = re.compile(r"^(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s+[/|]\s+(?P<note>[A-Z].+)$")
# "LAURIE OAKES IS THE NINE NETWORK POLITICAL EDITOR", "Jane Roe is a freelance writer in Ohio.": the
# emphasised line closing an article that says who wrote it.
TAGLINE_RE = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s+(?:is|IS)\s+(?:an?|the|AN?|THE)\s+\S")
TAGLINE_MAX_WORDS = 25
EMPHASIS_TAGS = frozenset({"b", "strong", "em", "i"})


def _name_apart(note: str) -> list[str]:
    """A note whose name stands apart from its description, as two notes: the name, then the description
    (the people step reads "Dan is ..." as the Dan just named)."""
    m = NAME_THEN_NOTE_RE.match(note)
    return [m["name"], m["note"]] if m else [note]


def _tagline(paragraph: etree._Element) -> str | None:
    """A short paragraph, in capitals or wholly emphasised, that says who the author is; a line in capitals
    is given in title case so that its name reads as a name."""
    text = " ".join("".join(paragraph.itertext()).split())
    if not text or len(text.split()) > TAGLINE_MAX_WORDS:
        return None
    emphasised = any(isinstance(child.tag, str) and child.tag in EMPHASIS_TAGS
                     and " ".join("".join(child.itertext()).split()) == text for child in paragraph)
    capitals = text.isupper()
    if not (emphasised or capitals) or not TAGLINE_RE.match(text):
        return None
    if capitals:
        words = text.title().split()
        lower = lexicon.words("title_case_lower_words")
        text = " ".join([words[0], *(w.lower() if w.lower() in lower else w for w in words[1:])])
    return text  # as written (no full stop added): a snippet must be found in the page


def _is_author_box(element: etree._Element) -> bool:
    marker = " ".join(element.get(name) or "" for name in ("class", "id"))
    return bool(AUTHOR_BOX_RE.search(marker)) and not NOT_AUTHOR_BOX_RE.search(marker)


def _inside_author_box(element: etree._Element) -> bool:
    return any(isinstance(a.tag, str) and _is_author_box(a) for a in element.iterancestors())


def _description(element: etree._Element) -> str | None:
    """The element's visible text, up to its last full stop, when it opens by describing a person."""
    text = " ".join("".join(element.itertext()).split())
    stop = text.rfind(".")
    if stop > 0:
        text = text[:stop + 1]
    words = text.split()
    match = DESCRIPTION_RE.search(text)
    if match is None or len(text[:match.start()].split()) > OPENING_WORDS or not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    return text[match.start():]
