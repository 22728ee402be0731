"""Deals: agreements, contracts, orders, takeovers, partnerships, negotiations, read from the parse.

A deal is a transaction predicate: a verb of the lexicon (``deal_verbs``: buy, acquire, sell, merge,
agree, negotiate, cooperate, ...), or a deal noun (``deal_nouns``: agreement, contract, order, merger,
talks, ...) with the support verb that takes it ("signed a contract", "won an order", "the deal was
announced"). Predicates linked by argument structure are one deal ("signed a contract to purchase
jets", "agreed to buy"); predicates joined as clauses are several ("bought X in 2016 and struck a deal
with Y in June").

* **Parties** are the predicate's subject and object and its with / between / from / to / by phrases
  (of the deal noun too: "a deal between X and Y", "X's contract with Y", "the acquisition of Y by
  X"), taken when they name an organisation, a country or government, or a person acting for them
  (:mod:`knowledge.extract.deal_parties`). A product, an amount, a date or a place named as a place
  ("in Berlin") is never a party.
* **Status** comes from the predicate's grammar (:mod:`knowledge.extract.deal_status`).
* **Date**: the date expression attached to the deal's verb wins over one attached to its noun
  ("signed in June the 2007 contract": June; "the 2007 contract expires in June": 2007); a deal
  without one is dated by the page, as reported news (:mod:`knowledge.extract.deal_dates`).
* **What** is the predicate with its object phrase, verbatim ("contract to build the plant").

Across sentences: a sentence ending in "with:" followed by a list gives one deal per item; a sentence
whose deal is only "the agreement" / "the document" completes the deal of the sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle, component
from knowledge.extract.deal_dates import before_page_year, deal_date, noun_years, sentence_dates
from knowledge.extract.deal_parties import (
    DATELINE_RE,
    DEFINITE_DETERMINERS,
    PROPER_TAGS,
    PartyContext,
    clean_name,
    entity_map,
    party_name,
    quoted_names,
    subject_organisation,
)
from knowledge.extract.deal_status import (
    CANCELLATION,
    STANDALONE_KINDS,
    deal_status,
    modifier_status,
    noun_kind,
    prefixed_lemma,
    verb_kind,
)
from knowledge.extract.syntax import VERB_POS, clause, gapped_clauses, name_span, objects, subjects
from knowledge.facts import DEAL_STATUSES, DateMention, DealFact, Sentence
from knowledge.text.names import fold
from knowledge.text.sentences import list_items_after

MAX_WHAT_CHARS = 160
REFERENCE_REACH = 1  # sentences without a deal that may stand between a deal and "the agreement" naming it
REFERENCE = "reference"  # deal-noun kind that only points back ("the document")
# Predicates that are deals only with a party on each side: selling to nobody is a line of business, an
# accord nobody else signs is a statement.
ONE_SIDED_KINDS = frozenset({"supply", "hiring", "noun:accord", "noun:supply"})
# Deal nouns that, alone, need a counterpart phrase ("cooperation with X") or two parties: "the NATO
# alliance" names an organisation, not a deal.
COUNTERPART_NOUN_KINDS = frozenset({"noun:cooperation"})
# Dependencies along which a predicate belongs to the deal of the predicate above it.
LINK_DEPS = frozenset({"dobj", "pobj", "prep", "pcomp", "xcomp", "compound", "amod", "nsubj", "nsubjpass",
                       "attr", "appos", "npadvmod", "oprd", "dative", "agent", "poss", "nmod", "acl", "relcl"})
# Of these, the ones that link only when they reach a deal predicate at once ("a deal that was signed",
# "signed a deal to buy jets": a purpose infinitive).
DIRECT_LINK_DEPS = frozenset({"acl", "relcl", "advcl"})
SUPPORT_ARGUMENT_PREPOSITIONS = frozenset({"into", "on"})  # "entered into an agreement", "signed on to a deal"
OF_PARTY_NOUN_KINDS = frozenset({"acquisition"})  # "the acquisition of Y": Y takes part
TRANSFER_KINDS = frozenset({"acquisition", "supply", "funding"})  # verbs whose object may be a product
JOINT_WORDS = frozenset({"joint", "jointly", "together"})
# A party preposition that counts only on the deal predicate itself ("a bid for X", "paid $5bn for X"), not
# for the counterpart phrases that name a deal ("the contract for the frigates" still points back).
DIRECT_PREPOSITIONS = frozenset({"for"})
EXAMPLE_PREPOSITIONS = frozenset({"like", "including"})
AGREEMENT_PREPOSITIONS = frozenset({"on", "to", "with", "upon", "over"})
STATUS_RANK = {status: rank for rank, status in enumerate(
    ("announced", "discussed", "planned", "negotiating", "ongoing", "agreed", "signed"))}
assert set(STATUS_RANK) == set(DEAL_STATUSES)


@dataclass
class _Found:
    """One deal of one sentence, before it becomes a :class:`DealFact`."""

    sentence: Sentence
    status: str
    parties: list[str]
    what: str
    date: DateMention | None
    reference: bool  # only "the agreement" / "the document": points back at a deal named before
    reference_only: bool  # its noun never names a deal of its own ("the document")
    stated_status: bool  # the status comes from a verb ("the agreement was signed"), not the noun alone
    dangling_partner: bool  # "cooperating with:" - the partners follow as a list
    opens_sentence: bool


# -- predicates -----------------------------------------------------------------------------------

def _predicates(span: Span) -> dict[Token, str]:
    """Deal predicates of a sentence: token -> its kind (a verb kind, or ``noun:<kind>``)."""
    found: dict[Token, str] = {}
    for token in span:
        kind = _verb_predicate(token)
        if kind is not None:
            found[token] = kind
            continue
        kind = _noun_predicate(token)
        if kind is not None:
            found[token] = f"noun:{kind}"
    return found


def _verb_predicate(token: Token) -> str | None:
    if token.pos_ not in VERB_POS or token.dep_ in ("aux", "auxpass"):
        return None
    kind = verb_kind(token)
    if _joint(token) and kind not in ("cooperation", "partnership"):
        return "cooperation"  # "would jointly produce shells"
    if kind is None:
        return None
    if kind in STANDALONE_KINDS:
        return kind if _standalone_deal(token, kind) else None
    return kind if _deal_noun_argument(token) is not None else None


def _standalone_deal(verb: Token, kind: str) -> bool:
    lemma = verb.lemma_.casefold()
    children = list(verb.children)
    if kind == "working":  # "working with X to set up a base": a partner and a purpose
        partner = any(c.dep_ == "prep" and c.lower_ == "with" for c in children) or any(
            c.lower_ in JOINT_WORDS for c in children)
        return partner and any(c.dep_ in ("xcomp", "advcl") and _infinitive(c) and _joint_purpose(c) for c in children)
    if lemma == "order" and any(c.dep_ in ("xcomp", "ccomp") for c in children):
        return False  # "was ordered by Congress to work with X": a command
    if lemma == "order" and not clause(verb).passive and not _ordered_goods(verb):
        return False  # "ordered a missile strike", "ordered an inquiry": a command, not a purchase
    if kind == "production":  # "were manufactured by a separate company": made under contract, not in-house
        return clause(verb).passive and any(c.dep_ == "agent" for c in children)
    if kind == "payment" and lemma == "raise":  # "raised $20 million", not "raised prices by $2"
        # ("raised $2 billion to buy X": the purchase it pays for is the deal)
        money = [c for c in children if c.dep_ == "dobj" and _money_head(c)]
        purpose = any(c.dep_ in ("xcomp", "advcl") for c in children) or any(
            t.dep_ in ("relcl", "acl") and t.pos_ == "VERB" for m in money for t in m.children)
        return not clause(verb).passive and bool(money) and not purpose
    if kind == "payment":  # "paid $55 million in compensation", not "paid tribute" or "were paid"
        return not clause(verb).passive and any(
            t.ent_type_ == "MONEY" or t.tag_ == "$" or _counted_currency(t) or _share_of_money(t)
            for c in children if c.dep_ in ("dobj", "prep") for t in c.subtree)
    if kind in ("agreement", "negotiation"):  # "agreed to buy", "agreed on", "agreed with X", "negotiated a deal"
        # not "agrees that ..." (an opinion) nor "agreed under the condition that ..."
        return any(c.dep_ in ("xcomp", "dobj") or (c.dep_ == "prep" and c.lower_ in AGREEMENT_PREPOSITIONS)
                   for c in children)
    return True


def _money_head(obj: Token) -> bool:
    """An object that is itself an amount of money: "$20 million", "tens of millions of dollars"."""
    if obj.ent_type_ == "MONEY" or obj.tag_ == "$" or _counted_currency(obj):
        return True
    return obj.lemma_.casefold() in ("ten", "hundred", "thousand", "million", "billion") and any(
        t.ent_type_ == "MONEY" or _counted_currency(t) for t in obj.subtree)


def _ordered_goods(verb: Token) -> bool:
    """An order that buys: its object is counted or priced ("ordered 30 jets", "ordered $6 billion in
    airliners"), named by its maker ("ordered Airbus jets") or placed with someone ("from X")."""
    for obj in objects(verb):
        if obj.like_num or obj.ent_type_ in ("MONEY", "CARDINAL") or any(
                c.dep_ == "nummod" or (c.dep_ == "compound" and c.tag_ in PROPER_TAGS) for c in obj.children):
            return True
    return any(c.dep_ == "prep" and c.lower_ in ("from", "with") for c in verb.children)


def _share_of_money(token: Token) -> bool:
    """ "15 percent of all profits": a share of money paid out (lexicon ``money_nouns``)."""
    return token.ent_type_ == "PERCENT" and any(
        t.lemma_.casefold() in lexicon.words("money_nouns") for t in token.head.subtree)


def _how_to(verb: Token) -> bool:
    """ "knows how to close a deal": a skill, not a deal."""
    return _infinitive(verb) and any(c.tag_ == "WRB" and c.lower_ == "how" for c in verb.children)


def _counted_currency(token: Token) -> bool:
    """ "300 million euros": a currency word (lexicon ``currencies``) after a number, which the model may
    leave without a MONEY label."""
    return token.i > 0 and token.lemma_.casefold() in lexicon.table("currencies") and token.doc[token.i - 1].like_num


def _joint_purpose(verb: Token) -> bool:
    """ "to set up a base", "to build a plant": making something together, not "to defuse a crisis"."""
    return verb.lemma_.casefold() in lexicon.words("joint_activities") or verb_kind(verb) == "formation"


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _joint(token: Token) -> bool:
    """ "would jointly produce", "joint weapons production": doing together what the lexicon lists."""
    if token.lemma_.casefold() not in lexicon.words("joint_activities"):
        return False
    modifiers = [*token.children, *(g for c in token.children if c.dep_ == "compound" for g in c.children)]
    # "joint weapons production": "joint" may sit on the compound before the noun
    return any(c.lower_ in JOINT_WORDS and c.dep_ in ("advmod", "amod") for c in modifiers)


def _noun_predicate(token: Token) -> str | None:
    if token.ent_type_ and token.ent_type_ not in ("LAW", "DATE", "MONEY", "CARDINAL"):
        return None  # "the Defense Industries Alliance" is a name, not a deal
    kind = noun_kind(token)
    if kind is not None:
        return None if _idiom(token) else kind
    if token.pos_ == "NOUN" and _joint(token):
        return "cooperation"
    if token.lower_ == "one" and token.pos_ == "NOUN":
        return _example_of_deal(token)  # "contracts, like the one struck with Mozilla"
    return None


def _example_of_deal(one: Token) -> str | None:
    """The kind of the deal noun that "one" stands for in "contracts, like the one struck with X"."""
    before = one.doc[one.left_edge.i - 1] if one.left_edge.i > 0 else None
    if before is None or before.lower_ not in EXAMPLE_PREPOSITIONS or before.head == one:
        return None
    previous = [t for t in one.doc[max(0, before.i - 2):before.i] if not t.is_punct]
    return noun_kind(before.head) or (noun_kind(previous[-1]) if previous else None)


def _idiom(noun: Token) -> bool:
    """ "in order to", "sales fell 20%": a deal word that names no deal here."""
    lemma = noun.lemma_.casefold()
    if lemma == "order" and noun.i > 0 and noun.doc[noun.i - 1].lower_ == "in":
        return True
    return lemma == "sale" and noun.tag_ == "NNS"  # sales figures; "the sale of X" is singular


def _deal_noun_argument(verb: Token) -> Token | None:
    """The deal noun a support verb takes: its object, its subject ("the deal closed"), "into"/"on" phrase."""
    candidates = [*objects(verb), *subjects(verb)]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in SUPPORT_ARGUMENT_PREPOSITIONS):
        candidates.extend(c for c in prep.children if c.dep_ == "pobj")
    for obj in objects(verb):  # "secured $11bn of aircraft deals", "won a pair of contracts"
        candidates.extend(g for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "of"
                          for g in prep.children if g.dep_ == "pobj")
    if _modifies_its_object(verb):
        candidates.append(verb.head)  # "the agreement, signed in May", "a deal that was sealed"
    for candidate in candidates:
        if _noun_predicate(candidate) is not None:
            return candidate
    return None


