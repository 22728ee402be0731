"""Check a team member's claim against retrieved evidence: supported, contradicted or not enough info.

Precision over recall: a wrong "supported" or "contradicted" misleads, a "not_enough_info" only
sends the reader to the sources. So every verdict rests on an explicit, tested rule:

* Relevance. A candidate counts only when it holds every named entity of the claim (capitalised
  words; those inside a counted phrase such as "FPV drones" are judged by the figure instead) and
  at least ``RELEVANT_OVERLAP`` of the claim's content words (stemmed).
* Contradicted when one aspect conflicts: a figure counting the same thing
  (:func:`knowledge.quantities.compatible` is False), a date at the precision of both, the manner
  of taking part (in person / by video link), a deal's status, or polarity ("did not sign" /
  "signed"). Date and polarity conflicts need a closer match (``STRICT_OVERLAP``); date conflicts
  are not judged for plans ("will", "plans to"), whose dates are often when the plan was told.
* Supported when a candidate holds every content word, every figure and date of the claim is
  confirmed, manner and status agree, and neither side hedges where the other does not.
* Role claims ("X is Ukraine's defense minister") are judged only on role evidence for the same
  person: the same office supports, another office of the same title ("foreign minister")
  contradicts.
* A claim's city ("signed ... in Paris") is contradicted only by a passage that holds every other
  claim word, never names that city, and locates a claim word in exactly one other city
  ("the conference, held on 11-12 June in Berlin"); cities only, never a country against a city.
* Hedges in a clause after every confirmed figure do not hedge it; a claim whose clauses name two
  deal statuses ("has signed 17 and is preparing 10 more") is not judged on status.
* Entities match by name key, by a country's adjective ("Poland" / "Polish") and by the initials of
  a run of capitalised words ("GM" / "General Motors").
* A missing claim word may be a modifier the article's title or opening gives to a noun the passage
  names as known ("the drone plant" / "the plant" in an article about drones), or a light verb
  whose noun the passage holds with no other verb before it ("placed a firm order" / "with a firm
  order").
* A term ("for 25 years") contradicts another term of the same act only: the claim's word before
  "for" must stand right before the passage's "for" ("... to Shell for 20 years").
* Roles: a deputy's office does not make its holder the minister, and two top offices of one
  country ("Polish Prime Minister" / "president of Poland") exclude each other.
* When sources disagree, the newest source decides and both are shown, newest first; on the
  same date the verdict is not_enough_info. An article does not contradict itself: a passage
  stating the whole claim outweighs a less matching one of the same article.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from knowledge import lexicon
from knowledge.check import align, values
from knowledge.extract.deal_status import claim_status
from knowledge.facts import DateMention
from knowledge.text.countries import DEMONYMS, country_of
from knowledge.text.dates import find_dates
from knowledge.text.names import fold, name_key, normalise_role, roles_match, same_org, same_person
from knowledge.text.quantities import CURRENCY_CODES, Quantity, compatible, find_quantities, lemma
from knowledge.text.sentences import split_sentences

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
NOT_ENOUGH_INFO = "not_enough_info"

# Share of the claim's content words a candidate must hold to be judged at all.
RELEVANT_OVERLAP = 0.6
MIN_WORDS_FOR_WINDOW = 3
MIN_WINDOW = 16
WINDOW_FACTOR = 4
PRONOUN_SUBJECT_RE = re.compile(r"\b(?:we|our|us|they|their)\b", re.I)
# Share needed before a date or polarity difference may contradict (they are easier to misread).
STRICT_OVERLAP = 0.75
# Shortest stem a suffix may be cut down to.
MIN_STEM = 3
# Content words after a negation or hedge that it may govern ("did not sign", "will be signed").
SCOPE_WORDS = 2
# Evidence items shown for a verdict with one side only.
MAX_EVIDENCE = 3
# Length of the quoted snippet in a "supported" reason.
SNIPPET_CHARS = 160

# Words of a claim that carry no aspect: function words (but "last" and "next", which date) and fillers.
STOP_WORDS = (lexicon.words("function_words") - {"last", "next"}) | lexicon.words("claim_filler_words")
STEM_SUFFIXES: tuple[str, ...] = lexicon.entries("stem_suffixes")
SPELLINGS: dict[str, str] = lexicon.table("spelling_variants")
IRREGULAR_VERBS: dict[str, str] = lexicon.table("irregular_forms")

TITLE_ABBREVIATIONS: dict[str, str] = lexicon.table("title_abbreviations")
# Words that name one relation ("donated" / "gave"): compared as the relation's name.
RELATIONS: dict[str, str] = lexicon.table("relation_paraphrases")

# Manner of taking part; each entry names its opposite in MANNER_OPPOSITES.
MANNER_PATTERNS: dict[str, re.Pattern[str]] = {
    "in person": re.compile(r"\bin[\s-]person\b|\bpersonally\b|\bon[\s-]site\b|\bin the flesh\b", re.I),
    "remotely": re.compile(
        r"\b(?:by|via|through)\s+(?:a\s+)?video(?:[\s-]?(?:link|conference|call))?\b|\bvideo\s+address\b|"
        r"\bvirtually\b|\bremotely\b|\bonline\b|\bby\s+(?:tele)?phone\b|\bvideo[\s-]?conference\b",
        re.I,
    ),
}
MANNER_OPPOSITES: dict[str, str] = {"in person": "remotely", "remotely": "in person"}
NEGATION_RE = re.compile(
    r"\b(?:not|never|no\s+longer|neither|nor|refused\s+to|failed\s+to|declined\s+to|denied)\b|n['’]t\b|"
    r"\bno\b(?!\s+(?:more|less|fewer|later|earlier|sooner)\b)",
    re.I,
)
# Hedges: a plan or a possibility is not the fact it names.
MODAL_RE = re.compile(
    r"\b(?:will|would|could|might|should|plans?|planned|planning|intends?|intended|aims?\s+to|"
    r"expects?|expected|hopes?|wants?\s+to|seeks?\s+to|proposes?|proposed|going\s+to|set\s+to|"
    r"likely|possible|possibly|may)\b|'ll\b"
)
# Evidence statuses that confirm / rule out a claimed status.
STATUS_SUPPORTED_BY: dict[str, frozenset[str]] = {
    "signed": frozenset({"signed"}),
    "agreed": frozenset({"agreed", "signed"}),
    "negotiating": frozenset({"negotiating"}),
    "planned": frozenset({"planned"}),
    "announced": frozenset({"announced"}),
    "discussed": frozenset({"discussed", "negotiating"}),
}
STATUS_CONTRADICTED_BY: dict[str, frozenset[str]] = {
    "signed": frozenset({"negotiating", "planned", "discussed"}),
    "agreed": frozenset({"negotiating", "discussed"}),
}
STATUS_WORDING: dict[str, str] = {
    "signed": "signed", "agreed": "agreed", "negotiating": "still under negotiation",
    "planned": "only planned", "announced": "announced", "discussed": "only discussed",
    "ongoing": "ongoing",
}  # fmt: skip

# Titles one person holds one of at a time: another office with the same title contradicts.
EXCLUSIVE_TITLES = lexicon.words("exclusive_titles")
# Any of these words makes "X is/was <words>" a role claim.
TITLE_WORDS = EXCLUSIVE_TITLES | lexicon.words("role_claim_titles")
ROLE_RANK_WORDS = lexicon.words("claim_rank_words")
# Ranks that make an office a deputy's ("deputy minister"), not the office itself.
DEPUTY_RANKS = lexicon.words("subordinate_ranks")
# Top offices of a country, one person holding one at a time; spellings share a name.
LEADER_OFFICES: dict[str, str] = lexicon.table("leader_offices")
FORMER_RE = re.compile(r"\b(?:former|ex)\b")
PAST_ROLE_VERBS = frozenset({"was", "served as", "has been", "had been", "was appointed", "was named"})
_NAME = r"(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’.-]+"
_ROLE_VERB = r"is|was|remains|serves\s+as|served\s+as|has\s+been|had\s+been|was\s+appointed|was\s+named|became|becomes"
_ROLE_CLAIM_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^(?P<name>{_NAME})\s+(?P<verb>{_ROLE_VERB})\s+(?P<neg>not\s+|no\s+longer\s+)?(?P<role>.+)$"),
    re.compile(rf"^(?P<role>.+?)\s+(?P<verb>is|was)\s+(?P<neg>not\s+)?(?P<name>{_NAME})$"),
)
RANK_NOUN_CHARS = 40
RANK_NOUN_WORDS = 3
HYPHENATED_NAME_RE = re.compile(r"\b[A-Z][A-Za-z]*-[A-Z0-9][A-Za-z0-9]*\b")
RANK_RE = re.compile(r"(?:\b(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
                     r"[-\s])?\b(?P<sup>biggest|largest|smallest|richest|oldest|youngest|highest|lowest|"
                     r"busiest|strongest|fastest|leading|top)\b", re.I)
_FUTURE_ROLE_RE = re.compile(
    rf"^(?P<name>{_NAME})\s+(?:will\s+become|will\s+be|is\s+to\s+become|is\s+set\s+to\s+become)\s+(?P<role>.+)$")
_CLAIM_LEAD_RE = re.compile(r"^(?:is\s+it\s+true\s+that|claim:|check:?|true\s+or\s+false:?)\s*", re.I)
_ROLE_LEAD_RE = re.compile(r"^(?:(?:the|a|an|still|currently|now|also)\s+)+", re.I)
# Runs of capitalised words whose initials may stand for them in a claim ("GM" for "General Motors").
_CAPITALISED_RUN_RE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
MIN_ACRONYM = 2
MAX_ACRONYM = 4
# A noun the passage names as already known: "the plant", "this initiative".
_DEFINITE_NOUN_RE = re.compile(r"\b(?:the|this|that|these|those)\s+([a-z][a-z-]+)\b", re.I)
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z]*(?:['’][a-z]+)?")
_ENTITY_RE = re.compile(r"\b(?:[A-Z][A-Za-z]*(?:['’]s)?|[A-Z]{2,})\b")
# Words that only say "is X% of" or "is worth $X" before a share or an amount; the figure stands for them.
SHARE_WORDS_RE = re.compile(
    r"\b(?:(?:make|makes|made|making)\s+up|account(?:s|ed|ing)?\s+for|constitut(?:e|es|ed|ing)|"
    r"compris(?:e|es|ed|ing))\s*$",
    re.I,
)
VALUE_WORDS_RE = re.compile(
    r"\b(?:worth|valued\s+at|(?:a\s+)?(?:total\s+)?value\s+of|priced\s+at|amount(?:s|ed|ing)?\s+to|"
    r"total(?:s|led|ling|ed|ing)?)\s*$",
    re.I,
)
# A bare share ("by 99%") is a change, not a share, in a sentence with one of these.
CHANGE_WORDS = lexicon.words("change_words")
SHARE_NOUNS = lexicon.words("share_nouns")
MONEY_UNITS = CURRENCY_CODES
# Cities (not countries or regions: "in Ukraine" and "in Kyiv" do not disagree) whose "in <City>" may
# contradict another; spelling variants share a key.
CITIES: dict[str, str] = {name.lower(): key for key, names in lexicon.aliases("cities").items() for name in names}
_PLACE_RE = re.compile(r"\b(?:in|at)\s+(?P<place>(?:The\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
# Words that may stand between an event and its place without changing what is located:
# "the conference, held on 11-12 June in Berlin".
PLACE_FILLER = lexicon.words("place_fillers")
# How many words before a passage's "for 20 years" may hold the claim's word before its own term.
TERM_ANCHOR_WORDS = 3
# Verbs that only say "lasts N years" before a term; the term stands for them ("runs for 15 years").
TERM_WORDS_RE = re.compile(r"\b(?:runs?|ran|running|lasts?|lasted|lasting|extends?|extended|valid)\s*$", re.I)
# Verbs that say nothing their object does not ("placed an order", "made an offer"), by stem.
LIGHT_VERBS = frozenset({"plac", "mak"})
# Words after a light verb that may hold its noun, and before the noun where another verb may stand.
LIGHT_VERB_REACH = 3
DETERMINERS = lexicon.words("determiners")
# Verbs not recognisable by their ending ("cut its order").
VERB_WORDS = lexicon.words("bare_verbs")
# How many filler words may stand between an event word and "in <City>".
MAX_PLACE_FILLER = 4
_DATE_LEAD_RE = re.compile(rf"^{lexicon.pattern('date_prepositions')}\s+", re.I)


@dataclass(frozen=True)
class Evidence:
    """One retrieved item: a verbatim passage or a structured fact with its source."""

    text: str  # verbatim passage from an article (one sentence or a short run)
    source: dict  # {"article", "title", "date": ISO|None, "date_kind": "stated"|"inferred"|"unknown"}
    kind: str = "passage"  # "passage" | "role" | "deal" | "event"
    person: str | None = None  # for kind "role": the person's full name
    role: str | None = None  # for kind "role": the role text as stated
    status: str | None = None  # for kind "deal": signed/agreed/negotiating/planned/announced/ongoing/discussed
    parties: tuple[str, ...] = ()
    date: str | None = None  # for events/deals: ISO date at text precision
    context: str = ""  # the article's title: who "we" or "they" in the passage may stand for
    before: str = ""  # the sentence before the passage in its article: whom "The company" opening it names
    said: str = ""  # for kind "quote": the quoted words (``person`` is the speaker, ``text`` the snippet)


@dataclass(frozen=True)
class CheckResult:
    verdict: str  # "supported" | "contradicted" | "not_enough_info"
    reason: str  # one line a person can check, quoting the differing values and the source
    evidence: tuple[Evidence, ...]  # deciding evidence first; where sources disagree, both, newest first


@dataclass(frozen=True)
class _RoleClaim:
    name: str
    role: str
    past: bool
    negated: bool


@dataclass(frozen=True)
class _Claim:
    text: str
    words: frozenset[str]  # stemmed content words
    entities: tuple[str, ...]  # capitalised words that must appear in the evidence
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]  # absolute dates only
    manner: str | None
    negated: bool
    modal: bool
    status: str | None
    status_words: frozenset[str]
    role: _RoleClaim | None
    place: _Place | None = None
    future_role: _FutureRole | None = None


@dataclass(frozen=True)
class _FutureRole:
    """ "X will become chief operating officer": who, and the office's last word."""

    surname: str
    head: str


