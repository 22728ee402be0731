"""People in one article: who is a person, every spelling used for them, and the roles stated.

The model's PERSON spans and the proper-noun runs it left unlabelled are candidates; the text decides.
A candidate is a person when it looks like a name (capitalised words, particles between them, no
organisation word, no place) and the article confirms it: the parse gives it a title or an honorific
("Foreign Minister X", "X, a managing director at Y", "Mr. X"), or the model called that name a
person more often than anything else, or it is the subject of "said"/"told" where the model's
labels do not say otherwise. A name in front of a title ("Acme CEO Jane Roe") is the employer, and a
name an organisation noun describes ("the company X", "X, a rights group") is no person. Spellings
join within the article: full names, surnames, first words, "Mr. X".

Linear in the article's length: every candidate is read once from the parse, and its neighbourhood in
bounded windows; spellings are grouped and found again by :mod:`knowledge.extract.spellings`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle, component
from knowledge.extract.parse import NamedSpan
from knowledge.extract.roles import RolePhrase, role_from, roles_of
from knowledge.extract.spellings import (
    NON_PERSON_LABELS,
    EntityIndex,
    Person,
    PersonMention,
    WordIndex,
    add_short_forms,
    find_mentions,
    group,
    is_particle,
)
from knowledge.extract.titles import abbreviated_title, is_ambiguous_title, is_organisation_noun, is_title_word
from knowledge.facts import PersonFact, RoleFact
from knowledge.text.names import business_name, fold

MAX_NAME_TOKENS = 5
MIN_PROSE_WORDS = 5
CANDIDATE_LABELS = frozenset({"PERSON", "PROPN", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})
EMPLOYER_VOTES = 2
EMPLOYER_PREPOSITIONS = frozenset({"at", "of", "for"})
POSSESSIVE_ENDINGS = ("’s", "'s", "’", "'")
NAME_TOKEN_RE = re.compile(r"^[^\W\d_][\w’'\-.]*$")
# "company's chief executive", "its founder": a title owned by an organisation word or "its".
OWNED_TITLE_RE = re.compile(r"^(?:the\s+)?(?:(\w+)['’]s|its)\s+(.+)$", re.IGNORECASE)


# --- word lists ------------------------------------------------------------------------------------

@cache
def known_places() -> frozenset[str]:
    return frozenset(fold(place) for place in lexicon.entries("places"))


@cache
def nationality_words() -> frozenset[str]:
    return frozenset(fold(v) for v in lexicon.table("demonyms").values()) | lexicon.words("nationality_words")


def _honorific(word: str) -> bool:
    if word.isupper() and len(word.rstrip(".")) > 1 and not word.endswith("."):
        return False  # "MS Dhoni", "JK Rowling": initials in capitals, not "Ms"
    return fold(word).rstrip(".") in lexicon.words("honorifics")


def _title_in_name(word: str, *, first: bool) -> bool:
    """Whether a title word cannot be part of a name here: any title at the start but those that are as
    often given names ("Dean Smith"), and inside a name only those that are no family name ("Tim Cook")."""
    if not is_title_word(word):
        return False
    kind = lexicon.table("name_like_titles").get(fold(word).strip("."))
    return kind is None or (first and kind == "surname")


# --- what a name looks like ------------------------------------------------------------------------

def looks_like_name(name: str, *, person_label: bool = False) -> bool:
    """Capitalised words (particles between or before them), no digits, no organisation or title word
    (but an organisation word that is a family name may end it: "Bill Line"), no acronym, no place, no
    nationality: "Guillermo del Toro", "de Miranda", not "Nordline Shipping". With ``person_label`` (the
    model called the span a person), a place as the last of several words is a family name: "George
    Washington", "Jack London"."""
    words = name.split()
    if not 1 <= len(words) <= MAX_NAME_TOKENS or is_particle(words[-1]):
        return False
    for position, word in enumerate(words):
        if is_particle(word):
            continue
        if not NAME_TOKEN_RE.match(word) or not (word[0].isupper() or _particle_prefixed(word)):
            return False
        surname = 0 < position == len(words) - 1 and fold(word) in lexicon.words("surname_words")
        if (fold(word).strip(".") in lexicon.words("organisation_words") and not surname) or _title_in_name(
                word, first=position == 0):
            return False
        if len(word) > 3 and word.isupper():
            return False  # acronyms: NATO, UNESCO
    places = known_places()
    if len(words) > 2 and fold(words[0]) in places:
        return False  # "Ukraine Dmytro Kuleba": a country run into a name
    if fold(words[0]) in nationality_words() or (len(words) == 1 and fold(name) in nationality_words()):
        return False  # "Frozen Russian", "Polish Defence"
    last_is_place = fold(words[-1]) in places and not (person_label and len(words) > 1)
    return fold(name) not in places and not last_is_place


