"""The lexicon: every word list factdesk uses, as data files in ``data/``, one file per concept.

Extraction, ``/check`` and the query side read the same lists from here, so a title, a speech verb
or a deal word added once is known everywhere (spaCy keeps its stop words and tokenizer exceptions
apart from code in the same way; textacy keeps ``REPORTING_VERBS`` in one constants module).

File formats (UTF-8, ``#`` starts a comment line, blank lines are ignored):

- ``<name>.txt`` — one entry per line; an entry may be a phrase of several words.
- ``<name>.tsv`` — ``key<TAB>value`` per line: a mapping (a country and its adjective, a verb and
  the deal status it implies); :func:`aliases` reads a value as a comma-separated list of names.

Entries are kept as written; :func:`words` folds them to lower case for membership tests, and
:func:`pattern` builds a regular-expression alternation (longest entry first, any white space
between the words of a phrase) so that regexes are made from the lists rather than spelled out.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

__all__ = ["aliases", "entries", "pattern", "table", "words"]


def _lines(file_name: str) -> list[str]:
    data = resources.files(__name__).joinpath("data", file_name)
    if not data.is_file():
        raise KeyError(f"the lexicon has no list {file_name!r}")
    lines = []
    for raw in data.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>.txt`` as written, in file order, without duplicates."""
    return tuple(dict.fromkeys(_lines(f"{name}.txt")))


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``data/<name>.txt``, lower-cased: for ``token.lower_ in words("speech_verbs")``."""
    return frozenset(entry.casefold() for entry in entries(name))


@cache
def table(name: str) -> dict[str, str]:
    """The mapping in ``data/<name>.tsv``; keys lower-cased, values as written."""
    mapping: dict[str, str] = {}
    for line in _lines(f"{name}.tsv"):
        key, sep, value = line.partition("\t")
        if not sep:
            raise ValueError(f"lexicon table {name!r}: no tab in line {line!r}")
        mapping[key.strip().casefold()] = value.strip()
    return mapping


@cache
def pattern(name: str) -> str:
    """A non-capturing regex alternation of the entries of ``data/<name>.txt``, longest first.

    Words of a phrase match across any white space; the caller adds word boundaries and flags.
    """
    ordered = sorted(entries(name), key=lambda e: (-len(e), e))
    alternatives = [r"\s+".join(re.escape(part) for part in entry.split()) for entry in ordered]
    return "(?:" + "|".join(alternatives) + ")"


@cache
def aliases(name: str) -> dict[str, tuple[str, ...]]:
    """The mapping in ``data/<name>.tsv`` whose values are comma-separated names: key -> its other names."""
    return {key: tuple(part.strip() for part in value.split(",") if part.strip()) for key, value in table(name).items()}