@dataclass(frozen=True)
class _Place:
    """ "in Paris" in a claim: the city key, as written, and the stem of the word it locates."""

    city: str
    text: str
    entity: str  # the capitalised word(s) among the claim's entities
    anchor: str | None  # stem of the content word right before the phrase ("conference")


@dataclass(frozen=True)
class _Outcome:
    verdict: str
    reason: str
    evidence: Evidence
    overlap: float = 0.0
    extra: tuple[Evidence, ...] = field(default=())


# --- words ---------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light stem for overlap: "signed"/"signing" → "sign", "companies"/"company" → "compan"."""
    w = fold(word).replace("’", "'")
    w = re.sub(r"'s$|'$", "", w)
    w = SPELLINGS.get(w, w)
    w = RELATIONS.get(w, w)
    w = IRREGULAR_VERBS.get(w, w)
    for suffix in STEM_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= MIN_STEM:
            w = w[: -len(suffix)]
            if suffix in ("ed", "ing", "ings") and len(w) > MIN_STEM and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    return name_key(w) or w


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def _content_stems(text: str) -> set[str]:
    return set(_content_stems_of(text))


@lru_cache(maxsize=8192)
def _content_stems_of(text: str) -> frozenset[str]:
    text = align.with_phrases_named(text)
    return frozenset({stem(t) for t in _tokens(text) if fold(t).replace("’", "'") not in STOP_WORDS and len(t) > 1})


def _entity_matches(entity: str, keys: set[str]) -> bool:
    """Whether a capitalised claim word appears among the candidate's word keys.

    Compared by :func:`name_key` (so "Zelensky"/"Zelenskyy" meet); a key may also continue the
    entity's stem by a few letters, for demonyms and possessives ("Ukraine" / "Ukrainian").
    """
    key = name_key(re.sub(r"['’]s$", "", entity))
    if not key:
        return True
    if key in keys or _nationality_key(entity) in keys:
        return True
    base = key[:-1] if len(key) > MIN_STEM + 1 and key[-1] in "aeiy" else key
    return any(k.startswith(base) and len(k) - len(base) <= MIN_STEM for k in keys)


def _nationality_key(entity: str) -> str | None:
    """The key of a country's adjective or of an adjective's country: "Poland" ↔ "Polish"."""
    word = fold(re.sub(r"['’]s$", "", entity))
    other = DEMONYMS.get(word) or country_of(word)
    return name_key(other) if other and " " not in other else None


def _word_keys(text: str) -> set[str]:
    return set(_word_keys_of(text))


@lru_cache(maxsize=8192)
def _word_keys_of(text: str) -> frozenset[str]:
    """Name keys of a text's words, and the initials of its runs of capitalised words ("General
    Motors" → "gm"), so an acronym in a claim finds the name it stands for."""
    keys = {name_key(re.sub(r"['’]s$", "", t)) for t in _tokens(text)}
    for run in _CAPITALISED_RUN_RE.finditer(text):
        words = run.group(0).split()
        for size in range(MIN_ACRONYM, min(len(words), MAX_ACRONYM) + 1):
            for i in range(len(words) - size + 1):
                keys.add("".join(w[0] for w in words[i : i + size]).lower())
    return frozenset(keys)