def _particle_prefixed(word: str) -> bool:
    """ "al-Bashir", "el-Sisi", "bin-Zayed": a particle joined by a hyphen to a capitalised name word."""
    prefix, _, rest = word.partition("-")
    return is_particle(prefix) and rest[:1].isupper()


def _name_tokens(span: Span) -> tuple[Span, bool] | None:
    """The name inside an entity span, without the titles, honorifics, places and possessives around it,
    and whether an honorific stood before it ("Mr. Lee Hsien Loong" -> "Lee Hsien Loong", True)."""
    doc = span.doc
    start, end = span.start, span.end
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
                           or doc[end - 1].text in POSSESSIVE_ENDINGS):
        end -= 1
    honorific = False
    # the last title or honorific before the name's own words: "Foreign Minister Dmytro Kuleba"
    cut = start
    for index in range(start, end - 1):
        token = doc[index]
        word = token.text
        if _honorific(word):
            honorific, cut = True, index + 1
        elif (_title_in_name(word, first=True) or abbreviated_title([word])) and _name_follows(doc, index + 1, end) \
                and token.whitespace_ and not (index > start and is_particle(doc[index - 1].text)):
            cut = index + 1  # not "Benoît de Saint-Exupéry"
        elif token.is_punct and word == "." and index > start:
            cut = index + 1 if cut == index else cut  # the dot of "Mr ." the tokenizer split off
    # a quote mark or a bracket inside the span: the name is what follows it ("Energoatom” Petro Kotin")
    start = max([cut] + [i + 1 for i in range(cut, end - 1) if doc[i].is_punct and doc[i].text not in "-.'’"])
    while end - start > 1 and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or (
            end - start > 2 and (fold(doc[start].text) in known_places()
                                 or fold(doc[start].text) in nationality_words()))):
        start += 1
    if start >= end or not any(doc[i].text[:1].isupper() for i in range(start, end)):
        return None
    return doc[start:end], honorific


def _name_follows(doc: Doc, start: int, end: int) -> bool:
    """Whether a capitalised name word (not a suffix such as "Jr.") follows a title inside an entity."""
    return any(doc[i].text[:1].isupper() and fold(doc[i].text).strip(".") not in lexicon.words("name_suffixes")
               and not is_title_word(doc[i].text) for i in range(start, end))


# --- candidates and what the text says of them ------------------------------------------------------

@dataclass
class _Evidence:
    """What the article says of one name (all its sightings together)."""

    labels: Counter[str] = field(default_factory=Counter)
    titled: bool = False  # a title that only a person holds
    titled_ambiguous: bool = False  # a title companies also have: "developer", "producer"
    honorific: bool = False
    speaks: bool = False
    organisation: bool = False  # in front of a title, described as a company, an outlet
    short_form_speaks: bool = False  # its surname or first word speaks elsewhere ("Umerov noted")
    place_surname: bool = False  # "George Washington", "Legia Warsaw": a person only with a title or honorific

    @property
    def person_votes(self) -> int:
        return self.labels["PERSON"]

    @property
    def other_votes(self) -> int:
        return sum(n for label, n in self.labels.items() if label in NON_PERSON_LABELS)


