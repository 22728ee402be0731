"""People in one article: who is a person, every spelling used for them, and the roles stated.

The model's PERSON spans are candidates; the text decides. A candidate survives when it looks
like a name (capitalised words, no digits, no organisation words, not a known place), and when
the model called that string a person more often than anything else in this article, or a title
stands before it. Surname-only mentions join the full name they belong to.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle, component
from knowledge.extract.parse import NamedSpan
from knowledge.extract.roles import ROLE_HEADS, role_after, role_before
from knowledge.facts import PersonFact, RoleFact, Sentence
from knowledge.text.countries import DEMONYMS
from knowledge.text.names import fold, same_person

MAX_NAME_TOKENS = 5
NATIONALITY_WORDS = frozenset(DEMONYMS.values()) | {"american", "european", "soviet", "arab", "african", "asian"}
NAME_PARTICLES = frozenset({"de", "da", "di", "do", "dos", "van", "von", "der", "den", "la", "le", "bin", "al", "ibn"})
MIN_PROSE_WORDS = 5
NON_PERSON_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
ORG_WORDS = frozenset(
    """ministry forces army navy alliance forum industries industry company group union council agency
    committee office service services bank university summit day street coalition systems corporation
    corp inc ltd llc jsc concern fund foundation institute center centre party government parliament
    court commission news times post press airlines airways motors defense defence technologies media
    school college hospital house church museum station airport republic federation kingdom state states
    nations organization organisation association society club team league network tv radio online
    agency's affairs power oil gas petroleum steel capital partners holdings solutions logistics
    pipeline resources mining chemicals pharma pharmaceuticals electric electronics software labs
    ventures investments finance financial securities insurance telecom communications networks
    entertainment foods brands transport shipping rail railways aerospace semiconductors robotics
    automotive energies midstream renewables nuclear transfer lp plc gmbh ag sa nv spa inc. corp. ltd.
    line lines shipping maritime marine research analytics consulting""".split()
)
TITLE_WORDS = ROLE_HEADS | frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm sen rep gov president minister""".split()
)
NON_PERSON_DESCRIPTORS = frozenset(
    """company concern firm corporation manufacturer maker group giant brand outlet agency newspaper
    publication channel media portal website site magazine broadcaster producer startup bank fund
    operator supplier utility developer provider retailer lender insurer carrier airline automaker carmaker
    planemaker shipbuilder contractor club team""".split()
)
_SPEECH = lexicon.pattern("speech_verbs")
SPEAKING_SURNAME_RE = re.compile(r"(?<![\w’'])([A-Z][a-z][\w’'\-]+)\s+" + _SPEECH + r"\b")
SAID_SURNAME_RE = re.compile(r"\b" + _SPEECH + r"\s+([A-Z][a-z][\w’'\-]+)[.,]")
TITLE_AFTER_RE = re.compile(r"\s+(?:Chief|CEO|President|Chairman|Chairwoman|Chair|Director|Executive|Minister|"
                            r"Secretary|Head|Managing|Vice|Deputy|Founder|Spokes\w+|Commander|Ambassador)\b")
POSSESSIVE_SUFFIX_RE = re.compile(r"[’']s?$")
NAME_TOKEN_RE = re.compile(r"^[^\W\d_][\w’'\-.]*$")
WORD_RE = re.compile(r"[^\W\d_][\w’'\-]*")


@lru_cache(maxsize=1)
def known_places() -> frozenset[str]:
    return frozenset(fold(place) for place in lexicon.entries("places"))


@dataclass
class PersonMention:
    start: int
    end: int
    person: int  # index into the article's people


@dataclass
class _Person:
    name: str
    aliases: set[str] = field(default_factory=set)


def clean_name(raw: str) -> str:
    """Strip possessives, surrounding punctuation and leading titles from a candidate name."""
    name = raw.strip(" \t\n,.;:“”\"«»()[]")
    name = POSSESSIVE_SUFFIX_RE.sub("", name) if name.endswith(("’s", "'s", "’", "'")) else name
    words = name.split()
    while words and (words[0].casefold().rstrip(".") in TITLE_WORDS or words[0].casefold() == "the"):
        words.pop(0)
    return " ".join(words)


def looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= MAX_NAME_TOKENS:
        return False
    if words[0] in NAME_PARTICLES or words[-1] in NAME_PARTICLES:
        return False
    for word in words:
        if word in NAME_PARTICLES:
            continue
        if not NAME_TOKEN_RE.match(word) or not word[0].isupper():
            return False
        bare = word.casefold().strip(".")
        if bare in ORG_WORDS or bare in TITLE_WORDS:
            return False
        if len(word) > 3 and word.isupper():
            return False  # acronyms: NATO, UNESCO
    places = known_places()
    if len(words) > 2 and fold(words[0]) in places:
        return False  # "Ukraine Dmytro Kuleba": a country run into a name
    if any(fold(w) in NATIONALITY_WORDS for w in words):
        return False  # "Frozen Russian", "Polish Defence"
    return fold(name) not in places and fold(words[-1]) not in places


def _label_votes(text: str, entities: list[NamedSpan]) -> dict[str, Counter[str]]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for ent in entities:
        name = clean_name(ent.text)
        if name:
            votes[fold(name)][ent.label] += 1
    return votes


def _is_employer(text: str, name: str) -> bool:
    return any(TITLE_AFTER_RE.match(text, end) for _, end in _find_all(text, name))


def _described_as_non_person(text: str, start: int, end: int) -> bool:
    """ "the company X", "As X reported", "X reports": the words around say it is not a person."""
    before = text[max(0, start - 40):start].casefold().split()
    after = text[end:end + 20].casefold().split()
    if before and before[-1].strip(",") in NON_PERSON_DESCRIPTORS:
        return True
    if before and before[-1] == "as" and after and after[0].strip(",") in ("reported", "reports", "writes"):
        return True
    if before[-2:] in (["reported", "by"], ["published", "by"], ["broadcast", "by"]):
        return True
    if TITLE_AFTER_RE.match(text, end):
        return True  # "Maersk Line Chief Executive Eivind Kolding": the words before a title name its employer
    return bool(after) and after[0].strip(",.") in ("reports", "reported") and before[-1:] != ["he"]


def _titled(text: str, start: int) -> bool:
    """Whether a title or role noun stands right before ``start``."""
    before = text[max(0, start - 40):start].split()
    return bool(before) and before[-1].casefold().strip(".,") in TITLE_WORDS


def _accept(name: str, votes: dict[str, Counter[str]], titled: bool) -> bool:
    if not looks_like_name(name):
        return False
    counts = votes.get(fold(name), Counter())
    person = counts.get("PERSON", 0)
    other = sum(n for label, n in counts.items() if label in NON_PERSON_LABELS)
    if len(name.split()) == 1:
        return titled or (person >= 2 and other == 0)
    return titled or person >= other


