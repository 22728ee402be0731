"""One grammar of deal status, for the deals found in articles and for the claims ``/check`` reads.

The status of a deal is what its predicate's grammar says (:func:`knowledge.extract.syntax.clause`):
"bought" is done, "agreed to buy" agreed, "plans to buy" and "will buy" planned, "is negotiating"
and "in talks" under negotiation, "is cooperating" and "supplies" running, "discussed" discussed, "announced
a deal" announced. The predicate's kind (lexicon ``deal_verbs``: acquisition, supply, signing, ...) says
which of these its tense can mean: a past "signed" is signed, a past "cooperated" is still cooperation.

Negation: "has not signed", "has yet to sign" and "is not yet signed" describe a deal still to be made:
planned. A plain denial ("did not buy", "will not sign", "refused"), a hypothesis ("if only X had
bought Y", "unless the creditors agree") and a cancelled deal ("scrapped the deal", "the now-cancelled
contract") report no deal at all: there is no status for them.

A deal noun with no verb of its own says less: talks are under negotiation, a cooperation runs, a deal
named as known ("the deal", "Yahoo's sale to Verizon") is agreed, one merely introduced ("a deal with
Boeing") announced; words before the noun ("the proposed merger") decide when present.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from spacy.tokens import Token

from knowledge import lexicon
from knowledge.extract.parse import load_model
from knowledge.extract.syntax import Clause, clause, objects, subjects

# Verb kinds that make a deal by themselves; every other kind needs a deal noun ("signed a contract").
STANDALONE_KINDS = lexicon.words("standalone_deal_kinds")
# The status a support verb gives its deal noun (None: the noun's own status).
SUPPORT_STATUS: dict[str, str | None] = {
    kind: None if status == "-" else status for kind, status in lexicon.table("support_statuses").items()}
CANCELLATION = "cancellation"
# Support verbs that name a deal status in a claim without a deal noun ("Sparta signed Vrba", "plans to
# produce drones").
CLAIM_KINDS = STANDALONE_KINDS | {"signing", "planning"}
SUBORDINATE_DEPS = frozenset({"xcomp", "acl", "advcl", "pcomp", "ccomp"})
NO_DEAL = "none"  # a modifier that says there is no deal ("the failed merger")
# A deal noun with no verb of its own: talks are under negotiation, a cooperation runs, any other is announced.
NOUN_STATUS = {"negotiation": "negotiating", "cooperation": "ongoing"}
DEFAULT_NOUN_STATUS = "announced"
KNOWN_NOUN_STATUS = "agreed"  # a deal named as known, by "the" or its party's name: it exists
PENDING_WORDS = frozenset({"yet", "still"})
SETTLED_SUPPORT = frozenset({"signed"})  # statuses a progressive present turns into a plan ("are signing today")


@cache
def _verbs() -> dict[str, str]:
    return lexicon.table("deal_verbs")


@cache
def _nouns() -> dict[str, str]:
    return lexicon.table("deal_nouns")


def verb_kind(token: Token) -> str | None:
    """The kind of a transaction verb (lexicon ``deal_verbs``), with its particle ("take over")."""
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"):
        return None
    lemma = token.lemma_.casefold()
    for particle in (c for c in token.children if c.dep_ == "prt"):
        kind = _verbs().get(f"{lemma} {particle.lower_}")
        if kind:
            return kind
    prefixed = prefixed_lemma(token)
    return (_verbs().get(prefixed) if prefixed else None) or _verbs().get(lemma)


def prefixed_lemma(token: Token) -> str | None:
    """ "co-organized" split by the tokenizer into "co", "-", "organized": the lemma with its prefix."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_:
        return f"{doc[token.i - 2].lower_}-{token.lemma_.casefold()}"
    return None


def noun_kind(token: Token) -> str | None:
    """The kind of a deal noun (lexicon ``deal_nouns``); "talks" only in the plural, "letter" only "of intent"."""
    if token.pos_ not in ("NOUN", "PROPN") or token.tag_ in ("NNP", "NNPS"):
        return None
    lemma = token.lemma_.casefold()
    if lemma == "talk":
        return _nouns().get("talks") if token.tag_ == "NNS" else None
    prefixed = prefixed_lemma(token)
    kind = (_nouns().get(prefixed) if prefixed else None) or _nouns().get(lemma)
    if kind:
        return kind
    for prep in (c for c in token.children if c.dep_ == "prep"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            kind = _nouns().get(f"{lemma} {prep.lower_} {pobj.lemma_.casefold()}")
            if kind:
                return kind
    return None


def modifier_status(noun: Token) -> str | None:
    """A status the words before a deal noun state: "the proposed merger" planned, "the failed bid" none."""
    table = lexicon.table("deal_modifiers")
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "advmod") and child.i < noun.i:
            status = table.get(child.lower_) or table.get(child.lemma_.casefold())
            if status:
                return status
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return NO_DEAL
    return None