def _modifies_its_object(verb: Token) -> bool:
    """A verb that says what happened to the noun it modifies: a participle ("the agreement signed in May")
    or a relative clause whose pronoun is its own argument ("a deal that was sealed", "which it won")."""
    if verb.dep_ == "acl":
        return verb.tag_ == "VBN"
    if verb.dep_ == "relcl":
        return any(c.tag_ in ("WDT", "WP") and c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children)
    return False


def _parent(token: Token, predicates: dict[Token, str]) -> Token | None:
    """The predicate this one belongs to: the first predicate above it along argument links."""
    current = token
    while current.head != current:
        dep = current.dep_
        if dep not in LINK_DEPS and not (dep == "conj" and current.pos_ not in VERB_POS) and dep != "advcl":
            return None  # conjoined clauses, reported speech, adverbial clauses: a deal of their own
        head = current.head
        if dep == "advcl" and _infinitive(current) and head not in predicates:
            held = _held_noun(head, predicates)
            if held is not None:
                return held  # "was in talks to buy Y": the purpose of the talks
        if dep in DIRECT_LINK_DEPS and (head not in predicates or (dep == "advcl" and not _infinitive(current))):
            return None
        if head in predicates:
            return head
        current = head
    return None


def _held_noun(verb: Token, predicates: dict[Token, str]) -> Token | None:
    """The deal noun a verb is "in": "X was in talks", "X remains in negotiations"."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "into")):
        for noun in (c for c in prep.children if c.dep_ == "pobj" and c in predicates):
            return noun
    return None


def _groups(predicates: dict[Token, str]) -> list[tuple[Token, list[Token]]]:
    """Predicates gathered under their top predicate, in text order of the top."""
    supported: dict[Token, Token] = {}  # deal noun -> the support verb that takes it
    for token, kind in predicates.items():
        if token.pos_ in VERB_POS and kind not in STANDALONE_KINDS:
            noun = _deal_noun_argument(token)
            if noun is not None and noun in predicates and noun not in supported and token.head != noun:
                supported[noun] = token  # "an agreement ... is yet to be concluded": raised out of the verb

    def parent_of(token: Token) -> Token | None:
        return supported.get(token) or _parent(token, predicates)

    members: dict[Token, list[Token]] = {}
    for token in predicates:
        top = token
        seen = {token}
        while (parent := parent_of(top)) is not None and parent not in seen:
            seen.add(parent)
            top = parent
        members.setdefault(top, []).append(token)
    return sorted(members.items(), key=lambda item: item[0].i)


# -- status ---------------------------------------------------------------------------------------

def _status_source(head: Token, members: list[Token], predicates: dict[Token, str]) -> Token:
    """The predicate whose grammar is the deal's: a support verb on the head noun ("the agreement, signed
    in May"), else the head."""
    for member in members:  # "revealed the agreement reached between them": reached decides
        if member != head and member.pos_ in VERB_POS and member.dep_ in ("acl", "relcl") \
                and predicates[member] not in STANDALONE_KINDS \
                and predicates.get(member.head, "").startswith("noun:") and not clause(member).negated \
                and member.head.dep_ != "appos":  # "agreed to buy Y, a deal regulators must approve": agreed
            return member
    return head