# --- parsing the claim ---------------------------------------------------------------------------


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _manner(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The manner a text names (only one of the opposites), and the spans that name it."""
    found = {name: [m.span() for m in pattern.finditer(text)] for name, pattern in MANNER_PATTERNS.items()}
    named = [name for name, spans in found.items() if spans]
    spans = [span for spans in found.values() for span in spans]
    return (named[0] if len(named) == 1 else None), spans


def _governs(pattern: re.Pattern[str], text: str, words: frozenset[str]) -> bool:
    """Whether a cue (negation, hedge) governs one of ``words``: among the next ``SCOPE_WORDS``
    content words after it, before any punctuation ("did not sign", not "who was not there, signed")."""
    for m in pattern.finditer(text):
        clause = re.split(r"[,;:.!?()\"“”]", text[m.end() :], maxsplit=1)[0]
        following = [t for t in _tokens(clause) if fold(t) not in STOP_WORDS][:SCOPE_WORDS]
        verb = _negated_verb(text, m, clause) or (following[0] if following and _looks_verb(following[0]) else None)
        if verb and stem(verb) not in words:
            continue  # "didn't work on Snapchat CEO X": the cue denies its own verb, not the claim's words
        if any(stem(t) in words for t in following):
            return True
    return False


_AUXILIARY_BEFORE_RE = re.compile(r"\b(?:do|does|did|could|would|should|will|wo|can|ca|might|must|may)\s*$", re.I)


def _negated_verb(text: str, cue: re.Match[str], clause: str) -> str | None:
    """The verb a negation after an auxiliary denies: "didn't work", "does not want" (the next word)."""
    if not _AUXILIARY_BEFORE_RE.search(text[:cue.start()]):
        return None
    following = _tokens(clause)
    return following[0] if following else None


def _negation_in_clause(text: str, words: frozenset[str]) -> bool:
    """A negation anywhere in a clause (between punctuation) that holds the claim's words: "One thing you
    won't find in the new Xbox is VR support" does not say the Xbox supports VR, however far the cue."""
    for part in re.split(r"[,;:.!?()\"“”—–]|\s-\s", text):
        cue = NEGATION_RE.search(part)
        if cue is None or not words <= {stem(t) for t in _tokens(part)}:
            continue
        last = max(m.start() for m in re.finditer(r"[\w'’-]+", part) if stem(m.group(0)) in words)
        if cue.start() < last:  # not "X had an abortion in June and had not told ...": the cue comes after
            return True
    return False


def _is_negated(text: str, words: frozenset[str]) -> bool:
    return _governs(NEGATION_RE, text, words)


# A clause a fear, suspicion or rumour introduces: what it says is not said to have happened.
FEARED_RE = re.compile(r"\b(?:fears?|feared|suspicions?|suspects?|suspected|rumou?rs?|speculation|worries|worried|"
                       r"concerns?)\s+that\b(?P<clause>[^.;!?]*)", re.I)


def _is_hedged(text: str, words: frozenset[str]) -> bool:
    """A modal or plan governs a claim word, or the claim's words sit in a clause of fear or rumour
    ("raised fears that militants were expanding their operations")."""
    if _governs(MODAL_RE, text, words):
        return True
    return any(words & {stem(t) for t in _tokens(m["clause"])} for m in FEARED_RE.finditer(text))


def _claim_status(text: str) -> tuple[str | None, frozenset[str]]:
    """The deal status a claim's verb names, by the grammar extraction uses (:func:`claim_status`), and the
    stems of the words that name it; none when its clauses name different ones."""
    status, words = claim_status(text)
    return status, frozenset(stem(t) for word in words for t in _tokens(word))


def _future_role(text: str) -> _FutureRole | None:
    match = _FUTURE_ROLE_RE.match(text)
    if not match:
        return None
    role_words = re.findall(r"[A-Za-z]+", re.split(r"\s+(?:of|at|in|for)\s+", match["role"])[0])
    if not role_words:
        return None
    return _FutureRole(surname=match["name"].split()[-1], head=role_words[-1])


_OFFICE_VERB_RE = re.compile(rf"^(?P<name>{_NAME})\s+(?P<neg>does\s+not\s+|did\s+not\s+|no\s+longer\s+)?"
                             r"(?P<verb>[a-z-]+)\s+(?P<org>(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+[A-Z&][\w'’.&-]*)*)$")


def _office_claim(text: str) -> _RoleClaim | None:
    """ "X leads the Labour Party", "X founded Acme": a verb of an office (lexicon ``title_verbs``) and an
    organisation are the role claim "X is leader of the Labour Party" (past tense: was)."""
    m = _OFFICE_VERB_RE.match(text)
    if not m:
        return None
    verb = fold(m["verb"])
    offices = lexicon.table("title_verbs")
    stems = (verb[:len(verb) - len(end)] + add for end, add in (("ed", ""), ("ed", "e"), ("s", ""), ("", ""))
             if verb.endswith(end))
    base = lexicon.table("irregular_forms").get(verb) or next((s for s in stems if s in offices), verb)
    office = offices.get(base)
    if office is None:
        return None
    past = (verb != base and not verb.endswith("s")) or bool(m["neg"] and m["neg"].startswith("did"))
    org = re.sub(r"^the\s+", "", m["org"])
    return _RoleClaim(name=m["name"], role=f"{office} of {org}", past=past, negated=bool(m["neg"]))


def _role_claim(text: str) -> _RoleClaim | None:
    """ "X is (Ukraine's) defense minister" / "The foreign minister is X"; the role must hold a title."""
    office = _office_claim(text)
    if office is not None:
        return office
    for pattern in _ROLE_CLAIM_RES:
        m = pattern.match(text)
        if not m:
            continue
        role = _ROLE_LEAD_RE.sub("", m["role"]).strip()
        if not set(normalise_role(role).split()) & TITLE_WORDS and not _names_title(role):
            continue
        if find_dates(role, page_date=None) or m["verb"].startswith(("was appointed", "was named")):
            return None  # "appointed X in March 2023": the when is part of the claim, a role fact can't judge it
        verb = " ".join(m["verb"].split())
        return _RoleClaim(name=m["name"], role=role, past=verb in PAST_ROLE_VERBS, negated=bool(m["neg"]))
    return None


def _names_title(role: str) -> bool:
    """Whether a phrase's words before any "of/at/for/with" hold a title head of the lexicon
    ("a Republican state senator", "a detective lieutenant with ...")."""
    core = re.split(r"\s+(?:of|at|for|with|from|on|in)\s+", role)[0]
    heads = lexicon.words("title_heads")
    return any(fold(t) in heads or fold(t).split("-")[-1] in heads for t in _tokens(core))


def _entities(text: str, exempt: list[tuple[int, int]]) -> tuple[str, ...]:
    """Capitalised words that are not function words and not inside a counted phrase or date."""
    found = []
    for m in _ENTITY_RE.finditer(text):
        word = re.sub(r"['’]s$", "", m.group(0))
        if fold(word) in STOP_WORDS or any(s <= m.start() < e for s, e in exempt):
            continue
        found.append(word)
    return tuple(dict.fromkeys(found))


def parse_claim(claim: str) -> _Claim:
    """Content words, entities, figures, dates, manner, polarity and deal status of a claim."""
    text = _CLAIM_LEAD_RE.sub("", " ".join(claim.split())).rstrip(" .?!")
    quantities = tuple(find_quantities(text))
    all_dates = find_dates(text, page_date=None)
    manner, manner_spans = _manner(text)
    figure_spans = [(q.start, q.end) for q in quantities] + _figure_word_spans(text, quantities)
    masked = _mask(text, figure_spans + [(d.start, d.end) for d in all_dates] + manner_spans)
    words = frozenset(_content_stems(masked))
    counted = [(q.counted_start, q.counted_end) for q in quantities if q.counted_start is not None]
    exempt = [(s, e) for s, e in counted if e is not None] + [(d.start, d.end) for d in all_dates]
    status, status_words = _claim_status(text)
    entities = _entities(_mask(text, manner_spans), exempt)
    return _Claim(
        text=text,
        words=words,
        entities=entities,
        quantities=quantities,
        dates=tuple(d for d in all_dates if d.value and not d.relative),
        manner=manner,
        negated=_is_negated(text, words),
        modal=bool(MODAL_RE.search(text)) or _is_hedged(text, words),
        status=status,
        status_words=status_words,
        role=_role_claim(text),
        future_role=_future_role(text),
        place=_claim_place(masked, entities),
    )


def _figure_word_spans(text: str, quantities: Iterable[Quantity]) -> list[tuple[int, int]]:
    """Words a figure stands for: a rate's period ("every month"), "made up" before a share and
    "worth" before an amount; they are checked with the figure, not as words."""
    spans = []
    for q in quantities:
        if q.per_start is not None and q.per_end is not None:
            spans.append((q.per_start, q.per_end))
        pattern = SHARE_WORDS_RE if q.percent else VALUE_WORDS_RE if q.unit in MONEY_UNITS else None
        if pattern is not None and (m := pattern.search(text[: q.start])):
            spans.append(m.span())
        if q.duration_start is not None and (m := TERM_WORDS_RE.search(text[: q.duration_start])):
            spans.append(m.span())
    return spans


def _claim_place(masked: str, entities: tuple[str, ...]) -> _Place | None:
    """The one city a claim locates its event in ("... at a conference in Paris"), if exactly one."""
    found = [(m, CITIES[fold(m["place"])]) for m in _PLACE_RE.finditer(masked) if fold(m["place"]) in CITIES]
    if len({city for _, city in found}) != 1:
        return None
    m, city = found[0]
    entity = next((e for e in entities if CITIES.get(fold(e)) == city or fold(e) in fold(m["place"])), None)
    if entity is None:
        return None
    before = [t for t in _tokens(masked[: m.start()]) if fold(t) not in STOP_WORDS]
    return _Place(city=city, text=m.group(0), entity=entity, anchor=stem(before[-1]) if before else None)


# --- sources -------------------------------------------------------------------------------------


def _source_date(ev: Evidence) -> str:
    """Date used to order sources (newest decides); empty when unknown, which sorts oldest."""
    return ev.source.get("date") or ev.date or ""


def source_label(ev: Evidence) -> str:
    """ "(Title, 2024-06-01)" for reasons."""
    title = ev.source.get("title") or ev.source.get("article") or "untitled"
    date = ev.source.get("date") or "undated"
    return f"({title}, {date})"


def _snippet(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= SNIPPET_CHARS else one_line[: SNIPPET_CHARS - 1].rstrip() + "…"


def _best_sentence(text: str, words: frozenset[str]) -> str:
    """The sentence of a passage that shares the most content words with the claim."""
    sentences = [s.text for s in split_sentences(text)] or [text]
    return max(sentences, key=lambda s: len(_content_stems(s) & words))


# --- aspects -------------------------------------------------------------------------------------


@dataclass
class _Aspects:
    """What one candidate says about each aspect of the claim: conflicts, and what is unconfirmed."""

    conflicts: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)
    strict_conflicts: list[str] = field(default_factory=list)  # need STRICT_OVERLAP to count
    date_conflicts: list[str] = field(default_factory=list)  # need every claim word in the passage
    money_conflicts: list[str] = field(default_factory=list)  # amounts of money: need every claim word too


def _closeness(text: str, quantity: Quantity, words: frozenset[str]) -> int:
    """How many claim words the sentence holding ``quantity`` shares: picks the figure to quote."""
    for sentence in split_sentences(text):
        if sentence.start <= quantity.start < sentence.end:
            return len(_content_stems(sentence.text) & words)
    return 0


def _sentence_of(text: str, pos: int) -> str:
    for sentence in split_sentences(text):
        if sentence.start <= pos < sentence.end:
            return sentence.text
    return text


def _share_of(cq: Quantity, fq: Quantity, fact_qs: list[Quantity], text: str, whole: bool) -> Quantity:
    """A bare share ("fulfilled the contracts by 99%", "96.2% is the share of drones among all UAVs")
    counts what the claim's share counts ("99% of contracts") when it is the passage's only share,
    its sentence names the claim's counted noun and no change ("rose by 20%"), and either says
    "share" or the passage holds every word of the claim (``whole``); otherwise it stays uncomparable."""
    if not (cq.percent and cq.unit and fq.percent and fq.unit is None and fq.per == cq.per):
        return fq
    if sum(q.percent for q in fact_qs) != 1:
        return fq
    words = {fold(t) for t in _tokens(_sentence_of(text, fq.start))}
    if cq.unit not in {lemma(w) for w in words} or words & CHANGE_WORDS or not (whole or words & SHARE_NOUNS):
        return fq
    return replace(fq, unit=cq.unit, counted=cq.unit)


def _compare_quantities(
    claim: _Claim, ev: Evidence, label: str, aspects: _Aspects, whole: bool
) -> list[tuple[Quantity, Quantity]]:
    """Compare each claim figure with the passage's; returns the (claim, passage) pairs that agree.
    ``whole``: the passage holds every content word of the claim."""
    fact_qs = find_quantities(ev.text)
    confirmed: list[tuple[Quantity, Quantity]] = []
    for cq in claim.quantities:
        results = [(fq, compatible(cq, _share_of(cq, fq, fact_qs, ev.text, whole))) for fq in fact_qs]
        agreeing = [fq for fq, ok in results if ok is True]
        if agreeing:
            confirmed.append((cq, agreeing[0]))
            continue
        clashes = [fq for fq, ok in results if ok is False and not _partitive(ev.text, fq)
                   and not _age_beside_name(ev.text, fq)]  # "Eloise Parry, 21, was taken ...": her age
        if _partitive(claim.text, cq):
            clashes = []  # "three of its four spires": which of the two counts the spires is not read
        if cq.unit is None and not cq.percent and cq.duration:
            clashes = [fq for fq in clashes if _same_term(claim.text, cq, ev.text, fq)]
        if clashes and (cq.unit is not None or cq.percent or cq.duration):
            clash = max(clashes, key=lambda fq: _closeness(ev.text, fq, claim.words))
            said = f"the article says {_said(clash)}, not {_said(cq)} {label}"
            (aspects.money_conflicts if cq.unit in MONEY_UNITS else aspects.conflicts).append(said)
        else:
            aspects.unconfirmed.append(cq.text)
    return confirmed


# "three of its four", "three out of four of its": a part and its whole, either of which may be read as
# the count of the noun after them.
_PARTITIVE_RE = re.compile(r"\b(?:out\s+)?of\s+(?:(?:its|their|his|her|the)\s+)?(?=\S)", re.I)


def _age_beside_name(text: str, q: Quantity) -> bool:
    """A bare number set off by commas right after a name ("X, 21,") is the person's age, not a count."""
    return (q.unit is None and not q.percent and q.counted is None and text[q.end:q.end + 1] == ","
            and bool(values.AGE_APPOSITION_RE.search(text[:q.start])))


def _partitive(text: str, q: Quantity) -> bool:
    """Whether a figure is the part or the whole of "N (out) of (its) M"."""
    before, after = text[:q.start], text[q.end:]
    part = _PARTITIVE_RE.match(after)
    if part and values.find_values(after[part.end():part.end() + 12]):
        return any(v.start == 0 for v in values.find_values(after[part.end():]))
    whole = re.search(r"\b(?:out\s+)?of\s+(?:(?:its|their|his|her|the)\s+)?$", before, re.I)
    return bool(whole) and bool(values.find_values(before[max(0, whole.start() - 12):whole.start()]))


def _said(q: Quantity) -> str:
    """A figure as quoted in a reason; a term keeps its time noun ("20 years")."""
    return f"{q.text} {q.duration}s" if q.duration and q.unit is None else q.text


def _same_term(claim_text: str, cq: Quantity, text: str, fq: Quantity) -> bool:
    """Whether two terms ("for 25 years" / "for 20 years") are of the same act: the claim's last content
    word before "for" is among the passage's last ``TERM_ANCHOR_WORDS`` words before its "for"
    ("... to Shell for 25 years" / "... to Shell Plc for 20 years"; not "... has run the mill for 35 years")."""
    if cq.duration != fq.duration or cq.duration_start is None or fq.duration_start is None:
        return False
    claim_before = [t for t in _tokens(claim_text[: cq.duration_start]) if fold(t) not in STOP_WORDS]
    text_before = _tokens(text[: fq.duration_start])[-TERM_ANCHOR_WORDS:]
    if not claim_before or not text_before:
        return False
    anchor = claim_before[-1]
    same_case = [t for t in text_before if t[:1].isupper() == anchor[:1].isupper()]  # "Mills" is not "mill"
    return any(stem(t) == stem(anchor) or name_key(t) == name_key(anchor) for t in same_case)


def _date_consistent(a: str, b: str) -> bool:
    """Same date at the precision of both: "2024-04" and "2024-04-05" agree, "2024-05-05" does not."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _bare(mention_text: str) -> str:
    return _DATE_LEAD_RE.sub("", mention_text)


def _compare_dates(claim: _Claim, ev: Evidence, label: str, aspects: _Aspects) -> None:
    page_date = ev.source.get("date") if ev.source.get("date_kind") == "stated" else None
    stated = [(m.value, m.text) for m in find_dates(ev.text, page_date=page_date) if m.value]
    known = stated + ([(ev.date, ev.date)] if ev.date else [])
    for cd in claim.dates:
        value = cd.value or ""
        if any(_date_consistent(value, v) for v, _ in known):
            continue
        aspects.unconfirmed.append(cd.text)
        if stated and not claim.modal:
            finest = max(stated, key=lambda item: len(item[0]))[1]
            aspects.date_conflicts.append(f"the article says {_bare(finest)}, not {_bare(cd.text)} {label}")


def _compare_ranks(claim: _Claim, text: str, label: str, aspects: _Aspects) -> None:
    """ "debuted at No. 1" against the passage's one "No. 26": a place on a list, which the figure grammar does
    not read (a strict conflict: it decides only when the passage holds nearly all of the claim)."""
    claimed = [v for v in values.find_values(claim.text) if v.kind == "rank"]
    stated = [v for v in values.find_values(text) if v.kind == "rank"]
    if len(claimed) != 1 or len(stated) != 1:
        return
    if values.same_value(claimed[0], stated[0]) is False:
        aspects.unconfirmed.append(claimed[0].text)
        aspects.strict_conflicts.append(f"the article says {stated[0].text}, not {claimed[0].text} {label}")


def _compare_manner(claim: _Claim, text: str, label: str, aspects: _Aspects) -> None:
    """Manner conflicts only when the passage names the opposite manner and not the claimed one."""
    if claim.manner is None:
        return
    manner, spans = _manner(text)
    if manner == claim.manner:
        return
    aspects.unconfirmed.append(claim.manner)
    if manner == MANNER_OPPOSITES[claim.manner]:
        said = text[spans[0][0] : spans[0][1]]
        aspects.conflicts.append(f"the article says {said}, not {claim.manner} {label}")


def _compare_status(claim: _Claim, ev: Evidence, label: str, aspects: _Aspects) -> bool:
    """Deal status against the claim's verb; True when the status confirms the claim."""
    if ev.kind != "deal" or claim.status is None or ev.status is None:
        return False
    if claim.negated:
        if ev.status == claim.status:
            aspects.conflicts.append(f"the deal is {STATUS_WORDING[ev.status]} {label}")
        else:
            aspects.unconfirmed.append("status")
        return False
    if ev.status in STATUS_SUPPORTED_BY.get(claim.status, frozenset()):
        return True
    aspects.unconfirmed.append("status")
    if ev.status in STATUS_CONTRADICTED_BY.get(claim.status, frozenset()):
        aspects.conflicts.append(f"the deal is {STATUS_WORDING.get(ev.status, ev.status)}, not {claim.status} {label}")
    return False


def _parties_match(claim: _Claim, ev: Evidence) -> bool:
    """A deal is about the claim's parties: some party is named by the claim (org or word match)."""
    keys = {name_key(e) for e in claim.entities}
    for party in ev.parties:
        if any(same_org(entity, party) for entity in claim.entities) or keys & _word_keys(party):
            return True
    return False


# --- judging one candidate -----------------------------------------------------------------------


def _judge(claim: _Claim, ev: Evidence) -> _Outcome | None:
    """Verdict of one candidate, or None when it is unrelated or decides nothing."""
    if ev.kind == "role" or not claim.words:
        return None
    haystack = " ".join([ev.text, *ev.parties])
    if not _hyphenated_entities_present(claim.text, f"{haystack}\n{ev.context}"):
        return None  # "PML-N" is not "PML-Quaid"
    if _rank_differs(claim.text, ev.text):
        return None  # "Spain's biggest bank" is not confirmed by "Spain's fifth-biggest bank"
    if claim.future_role and not _future_role_bound(claim.future_role, ev.text):
        return None  # "X will become COO": the passage must give that office to X, not to someone beside X
    keys = _word_keys(haystack)
    needed_overlap = RELEVANT_OVERLAP
    place = claim.place
    if place is not None and not _entity_matches(place.entity, keys):
        others = [e for e in claim.entities if e != place.entity]
        if all(_entity_matches(e, keys) for e in others):
            return _judge_place(claim, place, ev, haystack)
    if not all(_entity_matches(e, keys) for e in claim.entities):
        # "We liberated ..." or "The plant will employ ..." in an article whose title names the subject:
        # the title may stand in for a name the sentence leaves out, if the rest matches closely.
        keys |= _word_keys(ev.context)
        if ev.before and align.opens_definite(ev.text, claim.words):
            keys |= _word_keys(ev.before)  # "The renewal rate last year was ..." after a sentence naming the firm
        if not (ev.context or ev.before) or not all(_entity_matches(e, keys) for e in claim.entities):
            return None
        needed_overlap = RELEVANT_OVERLAP if PRONOUN_SUBJECT_RE.search(ev.text) else STRICT_OVERLAP
    is_deal = ev.kind == "deal" and claim.status is not None
    if is_deal and not _parties_match(claim, ev):
        return None
    present = _content_stems(haystack) | {stem(e) for e in claim.entities}  # entities matched above, by key
    overlap = len(claim.words & present) / len(claim.words)
    if overlap < needed_overlap:
        return None
    label = source_label(ev)
    sentence = _best_sentence(ev.text, claim.words)
    aspects = _Aspects()
    status_ok = _compare_status(claim, ev, label, aspects)
    confirmed = _compare_quantities(claim, ev, label, aspects, whole=claim.words <= present)
    _compare_dates(claim, ev, label, aspects)
    _compare_ranks(claim, ev.text, label, aspects)
    _compare_manner(claim, ev.text, label, aspects)
    missing = claim.words - present - (claim.status_words if status_ok else frozenset())
    if missing and ev.context:
        missing -= _counted_words(claim, confirmed) & _content_stems(ev.context)
        missing -= _modifiers_in_context(claim.text, ev.text, ev.context, missing)
    if missing & LIGHT_VERBS:
        missing -= _light_verbs(claim.text, ev.text, missing)
    polarity_differs = _is_negated(ev.text, claim.words) != claim.negated
    if polarity_differs and not missing and not is_deal:
        aspects.strict_conflicts.append(f'the article says the opposite: "{_snippet(sentence)}" {label}')
    if aspects.conflicts:
        return _Outcome(CONTRADICTED, aspects.conflicts[0], ev, overlap)
    if aspects.money_conflicts and (not missing or align.figure_conflict(claim.text, ev.text)):
        # an amount says what it pays for only through the words around it: "$144 million breakup fee" is
        # no answer to "paying $4.8 billion for Yahoo's business", but is to "a $244 million breakup fee"
        return _Outcome(CONTRADICTED, aspects.money_conflicts[0], ev, overlap)
    if aspects.strict_conflicts and overlap >= STRICT_OVERLAP:
        return _Outcome(CONTRADICTED, aspects.strict_conflicts[0], ev, overlap)
    if aspects.date_conflicts and not missing:
        # Another date in a passage about another act ("In May, X said ...") is no answer to "appointed in
        # March": the date decides only when the passage holds every word of the claim.
        return _Outcome(CONTRADICTED, aspects.date_conflicts[0], ev, overlap)
    hedged = _is_hedged(_hedge_scope(claim, ev.text, confirmed), claim.words) and not claim.modal
    if _place_unconfirmed(claim, ev.text):
        aspects.unconfirmed.append(claim.place.text if claim.place else "place")
    if missing or aspects.unconfirmed or aspects.strict_conflicts or aspects.date_conflicts or polarity_differs \
            or hedged:
        return _Outcome(NOT_ENOUGH_INFO, "", ev, overlap)
    if not _compact(claim, ev.text):
        return _Outcome(NOT_ENOUGH_INFO, "", ev, overlap)
    return _Outcome(SUPPORTED, f'the article says: "{_snippet(sentence)}" {label}', ev, overlap)


def _wanted_form(token: str, wanted: set[str]) -> str:
    """A passage word's stem, or its country's/adjective's stem when that is what the claim used."""
    own = stem(token)
    if own in wanted or not token[:1].isupper():
        return own
    other = DEMONYMS.get(fold(token)) or country_of(token)
    return stem(other) if other and stem(other) in wanted else own


def _compact(claim: _Claim, text: str) -> bool:
    """Whether the claim's words sit together in the passage, not scattered over unrelated clauses.

    "Sabadell is Spain's biggest bank" is not said by "British bank TSB ... Spanish lender Sabadell in
    one of the biggest cross-border deals": all the words are there, twenty words apart.
    """
    wanted = set(claim.words) | {stem(e) for e in claim.entities}
    tokens = [_wanted_form(t, wanted) for t in _tokens(text)]
    positions = [(i, t) for i, t in enumerate(tokens) if t in wanted]
    found = {t for _, t in positions}
    if len(found) < len(wanted) or len(wanted) < MIN_WORDS_FOR_WINDOW:
        return True  # some words were matched another way (keys, title): no window to measure
    best = len(tokens)
    counts: dict[str, int] = {}
    left = 0
    for index, word in positions:
        counts[word] = counts.get(word, 0) + 1
        while len(counts) == len(wanted):
            best = min(best, index - positions[left][0] + 1)
            lw = positions[left][1]
            counts[lw] -= 1
            if not counts[lw]:
                del counts[lw]
            left += 1
    return best <= max(MIN_WINDOW, WINDOW_FACTOR * len(wanted))


def _light_verbs(claim_text: str, text: str, missing: frozenset[str]) -> frozenset[str]:
    """Missing light verbs whose noun carries the meaning: "placed a firm order for 200 jets" is said by
    "with a firm order for 200 jets". The noun (the last word of the phrase within ``LIGHT_VERB_REACH``
    words after the verb) must be in the passage with no other verb in the ``LIGHT_VERB_REACH``
    words before it ("cancelled a firm order" says something else)."""
    tokens = _tokens(claim_text)
    passage = _tokens(text)
    found = set()
    for i, word in enumerate(tokens):
        verb = stem(word)
        if verb not in missing or verb not in LIGHT_VERBS:
            continue
        phrase: list[str] = []  # "a firm order" up to "for": the noun is its last word
        for t in tokens[i + 1 : i + 1 + LIGHT_VERB_REACH]:
            if fold(t) in DETERMINERS and not phrase:
                continue
            if fold(t) in STOP_WORDS:
                break
            phrase.append(t)
        if not phrase:
            continue
        noun = stem(phrase[-1])
        for j, t in enumerate(passage):
            if stem(t) == noun and not any(_looks_verb(b) for b in passage[max(0, j - LIGHT_VERB_REACH) : j]):
                found.add(verb)
    return frozenset(found)


def _looks_verb(word: str) -> bool:
    w = fold(word)
    return w in VERB_WORDS or w in IRREGULAR_VERBS or (len(w) > 4 and (w.endswith("ed") or w.endswith("ing")))


def _modifiers_in_context(claim_text: str, text: str, context: str, missing: frozenset[str]) -> frozenset[str]:
    """Missing claim words that only modify a noun the passage names as already known: "the drone
    plant" in the claim, "the plant" in the passage and "drones" in the article's title or opening.
    The modifier must stand right before the noun in the claim, the noun right after "the" (or
    "this", "that") in the passage, and the modifier must be in the context."""
    tokens = _tokens(claim_text)
    in_context = _content_stems(context)
    known = {stem(m.group(1)) for m in _DEFINITE_NOUN_RE.finditer(text)}
    found = set()
    for word, noun in itertools.pairwise(tokens):
        s = stem(word)
        if s in missing and word.islower() and s in in_context and fold(noun) not in STOP_WORDS and stem(noun) in known:
            found.add(s)
    return frozenset(found)


def _counted_words(claim: _Claim, confirmed: list[tuple[Quantity, Quantity]]) -> frozenset[str]:
    """Stems of what the claim's confirmed figures count ("17 security agreements" → security,
    agreement). The article's title or opening may supply a modifier the sentence leaves out
    ("17 agreements have been signed" in an article about security agreements)."""
    words: set[str] = set()
    for cq, _ in confirmed:
        if cq.counted_start is not None and cq.counted_end is not None:
            words |= _content_stems(claim.text[cq.counted_start : cq.counted_end])
    return frozenset(words)


def _hedge_scope(claim: _Claim, text: str, confirmed: list[tuple[Quantity, Quantity]]) -> str:
    """The part of a passage whose hedges bear on the claim. When every claim figure is confirmed, a
    hedge in a later clause is about something else: "can produce 150,000 drones every month, and
    may be able to produce two million by the end of the year"."""
    if not claim.quantities or len(confirmed) < len(claim.quantities):
        return text
    last = max(max(fq.end, fq.counted_end or 0, fq.per_end or 0) for _, fq in confirmed)
    boundary = re.search(r"[,;:!?]|\.(?!\d)", text[last:])
    return text[: last + boundary.start()] if boundary else text


def _cities_named(text: str) -> set[str]:
    folded = fold(text)
    return {city for name, city in CITIES.items() if re.search(rf"\b{re.escape(name)}\b", folded)}


def _located(text: str, words: frozenset[str]) -> list[tuple[str, str, bool]]:
    """Every "in/at <City>" of a passage: (city key, phrase, whether it locates a claim word).

    It locates a claim word when the word right before the phrase, skipping dates and filler such as
    "held on", is one: "signed the agreement in Berlin", "the conference, held on 11-12 June in Berlin";
    not "the ferries will be built in Gdansk".
    """
    undated = _mask(text, [(d.start, d.end) for d in find_dates(text, page_date=None)])
    found = []
    for m in _PLACE_RE.finditer(undated):
        city = CITIES.get(fold(m["place"]))
        if city is None:
            continue
        sentence_start = max(undated.rfind(". ", 0, m.start()), undated.rfind("\n", 0, m.start())) + 1
        before = _tokens(undated[sentence_start : m.start()])
        skipped = 0
        while before and fold(before[-1]) in PLACE_FILLER and skipped < MAX_PLACE_FILLER:
            before.pop()
            skipped += 1
        found.append((city, text[m.start() : m.end()], bool(before) and stem(before[-1]) in words))
    return found


def _place_unconfirmed(claim: _Claim, text: str) -> bool:
    """The claimed city is named, but the claimed act is located in another one."""
    if claim.place is None:
        return False
    words = claim.words - _content_stems(claim.place.entity)
    return any(city != claim.place.city and anchored for city, _, anchored in _located(text, words))


def _hyphenated_entities_present(claim: str, text: str) -> bool:
    """Hyphenated names ("PML-N", "Rolls-Royce") must occur as written, not by their first half."""
    folded = fold(text)
    return all(fold(name) in folded for name in HYPHENATED_NAME_RE.findall(claim))


def _rank_differs(claim: str, text: str) -> bool:
    """Whether the claim's superlative and its noun ("biggest bank") are not in the text as such: another
    rank ("fifth-biggest bank") or another noun ("one of the biggest deals") does not say it."""
    for m in RANK_RE.finditer(claim):
        noun = _noun_after(claim, m.end()).split(" ")[0]
        wanted = (m["sup"].casefold(), (m["ord"] or "").casefold(), noun)
        said = {(t["sup"].casefold(), (t["ord"] or "").casefold(), _noun_after(text, t.end()))
                for t in RANK_RE.finditer(text)}
        if noun and not any(s[:2] == wanted[:2] and s[2].split(" ")[0] == noun for s in said):
            return True
    return False


def _noun_after(text: str, end: int) -> str:
    """The next few words after a superlative, stemmed: where its noun is."""
    return " ".join(stem(w) for w in _tokens(text[end:end + RANK_NOUN_CHARS])[:RANK_NOUN_WORDS])


def _future_role_bound(claim: _FutureRole, text: str) -> bool:
    """The passage says the claimed person will take the claimed office: name, then the verb, then the
    office's head word, with no other name's clause in between."""
    pattern = re.compile(
        re.escape(claim.surname) + r"\b[^.;]{0,60}?\b(?:will\s+become|will\s+be|to\s+become|becomes|is\s+to\s+be)\s+"
        r"(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,4}?" + re.escape(claim.head) + r"\b", re.I)
    return any(" and " not in m.group(0) for m in pattern.finditer(text))


def _judge_place(claim: _Claim, place: _Place, ev: Evidence, haystack: str) -> _Outcome | None:
    """ "in Paris" against a passage that names every other part of the claim and locates the same
    act in one other city: "... at the recovery conference, held on 11-12 June in Berlin".

    The passage must never name the claimed city, must name exactly one city after "in"/"at", and
    that phrase must locate a claim word (:func:`_located`).
    """
    if claim.negated or claim.modal or place.city in _cities_named(haystack) or ev.kind == "role":
        return None
    if ev.kind == "deal" and claim.status is not None and not _parties_match(claim, ev):
        return None
    others = claim.words - _content_stems(place.entity)
    if not others or others - _content_stems(haystack) or _is_negated(ev.text, claim.words):
        return None
    located = _located(ev.text, others)
    if len({city for city, _, _ in located}) != 1 or not located[0][2]:
        return None
    said = located[0][1]
    overlap = len(others) / len(claim.words)
    return _Outcome(CONTRADICTED, f"the article says {said}, not {place.text} {source_label(ev)}", ev, overlap)


# --- roles ---------------------------------------------------------------------------------------


def _title_class(role: str) -> tuple[str, frozenset[str]] | None:
    """(title word, rank words) of a normalised role: "deputy defense minister" → ("minister", {deputy})."""
    words = normalise_role(role).split(" of ")[0].split()
    if not words or words[-1] not in EXCLUSIVE_TITLES:
        return None
    return words[-1], frozenset(w for w in words if w in ROLE_RANK_WORDS)


def _judge_role(rc: _RoleClaim, ev: Evidence) -> _Outcome | None:
    """Role evidence for the claimed person: same office supports, another of the same title contradicts."""
    if ev.kind != "role" or not ev.person or not ev.role or not same_person(rc.name, ev.person):
        return None
    label = source_label(ev)
    former = bool(FORMER_RE.search(fold(ev.role))) and not FORMER_RE.search(fold(rc.role))
    claimed_words, stated_words = _role_words(rc.role), _role_words(ev.role)
    if roles_match(rc.role, ev.role) or (claimed_words and claimed_words <= stated_words and not (
            (stated_words - claimed_words) & {stem(w) for w in DEPUTY_RANKS})):
        if former and not rc.past:
            return _Outcome(CONTRADICTED, f"the article calls {ev.person} {ev.role}, not {rc.role} {label}", ev)
        return _Outcome(SUPPORTED, f"the article names {ev.person} {ev.role} {label}", ev)
    if stated_words < claimed_words:
        return None  # "Governor" does not say which state: "governor of New Jersey" is neither said nor denied
    if rc.past:
        return None  # "X was trade minister": an office held before the one the article names is not denied
    claimed = _title_class(rc.role)
    if claimed is not None and claimed == _title_class(ev.role) and not former:
        return _Outcome(CONTRADICTED, f"role differs: {ev.role}, not {rc.role} {label}", ev)
    if not former and (_deputy_of_other(rc.role, ev.role) or _other_leader_office(rc.role, ev.role)):
        return _Outcome(CONTRADICTED, f"role differs: {ev.role}, not {rc.role} {label}", ev)
    return None


def _title_of_another(rc: _RoleClaim, text: str) -> bool:
    """Whether every mention of the claimed title in the passage belongs to someone else: an owner of
    something ("the prime minister's office") or a title right before another name ("Prime Minister
    Ingrid Solvik")."""
    words = _tokens(normalise_role(rc.role).split(" of ")[0])
    if not words:
        return False
    head = r"\s+".join(re.escape(w) for w in words)
    surname = fold(rc.name.split()[-1])
    mentions = list(re.finditer(rf"\b{head}s?\b(?P<after>['’]s\b|\s+(?:[A-Z][\w'’-]+\s+)*[A-Z][\w'’-]+)?", text,
                                re.IGNORECASE))
    if not mentions:
        return False
    return all(m["after"] and (m["after"].startswith(("'", "’")) or surname not in fold(m["after"]))
               for m in mentions)


def _role_words(role: str) -> frozenset[str]:
    """A role's content words as stems, in any order, abbreviations spelled out: "New York Governor" and
    "governor of New York" are one office; "Gov." is "governor"."""
    words = []
    for token in _tokens(role):
        title = TITLE_ABBREVIATIONS.get(fold(token))
        words.extend(_tokens(title) if title else [token])
    return frozenset(stem(w) for w in words if fold(w) not in STOP_WORDS and fold(w) not in ("former", "ex"))


def _described(rc: _RoleClaim, candidates: Sequence[Evidence]) -> list[_Outcome]:
    """The role claim against what the passages' sentences say the person is
    (:mod:`knowledge.check.person_roles`), where no stored role speaks for that sentence."""
    from knowledge.check import person_roles

    found = []
    for ev in candidates:
        if ev.kind == "role":
            continue
        for sentence in split_sentences(ev.text) or ():
            judged = person_roles.judge_role(rc.name, rc.role, False, sentence.text, source_label(ev))
            if judged is not None:
                found.append(_Outcome(judged[0], judged[1], ev, overlap=1.0))
    return found


def _aged(claim: _Claim, candidates: Sequence[Evidence]) -> list[_Outcome]:
    """ "X is 25" against the passages' "X, 20," (:func:`knowledge.check.person_roles.judge_age`)."""
    from knowledge.check import person_roles

    found = []
    for ev in candidates:
        for sentence in split_sentences(ev.text) or ():
            judged = person_roles.judge_age(claim.text, sentence.text, source_label(ev))
            if judged is not None:
                found.append(_Outcome(judged[0], judged[1], ev, overlap=1.0))
    return found


def _ranked(claim: _Claim, candidates: Sequence[Evidence]) -> list[_Outcome]:
    """ "X ranked fifth in the Y report" against a numbered ranking a passage prints (:mod:`knowledge.check.ranks`);
    the claim's other words must be about the passage (in it, its article's title and lede, or the sentences
    before it), so another list's numbers decide nothing."""
    from knowledge.check import ranks

    claimed = ranks.claimed_rank(claim.text)
    if claimed is None:
        return []
    name, place = claimed
    ranked = ranks.CLAIM_RE.match(claim.text.strip())
    others = claim.words - _content_stems(claim.text.strip()[:ranked.end()]) if ranked else claim.words
    found = []
    for ev in candidates:
        if ev.kind != "passage":
            continue
        stated = ranks.stated_rank(name, ev.text)
        if stated is None or (others and len(others & _content_stems(f"{ev.text} {ev.context} {ev.before}"))
                              < len(others) / 2):
            continue
        number, items = stated
        said = f'"{_snippet(ev.text)}" {source_label(ev)}'
        if number == place or (place == -1 and number == items):
            found.append(_Outcome(SUPPORTED, f"the article says: {said}", ev, overlap=1.0))
        else:
            claimed_place = place if place > 0 else "last"
            found.append(_Outcome(CONTRADICTED, f"the article ranks {name} No. {number}, not {claimed_place}: {said}",
                                  ev, overlap=1.0))
    return found


def _based_in(claim: _Claim, candidates: Sequence[Evidence]) -> list[_Outcome]:
    """ "X is a Milan-based company" against the passages' "Modena, Italy-based tech firm X"
    (:mod:`knowledge.check.based`)."""
    from knowledge.check import based

    claimed = based.claimed_base(claim.text)
    if claimed is None:
        return []
    name, place = claimed
    found = []
    for ev in candidates:
        if ev.kind == "role":
            continue
        for sentence in split_sentences(ev.text) or ():
            for stated in based.stated_bases(name, sentence.text):
                same = based.compare(place, stated)
                if same is None:
                    continue
                said = f'"{_snippet(sentence.text)}" {source_label(ev)}'
                if same:
                    found.append(_Outcome(SUPPORTED, f"the article says: {said}", ev, overlap=1.0))
                else:
                    reason = f"the article says {name} is based in {', '.join(stated).title()}: {said}"
                    found.append(_Outcome(CONTRADICTED, reason, ev, overlap=1.0))
    return found


def _deputy_of_other(claimed: str, stated: str) -> bool:
    """ "deputy minister for strategic industries" is not "defense minister": a deputy's office under the
    claimed title, when the claim names no rank (a deputy prime minister may also hold a ministry)."""
    c, e = _title_class(claimed), _title_class(stated)
    if c is None or e is None or c[0] != e[0] or c[1]:
        return False
    return bool(e[1] & DEPUTY_RANKS) and e[1] <= DEPUTY_RANKS | {"first"}


def _other_leader_office(claimed: str, stated: str) -> bool:
    """ "Polish Prime Minister" is not "president of Poland": two top offices of one country, each role
    naming that country."""
    c, e = normalise_role(claimed), normalise_role(stated)
    c, e = LEADER_OFFICES.get(c), LEADER_OFFICES.get(e)
    if c is None or e is None or c == e:
        return False
    country = _role_country(claimed)
    return country is not None and country == _role_country(stated)


def _role_country(role: str) -> str | None:
    """The country a role names by name or adjective: "Polish Prime Minister", "president of Poland"."""
    for token in _tokens(role):
        word = fold(re.sub(r"['’]s$", "", token))
        if word in DEMONYMS:
            return word
        if country := country_of(word):
            return fold(country)
    return None


def _negate(outcome: _Outcome) -> _Outcome:
    flipped = SUPPORTED if outcome.verdict == CONTRADICTED else CONTRADICTED
    return _Outcome(flipped, outcome.reason, outcome.evidence, outcome.overlap)


def _check_role(rc: _RoleClaim, candidates: Sequence[Evidence]) -> CheckResult:
    outcomes = [o for ev in candidates if (o := _judge_role(rc, ev))]
    outcomes += _described(rc, candidates)
    if rc.negated:
        outcomes = [_negate(o) for o in outcomes]
    if not outcomes:
        return CheckResult(NOT_ENOUGH_INFO, f"no role on record for {rc.name} that settles it", ())
    return _combine(outcomes, ())


# --- combining -----------------------------------------------------------------------------------


def _newest_first(outcomes: list[_Outcome]) -> list[_Outcome]:
    return sorted(outcomes, key=lambda o: (_source_date(o.evidence), o.overlap), reverse=True)


def _outweighed(outcome: _Outcome, supported: list[_Outcome]) -> bool:
    """Whether a contradiction is not one: only contradictions count, and an article does not
    contradict itself. When one of its passages states the whole claim, another of its passages
    that matches less of it and gives another figure counts something else ("17 agreements in
    total" / "seven agreements with the G7 countries")."""
    if outcome.verdict != CONTRADICTED:
        return True
    if outcome.evidence.kind == "role":
        return False
    article = outcome.evidence.source.get("article")
    return any(s.evidence.source.get("article") == article and s.overlap >= outcome.overlap for s in supported)


def _combine(outcomes: list[_Outcome], related: Sequence[Evidence]) -> CheckResult:
    """One verdict from many candidates: one-sided verdicts stand, disagreements go to the newest."""
    supported = _newest_first([o for o in outcomes if o.verdict == SUPPORTED])
    contradicted = _newest_first([o for o in outcomes if not _outweighed(o, supported)])
    if not supported and not contradicted:
        reason = "related passages found, but none states all of the claim" if related else "no article states this"
        return CheckResult(NOT_ENOUGH_INFO, reason, tuple(related))
    if not contradicted or not supported:
        side = supported or contradicted
        return CheckResult(side[0].verdict, side[0].reason, tuple(o.evidence for o in side[:MAX_EVIDENCE]))
    first, second = sorted((supported[0], contradicted[0]), key=lambda o: _source_date(o.evidence), reverse=True)
    pair = (first.evidence, second.evidence)
    if _source_date(first.evidence) == _source_date(second.evidence):
        return CheckResult(NOT_ENOUGH_INFO, f"sources disagree: {first.reason}; but {second.reason}", pair)
    return CheckResult(first.verdict, f"{first.reason}; an older source differs: {second.reason}", pair)


def check_claim(claim: str, candidates: Sequence[Evidence]) -> CheckResult:
    """Decide a claim against retrieved candidates: supported, contradicted or not_enough_info."""
    parsed = parse_claim(claim)
    quotes = [c for c in candidates if c.kind == "quote"]
    candidates = [c for c in candidates if c.kind != "quote"]
    if parsed.role is not None:
        result = _check_role(parsed.role, candidates)
        if result.evidence:  # decided, or sources disagree: otherwise the claim is read as any other
            return result
    if not parsed.words:
        return CheckResult(NOT_ENOUGH_INFO, "the claim has nothing checkable", ())
    judged = [o for ev in candidates if (o := _judge(parsed, ev))]
    judged = [_unless_unsaid(parsed, o) for o in judged]
    judged += _aligned(parsed, candidates) + _aged(parsed, candidates) + _based_in(parsed, candidates)
    judged += _ranked(parsed, candidates) + _denied_to_all(parsed, candidates)
    judged = [o for o in judged if not _speaker_unnamed(claim, o)] + _reported(claim, quotes)
    if not parsed.negated:
        judged = [replace(o, verdict=NOT_ENOUGH_INFO) if o.verdict == SUPPORTED and _negation_in_clause(
            o.evidence.text, parsed.words) else o for o in judged]
    if parsed.role is not None:
        judged = [replace(o, verdict=NOT_ENOUGH_INFO) if o.verdict == SUPPORTED and _title_of_another(
            parsed.role, o.evidence.text) else o for o in judged]
    decisive = [o for o in judged if o.verdict != NOT_ENOUGH_INFO]
    related = sorted((o for o in judged if o.verdict == NOT_ENOUGH_INFO), key=lambda o: o.overlap, reverse=True)
    return _combine(decisive, tuple(o.evidence for o in related[:1]))


def _unless_unsaid(claim: _Claim, outcome: _Outcome) -> _Outcome:
    """A "supported" stands only when the passage states every value of the claim as such (no ordinal,
    decade, weekday or figure the figure grammar does not read may pass unseen), names the claim's names
    as themselves (not only as "Christie's rival" or "pro-Ohio State"), and holds the claim's words
    within one of its sentences."""
    if outcome.verdict != SUPPORTED:
        return outcome
    text = outcome.evidence.text
    read = [(q.start, q.end) for q in claim.quantities] + [(d.start, d.end) for d in claim.dates]
    unsaid = align.unconfirmed_values(claim.text, text, read, _owned_spans(claim))
    unsaid = unsaid or align.names_unsaid(claim.text, text)
    if unsaid or not _in_one_sentence(claim, text) or not align.places_anchored(claim.text, text):
        return replace(outcome, verdict=NOT_ENOUGH_INFO)
    return outcome


def _owned_spans(claim: _Claim) -> list[tuple[int, int]]:
    """Spans of the claim whose figures this module's own rules judge: shares (a bare share counts what
    the claim's counts only on conditions) and terms ("for 20 years" of the same act)."""
    spans = [(q.start, q.end) for q in claim.quantities if q.percent or q.duration]
    spans += [(q.duration_start, q.end) for q in claim.quantities if q.duration_start is not None]
    return spans


_SPEECH = lexicon.pattern("speech_verbs")
_REPORTED_RE = re.compile(rf"^(?P<speaker>{_NAME})\s+{_SPEECH}\s+(?!to\b)(?:that\s+)?(?P<said>.+)$")


def _said_together(claim: _Claim, sentence: str) -> bool:
    """The claim's words sit together in the sentence (:func:`_compact`); a reported claim ("Holtz said
    Mark May is a great guy") is judged by what was said, with the speaker attributed by a speech verb
    next to the name ('"...," Holtz said.' or "said Holtz")."""
    reported = _REPORTED_RE.match(claim.text)
    if reported is None:
        return _compact(claim, sentence) or _compact(_without_opening(claim, sentence), sentence)
    surname = re.escape(reported["speaker"].split()[-1])
    attributed = re.search(rf"\b{surname}\s+(?:\w+\s+)?{_SPEECH}\b|\b{_SPEECH}\s+(?:\w+\s+){{0,2}}{surname}\b",
                           sentence)
    return bool(attributed) and _compact(parse_claim(reported["said"]), sentence)


# A reported claim's clause needs this many content words to be compared with a quote.
MIN_REPORTED_WORDS = 2
_TOLD_RE = re.compile(
    rf"^(?P<speaker>{_NAME})\s+(?:told|assured|warned)\s+(?:[\w.'’-]+\s+){{1,4}}?that\s+(?P<said>.+)$")


def _reported(claim: str, quotes: Sequence[Evidence]) -> list[_Outcome]:
    """ "X said (that) S" against X's own quotes: "Doherty said he is not supporting anybody" is what
    '"I'm not supporting anybody at this point," he said' says, whoever the sentence names. Supported when
    every content word of S is in one quote with the same polarity; contradicted when every word is there
    and the quote denies it (or S denies what the quote says). The speaker is the quote's, by name."""
    reported = _TOLD_RE.match(claim) or _REPORTED_RE.match(claim)
    if reported is None:
        return []
    speaker, said = reported["speaker"], reported["said"].rstrip(".")
    skip = lexicon.words("reported_speech_skip_words")
    words = frozenset({stem(t) for t in _tokens(said) if fold(t) not in skip} - _content_stems(speaker))
    if len(words) < MIN_REPORTED_WORDS:
        return []
    negated = _is_negated(said, words)
    about_self = bool(_THIRD_PERSON_RE.search(said))
    found = []
    for ev in quotes:
        if not ev.person or not same_person(speaker, ev.person):
            continue
        unit = _unit_holding(ev.said, words)
        if unit is None or (about_self and not _first_person_only(unit)):
            continue  # "Holtz said he showered after work" is not '"He showered after work, I showered ..."'
        label = source_label(ev)
        if _is_negated(unit, words) == negated and not _is_hedged(unit, words):
            found.append(_Outcome(SUPPORTED, f'{ev.person} said: "{_snippet(ev.said)}" {label}', ev, overlap=1.0))
        elif _is_negated(unit, words) != negated:
            found.append(_Outcome(CONTRADICTED, f'{ev.person} said the opposite: "{_snippet(ev.said)}" {label}',
                                  ev, overlap=1.0))
    return found


_NOBODY_RE = re.compile(r"\b(?:no(?:\s+other)?\s+(?P<kind>[a-z]+)|nobody|no\s+one|none)\s+"
                        r"(?:has\s+|have\s+|had\s+|yet\s+)*(?P<verb>[a-z]+ed)\b", re.I)


def _denied_to_all(claim: _Claim, candidates: Sequence[Evidence]) -> list[_Outcome]:
    """ "Although no group claimed responsibility, ..." contradicts "the Islamic State claimed responsibility
    for the attack": the passage denies the act to anyone, in the claim's other words. Only for a claim whose
    subject is a name, with its verb right after "no <kind>", and every other claim word in the sentence."""
    subject = claim.entities[0] if claim.entities else None
    if subject is None or claim.negated or not claim.text.casefold().lstrip().removeprefix("the ").startswith(
            subject.casefold()):
        return []
    claim_tokens = [stem(t) for t in _tokens(claim.text) if fold(t) not in STOP_WORDS]
    found = []
    for ev in candidates:
        if ev.kind == "role":
            continue
        for sentence in split_sentences(ev.text):
            m = _NOBODY_RE.search(sentence.text)
            if m is None or stem(m["verb"]) not in claim_tokens:
                continue
            # the act's object as the claim names it ("claimed responsibility"), and nothing the passage adds
            # after it that the claim does not say ("... for the earlier bombing")
            wanted = claim_tokens[claim_tokens.index(stem(m["verb"])) + 1:]
            clause = re.split(r"[,;:.!?]", sentence.text[m.end():], maxsplit=1)[0]
            said = [stem(t) for t in _tokens(clause) if fold(t) not in STOP_WORDS]
            if wanted and said and said[0] == wanted[0] and set(said) <= set(wanted):
                said = f'"{_snippet(sentence.text)}" {source_label(ev)}'
                found.append(_Outcome(CONTRADICTED, f"the article says no one did: {said}", ev, overlap=1.0))
    return found


def _speaker_unnamed(claim: str, outcome: _Outcome) -> bool:
    """A passage supports "X said he ..." only where it names X: "He showered after work" in a quote of
    X's is someone else's showering (what X says of himself is read from X's quotes, with "I")."""
    reported = _TOLD_RE.match(claim) or _REPORTED_RE.match(claim)
    if outcome.verdict != SUPPORTED or reported is None or not _THIRD_PERSON_RE.search(reported["said"]):
        return False
    surname = reported["speaker"].split()[-1]
    return not re.search(rf"\b{re.escape(surname)}\b", outcome.evidence.text)


_THIRD_PERSON_RE = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I['’]m|I['’]ve|I['’]ll|I['’]d|me|my|we|our|us)\b")