@dataclass
class _Sighting:
    start: int
    end: int
    name: str


class _Reader:
    """Reads names and their roles off the parse, each place once."""

    def __init__(self, article: ParsedArticle):
        self.article = article
        self._roles: dict[tuple[int, int], list[tuple[RolePhrase, tuple[int, int]]]] = {}

    def span(self, start: int, end: int) -> Span | None:
        return self.article.parse.span(start, end)

    def offsets(self, span: Span) -> tuple[int, int]:
        return self.article.parse.span_offsets(span)

    def roles(self, name: Span) -> list[tuple[RolePhrase, tuple[int, int]]]:
        """The roles of the name at this place, each with its article offsets."""
        key = self.offsets(name)
        if key not in self._roles:
            self._roles[key] = [(role, self.offsets(role.tokens)) for role in roles_of(name)]
        return self._roles[key]


def _sightings(reader: _Reader) -> tuple[list[_Sighting], dict[str, _Evidence]]:
    """Every candidate name with the article's evidence for each (by folded name)."""
    text = reader.article.text
    evidence: dict[str, _Evidence] = defaultdict(_Evidence)
    sightings: list[_Sighting] = []
    for entity in _joined_names(text, reader.article.entities):
        if entity.label not in CANDIDATE_LABELS:
            continue
        span = reader.span(entity.start, entity.end)
        found = _name_tokens(span) if span is not None else None
        if found is None:
            continue
        name_span, honorific = found
        honorific = honorific or _honorific_before(name_span)
        start, end = reader.offsets(name_span)
        name = " ".join(text[start:end].split())
        plain = looks_like_name(name)
        if not plain and not looks_like_name(name, person_label=entity.label == "PERSON"):
            continue
        facts = evidence[fold(name)]
        facts.place_surname |= not plain
        if entity.label != "PROPN" and not any(t.is_punct and t.text not in "-.'’" for t in span[:name_span.start
                                                                                             - span.start]):
            facts.labels[entity.label] += 1  # the model's label is for this name, not for words cut off
        facts.honorific |= honorific
        facts.speaks |= _speaks(name_span.root)
        facts.organisation |= _described_as_organisation(name_span)
        for role, _ in reader.roles(name_span):
            if is_ambiguous_title(role.head):
                facts.titled_ambiguous = True
            else:
                facts.titled = True
            for employer, before_title in _employers(role, name_span):
                if before_title:
                    evidence[fold(employer)].organisation = True
                else:
                    # "director at Acme", "Professor of Global Governance": a strong vote, not a verdict (a
                    # "student of Jacob Bernoulli" named a person elsewhere stays one)
                    evidence[fold(employer)].labels["ORG"] += EMPLOYER_VOTES
        sightings.append(_Sighting(start, end, name))
    return sightings, evidence


def _joined_names(text: str, entities: list[NamedSpan]) -> list[NamedSpan]:
    """Names the model cut in pieces, joined again: at a particle ("Ursula von" + "der" + "Leyen"), a person
    with the proper noun right after it ("Lee Hsien" + "Loong") or one name word right before it ("Dries" +
    "Mertens")."""
    joined: list[NamedSpan] = []
    for entity in entities:
        last = joined[-1] if joined else None
        if last is not None and last.label in CANDIDATE_LABELS and entity.label in CANDIDATE_LABELS and (
                text[last.end:entity.start] == " ") and (
                is_particle(last.text.split()[-1]) or is_particle(entity.text.split()[0])
                or (last.label, entity.label) == ("PERSON", "PROPN") or (
                    (last.label, entity.label) == ("PROPN", "PERSON") and _given_name_like(last.text)
                    and not _after_connector(text, last.start))):
            label = "PERSON" if "PERSON" in (last.label, entity.label) else last.label
            joined[-1] = NamedSpan(last.start, entity.end, text[last.start:entity.end], label)
        else:
            joined.append(entity)
    return joined