def _find_all(text: str, alias: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<![\w])" + re.escape(alias) + r"(?![\w])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def extract_people(text: str, sentences: list[Sentence], entities: list[NamedSpan]
                   ) -> tuple[list[PersonFact], list[PersonMention]]:
    """People of one article with their roles, and every place each is mentioned."""
    votes = _label_votes(text, entities)
    candidates: list[tuple[int, int, str]] = []
    for ent in entities:
        if ent.label != "PERSON" and not _titled(text, ent.start):
            continue
        name = clean_name(ent.text)
        if not name:
            continue
        offset = ent.start + ent.text.find(name) if name in ent.text else ent.start
        if _described_as_non_person(text, offset, offset + len(name)):
            continue
        if _accept(name, votes, _titled(text, offset)):
            candidates.append((offset, offset + len(name), name))

    # A name seen right before a title anywhere ("Baykar CEO Haluk Bayraktar") is an employer everywhere.
    candidates = [c for c in candidates if not _is_employer(text, c[2])]
    candidates.extend(_titled_name_candidates(text, sentences))
    candidates.extend(_speaking_name_candidates(text, sentences, candidates))
    people: list[_Person] = []
    full = sorted({c for c in candidates if len(c[2].split()) > 1}, key=lambda c: c[0])
    short = [c for c in candidates if len(c[2].split()) == 1]
    for _start, _end, name in full:
        # The first full spelling stays the article's name; later ones become aliases.
        owner = next((person for person in people if same_person(person.name, name)), None)
        if owner is not None:
            owner.aliases.add(name)
        else:
            people.append(_Person(name, {name}))
    for _start, _end, name in short:
        owners = [p for p in people if any(same_person(a, name) for a in p.aliases)]
        if not owners:
            # "Marriyum's remarks", "Ahn was quoted": a first word of one full name (given name first, or a
            # family name written first) stands for that person when no one else in the article has it.
            owners = [p for p in people if len(p.name.split()) > 1 and p.name.split()[0] == name]
            owners = owners if len(owners) == 1 else []
        if len(owners) == 1:
            owners[0].aliases.add(name)
        elif not owners:
            people.append(_Person(name, {name}))
    # A single-word person whose word is also a full name's surname belongs to that full name.
    people = [p for p in people if not (len(p.name.split()) == 1 and any(
        q is not p and len(q.name.split()) > 1 and same_person(q.name, p.name) for q in people))]

    _add_surnames(text, people)
    mentions: list[PersonMention] = []
    for index, person in enumerate(people):
        for alias in sorted(person.aliases, key=len, reverse=True):
            for start, end in _find_all(text, alias):
                if not any(m.start <= start < m.end for m in mentions):
                    mentions.append(PersonMention(start, end, index))
    mentions.sort(key=lambda m: m.start)

    # A name seen only in list fragments ("• Lockheed Martin,") with no role is most likely a company.
    in_prose = {m.person for m in mentions if _in_prose(sentences, m.start)}
    facts = [PersonFact(name=p.name, aliases=set(p.aliases)) for p in people]
    for fact in facts:
        fact.start, fact.end = _sentence_span(sentences, next(
            (m.start for m in mentions if facts[m.person] is fact), 0))
    for mention in mentions:
        sentence = _sentence_at(sentences, mention.start)
        if sentence is None:
            continue
        prefix = text[sentence.start:mention.start]
        suffix = text[mention.end:sentence.end]
        role = role_before(prefix) or role_after(suffix)
        others = {a for i, p in enumerate(people) if i != mention.person for a in p.aliases if " " in a}
        # "meeting Baykar CEO Haluk Bayraktar in Kyiv, X" is not X's role; "Zelenskyy's chief of staff" is.
        if role and not _role_names_other_person(role) and not any(
                a in role and not re.search(re.escape(a) + r"[’']s\b", role) for a in others):
            fact = facts[mention.person]
            if not any(r.role == role for r in fact.roles):
                fact.roles.append(RoleFact(role, sentence.start, sentence.end))
                if len(fact.roles) == 1:
                    fact.start, fact.end = sentence.start, sentence.end
    keep = [i for i, f in enumerate(facts) if f.roles or i in in_prose]
    renumber = {old: new for new, old in enumerate(keep)}
    mentions = [PersonMention(m.start, m.end, renumber[m.person]) for m in mentions if m.person in renumber]
    return [facts[i] for i in keep], mentions


def _in_prose(sentences: list[Sentence], offset: int) -> bool:
    sentence = _sentence_at(sentences, offset)
    return sentence is not None and len(sentence.text.split()) >= MIN_PROSE_WORDS