def _unit_holding(quote: str, words: frozenset[str]) -> str | None:
    """The clause of a quote (else its sentence) that holds every word."""
    for units in (re.split(r"[,;:!?.—–]", quote), [s.text for s in split_sentences(quote)], [quote]):
        for unit in units:
            if words <= {stem(t) for t in _tokens(unit)}:
                return unit
    return None


def _first_person_only(unit: str) -> bool:
    """The speaker speaks of themselves in the clause: "I", "my", "we", and no "he"/"she" beside it."""
    return bool(_FIRST_PERSON_RE.search(unit)) and not _THIRD_PERSON_RE.search(unit)


# How many sentences, those sharing most words with the claim, are read aspect by aspect.
ALIGNED_SENTENCES = 24
# Words that open a sentence, where its subject stands: the claim's subject may be that far from the rest.
OPENING_WORDS = 6


def _without_opening(claim: _Claim, sentence: str) -> _Claim:
    """The claim without the words the sentence opens with: '"F-Squared Investments Inc., which builds
    portfolios ..., agreed to pay $35 million' says its subject first and its act twenty words later."""
    opening = {stem(t) for t in _tokens(sentence)[:OPENING_WORDS]}
    return replace(claim, words=claim.words - opening,
                   entities=tuple(e for e in claim.entities if stem(e) not in opening))