def _status(source: Token, members: list[Token], predicates: dict[Token, str]) -> str | None:
    kind = predicates[source]
    nouns = [m for m in members if predicates[m].startswith("noun:")]
    if kind.startswith("noun:"):
        known = _owner_before(source) is not None or any(
            (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) or c.dep_ == "poss" for c in source.children)
        return deal_status(None, None, noun=kind[5:], modifier=modifier_status(source), known=known)
    argument = _deal_noun_argument(source) if kind not in STANDALONE_KINDS else None
    noun = predicates.get(argument) if argument is not None else None
    noun = noun[5:] if noun and noun.startswith("noun:") else None
    if any(modifier_status(n) == "none" for n in nouns) or kind == CANCELLATION:
        return None
    return deal_status(kind, clause(source), noun=noun)


# -- parties --------------------------------------------------------------------------------------

def _included(token: Token) -> list[Token]:
    """The named members of a plural noun that a deal's party is: "from social investors, including the
    Rockefeller Foundation, the X Fund and the Y Fund" (with "such as" too)."""
    if token.pos_ != "NOUN" or token.tag_ != "NNS":
        return []
    for child in token.children:
        if (child.dep_ == "prep" and child.lower_ in ("including", "like")) or (
                child.lower_ == "as" and any(c.lower_ == "such" for c in child.children)):
            heads = [c for c in child.children if c.dep_ == "pobj"]
            return [t for head in heads for t in (head, *head.conjuncts) if t.pos_ == "PROPN"]
    return []


