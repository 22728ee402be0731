"""The lexicon: word lists as data, one file per concept, each used by the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge import lexicon

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "knowledge" / "lexicon" / "data"
CODE = [p for folder in ("knowledge", "handlers", "bot") for p in (ROOT / folder).rglob("*.py")]


def test_every_list_is_read_by_the_code():
    source = "\n".join(p.read_text(encoding="utf-8") for p in CODE)
    unused = [f.stem for f in DATA.iterdir() if not re.search(rf"[\"']{re.escape(f.stem)}[\"']", source)]
    assert unused == []


@pytest.mark.parametrize("path", sorted(DATA.glob("*.txt")), ids=lambda p: p.stem)
def test_no_entry_is_listed_twice_in_one_list(path: Path):
    folded = [e.casefold() for e in lexicon.entries(path.stem)]
    lines = [ln.strip().casefold() for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert len(lines) == len(folded)


def test_a_pattern_matches_phrases_across_white_space_longest_first():
    regex = re.compile(r"\b" + lexicon.pattern("intent_frames") + r"\b", re.I)
    assert regex.match("due").group(0) == "due"


def test_an_unknown_list_is_an_error():
    with pytest.raises(KeyError):
        lexicon.words("no_such_list")