def _without_topic(claim: _Claim, context: str) -> _Claim:
    """The claim without the words the article's title or opening names: the topic ("the psilocybin
    study") may stand anywhere in a sentence that says the rest ("... of 15 healthy volunteers — once
    after they took the hallucinogen psilocybin"). Unchanged when too few words would be left to measure
    how close together they sit."""
    topic = _content_stems(context)
    words = claim.words - topic
    entities = tuple(e for e in claim.entities if stem(e) not in topic)
    if len(words | {stem(e) for e in entities}) < MIN_WORDS_FOR_WINDOW or words == claim.words:
        return claim
    return replace(claim, words=words, entities=entities)


# A claim's closing "in the quake", "during the storm": the event the article is about.
_EVENT_TAIL_RE = re.compile(
    r"\s+(?:in|during|after)\s+(?:the|this|that)\s+(?P<event>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\.?$")
# A sentence that names an event or a year of its own: the act may be another one.
_OWN_EVENT_RE = re.compile(r"\b(?:in|during|after)\s+(?:the|a|an|last|this|that)\s+[a-z]")
# How long a word must be to be found as the end of a context word ("quake" in "Earthquake-Induced").
MIN_TAIL_WORD = 5


def _without_topic_event(claim: str, topic: str, sentence: str) -> str | None:
    """The claim without its closing event ("lost three of its four spires in the quake") when the
    article's title, opening or the sentences before name that event ("Earthquake-Induced Crack") and the
    sentence names no event or year of its own: the sentence then tells of the article's event."""
    m = _EVENT_TAIL_RE.search(claim)
    if m is None or _OWN_EVENT_RE.search(sentence) or any(v.kind == "year" for v in values.find_values(sentence)):
        return None
    known = _content_stems(topic)
    topic_words = [fold(w) for w in _tokens(topic)]
    for word in _tokens(m["event"]):
        if fold(word) in STOP_WORDS:
            continue
        if stem(word) not in known and not (len(word) >= MIN_TAIL_WORD and any(
                t.endswith(fold(word)) or any(part == fold(word) for part in t.split("-")) for t in topic_words)):
            return None
    return claim[:m.start()]