def _arguments(members: list[Token], predicates: dict[Token, str]) -> Iterator[tuple[Token, str]]:
    """(token, role) for every phrase that may name a party. Roles: subject, object, counterpart (a party
    preposition's object), modifier (a name before a deal noun) and acquired (what is bought or sold:
    a party only when it is an organisation the model recognises, since products are bought too)."""
    prepositions = lexicon.words("deal_party_prepositions") | DIRECT_PREPOSITIONS  # and "a bid for X"
    for member in members:
        if member.pos_ in VERB_POS:
            transfer = predicates[member] in TRANSFER_KINDS
            purchase = predicates[member] == "acquisition"
            ownership = lexicon.words("ownership_nouns")
            if predicates[member] == "approval" and member.dep_ in ("relcl", "acl"):
                continue  # "a deal that EU regulators must approve": who approves is not a party
            for subject in subjects(member):
                passive = subject.dep_ == "nsubjpass" or clause(member).passive
                # "the Pro can be purchased": what is bought; but "the company was financed by X" is funded
                goods = transfer and passive and predicates[member] != "funding"
                yield subject, "acquired" if goods else "subject"
            for obj in objects(member):
                if obj not in predicates:
                    # "bought LinkedIn", not "bought the Pro"; "supplies Poland with gas": the recipient
                    yield obj, "acquired" if purchase else "object"
                    if purchase:  # "ordered 30 Airbus jets", "20 of Boeing's 777 planes": the maker sells
                        yield from ((m, "maker") for m in _makers(obj))
                    # "settled its dispute with Apple Corps", "bought a stake in Kadokawa"
                    yield from ((t, "counterpart") for t in _prepositional(obj, prepositions, depth=1))
                    for participle in (c for c in obj.children if c.dep_ == "acl" and c.tag_ == "VBN"):
                        # "settle a lawsuit brought by Texas", "claims filed by its investors"
                        yield from ((t, "counterpart") for t in _prepositional(participle, {"by"}, depth=1))
                    if transfer and (obj.lemma_.casefold() in ownership or obj.lower_ in ownership):
                        yield from ((t, "acquired") for t in _prepositional(obj, {"in", "of"}, depth=1))
            yield from ((t, "counterpart") for t in _prepositional(member, prepositions, depth=2))
            if predicates[member] in ("payment", "funding"):  # "give 15% of profits related to X to Y":
                yield from ((t, "counterpart") for t in _recipients_below(member))  # "to Y" hung low
            target = lexicon.table("deal_target_prepositions").get(member.lemma_.casefold())
            if target:  # "invested $300 million in Uber"
                yield from ((t, "acquired") for t in _prepositional(member, {target}, depth=1))
            for gap in gapped_clauses(member):  # "sold X to A and its ports to B": B is a party of the verb too
                if member.doc[gap] in predicates:
                    continue  # "signed a deal with A and an agreement with B": a deal of its own
                yield from ((t, "counterpart") for t in _prepositional(member.doc[gap], prepositions, depth=1))
        else:
            holder = _holder_verb(member)
            if holder is not None and holder not in predicates:
                for subject in subjects(holder):
                    yield subject, "subject"  # "X is in talks with Y", "X remains in negotiations"
            if predicates[member] == "noun:offer" and member.dep_ == "dobj" and member.head not in predicates:
                yield from ((t, "subject") for t in subjects(member.head))  # "X rebuffed an offer from Y": X
            owner = _owner_before(member)
            if owner is not None:
                yield owner, "subject"  # "Dell's buyout" where the parser lost the possessive
            for child in member.children:
                if child.dep_ == "poss":
                    yield child, "subject"  # "Fiat's takeover of Chrysler"
                elif child.dep_ in ("compound", "nmod") and child.i < member.i and child.tag_ in PROPER_TAGS:
                    yield child, "modifier"  # "the Air Canada deal", "the Iran deal"; not "the Madrid talks"
            yield from ((t, "counterpart") for t in _prepositional(member, prepositions, depth=2))
            if predicates[member][5:] in OF_PARTY_NOUN_KINDS:  # "the acquisition of Y", not "the purchase of jets"
                yield from ((t, "acquired") for t in _prepositional(member, {"of", "in"}, depth=1))
            for purpose in (c for c in member.children if c.dep_ == "acl" and c not in predicates):
                yield from ((t, "counterpart") for t in _prepositional(purpose, prepositions, depth=2))


