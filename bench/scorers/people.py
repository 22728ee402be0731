"""People and their roles on GUM (``gum-people/people.jsonl``) and MEANTIME (``meantime/people.jsonl``).

Both data sets are coreference chains of people with every mention span. The article runs through the
real pipeline (:func:`knowledge.extract.pipeline.process_text`, the source's date as page date); what
is measured:

* **name** — a found person is matched to the gold chain its mentions overlap most (by name with
  :func:`knowledge.text.names.same_person` when no mention overlaps). Precision: found people matched to
  any gold person chain (GUM annotates every person, linked to Wikipedia or not; a found "person" that
  is no chain is a place, an organisation or a word taken for a name). MEANTIME annotates only some of
  the people of its articles, so its person precision is not a measure. Recall: gold people with a name
  (GUM: linked to Wikipedia) that were found.
* **role** — a found role of a matched person is right when its words are all among the words of one of
  that person's gold role mentions ("CEO" in "Apple Inc. CEO Steve Jobs", "managing director at Goldman
  Sachs" in "a managing director at Goldman Sachs"), as the data set's README advises: not every role
  mention is a title, so there is no expectation that each is found. Precision: right roles over the
  roles found for matched people (a role the gold does not mention counts as wrong: a lower bound).
  Recall: gold people with at least one role mention who got at least one right role.

Words are compared folded, without punctuation, determiners and possessive 's, and with a plural "s"
dropped, the way the question-set scorer compares roles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.scorers import Score
from knowledge.extract.pipeline import process_text
from knowledge.facts import PersonFact
from knowledge.text.names import fold, same_person

DATASETS = ("gum-people/people.jsonl", "meantime/people.jsonl")
IGNORED_WORDS = frozenset({"the", "a", "an", "s"})
WORD_RE = re.compile(r"[\w%]+")
ISO_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class GoldPerson:
    name: str | None  # None: a GUM chain not linked to Wikipedia (counts for precision, not recall)
    spans: list[tuple[int, int]]
    role_mentions: list[str]


def words(text: str) -> frozenset[str]:
    """Folded words of a phrase, as the scorer compares them."""
    found = set()
    for word in WORD_RE.findall(fold(text).replace("'s", " ")):
        if word in IGNORED_WORDS:
            continue
        found.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return frozenset(found)


OWNED_MENTION_RE = re.compile(r"\b(?:\w+['’]s|its|their)\s", re.IGNORECASE)
OWNER_RE = re.compile(r"^(.+?) of ([A-Z].*)$")


def role_right(role: str, gold: GoldPerson) -> bool:
    """Right when the role's words are among one mention's words; a role whose owner factdesk resolved
    ("chief executive of Ford" for "the firm's chief executive") is judged by its title against a mention
    with a possessive owner, since the gold marks the coreference, not the name."""
    role_words = words(role)
    owned = OWNER_RE.match(role)
    title_words = words(owned.group(1)) if owned else frozenset()
    return bool(role_words) and any(
        role_words <= words(mention) or (title_words and OWNED_MENTION_RE.search(mention)
                                         and title_words <= words(mention))
        for mention in gold.role_mentions)


def _documents(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for count, line in enumerate(lines):
            if limit is not None and count >= limit:
                return
            yield json.loads(line)


def _gold_people(document: dict[str, Any]) -> list[GoldPerson]:
    people = []
    for person in document["people"]:
        spans = [(m["start"], m["end"]) for m in person["mentions"] if m.get("start") is not None]
        people.append(GoldPerson(person.get("name"), spans, list(person.get("role_mentions") or [])))
    return people


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(found: PersonFact, gold: list[GoldPerson]) -> GoldPerson | None:
    """The gold chain a found person stands for: most overlapping mention characters, else the same name."""
    best, best_overlap = None, 0
    for person in gold:
        overlap = sum(_overlap(mine, theirs) for mine in found.mentions for theirs in person.spans)
        if overlap > best_overlap:
            best, best_overlap = person, overlap
    if best is not None:
        return best
    return next((p for p in gold if p.name and same_person(p.name, found.name)), None)


def _page_date(dct: str | None) -> str | None:
    return dct if dct and ISO_DAY_RE.match(dct) else None


def score(datasets: Path, *, limit: int | None = None) -> list[Score]:
    rows: list[Score] = []
    for relative in DATASETS:
        path = datasets / relative
        if not path.is_file():
            continue
        named = found = found_right = named_found = 0
        with_roles = with_roles_right = roles_found = roles_right = 0
        documents = 0
        for document in _documents(path, limit):
            documents += 1
            gold = _gold_people(document)
            facts = process_text(document["text"], name=document["doc_id"], page_date=_page_date(document["dct"])).facts
            matched: dict[int, list[PersonFact]] = {}
            for person in facts.people:
                found += 1
                target = match(person, gold)
                if target is None:
                    continue
                found_right += 1
                matched.setdefault(id(target), []).append(person)
                if target.name is None:
                    continue
                for role in person.roles:
                    roles_found += 1
                    roles_right += role_right(role.role, target)
            for person in gold:
                if person.name is None:
                    continue
                named += 1
                mine = matched.get(id(person), [])
                named_found += bool(mine)
                if person.role_mentions:
                    with_roles += 1
                    with_roles_right += any(role_right(r.role, person) for p in mine for r in p.roles)
        dataset = relative.removesuffix(".jsonl")
        note = f"{documents} documents; recall counts {named_found} and {with_roles_right} gold people reached"
        if relative.startswith("meantime"):
            note += "; MEANTIME names only some people: its person precision means nothing"
        rows.append(RecallScore("people", dataset, "named person", named, found, found_right, note, named_found))
        rows.append(RecallScore("people", dataset, "role (person-level)", with_roles, roles_found, roles_right,
                                note, with_roles_right))
    return rows


@dataclass(frozen=True)
class RecallScore(Score):
    """A row whose precision and recall count different things: found items that are right, and gold items
    reached (a gold person is reached by one found person, however many roles it has)."""

    recalled: int = 0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 0.0