def _after_connector(text: str, start: int) -> bool:
    """Whether a lower-case word ("of", "for", "and") stands right before ``start``: "Minister of
    [Education] Stefania Giannini" ends a title there, it does not start a name."""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].islower()


def _given_name_like(word: str) -> bool:
    """One capitalised word that is no title, honorific, organisation word, place or nationality."""
    bare = fold(word).strip(".")
    return (" " not in word and word[:1].isupper() and not is_title_word(word) and not _honorific(word)
            and bare not in lexicon.words("organisation_words") and bare not in known_places()
            and bare not in nationality_words())


def _honorific_before(name: Span) -> bool:
    """ "Mr. Lee", "Dr Ng": an honorific right before the name, outside the model's span."""
    doc = name.doc
    index = name.start - 1
    if index > 0 and not doc[index + 1].is_sent_start and doc[index].text == ".":
        index -= 1
    return index >= 0 and not doc[index + 1].is_sent_start and _honorific(doc[index].text)


def _speaks(root: Token) -> bool:
    """The subject of a speech verb ("X said", "said X", "X told"), or "according to X"."""
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.casefold() in lexicon.words("speech_verbs"):
        return root.head.lemma_.casefold() not in lexicon.words("outlet_verbs")
    return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"


def _described_as_organisation(name: Span) -> bool:
    """ "the company Nordlink", "Amnesty International, a London-based rights group", "as X reported"."""
    root = name.root
    if root.dep_ in ("appos", "compound") and root.head.i < name.start and _organisation_only(root.head):
        return True
    for child in root.children:
        if child.i < name.start and child.dep_ in ("compound", "nmod", "amod") and _organisation_only(child):
            return True
        if child.i >= name.end and child.dep_ == "appos" and _organisation_only(child):
            return True
    return root.dep_ == "nsubj" and root.head.lemma_.casefold() in lexicon.words("outlet_verbs")


def _organisation_only(token: Token) -> bool:
    """A noun that describes organisations and no person: "company", "group", not "developer"."""
    return is_organisation_noun(token) and not is_title_word(token.text)


def _employers(role: RolePhrase, name: Span) -> list[tuple[str, bool]]:
    """Names inside a title that are the holder's organisation, and whether each stands before the title:
    "[Nordline Shipping] Chief Executive Eva Dahl", "managing director at [Goldman Sachs]", "head of [Acme]"
    (not an owner, "Zelenskyy's aide", nor the person served, "adviser to Maria Lind")."""
    found = []
    run: list[Token] = []
    for token in [*role.tokens, None]:
        if token is not None and token.pos_ == "PROPN" and not is_title_word(token.text) and token.i not in (
                range(name.start, name.end)):
            run.append(token)
            continue
        if run and not (token is not None and (token.tag_ == "POS" or token.text in POSSESSIVE_ENDINGS)):
            before_title = run[-1].i < role.head.i
            if before_title or (run[0].i > role.head.i and _after_preposition(run[-1], EMPLOYER_PREPOSITIONS)):
                found.append((" ".join(t.text for t in run), before_title))
        run = []
    return found


def _after_preposition(token: Token, prepositions: frozenset[str]) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in prepositions


def _accepted(name: str, facts: _Evidence) -> bool:
    """Whether the article confirms the name as a person's."""
    if facts.place_surname and not (facts.titled or facts.honorific):
        return False
    strong = facts.titled or facts.honorific or facts.short_form_speaks
    if facts.organisation and not strong:
        return False
    person, other = facts.person_votes, facts.other_votes
    if len(name.split()) == 1:
        # one word the model calls a company ("carrier Ryanair") needs more than a title, and a title that
        # companies hold too ("investor SoftBank") is no evidence for one word
        titled = facts.honorific or (facts.titled and person > other)
        return titled or (person >= 2 and other == 0) or (facts.speaks and person >= 1 and other == 0)
    if strong or person > other or (person and person == other):
        return True
    if facts.titled_ambiguous and (person > other or facts.speaks):
        return True  # "Pakistan-based developer Omar Qadri wrote"
    # "Guillermo del Toro said": the model's votes are unsure; speech and a name's particles are not
    return facts.speaks and (person > 0 or any(is_particle(w) for w in name.split()) or not facts.labels)