def _recipients_below(verb: Token) -> Iterator[Token]:
    """Organisations after "to" anywhere in the verb's objects, where the parser hung the phrase on a
    noun or participle of the object rather than on the verb."""
    for obj in objects(verb):
        for token in obj.subtree:
            if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head != verb \
                    and token.ent_type_ in ("ORG", "GPE"):
                yield token


def _makers(thing: Token) -> Iterator[Token]:
    """Names before what is bought ("Airbus A320 jets", "Boeing's planes"), also of "20 of X's planes"."""
    products = [thing, *(p for prep in thing.children if prep.dep_ == "prep" and prep.lower_ == "of"
                         for p in prep.children if p.dep_ == "pobj")]
    for product in products:
        yield from (c for c in product.children if c.dep_ in ("compound", "poss") and c.i < product.i
                    and c.tag_ in PROPER_TAGS)


def _owner_before(noun: Token) -> Token | None:
    """ "Dell's buyout" parsed without the possessive link: the name before a "'s" right before the noun."""
    if any(c.dep_ == "poss" for c in noun.children):
        return None
    start = min([noun.i, *(t.i for t in noun.subtree if t.i < noun.i)])
    if start < 2 or noun.doc[start - 1].tag_ != "POS":
        return None
    owner = noun.doc[start - 2]  # by position: "Yahoo ’s $4.8 billion sale", whatever the parser made of it
    return owner if owner.tag_ in PROPER_TAGS else None


def _holder_verb(noun: Token) -> Token | None:
    """The verb a deal noun is "in": "X is in talks", "X remains in negotiations with Y"."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ in ("in", "into") and prep.head.pos_ in VERB_POS:
        return prep.head
    return None


def _prepositional(token: Token, wanted: Iterable[str], *, depth: int, top: bool = True) -> Iterator[Token]:
    """Objects of the wanted prepositions on ``token``, and on the nouns of its own prepositional phrases
    down to ``depth`` ("an order for 30 jets from IndiGo": the parser hangs "from" on "jets"). "for" counts
    on the predicate itself only ("a bid for X", not "an order of the Service for the Markets")."""
    wanted = frozenset(wanted)
    for child in token.children:
        if child.dep_ not in ("prep", "agent", "dative") or child.pos_ != "ADP":
            continue  # ("dative": "sell services to Chevron")
        if child.ent_iob_ == "I" or (child.lower_ in DIRECT_PREPOSITIONS and not top):
            continue  # inside a name: "the Federal Service for the Financial Markets"
        for pobj in (c for c in child.children if c.dep_ == "pobj" or (c.dep_ == "pcomp" and c.pos_ not in VERB_POS)):
            if child.lower_ in wanted:
                yield pobj
                yield from pobj.conjuncts
                if depth > 1:  # "the bailout of AIG by the Federal Reserve": "by" hangs on AIG
                    yield from _prepositional(pobj, wanted, depth=depth - 1, top=False)
            elif depth > 1:
                yield from _prepositional(pobj, wanted, depth=depth - 1, top=False)


def _parties(members: list[Token], predicates: dict[Token, str], context: PartyContext) -> list[str]:
    found: list[tuple[int, str]] = []
    for argument, role in _arguments(members, predicates):
        for token in _included(argument) or [argument]:
            name = party_name(token, role, context)
            if name:
                found.append((token.i, name))
    parties: list[str] = []
    keys: list[str] = []
    for _, name in sorted(found, key=lambda item: item[0]):
        key = fold(name)
        if not key or any(key == k or f" {key} " in f" {k} " or f" {k} " in f" {key} " for k in keys):
            continue
        keys.append(key)
        parties.append(name)
    return parties











































# -- what -----------------------------------------------------------------------------------------

def _what(head: Token, members: list[Token], context: PartyContext) -> str:
    """The predicate and its object phrase, verbatim: "won an order for 30 A320 jets from IndiGo", "partnered
    with Northvolt to produce cells"; a deal noun that is the subject comes with it ("The merger of X and Y
    is expected to close")."""
    skip = {"nsubj", "nsubjpass", "csubj", "conj", "cc", "punct", "advcl", "ccomp", "parataxis", "mark", "aux",
            "auxpass", "neg", "advmod"}
    root = head
    tokens = [root]
    for child in root.children:
        purpose = child.dep_ == "advcl" and _infinitive(child)
        if root.pos_ in VERB_POS and ((child.dep_ in skip and not purpose) or child.i < root.i):
            continue
        if root.pos_ not in VERB_POS and child.dep_ in ("conj", "cc", "relcl", "appos", "punct"):
            continue
        tokens.extend(child.subtree)
    if head.pos_ not in VERB_POS:  # "talks to buy Y" where the parser hung the purpose on the verb
        for member in members:
            if member.dep_ == "advcl" and _infinitive(member) and member.i > head.i and not head.is_ancestor(member):
                tokens.extend(member.subtree)
    noun = _deal_noun_argument(head) if head.pos_ in VERB_POS else None
    if noun is not None and noun.i < head.i:
        tokens.extend(t for t in noun.subtree if t.dep_ not in ("relcl", "appos"))
    start = min(t.i for t in tokens)
    if head.pos_ in VERB_POS and prefixed_lemma(head):
        start = min(start, head.i - 2)  # "co-organized"
    end = max(t.i for t in tokens)
    doc = head.doc
    sentence = head.sent
    start, end = max(start, sentence.start), min(end, sentence.end - 1)
    while end > start and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    first, last = context.article.parse.offset(doc[start]), context.article.parse.end_offset(doc[end])
    what = context.article.text[first:last]
    return what if len(what) <= MAX_WHAT_CHARS else what[:MAX_WHAT_CHARS].rsplit(" ", 1)[0] + "…"
