def _in_one_sentence(claim: _Claim, text: str) -> bool:
    """Whether the claim's relation ("gave", "acquired", "backed": ``relation_paraphrases``) stands in the
    sentence that holds most of its words, not in another sentence or heading of the passage."""
    relations = claim.words & {stem(name) for name in set(RELATIONS.values())}
    sentences = split_sentences(text)
    if not relations:
        return True
    best = max(sentences, key=lambda s: len(claim.words & _content_stems(s.text)))
    return relations <= _content_stems(best.text)


def _aligned(claim: _Claim, candidates: Sequence[Evidence]) -> list[_Outcome]:
    """Each sentence of each passage against the claim, aspect by aspect (:mod:`knowledge.check.align`)."""
    found = []
    owned = _owned_spans(claim)
    seen: set[tuple[str, str]] = set()
    work: list[tuple[int, Evidence, str, str]] = []
    for ev in candidates:
        if ev.kind == "role" or not _hyphenated_entities_present(claim.text, ev.text):
            continue
        sentences = [s.text for s in split_sentences(ev.text)]
        for previous, sentence in zip([ev.before, *sentences], sentences, strict=False):
            if (ev.source.get("article"), sentence) in seen:
                continue  # a deal's sentence is also a passage: judged once
            seen.add((ev.source.get("article"), sentence))
            work.append((len(claim.words & _content_stems_of(sentence)), ev, previous, sentence))
    # the sentences holding most of the claim's words; the others cannot state it (order kept among equals)
    work.sort(key=lambda w: -w[0])
    for _, ev, previous, sentence in work[:ALIGNED_SENTENCES]:
        if _rank_differs(claim.text, sentence) or (
                claim.future_role and not _future_role_bound(claim.future_role, sentence)):
            continue
        judgement = align.judge(claim.text, sentence, source_label(ev), owned)
        if judgement is None and previous:
            judgement = align.judge_resolved(claim.text, previous, sentence, source_label(ev), owned)
        topic = f"{ev.context}\n{ev.before}\n{previous}"
        said = claim
        if judgement is None and (core := _without_topic_event(claim.text, topic, sentence)) is not None:
            said = parse_claim(core)
            judgement = align.judge(core, sentence, source_label(ev), _owned_spans(said))
        if judgement is not None and judgement.verdict == SUPPORTED and not _said_together(said, sentence) \
                and not _said_together(_without_topic(said, topic), sentence):
            continue
        if judgement is not None:
            found.append(_Outcome(judgement.verdict, judgement.reason, ev, overlap=1.0))
    return found
