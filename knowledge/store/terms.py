"""Lookup terms: the keys under which entities and roles are indexed, so a question finds them by id.

A tolerant name lookup ("chernyshow", "Чернишов", "ingrid solbreg") cannot be a text scan at 100k
articles, so every alias is written down at ingest under a few exact keys, and a query asks for
the keys *it* yields. Term namespaces:

* ``p:<word key>`` — each word of a person's alias by :func:`~knowledge.text.names.name_key`
  (both transliterations of Cyrillic), plus every one-letter deletion of words of four letters or
  more. Two words one edit apart (a typo, a dropped or swapped letter) share a deletion, so the
  query's keys meet the alias's (the symmetric-deletion method of SymSpell).
* ``o:``, ``ok:``, ``oa:``, ``oc:``, ``od:``, ``ox:`` — an organisation's folded words, its
  :func:`~knowledge.text.names.org_key`, its acronym, the country or bloc it names, the nation
  whose adjective it starts with ("Canadian government"), and one-letter deletions of long
  single-word names (Gazexport / Gasexport).
* role terms (:func:`role_terms`) — a role's folded words, with their singular and spelling-
  normalised forms ("Chairmen of the Board" -> chairmen, chairman, chair, board).

The careful comparison (:func:`~knowledge.text.names.match_score`, party and role matching) runs
afterwards on the few candidates the keys give. Keys are derived data: a change to the rules here
needs a migration that rebuilds them (:func:`knowledge.store.terms_index.rebuild_terms`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.text.countries import COUNTRY_ALIASES, DEMONYMS
from knowledge.text.names import ROLE_SPELLINGS, acronym, fold, initials, name_key, normalise_role, org_key
from knowledge.text.translit import has_cyrillic, russian_to_latin

MIN_DELETION_WORD = 4  # shorter words are matched exactly: one edit in them usually makes another name
MIN_ORG_DELETION_WORD = 7  # single-word organisation names tolerated one edit apart (Naftogaz / Naftogas)
ROLE_PREFIX_CHARS = 6  # "/who head of Ukroboronprom" asks for roles with a word starting "ukrobo"
_ROLE_WORD_RE = re.compile(r"[^\w'\-]+")
PARTY_STOPWORDS = frozenset({"of", "the", "and", "for", "&"})
_COUNTRY_GROUP = {fold(name).replace("-", " "): group[0] for group in COUNTRY_ALIASES for name in group}
_DEMONYM_VALUES = frozenset(DEMONYMS.values())


def deletions(word: str) -> set[str]:
    """The word and every string one letter shorter (for words of MIN_DELETION_WORD letters or more)."""
    if len(word) < MIN_DELETION_WORD:
        return {word}
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


# --- people ------------------------------------------------------------------------------------


def _latin_forms(text: str) -> list[str]:
    """Cyrillic has two usual Latin spellings (Ukrainian national and Russian English-style)."""
    return [text, russian_to_latin(text)] if has_cyrillic(text) else [text]


def person_word_keys(text: str) -> list[str]:
    """The name keys of each word of ``text``, in both transliterations of Cyrillic, without repeats."""
    keys = [key for form in _latin_forms(text) for key in name_key(form).split()]
    return list(dict.fromkeys(keys))


def person_terms(alias: str) -> set[str]:
    """The terms a person's alias is indexed under."""
    return {f"p:{variant}" for key in person_word_keys(alias) for variant in deletions(key)}


def person_query_terms(query: str) -> dict[str, str]:
    """Term -> the query word key it stands for, for every word of a name query."""
    terms: dict[str, str] = {}
    for key in person_word_keys(query):
        for variant in deletions(key):
            terms.setdefault(f"p:{variant}", key)
    return terms


# --- organisations -----------------------------------------------------------------------------


def _folded_party(name: str) -> str:
    return fold(name).replace("-", " ")


def country_group(name: str) -> str | None:
    """The first name of the country group ``name`` belongs to ("U.S." -> "united states"), if any."""
    return _COUNTRY_GROUP.get(_folded_party(name))


def org_terms(alias: str) -> set[str]:
    """The terms an organisation's alias (a deal party as written) is indexed under."""
    folded = _folded_party(alias)
    words = folded.split()
    terms = {f"o:{w}" for w in words}
    key = org_key(alias)
    if key:
        terms.add(f"ok:{key}")
    short = acronym(alias)
    if len(short) >= 2:
        terms.add(f"oa:{short}")
    group = country_group(alias)
    if group:
        terms.add(f"oc:{group}")
    for demonym in _DEMONYM_VALUES:
        if folded.startswith(demonym + " "):
            terms.add(f"od:{demonym}")
    if len(words) == 1 and len(folded) >= MIN_ORG_DELETION_WORD:
        terms.update(f"ox:{variant}" for variant in deletions(folded))
    return terms


def party_query_terms(query: str) -> set[str]:
    """The terms under which an organisation the query may name is indexed."""
    folded = _folded_party(query)
    words = folded.split()
    terms = {f"o:{w}" for w in [w for w in words if w not in PARTY_STOPWORDS] or words}
    letters = initials(query)  # "/deals Energy Company of Ukraine" finds the party written "ECU"
    for key in {org_key(query), org_key(letters) if len(letters) >= 2 else ""}:
        if key:
            terms.add(f"ok:{key}")
    for short in {query.strip().upper(), re.sub(r"\W", "", query).upper(), acronym(query)}:
        if len(short) >= 2:
            terms.add(f"oa:{short}")
    group = country_group(query)
    if group:
        terms.add(f"oc:{group}")
        terms.update(f"od:{DEMONYMS[name]}" for name in _group_names(group) if name in DEMONYMS)
    demonym = DEMONYMS.get(folded)
    if demonym:
        terms.add(f"od:{demonym}")
    if " " not in folded and len(folded) >= MIN_ORG_DELETION_WORD:
        terms.update(f"ox:{variant}" for variant in deletions(folded))
    return terms


def _group_names(first: str) -> Iterable[str]:
    return next((group for group in COUNTRY_ALIASES if group[0] == first), ())


# --- roles -------------------------------------------------------------------------------------


def role_words(role: str) -> list[str]:
    """A role's folded words; a hyphenated word counts whole and by its parts."""
    words: list[str] = []
    for word in _ROLE_WORD_RE.split(fold(role)):
        word = word.strip("'-")
        if not word:
            continue
        words.append(word)
        if "-" in word:
            words.extend(part for part in word.split("-") if part)
    return words


def role_terms(role: str) -> set[str]:
    """The terms a role is indexed under: its words, singular and normalised forms, long-word prefixes."""
    terms: set[str] = set(normalise_role(role).split())  # "chief financial officer" is also under "cfo"
    for word in role_words(role):
        forms = {word, ROLE_SPELLINGS.get(word, word)}
        if word.endswith("s") and len(word) > 3:
            forms.add(word[:-1])
        terms.update(forms)
        if len(word) >= ROLE_PREFIX_CHARS:
            terms.add(f"{word[:ROLE_PREFIX_CHARS]}*")
    return terms


def role_query_term(head: str) -> str:
    """The term a role-head word of a query is looked up under."""
    return ROLE_SPELLINGS.get(head, head)


def role_prefix_term(prefix: str) -> str:
    """The term for "a role word starting with ``prefix``": a prefix term, or the word when it is shorter."""
    prefix = prefix.strip()
    return f"{prefix[:ROLE_PREFIX_CHARS]}*" if len(prefix) >= ROLE_PREFIX_CHARS else prefix