# -- sentences --------------------------------------------------------------------------------------

def _sentence_deals(sentence: Sentence, span: Span, context: PartyContext) -> list[_Found]:
    predicates = _predicates(span)
    if not predicates:
        return []
    dates = [(m, root) for m, root in sentence_dates(sentence, span, context.article)
             if sentence.start + m.start >= context.dateline_end]
    found: list[_Found] = []
    for top, whole in _groups(predicates):
        for head, members, support in _conjoined_deals(top, whole, predicates):
            one = _one_deal(sentence, span, context, dates, head, members, predicates, support)
            if one is not None:
                found.extend(_gapped_deals(one, head, members, predicates, context, dates) if support is None
                             else [one])
    return found


def _gapped_deals(one: _Found, head: Token, members: list[Token], predicates: dict[Token, str],
                  context: PartyContext, dates: list[tuple[DateMention, Token]]) -> list[_Found]:
    """ "X sold its stores to A in 2015 and its mills to B in 2017": a deal verb with gapped clauses, each
    naming a party of its own, is one deal per clause, each with the verb's subject and its own date."""
    gaps = [g for g in gapped_clauses(head) if head.doc[g] not in predicates] if head.pos_ in VERB_POS else []
    if not gaps:
        return [one]
    starts = [head.doc[g].left_edge.i for g in gaps]  # "and its mills": the clause begins at "its"
    bounds = list(zip([head.i + 1, *starts], [*starts, head.sent.end], strict=True))
    named = [(token, name) for token, role in _arguments(members, predicates)
             if (name := party_name(token, role, context))]
    shared = list(dict.fromkeys(name for token, name in named if token.i < head.i))
    own = [list(dict.fromkeys(n for t, n in named if lo <= t.i < hi and n not in shared)) for lo, hi in bounds]
    if not shared or not all(own):
        return [one]  # "sold its stores and its mills to A": one buyer, one deal
    split = []
    for (lo, hi), parties in zip(bounds, own, strict=True):
        inside = [(m, root) for m, root in dates if lo <= root.i < hi]
        outside = [(m, root) for m, root in dates if not any(a <= root.i < b for a, b in bounds)]
        date = deal_date(members, head, inside + outside, context.article.date) if inside or outside else None
        words = [head, *(t for t in head.sent[lo - head.sent.start:hi - head.sent.start]
                         if t.head.i != head.i or t.dep_ != "cc")]
        while len(words) > 1 and words[-1].is_punct:
            words.pop()
        what = " ".join(t.text for t in words).replace(" ,", ",")
        split.append(replace(one, parties=[*shared, *parties], what=what, date=date or one.date))
    return split


def _conjoined_deals(head: Token, members: list[Token], predicates: dict[Token, str]
                     ) -> list[tuple[Token, list[Token], Token | None]]:
    """ "signed a supply deal with X in January and a licensing agreement with Y in March": a deal noun
    conjoined under the same support verb, with a party phrase of its own, is a deal of its own; it keeps
    the support verb (returned beside it) for its status and its subject."""
    split: list[tuple[Token, list[Token], Token | None]] = []
    rest = list(members)
    support = head if head.pos_ in VERB_POS else None
    for noun in members:
        if noun == head or not predicates[noun].startswith("noun:") or noun.dep_ != "conj":
            continue
        if noun.head not in members or not _counterpart_phrase([noun]):
            continue
        if not _counterpart_phrase([m for m in members if m != noun and not noun.is_ancestor(m)]):
            continue  # "a supply deal and a licensing agreement with X": one counterpart for both, one deal
        own = [m for m in members if m == noun or noun.is_ancestor(m)]
        rest = [m for m in rest if m not in own]
        split.append((noun, own, support))
    return [(head, rest, None), *split]