def _capitalised_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of capitalised words separated only by spaces, as (start, end) offsets."""
    runs: list[tuple[int, int]] = []
    run_start = run_end = -1
    for match in WORD_RE.finditer(text, start, end):
        word = match.group(0)
        particle = word in NAME_PARTICLES and run_end >= 0 and text[run_end:match.start()] == " "
        if word[0].isupper() or particle:
            if run_end >= 0 and text[run_end:match.start()] == " ":
                run_end = match.end()
                continue
            if run_end >= 0:
                runs.append((run_start, run_end))
            run_start, run_end = match.start(), match.end()
        elif run_end >= 0:
            runs.append((run_start, run_end))
            run_start = run_end = -1
    if run_end >= 0:
        runs.append((run_start, run_end))
    return runs


def _titled_name_candidates(text: str, sentences: list[Sentence]) -> list[tuple[int, int, str]]:
    """Capitalised word runs with a role phrase right before or after them: "the minister, Jane Roe,"."""
    found = []
    for sentence in sentences:
        for run_start, run_end in _capitalised_runs(text, sentence.start, sentence.end):
            words = text[run_start:run_end].split(" ")
            if len(words) < 2:
                continue
            # Names are most often two words, then three: "Minister for Trade Policy Greg Hands" -> "Greg Hands",
            # "Minister of Defense of Singapore, Ng Eng Hen" -> "Ng Eng Hen".
            for size in (2, 3, 4):
                if size > len(words):
                    break
                name = " ".join(words[-size:])
                if not looks_like_name(name):
                    continue
                start = run_end - len(name)
                if role_before(text[sentence.start:start]) or role_after(text[run_end:sentence.end]):
                    found.append((start, run_end, name))
                    break
    return found


def _speaking_name_candidates(text: str, sentences: list[Sentence], known: list[tuple[int, int, str]]
                              ) -> list[tuple[int, int, str]]:
    """Full names the model missed whose surname speaks elsewhere: "Rustem Umerov met ..." + "- Umerov noted"."""
    speakers = {m.group(1) for m in SPEAKING_SURNAME_RE.finditer(text)} | {
        m.group(1) for m in SAID_SURNAME_RE.finditer(text)}
    taken = {name for _, _, name in known}
    found = []
    for sentence in sentences:
        for run_start, run_end in _capitalised_runs(text, sentence.start, sentence.end):
            words = text[run_start:run_end].split(" ")
            for size in (2, 3):
                if size > len(words):
                    break
                name = " ".join(words[-size:]) if words[-1] in speakers else ""
                if name in taken:
                    break  # already known under its shortest full form
                if name and looks_like_name(name):
                    found.append((run_end - len(name), run_end, name))
                    break
    return found


def _add_surnames(text: str, people: list[_Person]) -> None:
    """Give each full name its bare surname as an alias where no other person shares it."""
    surnames: dict[str, list[_Person]] = defaultdict(list)
    for person in people:
        words = person.name.split()
        if len(words) > 1 and len(words[-1]) >= 3:
            surnames[words[-1]].append(person)
    for surname, owners in surnames.items():
        if len(owners) == 1 and _find_all(text, surname):
            owners[0].aliases.add(surname)
    firsts: dict[str, list[_Person]] = defaultdict(list)
    for person in people:
        words = person.name.split()
        if len(words) > 1 and len(words[0]) >= 2 and words[0] not in surnames:
            firsts[words[0]].append(person)
    for first, owners in firsts.items():
        # "Park was quoted", "Sana's remarks": a first word alone stands for the person only where it
        # speaks or owns something, so a common word that happens to be a name is not taken.
        if len(owners) == 1 and re.search(rf"(?<!\w){re.escape(first)}(?:[’']s\b|\s+(?:was\s+quoted|said|says|"
                                          rf"told|added|noted|wrote|explained|replied))", text):
            owners[0].aliases.add(first)


def _role_names_other_person(role: str) -> bool:
    """A role like "Zelenskyy's chief of staff" is fine; a role that is itself a name is not."""
    return looks_like_name(role) and not any(w.casefold() in ROLE_HEADS for w in role.split())


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _sentence_span(sentences: list[Sentence], offset: int) -> tuple[int, int]:
    sentence = _sentence_at(sentences, offset)
    return (sentence.start, sentence.end) if sentence else (offset, offset)


@component("people", writes="people")
def people_component(article: ParsedArticle) -> list[PersonFact]:
    """The people of the article, each with the places it names them."""
    people, mentions = extract_people(article.text, article.sentences, article.entities)
    for mention in mentions:
        people[mention.person].mentions.append((mention.start, mention.end))
    return people


@component("people_kept", writes="people")
def keep_people_component(article: ParsedArticle) -> list[PersonFact]:
    """A one-word "person" with no role and no quote is more often an outlet or a brand than a person."""
    speakers = {q.speaker for q in article.facts.quotes}
    return [p for p in article.facts.people if len(p.name.split()) > 1 or p.roles or p.name in speakers]
