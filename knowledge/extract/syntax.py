"""Reading the dependency parse: who did what to whom, when, and how certain the text is of it.

Shared by the components so that "the subject of a speech verb", "the tense of the clause a date
sits in" and "the parties of a transaction verb" mean one thing everywhere. The labels are spaCy's
English scheme (ClearNLP): ``nsubj``, ``dobj``, ``pobj``, ``appos``, ``compound``, ``xcomp``, ...
Every function takes tokens of one parse and returns tokens or plain values; offsets into the
article are the caller's business (:meth:`knowledge.extract.parse.Parse.offset`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Span, Token

from knowledge import lexicon
from knowledge.extract.titles import is_title_word

TimeReference = Literal["past", "present", "future"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})
CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "relcl", "acl", "conj", "pcomp", "ROOT"})
VERB_POS = frozenset({"VERB", "AUX"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})  # "won't" is tokenised "wo" + "n't"
PAST_TAGS = frozenset({"VBD"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
NOBODY = frozenset({"neither", "none", "nobody", "nothing", "noone"})
CONDITIONALS = frozenset({"if", "unless", "whether"})
MAX_FRAME_DEPTH = 4


@dataclass(frozen=True)
class Clause:
    """What the grammar of a verb says: its time, aspect, modality and polarity."""

    verb: Token
    time: TimeReference  # past, present or future, relative to when the text was written
    perfect: bool  # "has signed", "had agreed"
    progressive: bool  # "is negotiating"
    passive: bool  # "was signed"
    modal: str | None  # "will", "could", "may", ... as written, lower case
    intent: str | None  # the frame that puts the verb ahead: "plan", "expect", "due", "set", ...
    negated: bool
    conditional: bool = False  # "if X had bought Y", "unless the creditors agree": a hypothesis, not an act

    @property
    def settled(self) -> bool:
        """Done and not denied: past or perfect, no modal, no intent, not negated."""
        return (self.time == "past" or self.perfect) and not self.modal and not self.intent and not self.negated


def clause_verb(token: Token) -> Token | None:
    """The verb whose clause holds ``token``: the token itself if it is a verb, else the nearest verb above it."""
    current: Token | None = token
    while current is not None:
        if current.pos_ in VERB_POS and current.dep_ not in ("aux", "auxpass"):
            return current
        if current.head == current:  # the root (spaCy makes a new Token object per access: no "is")
            return None
        current = current.head
    return None


def clause(verb: Token) -> Clause:
    """Tense, aspect, modality and polarity of ``verb``, including the frame it is embedded in.

    "was due to meet", "plans to sign", "is expected to close" put the embedded verb in the future of
    the text even when the frame is in the past; "did not sign" and "has yet to sign" deny it.
    """
    governing = _gerund_governor(verb)
    if governing is not None:  # "is working on creating", "raised cash by selling": the governing verb's grammar
        return replace(clause(governing), verb=verb)
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    modal = next((a.lower_ for a in auxiliaries if a.tag_ == "MD"), None)
    negated = any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in verb.children)
    perfect = any(a.lemma_ == "have" for a in auxiliaries) and verb.tag_ == "VBN"
    progressive = verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxiliaries)
    passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.dep_ == "nsubjpass"
    intent = _intent_frame(verb) or _infinitive_frame(verb)
    if modal in FUTURE_MODALS or (progressive and verb.lower_ == "going" and _has_xcomp(verb)):
        time: TimeReference = "future"
    elif intent is not None:
        time = "future"
    elif perfect or verb.tag_ in PAST_TAGS or any(a.tag_ in PAST_TAGS for a in auxiliaries):
        time = "past"
    elif _reduced_participle(verb, auxiliaries):
        # "the report, released on Tuesday": done; "the meeting scheduled for Friday": ahead
        time = "future" if is_intent_word(verb) else "past"
    elif verb.tag_ in ("VB", "VBN", "VBG") and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head != verb:
        frame = verb.head
        if frame.pos_ == "ADJ" and frame.dep_ == "acomp" and frame.head != frame:
            frame = frame.head  # "will be willing to contribute": the copula's tense
        time = clause(frame).time  # "agreed to buy": the tense of the frame
    else:
        time = "present"
    if verb.dep_ == "xcomp" and any(c.lower_ == "yet" for c in verb.head.children):
        negated = True  # "has yet to sign", "is yet to be signed": not done
    negated = negated or _denied_by_frame(verb) or _denied_by_subject(verb)
    return Clause(verb, time, perfect, progressive, passive, modal, intent, negated, _conditional(verb))


def _conditional(verb: Token) -> bool:
    """ "if only Yahoo had bought Snapchat", "unless 90% of the bondholders agree": the clause, or the frame it
    completes, is introduced by a conditional conjunction."""
    current = verb
    for _ in range(MAX_FRAME_DEPTH):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONALS for c in current.children):
            return True
        if current.dep_ not in ("xcomp", "conj") or current.head == current:
            return False
        current = current.head
    return False


def _denied_by_frame(verb: Token) -> bool:
    """ "does not plan to sign", "refused to sign", "failed to reach": the frame denies the act."""
    if verb.dep_ != "xcomp" or verb.head == verb:
        return False
    frame = verb.head
    if frame.lemma_.casefold() in lexicon.words("denial_frames"):
        return True
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in frame.children)


def _denied_by_subject(verb: Token) -> bool:
    """ "neither company would reveal", "no bank signed": a subject that names nobody."""
    for subject in (c for c in verb.children if c.dep_ in SUBJECT_DEPS):
        if subject.lower_ in NOBODY or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subject.children):
            return True
    return False


def _gerund_governor(verb: Token) -> Token | None:
    """The verb a bare gerund completes through a preposition ("working on creating": working)."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    prep = verb.head
    return prep.head if prep.dep_ == "prep" and prep.head.pos_ in VERB_POS and prep.head != prep else None


