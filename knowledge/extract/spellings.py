"""Every spelling of a person in one article, and every place the article names them.

Full names group by :func:`knowledge.text.names.same_person` (compared only with the people sharing a
name key), single words join the full name they are the surname or first word of, and the spellings
are found again through a word index: the cost is the occurrences of each name, not a scan of the
text per name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from knowledge import lexicon
from knowledge.extract.parse import NamedSpan
from knowledge.text.names import name_word_keys, same_person

MIN_SURNAME_CHARS = 3
NON_PERSON_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                               "LANGUAGE"})
WORD_RE = re.compile(r"\w+")


@dataclass
class PersonMention:
    start: int
    end: int
    person: int  # index into the article's people


def is_particle(word: str) -> bool:
    """A lower-case particle: "del" in "Guillermo del Toro" (a capitalised "Della" or "De" is a name word)."""
    return word.islower() and word in lexicon.words("name_particles")


@dataclass
class Person:
    name: str
    aliases: set[str] = field(default_factory=set)


class PeopleByKey:
    """People indexed by their names' word keys, so a name is compared only with those it may match
    (see :func:`knowledge.text.names.name_word_keys`)."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_last_key: dict[str, set[int]] = defaultdict(set)

    def add(self, index: int, name: str) -> None:
        keys = name_word_keys(name)
        for key in keys:
            self.by_key[key].add(index)
        if keys:
            self.by_last_key[keys[-1]].add(index)

    def candidates(self, name: str) -> list[int]:
        keys = name_word_keys(name)
        if not keys:
            return []
        found = set(self.by_key.get(keys[-1], ()))
        for key in keys:
            found.update(self.by_last_key.get(key, ()))
        return sorted(found)


def group(names: list[str], accept_alone: Callable[[str], bool]) -> list[Person]:
    """The article's people from its accepted names, in order of first sighting: full names first, then
    single words join the full name they are the surname (or, when unique, the first word) of; a single word
    that joins no one is a person of its own when ``accept_alone`` says so."""
    people: list[Person] = []
    by_key = PeopleByKey()
    for name in (n for n in names if len(n.split()) > 1):
        # the first full spelling stays the article's name; later ones become aliases
        owner = next((i for i in by_key.candidates(name) if same_person(people[i].name, name)), None)
        if owner is not None:
            people[owner].aliases.add(name)
        else:
            people.append(Person(name, {name}))
            by_key.add(len(people) - 1, name)
    by_first_word: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        by_first_word[person.name.split()[0]].append(index)
    for name in (n for n in names if len(n.split()) == 1):
        owners = [i for i in by_key.candidates(name) if any(same_person(a, name) for a in people[i].aliases)]
        if not owners:
            # "Mr. Lee" for Lee Hsien Loong, "Park was quoted" for Park Ji-won: a first word stands for the
            # one full name it starts
            owners = by_first_word.get(name, [])
            owners = owners if len(owners) == 1 else []
        if len(owners) == 1:
            people[owners[0]].aliases.add(name)
        elif not owners and accept_alone(name):
            people.append(Person(name, {name}))
    return people


class WordIndex:
    """Where each word of a text starts, so finding a name costs its occurrences, not a scan of the text."""

    def __init__(self, text: str):
        self.text = text
        self.starts: dict[str, list[int]] = defaultdict(list)
        for match in WORD_RE.finditer(text):
            self.starts[match.group(0)].append(match.start())

    def find_all(self, phrase: str) -> Iterable[tuple[int, int]]:
        """Whole-word occurrences of ``phrase`` (words separated by any white space)."""
        words = phrase.split()
        head = WORD_RE.match(words[0]) if words else None
        if head is None:
            return
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
        for start in self.starts.get(head.group(0), ()):
            match = pattern.match(self.text, start)
            if match:
                yield start, match.end()


def add_short_forms(people: list[Person], index: WordIndex, speaking: set[str]) -> None:
    """Give each full name its surname, and its first word where that speaks or owns something ("Park was
    quoted", "Sana's remarks"), when no other person of the article shares it."""
    surnames: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        words = person.name.split()
        if len(words) > 1 and len(words[-1]) >= MIN_SURNAME_CHARS:
            surname = " ".join(words[-2:]) if is_particle(words[-2]) else words[-1]
            surnames[surname].append(person)
    for surname, owners in surnames.items():
        if len(owners) == 1 and next(iter(index.find_all(surname)), None) is not None:
            owners[0].aliases.add(surname)
    firsts: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        words = person.name.split()
        if len(words) > 1 and len(words[0]) >= 2 and words[0] not in surnames:
            firsts[words[0]].append(person)
    for first, owners in firsts.items():
        if len(owners) == 1 and first in speaking:
            owners[0].aliases.add(first)


class EntityIndex:
    """The model's entities by position: is an occurrence of a name inside a longer non-person name?"""

    def __init__(self, entities: list[NamedSpan]):
        self.entities = entities
        self.starts = [e.start for e in entities]

    def inside_other_name(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start) - 1
        if index < 0:
            return False
        entity = self.entities[index]
        return (entity.label in NON_PERSON_LABELS and entity.start <= start and end <= entity.end
                and entity.end - entity.start > end - start)


def find_mentions(people: list[Person], index: WordIndex, entities: EntityIndex) -> list[PersonMention]:
    """Every place the article names each person, longest spelling first so that "Kim Jong Un" is not also
    a "Kim"; a surname inside a company's name ("Ford" in "Ford Motor") is not the person."""
    aliases = sorted(((alias, i) for i, p in enumerate(people) for alias in p.aliases),
                     key=lambda pair: (-len(pair[0]), pair[1]))
    covered = bytearray(len(index.text) + 1)
    mentions: list[PersonMention] = []
    for alias, person in aliases:
        single = " " not in alias
        for start, end in index.find_all(alias):
            if covered[start] or (single and entities.inside_other_name(start, end)):
                continue
            mentions.append(PersonMention(start, end, person))
            covered[start:end] = b"\x01" * (end - start)
    mentions.sort(key=lambda m: m.start)
    return mentions