def _one_deal(sentence: Sentence, span: Span, context: PartyContext, dates: list[tuple[DateMention, Token]],
              head: Token, members: list[Token], predicates: dict[Token, str],
              support: Token | None) -> _Found | None:
    """One deal of a sentence from its predicates (``support``: the verb a conjoined deal noun shares)."""
    if support is not None:
        grammar = clause(support)
        status = deal_status(predicates[support], grammar, noun=predicates[head][5:])
        if status is None:
            return None
        known = dates + noun_years(members, context.entities)
        # its own date ("and a licensing agreement with Y in March"), else the shared verb's
        date = deal_date(members, head, known, context.article.date) or deal_date(
            [support], support, known, context.article.date)
        subjects_ = [name for t in subjects(support) if (name := party_name(t, "subject", context))]
        parties = list(dict.fromkeys([*subjects_, *_parties(members, predicates, context)]))
        return _Found(sentence=sentence, status=status, parties=parties, what=_what(head, members, context),
                      date=date, reference=False, dangling_partner=False, opens_sentence=False,
                      reference_only=False, stated_status=True)
    source = _status_source(head, members, predicates)
    status = _status(source, members, predicates)
    if status is None or _how_to(source):
        return None
    date = deal_date(members, head, dates + noun_years(members, context.entities), context.article.date)
    if predicates[source].startswith("noun:") and status in ("announced", "agreed") and before_page_year(
            date, context.article.date):
        status = "signed"  # "Dell's buyout in 2013", "the 1991 agreement": a deal of a past year was made
    reference = _is_reference(head, members, predicates)
    parties = _parties(members, predicates, context)
    if len(parties) < 2 and not _dangling_partner(members) and (predicates[source] in ONE_SIDED_KINDS or (
            predicates[source] in COUNTERPART_NOUN_KINDS and not _counterpart_phrase(members))):
        return None  # "the store sells music", "a Creative Commons license", "the NATO alliance": no deal
    return _Found(
        sentence=sentence, status=status, parties=parties,
        what=_what(head, members, context), date=date, reference=reference,
        dangling_partner=_dangling_partner(members), opens_sentence=_opens(head, span),
        reference_only=any(predicates[m] == f"noun:{REFERENCE}" for m in members),
        stated_status=not predicates[source].startswith("noun:"))




def _is_reference(head: Token, members: list[Token], predicates: dict[Token, str]) -> bool:
    """ "the agreement", "this memorandum", "the document": the deal's noun is definite and names nobody
    (no counterpart phrase, no name before it), and no other predicate of the deal names anybody either."""
    noun = head if predicates[head].startswith("noun:") else _deal_noun_argument(head)
    if noun is None or noun not in predicates:
        return False
    if predicates[noun] == f"noun:{REFERENCE}":
        return True
    prepositions = lexicon.words("deal_party_prepositions")
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE_DETERMINERS for c in noun.children)
    named = any((c.dep_ == "prep" and c.lower_ in prepositions) or
                (c.dep_ in ("compound", "poss") and c.tag_ in PROPER_TAGS) for m in members for c in m.children)
    return definite and not named


def _opens(head: Token, span: Span) -> bool:
    """The deal noun is the first thing the sentence names: "The agreement, signed in May, ..."."""
    noun = head if head.pos_ not in VERB_POS else next((c for c in head.children if c.dep_ in
                                                        ("nsubj", "nsubjpass")), None)
    if noun is None:
        return False
    first = next((t for t in span if not t.is_punct), None)
    return first is not None and first.i >= noun.left_edge.i and noun.i - span.start <= 3


def _counterpart_phrase(members: list[Token]) -> bool:
    """ "cooperation with X", "an alliance between X and Y": a party preposition with its object."""
    prepositions = lexicon.words("deal_party_prepositions")
    return any(c.dep_ == "prep" and c.lower_ in prepositions and any(g.dep_ == "pobj" for g in c.children)
               for m in members for c in m.children)


def _dangling_partner(members: list[Token]) -> bool:
    """ "is cooperating with:" - a party preposition with no object: the partners are listed next."""
    prepositions = lexicon.words("deal_party_prepositions")
    return any(c.dep_ == "prep" and c.lower_ in prepositions and not any(g.dep_ == "pobj" for g in c.children)
               for m in members for c in m.children)


def _fact(found: _Found, page_date: str | None, *, start: int | None = None) -> DealFact:
    date, date_text = (found.date.value, found.date.text) if found.date else (page_date, None)
    return DealFact(parties=found.parties, what=found.what, status=found.status, date=date, date_text=date_text,
                    start=found.sentence.start if start is None else start, end=found.sentence.end)


def _merged(before: DealFact, found: _Found) -> DealFact:
    """The deal of the sentence before, completed by a sentence that only points back at it."""
    parties = list(dict.fromkeys([*before.parties, *found.parties]))
    status = max(before.status, found.status, key=STATUS_RANK.__getitem__) if found.stated_status else before.status
    date, date_text = before.date, before.date_text
    if found.date is not None and (date_text is None or found.status == "signed"):
        date, date_text = found.date.value, found.date.text
    return DealFact(parties=parties, what=before.what, status=status, date=date, date_text=date_text,
                    start=before.start, end=found.sentence.end)


def _completes(found: _Found, countries_only: bool) -> bool:
    return found.reference and (found.opens_sentence or not found.parties or countries_only or found.reference_only)