def _reduced_participle(verb: Token, auxiliaries: list[Token]) -> bool:
    """A past participle with no auxiliary that modifies a noun ("the plant, built in 2016") or heads its
    own clause, where the tagger took a simple past for one ("The factory opened on Tuesday")."""
    if verb.tag_ != "VBN" or auxiliaries:
        return False
    if verb.dep_ == "ccomp" and verb.head.lemma_.casefold() in lexicon.words("small_clause_verbs"):
        return False  # "kept the markets closed until Friday": a state, not a past act
    return verb.dep_ in ("acl", "relcl", "ROOT") or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def is_intent_word(token: Token) -> bool:
    """A word of intent or schedule ("plan", "scheduled", "due"): lexicon ``intent_frames``."""
    return token.lemma_.casefold() in lexicon.words("intent_frames") or token.lower_ in lexicon.words("intent_frames")


def _has_xcomp(verb: Token) -> bool:
    return any(c.dep_ == "xcomp" for c in verb.children)


def _infinitive_frame(verb: Token) -> str | None:
    """ "X to buy Y" as a headline, "X is to sign Y", "X was selected to buy Y", "an option to buy Y": a
    to-infinitive that no verb governs, that only "be" governs, that completes a verb other than an
    implicative one ("managed to") or that modifies a noun, is ahead of the text (returned as the frame:
    "to", or the governing word's lemma)."""
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return None
    if verb.dep_ == "ROOT" or (verb.dep_ == "xcomp" and verb.head.lemma_ == "be"):
        return "to"
    if verb.dep_ == "xcomp" and verb.head.pos_ in VERB_POS and not _implicative(verb.head):
        return verb.head.lemma_.casefold()  # "was selected to buy", "allowed to bid": not done yet
    if verb.dep_ in ("acl", "relcl") and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
        return "to"  # "Nordair to buy jets": the headline's subject parsed as the root
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return verb.head.lemma_.casefold()  # "its option to buy", "the decision to award", "$2bn to buy": ahead
    return None


def _implicative(frame: Token) -> bool:
    """ "managed to sign", "began to produce", "agreed to buy": frames whose complement happens with them (or,
    for "agree", is the frame's own act); lexicon ``implicative_frames``."""
    return frame.lemma_.casefold() in lexicon.words("implicative_frames")


def _intent_frame(verb: Token) -> str | None:
    """The intent or schedule word ``verb`` is the complement of: "plans to sign", "was due to meet",
    "is expected to close", "is set to announce" (lexicon ``intent_frames``)."""
    head = verb.head
    if head == verb or verb.dep_ not in ("xcomp", "acl"):
        return None
    if verb.dep_ == "acl" and not is_infinitive(verb):
        return None  # "the plans announced in January" were announced; "plans to build" are ahead
    return head.lemma_.casefold() if is_intent_word(head) else None