def _speaking_words(article: ParsedArticle) -> set[str]:
    """Proper nouns that speak or own something somewhere in the article ("Park said", "Sana's")."""
    found = set()
    for token in article.parse.tokens():
        if token.pos_ != "PROPN":
            continue
        if _speaks(token) or (token.i + 1 < len(token.doc) and token.doc[token.i + 1].tag_ == "POS"):
            found.add(token.text)
    return found


# --- the component ---------------------------------------------------------------------------------

def extract_people(article: ParsedArticle) -> tuple[list[PersonFact], list[PersonMention]]:
    """People of one article with their roles, and every place each is mentioned."""
    reader = _Reader(article)
    sightings, evidence = _sightings(reader)
    _rescue_by_short_forms(sightings, evidence)
    ordered = list(dict.fromkeys(s.name for s in sorted(sightings, key=lambda s: s.start)))
    accepted = [n for n in ordered if len(n.split()) == 1 or _accepted(n, evidence[fold(n)])]
    people = group(accepted, lambda name: _accepted(name, evidence[fold(name)]))
    index = WordIndex(article.text)
    add_short_forms(people, index, _speaking_words(article))
    mentions = find_mentions(people, index, EntityIndex(article.entities))
    people, mentions = _join_aliases(article.text, people, mentions)
    facts = [PersonFact(name=p.name, aliases=set(p.aliases)) for p in people]
    _add_roles(article, reader, facts, mentions)
    in_prose = {m.person for m in mentions if _in_prose(article, m.start)}
    keep = [i for i, f in enumerate(facts) if f.roles or i in in_prose]
    renumber = {old: new for new, old in enumerate(keep)}
    mentions = [PersonMention(m.start, m.end, renumber[m.person]) for m in mentions if m.person in renumber]
    return [facts[i] for i in keep], mentions


@cache
def _alias_cue_re() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + lexicon.pattern("alias_cues") + r")(?!\w)", re.IGNORECASE)


def _join_aliases(text: str, people: list[Person], mentions: list[PersonMention]
                  ) -> tuple[list[Person], list[PersonMention]]:
    """ "Ron Karenga, aka Dr. Maulana Karenga": the person named right after an alias cue is the one named
    right before it (at most a comma, a dash or a bracket between, an honorific after)."""
    if not mentions:
        return people, mentions
    by_end = {m.end: m for m in mentions}
    by_start = {m.start: m for m in mentions}
    joined: dict[int, int] = {}
    for cue in _alias_cue_re().finditer(text):
        before = re.search(r"[\s,(—–-]*$", text[max(0, cue.start() - 4):cue.start()])
        after = re.match(r"\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?", text[cue.end():cue.end() + 8])
        first = by_end.get(cue.start() - len(before.group(0))) if before else None
        second = by_start.get(cue.end() + len(after.group(0))) if after else None
        if first is None or second is None:
            continue
        owner = joined.get(first.person, first.person)
        if second.person != owner:
            joined[second.person] = owner
    if not joined:
        return people, mentions
    for absorbed, owner in joined.items():
        people[owner].aliases |= people[absorbed].aliases
    keep = [i for i in range(len(people)) if i not in joined]
    renumber = {old: new for new, old in enumerate(keep)}
    renumber.update({absorbed: renumber[owner] for absorbed, owner in joined.items()})
    return [people[i] for i in keep], [PersonMention(m.start, m.end, renumber[m.person]) for m in mentions]


