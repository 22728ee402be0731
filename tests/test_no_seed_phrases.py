"""The code must not know the seed articles: no phrase of theirs may be special-cased in it.

A rule written for one sentence of a seed ("the first batch" is not a party) passes the seed questions
and nothing else. This test reads every string in the code (docstrings included, so examples are
invented rather than copied) and fails on a run of words taken from ``seeds/``: three words where one
of them is a name the seeds use (a word they only write capitalised), or four words where at least
two are not function words. Word lists in the lexicon are data about English, not about the seeds,
and are not read here.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from knowledge import lexicon

ROOT = Path(__file__).resolve().parent.parent
CODE_PACKAGES = ("knowledge", "bot", "handlers")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    folded = [w.casefold() for w in words]
    return {tuple(folded[i : i + n]) for i in range(len(folded) - n + 1)}


def _seed_texts() -> tuple[str, ...]:
    return tuple(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "seeds").iterdir()) if p.is_file()
    )


def _code_strings() -> list[tuple[str, int, str]]:
    found = []
    for package in CODE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    return found


@cache
def _seed_grams(seeds: tuple[str, ...]) -> tuple[frozenset[str], set[tuple[str, ...]], set[tuple[str, ...]]]:
    """Names the seeds use, and their runs of three and four words."""
    seed_words = [_words(seed) for seed in seeds]
    lower = {w.casefold() for words in seed_words for w in words if w[0].islower()}
    names = {w.casefold() for words in seed_words for w in words if w[0].isupper()} - lower
    trigrams = set().union(*(_grams(words, 3) for words in seed_words))
    fourgrams = set().union(*(_grams(words, 4) for words in seed_words))
    return frozenset(names), trigrams, fourgrams


def seed_phrases_in(text: str, seeds: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The runs of words ``text`` shares with the seeds that would betray a special case."""
    names, trigrams, fourgrams = _seed_grams(seeds)
    function_words = lexicon.words("function_words")
    words = _words(text)
    hits = {gram for gram in _grams(words, 3) & trigrams if set(gram) & names}
    hits |= {gram for gram in _grams(words, 4) & fourgrams if sum(w not in function_words for w in gram) >= 2}
    return hits


def test_the_detector_finds_a_copied_seed_phrase_and_ignores_plain_english() -> None:
    seeds = ("Foreign Minister Jane Roe visited Acmeville on Monday, the ministry said in a statement.",)
    assert seed_phrases_in("skip 'minister jane roe' as a party", seeds)
    assert seed_phrases_in("if phrase == 'visited acmeville on monday':", seeds)
    assert not seed_phrases_in("the ministry said on Monday", seeds)  # plain English, no name of the seeds
    assert not seed_phrases_in("Foreign Minister Ann Lee", seeds)


@pytest.mark.parametrize("package", CODE_PACKAGES)
def test_no_string_in_the_code_copies_a_seed_phrase(package: str) -> None:
    seeds = _seed_texts()
    offenders = [
        f"{path}:{line}: {' '.join(sorted(hits)[0])!r}"
        for path, line, value in _code_strings()
        if path.startswith(package) and (hits := seed_phrases_in(value, seeds))
    ]
    assert not offenders, "seed phrases in the code (invent the example, or make it lexicon data):\n" + "\n".join(
        offenders
    )