def is_infinitive(verb: Token) -> bool:
    """A "to" infinitive: "to sign", "to be signed"."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _hyphen_heads(tokens: list[Token]) -> list[Token]:
    """Subjects without the first parts of a hyphenated word the parser split into several ("the Beats
    co-founder said" gives "co", "-" and "founder" each as a subject): the last part is the word's head."""
    return [t for t in tokens if not (t.text == "-" or (t.nbor(1).text == "-" and not t.whitespace_
                                                            and t.i + 2 < len(t.doc) and t.nbor(2) in tokens))]


def subjects(verb: Token) -> list[Token]:
    """The subject heads of ``verb`` (with conjoined subjects), inherited from the governing verb when the
    clause has none of its own ("X agreed to buy Y": X buys; "X bought Y and sold Z": X sells)."""
    current: Token | None = verb
    while current is not None:
        own = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if own and current.dep_ == "relcl" and current.head != current and all(_relative_pronoun(c) for c in own):
            return [current.head]  # "X, which won a contract": the relative pronoun stands for X
        if own:
            return list(_with_conjuncts(_hyphen_heads(own)))
        if current.head != current and (current.dep_ in ("xcomp", "conj", "advcl") or (
                current.dep_ == "acomp" and current.lemma_.casefold() in lexicon.words("control_adjectives"))):
            # ("acomp": "X was able to buy Y", "X is set to acquire Y": the copula's subject)
            current = current.head
            continue
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.pos_ in VERB_POS:
            current = current.head.head  # "X raised cash by selling Y": X sells
            continue
        if current.dep_ == "relcl" and current.head != current:
            return [current.head]  # "the company, which bought Y": the noun the clause hangs on
        if current.dep_ == "acl" and is_infinitive(current) and current.head.dep_ in ("dobj", "attr") \
                and current.head.head.pos_ in VERB_POS:
            current = current.head.head  # "X won approval to buy Y", "X signed a deal to buy Y": X buys
            continue
        return []
    return []


def _name_word(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS") and not is_title_word(token.text)


GAPPED_HEAD_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def gapped_clauses(verb: Token) -> list[int]:
    """Where the verb's gapped clauses begin: a noun coordinated with the verb itself stands for the verb again
    with new objects ("overtake Medicaid in 2020 and the Defense budget in 2023", "sold X to A and Y to B")."""
    return sorted(c.i for c in verb.children if c.dep_ == "conj" and c.pos_ in GAPPED_HEAD_POS and c.i > verb.i
                  and any(s.dep_ == "cc" and s.i < c.i for s in verb.children))


def _ends_organisation(token: Token) -> bool:
    """The last word of an organisation's name, even a title word ("Northgate Partners")."""
    return token.ent_type_ == "ORG" and token.ent_iob_ == "I" and (
        token.i + 1 == len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I")


def _relative_pronoun(token: Token) -> bool:
    """ "which" or "that" opening a relative clause. Not "who": the speaker step resolves it itself, and the
    parser often hangs a "who" clause on the organisation after the person ("X, an expert at Y, who said")."""
    return token.lower_ in ("which", "that") and token.tag_ in ("WDT", "DT", "IN")


def objects(verb: Token) -> list[Token]:
    """Direct objects and predicate nouns of ``verb``, with their conjuncts."""
    return list(_with_conjuncts(c for c in verb.children if c.dep_ in OBJECT_DEPS))


def prepositional_objects(token: Token, prepositions: Iterable[str]) -> list[Token]:
    """Objects of the named prepositions attached to ``token``: ``with``/``between`` phrases of a verb or noun."""
    wanted = {p.casefold() for p in prepositions}
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in wanted:
            found.extend(_with_conjuncts(c for c in child.children if c.dep_ == "pobj"))
    return found


def _with_conjuncts(tokens: Iterable[Token]) -> Iterator[Token]:
    """The tokens with their conjuncts, and the conjuncts the parser hung on their apposition ("arms group
    PGZ and Korea's Hanwha signed": Hanwha is conjoined to PGZ, the apposition of "group")."""
    for token in tokens:
        yield token
        yield from token.conjuncts
        for appos in (c for c in token.children if c.dep_ == "appos" and (_name_word(c) or _ends_organisation(c))):
            # names only: "X, Chairman and Chief Operating Officer of Y" is one person with two titles
            yield from (c for c in appos.conjuncts if _name_word(c) or (c.ent_type_ and not is_title_word(c.text)))


def name_span(token: Token) -> Span:
    """The proper-noun name a token heads: the token with its ``compound``/``flat`` left modifiers."""
    start = token.i
    doc = token.doc
    for left in reversed(list(token.lefts)):
        if left.i != start - 1:
            break
        if left.dep_ in ("compound", "flat") and left.tag_ in ("NNP", "NNPS"):
            start = left.i
        else:
            break
    while start >= 2 and _hyphen_inside_name(doc[start - 1]) and doc[start - 2].i >= token.sent.start:
        start -= 2  # "F-Squared", "T-Vector Capital": a letter or word glued to the name by a hyphen
    return doc[start:token.i + 1]


def _hyphen_inside_name(token: Token) -> bool:
    doc = token.doc
    before = doc[token.i - 1]
    return (token.text == "-" and not token.whitespace_ and not before.whitespace_ and before.text[:1].isupper()
            and before.is_alpha and before.head.i > before.i)


def noun_phrase(token: Token, *, stop_deps: frozenset[str] = frozenset({"relcl", "acl", "appos", "punct", "cc",
                                                                          "conj", "advcl"})) -> Span:
    """The noun phrase a token heads, without relative clauses, appositions and conjuncts."""
    left = token.i
    right = token.i
    for child in token.children:
        if child.dep_ in stop_deps:
            continue
        subtree = list(child.subtree)
        left = min(left, subtree[0].i)
        right = max(right, subtree[-1].i)
    return token.doc[left:right + 1]