def _rescue_by_short_forms(sightings: list[_Sighting], evidence: dict[str, _Evidence]) -> None:
    """A full name the model was unsure of is a person's when its surname speaks, or its surname or first
    word has an honorific or a title elsewhere ("Rustem Umerov met ..." + "Umerov noted")."""
    for name in {s.name for s in sightings if len(s.name.split()) > 1}:
        facts = evidence[fold(name)]
        if facts.organisation:
            continue
        words = name.split()
        for short in (words[-1], words[0]):
            other = evidence.get(fold(short))
            # a surname that speaks is a person's; a first word that speaks only if the model once took it for
            # a person's ("Elizabeth said"), as it is as often a firm's ("Ars is asking")
            speaks = other is not None and other.speaks and (short == words[-1] or other.person_votes > 0)
            if other is not None and not other.organisation and other.person_votes >= other.other_votes and (
                    speaks or other.honorific or other.titled):
                facts.short_form_speaks = True
                break


def _add_roles(article: ParsedArticle, reader: _Reader, facts: list[PersonFact],
               mentions: list[PersonMention]) -> None:
    """The roles read at each mention; a role that names another person is not theirs ("meeting Baykar CEO
    Haluk Bayraktar in Kyiv, X"), though an owner may stand in it ("Zelenskyy's chief of staff")."""
    starts = [m.start for m in mentions]
    first_mention: dict[int, int] = {}
    for mention in mentions:
        first_mention.setdefault(mention.person, mention.start)
    for index, fact in enumerate(facts):
        fact.start, fact.end = _sentence_span(article, first_mention.get(index, 0))
    for mention in mentions:
        fact = facts[mention.person]
        fact.mentions.append((mention.start, mention.end))
        sentence = article.sentence_at(mention.start)
        span = reader.span(mention.start, mention.end)
        if sentence is None or span is None:
            continue
        for found, (start, end) in reader.roles(span):
            role: RolePhrase | None = found
            other = _other_person_in(article.text, mentions, starts, mention.person, start, end)
            if other is not None:
                inside = reader.span(other.start, other.end)
                role = role_from(found, inside.end) if inside is not None else None
            if role is None:
                continue
            before = role.tokens.doc[role.tokens.start - 1] if role.tokens.start > 0 else None
            owned = before is not None and before.lower_ in ("its", "their") and " of " not in role.text
            role_start = reader.offsets(role.tokens)[0]  # "Airbus and its CEO": Airbus is named before "its"
            text = _owner_named(article, f"its {role.text}" if owned else role.text,
                                role_start if owned else sentence.start)
            if any(fold(r.role) == fold(text) for r in fact.roles):
                continue
            fact.roles.append(RoleFact(text, sentence.start, sentence.end))
            if len(fact.roles) == 1:
                fact.start, fact.end = sentence.start, sentence.end
    _add_introduced_roles(article, facts, first_mention)


