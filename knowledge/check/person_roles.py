"""A role or age claim ("X is chief economist at Moody's", "X is 25") against the sentences that name X.

Stored role facts cover the titles extraction found; a sentence that names the person says more. The
words that describe a person in news stand next to the name: before it up to the clause's start ("New
York Governor Andrew Cuomo", "Macmillan CEO John Sargent"), after it in apposition up to the next comma
("Don Marshall, the foundation's executive director,"), after "who is", and in a phrase of the name
("Rand Paul of Kentucky", "James Hall with the New York Police Department"). That text is the person's
description here, and the claim's role is compared with it:

* Supported: every title word of the claim is in the description and its organisation's names are in
  the sentence (in the description, when the description names an organisation of its own).
* Contradicted by title: the description names the claim's organisation but another office (a title
  head of the ``title_heads`` lexicon) and not the claimed one: "director of rate strategy at Mitsubishi
  UFJ" is not "chief economist at Mitsubishi UFJ".
* Contradicted by organisation: the description holds the claimed office at another organisation
  after an organisation preposition: "senior fellow at the Brookings Institution" / "at the Heritage
  Foundation".
* Age: "X, 20," in news is X's age.

A description of someone else in the same sentence is never read: it stops at the clause's bounds, and
a mention whose given name differs ("Ron Paul" for "Rand Paul") is not the person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge import lexicon
from knowledge.check import checker as base
from knowledge.text.countries import country_of
from knowledge.text.names import fold, name_key

BEFORE_WORDS = 8
# Where a description before a name starts: punctuation or a word that opens another clause.
_BEFORE_BOUND_RE = re.compile(r"[,;:()\"“”—–]|\s-\s|\b(?:and|said|says|told|by|with|to|as|for|that|when|while)\s",
                              re.I)
_AFTER_BOUND_RE = re.compile(r"[,;()\"“”—–]|(?<!\b[A-Z])(?<!\bInc)(?<!\bCorp)(?<!\bCo)(?<!\bLtd)(?<!\bSt)(?<!\bJr)"
                             r"\.(?:\s|$)|\s-\s")
PARTY_WORDS = frozenset(fold(p) for p in lexicon.table("party_tags").values()) | {"democrat"}
_PARTY_RE = re.compile(rf"^\s*\((?P<party>[{''.join(k.upper() for k in lexicon.table('party_tags'))}])-[A-Z][\w.]*\)")
_NAME_PHRASE_RE = re.compile(r"^\s+(?:of|with|at|from)\s+(?:the\s+)?[A-Z][\w'’.&-]*"
                             r"(?:\s+(?:of\s+|&\s+)?[A-Z][\w'’.&-]*)*")
_AGE_RE = re.compile(r"^,\s*(?P<age>\d{1,3})(?:,|[.;]?$)")  # "X, 23," or "X, 23." closing the sentence
_AGE_CLAIM_RE = re.compile(rf"^(?P<name>{base._NAME})\s+(?:is|was)\s+(?P<age>\d{{1,3}})(?:\s+years?\s+old)?$")


@cache
def _title_heads() -> frozenset[str]:
    return lexicon.words("title_heads")


def _expanded(text: str) -> str:
    """Abbreviated titles spelled out ("Gov." → "Governor", "Lt." → "Lieutenant", "CFO" → "chief financial
    officer": lexicon ``title_abbreviations`` and ``acronyms``)."""
    text = re.sub(r"\b([A-Z][a-z]{0,3})\.(?=\s|$)", lambda m: base.TITLE_ABBREVIATIONS.get(fold(m[1]), m[0]), text)
    acronyms = lexicon.table("acronyms")
    return re.sub(r"\b([A-Z]{2,5})\b", lambda m: acronyms.get(m[1].casefold(), m[0]), text)


def _heads(text: str) -> set[str]:
    heads = _title_heads()
    found = set()
    for token in base._tokens(text):
        word = fold(token)
        if token.islower() and word.endswith(("'s", "’s")):
            continue  # "the president's adviser" holds no presidency
        if word in heads or word.split("-")[-1] in heads:
            found.add(base.stem(word.split("-")[-1]))
        elif word.endswith("s") and word[:-1] in heads:
            found.add(base.stem(word[:-1]))
    return found


def _main_head(role: str) -> str | None:
    """The office a role names: its last title head before "of/at/for/with" ("chief executive officer of
    X" → officer; "chief economist at X" → economist)."""
    core = re.split(r"\s+(?:of|at|for|with|from)\s+", _expanded(role))[0]
    heads = [t for t in base._tokens(core) if _heads(t)]
    return next(iter(_heads(heads[-1]))) if heads else None


@dataclass(frozen=True)
class Description:
    text: str  # the words that describe the person in this sentence
    party: str | None = None
    age: str | None = None


def _mentions(name: str, sentence: str) -> list[re.Match[str]]:
    parts = name.split()
    surname, given = parts[-1], parts[0] if len(parts) > 1 else None
    found = []
    for m in re.finditer(rf"\b{re.escape(surname)}\b(?:['’]s)?", sentence):
        before = sentence[: m.start()].rstrip()
        previous = re.search(r"([A-Z][\w'’-]*)\.?$", before)
        word = fold(previous.group(1)) if previous else ""
        if given and previous and previous.group(1) not in parts and not before.endswith((".", ",")) and \
                word not in base.TITLE_ABBREVIATIONS and word not in _title_heads() and country_of(word) is None:
            continue  # "Ron Paul" is not "Rand Paul" (but "Italian Macheda" is Kiko Macheda)
        found.append(m)
    return found


def descriptions(name: str, sentence: str) -> list[Description]:
    """What the sentence says the person is, at each mention."""
    found = []
    for m in _mentions(name, sentence):
        start = m.start()
        given = " ".join(name.split()[:-1])
        if given and sentence[:start].rstrip().endswith(given):  # the mention is the full name
            start = sentence[:start].rstrip().rfind(given)
        head = sentence[:start]
        bounds = list(_BEFORE_BOUND_RE.finditer(head))
        before = head[bounds[-1].end():] if bounds else head
        before = " ".join(before.split()[-BEFORE_WORDS:])
        tail = sentence[m.end():]
        party = age = None
        if p := _PARTY_RE.match(tail):
            party = lexicon.table("party_tags")[p["party"].casefold()]
        if a := _AGE_RE.match(tail):
            age = a["age"]
            tail = tail[a.end() - 1:]
        after = ""
        if appos := re.match(r"^\s*,\s*(?:who\s+(?:is|was)\s+(?:now\s+)?)?", tail):
            rest = tail[appos.end():]
            after = rest[: b.start()] if (b := _AFTER_BOUND_RE.search(rest)) else rest
            if appos.group(0).strip() == "," and after[:1].isupper() and not re.match(r"(?:the|a|an)\b", after, re.I) \
                    and not _heads(after):
                after = ""  # "Ann, Bob and ..." is a list, not a description
        elif phrase := _NAME_PHRASE_RE.match(tail):
            after = phrase.group(0)
        elif copula := re.match(r"^\s+(?:is|was)\s+(?:now\s+)?", tail):
            rest = tail[copula.end():]
            after = rest[: b.start()] if (b := _AFTER_BOUND_RE.search(rest)) else rest
        found.append(Description(_expanded(f"{before} {after}".strip()), party, age))
    return found


def _words(text: str) -> tuple[set[str], set[str]]:
    """(title words, organisation words) as stems: lower-case content words and capitalised ones. A
    lower-case possessive names someone else's office ("the president's adviser"), so it is left out."""
    titles, orgs = set(), set()
    for token in base._tokens(_expanded(text)):
        word = fold(token)
        if word in base.STOP_WORDS or word in ("former", "ex") or (token.islower() and word.endswith(("'s", "’s"))):
            continue
        is_org = token[:1].isupper() and word not in _title_heads() and word not in PARTY_WORDS
        (orgs if is_org else titles).add(base.stem(token))
    return titles, orgs


def _claimed_org_run(role: str) -> tuple[str, str] | None:
    """ (preposition, organisation) of a claimed role: "at" and "Moody's Analytics"."""
    m = re.search(r"\b(of|at|with|for|from)\s+(?:the\s+)?([A-Z][\w'’.&-]*(?:\s+(?:of\s+|&\s+)?[A-Z][\w'’.&-]*)*)", role)
    return (m.group(1), m.group(2)) if m else None


def judge_role(name: str, role: str, negated: bool, sentence: str, label: str) -> tuple[str, str] | None:
    """(verdict, reason) of a role claim against one sentence, or None."""
    claim_titles, claim_orgs = _words(role)
    claim_heads = _heads(_expanded(role))
    if not claim_heads or negated:
        return None
    sentence_stems = base._content_stems(sentence) | {base.stem(t) for t in base._tokens(sentence)}
    for desc in descriptions(name, sentence):
        titles, orgs = _words(desc.text)
        if desc.party:
            titles.add(base.stem(desc.party))
        heads = _heads(desc.text)
        former = "former" in fold(desc.text).split() and "former" not in fold(role).split()
        said = f'"{base._snippet(sentence)}" {label}'
        own_org_elsewhere = bool(claim_orgs and orgs and not claim_orgs & orgs)  # "a Notre Dame coaching legend"
        if claim_titles <= titles | orgs and claim_orgs <= sentence_stems and not former and not own_org_elsewhere:
            return base.SUPPORTED, f"the article describes {name} as {desc.text}: {said}"
        if former or not heads:
            continue
        if claim_orgs and claim_orgs <= orgs and _main_head(role) not in heads:
            return base.CONTRADICTED, f"the article calls {name} {desc.text}, not {role}: {said}"
        party_words = {base.stem(p) for p in PARTY_WORDS}
        if desc.party and claim_titles & party_words and base.stem(desc.party) not in claim_titles and \
                claim_titles - party_words <= titles | orgs:
            return base.CONTRADICTED, f"the article calls {name} {desc.party}, not {role}: {said}"
        claimed_org = _claimed_org_run(role)
        stated_org = _claimed_org_run(desc.text)
        if claimed_org and stated_org and claim_heads <= heads and claim_orgs and not claim_orgs & orgs and \
                not {name_key(w) for w in claimed_org[1].split()} & {name_key(w) for w in stated_org[1].split()}:
            return base.CONTRADICTED, f"the article calls {name} {desc.text}, not {role}: {said}"
        if _other_organisation(role, desc.text, heads, claim_orgs, orgs):
            return base.CONTRADICTED, f"the article calls {name} {desc.text}, not {role}: {said}"
    return None


def _name_keys(text: str) -> set[str]:
    return {name_key(t) for t in base._tokens(text) if t[:1].isupper()}


def _other_organisation(role: str, described: str, heads: set[str], claim_orgs: set[str], orgs: set[str]) -> bool:
    """The same office at another organisation, the stated one named before the title ("Piper Jaffray
    analyst Gene Munster") or after it, the claimed one either way ("an analyst at Goldman Sachs"): the
    claimed office's head among the stated ones, and no capitalised word shared by the two organisations."""
    if _main_head(role) not in heads or not claim_orgs or not orgs or claim_orgs & orgs:
        return False
    claimed, stated = _name_keys(_expanded(role)), _name_keys(_expanded(described))
    heads_keys = {name_key(h) for h in _title_heads()}
    claimed, stated = claimed - heads_keys, stated - heads_keys
    if not claimed or not stated or claimed & stated:
        return False
    for text in (role, described):
        for token in base._tokens(text):
            if token[:1].isupper() and (token.isupper() or base._nationality_key(token) or fold(token) in _places()):
                return False  # "the Fed" may be the Federal Reserve, "US" the American one: no contradiction
    return not any(a.startswith(b) or b.startswith(a) for a in claimed for b in stated)


@cache
def _places() -> frozenset[str]:
    return frozenset(fold(p) for p in lexicon.words("places"))


def judge_age(claim: str, sentence: str, label: str) -> tuple[str, str] | None:
    """ "X is 25" against "X, 20, ...": news gives ages in apposition."""
    m = _AGE_CLAIM_RE.match(claim)
    if not m:
        return None
    for desc in descriptions(m["name"], sentence):
        if desc.age is None:
            continue
        said = f'"{base._snippet(sentence)}" {label}'
        if desc.age == m["age"]:
            return base.SUPPORTED, f"the article gives {m['name']}'s age as {desc.age}: {said}"
        return base.CONTRADICTED, f"the article gives {m['name']}'s age as {desc.age}, not {m['age']}: {said}"
    return None