def _pending(found: Clause) -> bool:
    """ "has not signed", "has yet to sign", "not yet signed": denied for now, not for good."""
    verb = found.verb
    words = {c.lower_ for c in verb.children}
    if verb.head != verb:
        words |= {c.lower_ for c in verb.head.children}
    return found.perfect or bool(words & PENDING_WORDS)


def deal_status(kind: str | None, found: Clause | None, *, noun: str | None = None,
                modifier: str | None = None, known: bool = False) -> str | None:
    """The status of a deal whose predicate has ``kind`` (a ``deal_verbs`` kind, or None for a deal noun
    alone) and grammar ``found``; ``noun`` is the kind of its deal noun, ``modifier`` a status the words
    before the noun state, ``known`` whether the noun names a deal as known ("Yahoo's sale to Verizon",
    "the deal": agreed) rather than introducing one ("a deal with Boeing": announced). None: the text
    reports no deal (denied or cancelled)."""
    if kind == CANCELLATION or modifier == NO_DEAL:
        return None
    if found is not None:
        if found.conditional:
            return None  # "if only X had bought Y": no deal was made
        if found.negated:
            return "planned" if _pending(found) else None
        if found.time == "future" or found.modal or found.intent:
            return "planned"
    noun_status = NOUN_STATUS.get(noun or "", DEFAULT_NOUN_STATUS)
    if kind is None or found is None:
        return modifier or (KNOWN_NOUN_STATUS if known and noun_status == DEFAULT_NOUN_STATUS else noun_status)
    present = found.time == "present" and not found.perfect
    if noun == "negotiation" and kind not in ("announcement", "discussion", "planning"):
        return "negotiating"  # "held talks", "entered into negotiations"
    if kind in SUPPORT_STATUS:
        status = SUPPORT_STATUS[kind] or noun_status
        return "planned" if status in SETTLED_SUPPORT and present and found.progressive else status
    return _standalone_status(kind, found, present=present)


def _standalone_status(kind: str, found: Clause, *, present: bool) -> str:
    if kind in ("acquisition", "payment"):
        return "announced" if present and found.progressive else "signed"  # "is buying": not closed yet
    if kind == "hiring":
        return "ongoing" if present else "signed"  # "bars hire firms such as X": a running arrangement
    if kind == "supply":
        return "ongoing" if present else "signed"
    if kind in ("partnership", "funding", "production"):
        return "ongoing" if present else "signed"  # "is funded by": running
    if kind == "cooperation":
        return "ongoing"
    if kind == "agreement":
        return "agreed"
    if kind == "negotiation":
        return "negotiating"
    return "planned"  # "working with X to build Y": the purpose is ahead


def claim_status(text: str) -> tuple[str | None, frozenset[str]]:
    """The deal status a claim states, and the words that state it ("plans to sign" -> planned, {plans, to, sign}).

    For ``/check``: the same grammar as extraction, except that a support verb counts without a deal noun
    ("Sparta signed Vrba") and polarity is left to the checker ("did not sign" states *signed*, denied).
    None when the claim names no deal predicate, or predicates of different statuses ("has signed 17
    and is preparing 10 more"): no single deal confirms or rules out both.
    """
    doc = load_model()(text)
    found: dict[str, set[str]] = {}
    for token in doc:
        kind = _claim_kind(token)
        if kind is not None and not _under_another(token):
            grammar = replace(clause(token), negated=False)
            status = deal_status(kind, grammar, noun=_object_noun(token))
            if status is not None:
                found.setdefault(status, set()).update(_cue_words(grammar))
        elif noun_kind(token) == "negotiation" and verb_kind(token.head) is None:
            found.setdefault("negotiating", set()).add(token.text)  # "the two firms are in talks"
    if len(found) != 1:
        return None, frozenset()
    (status, words), = found.items()
    return status, frozenset(words)


def _claim_kind(token: Token) -> str | None:
    if token.dep_ in ("aux", "auxpass"):
        return None
    kind = verb_kind(token)
    if kind is None or kind == CANCELLATION:
        return None
    return kind if kind in CLAIM_KINDS or _object_noun(token) is not None else None


def _under_another(verb: Token) -> bool:
    """ "agreed to buy", "plans to sign a deal": the complement of another deal predicate states no status
    of its own."""
    return verb.dep_ in SUBORDINATE_DEPS and verb.head != verb and _claim_kind(verb.head) is not None


def _object_noun(verb: Token) -> str | None:
    for argument in [*objects(verb), *subjects(verb)]:
        kind = noun_kind(argument)
        if kind:
            return kind
    return None


def _cue_words(found: Clause) -> set[str]:
    """The verb, its auxiliaries and the frame it hangs on: what a claim spends on saying the status."""
    verb = found.verb
    words = {verb.text, *(c.text for c in verb.children if c.dep_ in ("aux", "auxpass", "prt"))}
    if found.intent and verb.head != verb:
        words.add(verb.head.text)
    return words