def _add_introduced_roles(article: ParsedArticle, facts: list[PersonFact], first_mention: dict[int, int]) -> None:
    """A lede that introduces its subject by a description and names them in the next sentence: "A
    36-year-old part-time missionary ... pleaded not guilty on Monday. Daniel Stephen Johnson faces ..."
    gives Johnson the description's title, with both sentences as the snippet. Only for the story's opening
    sentence, when it names nobody, and someone the article gives no other role, named first as the
    subject of the second."""
    for index, fact in enumerate(facts):
        if fact.roles or index not in first_mention:
            continue
        position = article.sentence_index(first_mention[index])
        if position != 1:  # the story's opening sentence describes, the second names
            continue
        sentence, previous = article.sentences[position], article.sentences[position - 1]
        if first_mention[index] != sentence.start or any(
                previous.start <= start < previous.end for f in facts for start, _ in f.mentions):
            continue
        tokens = article.parse.sentence(previous)
        subject = next((t for t in tokens if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None) \
            if tokens is not None else None
        title = _introducing_title(subject) if subject is not None else None
        if title is not None:
            fact.roles.append(RoleFact(title, previous.start, sentence.end))
            fact.start, fact.end = previous.start, sentence.end


def _introducing_title(subject: Token) -> str | None:
    """The title of an indefinite description ("A 36-year-old part-time missionary" -> "part-time
    missionary"): the head noun, a title word, with the modifiers right before it that are no age."""
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children):
        return None
    if subject.pos_ != "NOUN" or not is_title_word(subject.text) or subject.ent_type_:
        return None
    start = subject.i
    doc = subject.doc
    while start > 0 and doc[start - 1].dep_ in ("amod", "compound", "punct") and doc[start - 1].head.i >= start - 1 \
            and not any(ch.isdigit() for ch in doc[start - 1].text) and doc[start - 1].lower_ not in ("year", "old"):
        if doc[start - 1].dep_ == "punct" and doc[start - 1].text != "-":
            break
        start -= 1
    while start < subject.i and doc[start].text == "-":
        start += 1
    return doc[start:subject.i + 1].text


def _owner_named(article: ParsedArticle, role: str, before: int) -> str:
    """ "the company's chief executive" -> "chief executive of Kelpie Robotics": an organisation word or "its"
    owning a title stands for the organisation the article names most before it (ties: the later one),
    when it names one at least twice or no other; "its" for the one named last."""
    match = OWNED_TITLE_RE.match(role)
    if match is None or (match.group(1) and match.group(1).casefold() not in lexicon.words(
            "organisation_descriptors")):
        return role
    latest = match.group(1) is None  # "its leader": the organisation named last, not the article's main one
    counts: dict[str, list[int]] = {}
    for entity in article.entities:
        if (entity.label == "ORG" or business_name(entity.text)) and entity.end <= before:
            seen = counts.setdefault(fold(entity.text), [0, 0])
            seen[0] += 1
            seen[1] = entity.start
    if not counts:
        return role
    key = max(counts, key=lambda k: counts[k][1] if latest else (counts[k][0], counts[k][1]))
    if not latest and counts[key][0] < 2 and len(counts) > 1:
        return role  # no organisation the article is about: leave "the company" as written
    name = next(e.text for e in article.entities if fold(e.text) == key)
    return f"{match.group(2)} of {name}"


def _other_person_in(text: str, mentions: list[PersonMention], starts: list[int], person: int,
                     start: int, end: int) -> PersonMention | None:
    """The last mention of another person inside a role's words (an owner, "Zelenskyy's", does not count)."""
    index = bisect_right(starts, start - 1)
    found = None
    while index < len(mentions) and mentions[index].start < end:
        other = mentions[index]
        if other.person != person and other.end <= end and not text.startswith(POSSESSIVE_ENDINGS, other.end):
            found = other
        index += 1
    return found


def _in_prose(article: ParsedArticle, offset: int) -> bool:
    """A name seen only in list fragments ("• Lockheed Martin,") with no role is most likely a company."""
    sentence = article.sentence_at(offset)
    return sentence is not None and len(sentence.text.split()) >= MIN_PROSE_WORDS


def _sentence_span(article: ParsedArticle, offset: int) -> tuple[int, int]:
    sentence = article.sentence_at(offset)
    return (sentence.start, sentence.end) if sentence else (offset, offset)


@component("people", writes="people")
def people_component(article: ParsedArticle) -> list[PersonFact]:
    """The people of the article, each with the places it names them."""
    people, _ = extract_people(article)
    return people


@component("people_kept", writes="people")
def keep_people_component(article: ParsedArticle) -> list[PersonFact]:
    """A one-word "person" with no role and no quote is more often an outlet or a brand than a person."""
    speakers = {q.speaker for q in article.facts.quotes}
    return [p for p in article.facts.people if len(p.name.split()) > 1 or p.roles or p.name in speakers]