def _countries_only(parties: list[str]) -> bool:
    places = lexicon.words("places")
    return bool(parties) and all(fold(p) in places for p in parties)


def extract_deals(article: ParsedArticle) -> list[DealFact]:
    """Deals of one article, sentence by sentence, with the list items and back references that complete them."""
    people: dict[str, list[str]] = {}
    for person in article.facts.people:
        roles = [r.role for r in person.roles]
        for alias in {person.name, *person.aliases}:
            people[fold(alias)] = roles
    deals: list[DealFact] = []
    previous_span: Span | None = None
    previous_sentence: Sentence | None = None
    last_deal: DealFact | None = None
    quiet = 0  # sentences since the last deal
    previous_dateline_end = 0
    topic: str | None = None
    entity_maps: dict[int, dict[int, Span]] = {}
    for sentence, span in article.parsed_sentences():
        same_paragraph = previous_sentence is not None and "\n" not in article.text[
            previous_sentence.end:sentence.start]
        dateline = DATELINE_RE.match(sentence.text)
        context = PartyContext(article, people, previous_span if same_paragraph else None,
                           quoted=quoted_names(sentence), entities=entity_map(span.doc, entity_maps),
                           dateline_end=sentence.start + dateline.end() if dateline else 0,
                           previous_dateline_end=previous_dateline_end, topic=topic)
        previous_dateline_end = context.dateline_end
        topic = subject_organisation(span, context.entities) or topic
        found = _sentence_deals(sentence, span, context)
        relations = _business_relations(sentence, span, context, article.date)
        items = list_items_after(article.text, sentence)
        sentence_deals: list[DealFact] = []
        completed: DealFact | None = None
        for one in found:
            if last_deal is not None and completed is None and _completes(one, _countries_only(one.parties)):
                deals.remove(last_deal)
                completed = _merged(last_deal, one)
                deals.append(completed)
                continue
            if items and one.dangling_partner:
                for _start, _end, item in items:
                    partner = clean_name(re.sub(r"^(?:and|or)\s+", "", item, flags=re.I))
                    if partner:
                        fact = _fact(one, article.date)
                        sentence_deals.append(DealFact(
                            parties=list(dict.fromkeys([*one.parties, partner])), what=f"{one.what} {partner}",
                            status=fact.status, date=fact.date, date_text=fact.date_text, start=fact.start,
                            end=fact.end))
                continue
            if one.parties and not one.reference_only:  # "the document" names no deal of its own
                sentence_deals.append(_fact(one, article.date))
        sentence_deals += [r for r in relations if not any(set(r.parties) <= set(d.parties) for d in sentence_deals)]
        deals.extend(sentence_deals)
        if sentence_deals or completed:
            last_deal, quiet = (sentence_deals[-1] if sentence_deals else completed), 0
        else:
            quiet += 1  # "X signed a deal. The firm said ... . The deal was approved": one sentence between
            last_deal = last_deal if quiet <= REFERENCE_REACH and same_paragraph else None
        previous_span, previous_sentence = span, sentence
    return deals






def _business_relations(sentence: Sentence, span: Span, context: PartyContext, page_date: str | None
                        ) -> list[DealFact]:
    """ "Orbital ATK, NASA's other shipper", "NASA supplier SpaceX": a named organisation that is another's
    supplier, contractor or customer (lexicon ``business_relation_nouns``) has a running deal with it."""
    found = []
    nouns = lexicon.words("business_relation_nouns")
    for token in span:
        if token.lower_ not in nouns and token.lemma_.casefold() not in nouns:
            continue  # (whatever the tagger made of it: "NASA supplier SpaceX" has "supplier" as a verb)
        head = token.head
        if token.dep_ == "appos" and head.pos_ == "PROPN":
            owner = next((c for c in token.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"), None)
            holder = name_span(head)
            while holder.start > 0 and (before := head.doc[holder.start - 1]).head == head and before.dep_ == "amod" \
                    and before.text[:1].isupper():
                holder = head.doc[before.i:holder.end]  # "Orbital ATK", its first word taken for an adjective
        elif token.dep_ == "compound" and head.pos_ == "PROPN" and head.i > token.i:
            owner = next((c for c in head.children if c.dep_ == "compound" and c.i < token.i and c.pos_ == "PROPN"),
                         None)
            holder = head.doc[token.i + 1:head.i + 1]
        else:
            continue
        if owner is None or fold(name_span(owner).text) in context.people:
            continue
        parties = [clean_name(holder.text), clean_name(name_span(owner).text)]
        personal = token.lemma_.casefold() in ("client", "customer")  # people are clients too, not shippers
        if all(parties) and fold(parties[0]) != fold(parties[1]) and not (
                personal and fold(parties[0]) in context.people):
            what = token.doc[min(owner.i, *(t.i for t in token.subtree)):token.i + 1].text
            found.append(DealFact(parties=parties, what=what, status="ongoing", date=page_date, date_text=None,
                                  start=sentence.start, end=sentence.end))
    return found


@component("deals", writes="deals")
def deals_component(article: ParsedArticle) -> list[DealFact]:
    return extract_deals(article)


@component("organisations", writes="organisations")
def organisations_component(article: ParsedArticle) -> list[str]:
    """The organisations the article's facts name (deal parties), for entity resolution."""
    return sorted({party for deal in article.facts.deals for party in deal.parties})
