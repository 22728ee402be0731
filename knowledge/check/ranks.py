"""A rank in a numbered list: "X ranked fifth" against "The rankings were: 1. Finland 2. Norway ... 10. X".

News prints a ranking as a run of numbered names. A passage is read as one only when it names a ranking
("rank", "ranking", "ranked", lexicon-free: the word's stem) and holds at least ``MIN_ITEMS`` items
numbered one after another from 1; the claim's name must be one item whole. Then the claimed place is
said when it is the item's number, and contradicted when it is another ("last" is the list's last).
"""

from __future__ import annotations

import re

from knowledge import lexicon
from knowledge.text.names import fold

MIN_ITEMS = 3
_WORD = r"[A-Z][\w.'’&-]*"
_NAME = rf"{_WORD}(?:\s+(?:of\s+|&\s+)?{_WORD}){{0,4}}"
CLAIM_RE = re.compile(rf"^(?:the\s+)?(?P<name>{_NAME})\s+(?:was\s+|is\s+)?(?:ranked|ranks|placed|came|finished)\s+"
                      r"(?:(?:at\s+)?(?:No\.\s*|number\s+)(?P<number>\d{1,2})|(?P<ordinal>\d{1,2})(?:st|nd|rd|th)"
                      r"|(?P<word>[a-z]+))\b", re.I)
ITEM_RE = re.compile(rf"(?<![\w.])(?P<number>\d{{1,2}})\.\s+(?P<name>{_NAME}?)(?=\s+\d{{1,2}}\.\s|\s*[,;]|\s*$|\.\s)")
RANKING_RE = re.compile(r"\brank", re.I)


def claimed_rank(claim: str) -> tuple[str, int] | None:
    """(name, place) of "X ranked fifth", "X came 2nd", "X is ranked No. 3"; -1 for "last"."""
    m = CLAIM_RE.match(claim.strip())
    if m is None:
        return None
    if m["number"] or m["ordinal"]:
        return m["name"], int(m["number"] or m["ordinal"])
    place = lexicon.table("ordinal_words").get(m["word"].casefold())
    return (m["name"], int(place)) if place else None


def stated_rank(name: str, text: str) -> tuple[int, int] | None:
    """(place, items) of ``name`` in a numbered ranking the passage prints, or None."""
    if not RANKING_RE.search(text):
        return None
    items = [(int(m["number"]), m["name"].strip()) for m in ITEM_RE.finditer(text)]
    numbers = [n for n, _ in items]
    if len(items) < MIN_ITEMS or numbers != list(range(1, len(items) + 1)):
        return None  # not a list numbered 1, 2, 3, ...
    wanted = fold(re.sub(r"^the\s+", "", name, flags=re.I))
    for number, item in items:
        if fold(item) == wanted:
            return number, len(items)
    return None
