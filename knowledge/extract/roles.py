"""The roles the text gives a person, read from the dependency parse around their name.

A role is a noun phrase the parse ties to a name, whose head noun is a title (lexicon
``title_heads``: offices, ranks, jobs; hundreds of entries); the other words of the phrase are open
and stay as the text gives them, organisation names included:

- modifiers before the name: "Foreign Minister Jane Roe", "US secretary of state Antony
  Blinken", "Pakistan-based developer Ammar Askar", "Minister of State for Export Policy Joanna Marsh";
- an apposition: "X, a managing director at Goldman Sachs,", "the head of Y, X";
- a relative clause: "X, who heads Y" (the head of Y), "X, who is the chairman of Y";
- a copula or an appointment: "X is the chairman of Y", "X became CEO in 2019", "X was named CEO".

Roles are as of the source's date: "X was the chairman" makes a former chairman, "X will become CEO"
none. An abbreviated title stands for its full form ("Sen." is a Senator); a social honorific
("Mr.", "Dr.") is no role.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from knowledge import lexicon
from knowledge.extract.syntax import clause, name_span
from knowledge.extract.titles import (
    abbreviated_title,
    bare,
    has_title,
    is_organisation_noun,
    is_title_word,
    single_heads,
    singular,
)
from knowledge.text.names import fold

MAX_ROLE_TOKENS = 18
MAX_APPOSITION = 40  # tokens read between the commas after a name
MAX_PHRASE_REACH = 30  # tokens between a title and the name in apposition to it
MAX_CLIMB = 3  # prepositional phrases a name may sit inside its title ("Minister of State for X Jane Roe")
LEADING_WORDS = lexicon.words("role_leading_words")
TRAILING_WORDS = lexicon.words("role_trailing_words")
BOUNDARY_DEPS = frozenset({"relcl", "acl", "advcl", "appos", "punct", "parataxis", "dep", "mark", "nsubj",
                           "ccomp", "xcomp"})
PHRASE_PUNCT = frozenset({"-", "–", "'", "’", "“", "”", '"', "&", "/", "."})
TITLE_PREPOSITIONS = frozenset({"of", "for", "to", "at", "in", "on"})
LOOSE_DEPS = frozenset({"punct", "dep", "compound", "nmod", "npadvmod", "amod"})  # attachments the model guesses


@dataclass(frozen=True)
class RolePhrase:
    """A role as the text states it, with the tokens it was read from."""

    text: str
    tokens: Span  # the words of the text the role was read from (for the snippet and the employer check)
    head: Token  # the title noun


# --- reading the parse -----------------------------------------------------------------------------

def roles_of(name: Span) -> list[RolePhrase]:
    """Every role the parse gives the person named by ``name`` (the name's tokens only, no title)."""
    found = [title_before(name) or _shared_title(name), *titles_after(name), *title_by_verb(name), title_named(name)]
    unique: dict[str, RolePhrase] = {}
    for role in found:
        if role is not None:
            unique.setdefault(fold(role.text), role)
    return list(unique.values())


def title_before(name: Span) -> RolePhrase | None:
    """The title in front of a name.

    Its modifiers in the parse first ("Foreign Minister Jane Roe"); then the title noun whose
    prepositional phrase the name ends ("the Minister of State for Export Policy Joanna Marsh") or that
    the name stands in apposition to ("the company's chief executive, Jane Roe"); where the parse ties
    the name to neither, the run of title words right before it ("Director General of state concern
    “Energoatom” Petro Kotin").
    """
    root = name.root
    doc = name.doc
    before = _honorifics_start(name)  # "the Prime Minister of Singapore, Mr. Lee Hsien Loong"
    title: Token | None = None
    if root.left_edge.i < before:
        role = _left_phrase(doc[_detached_start(root.left_edge.i, name):before])
        if role is not None:
            return role
    if root.dep_ == "pobj" and root.left_edge.i < name.start:
        title = _title_above(root, name)  # the name ends the title's prepositional phrase
    elif root.dep_ == "appos" and root.head.i < name.start and _phrase_reaches(root.head, name):
        title = root.head if is_title_word(root.head.text) else _title_above(root.head, name)
    elif before >= 2 and doc[before - 1].text == ",":
        title = _title_before_comma(doc[before - 2], name)
    if title is None and _same_sentence_before(doc, before) and _is_title_token(doc[before - 1]) and (
            doc[before - 1].head.i >= before or doc[before - 1].dep_ == "conj"):
        # "France's interior and overseas minister Gérald Darmanin": a title noun right before the name,
        # however the parser hung it (here conjoined to "interior", the name an apposition of the clause)
        title = doc[before - 1]
    if title is not None:
        role = _left_phrase(doc[title.left_edge.i:before], head=title)
        if role is not None:
            return role
    return _title_run_before(name)


def _shared_title(name: Span) -> RolePhrase | None:
    """ "rival captains Steve Smith and Raj Mehta": a plural title before the first of conjoined names is
    each one's."""
    root = name.root
    if root.dep_ != "conj" or root.head.pos_ != "PROPN" or root.head.i >= name.start:
        return None
    role = title_before(name_span(root.head))
    if role is None or role.head.tag_ not in ("NNS", "NNPS") or role.head.i >= root.head.i:
        return None
    return role


def _honorifics_start(name: Span) -> int:
    """Where the name starts with the honorifics in front of it ("Mr." is never part of a name)."""
    doc = name.doc
    start = name.start
    while _same_sentence_before(doc, start) and (bare(doc[start - 1].text) in lexicon.words("honorifics") or (
            doc[start - 1].text == "." and start - 2 >= 0 and bare(doc[start - 2].text) in lexicon.words(
                "honorifics"))):
        start -= 1
    return start


def _title_before_comma(title: Token, name: Span) -> Token | None:
    """ "Malaysia's Prime Minister, Najib Razak said", parsed as two clauses or as two subjects of one verb:
    the title is an apposition all the same; so is an "as" office before a name set off by commas. Not
    "After meeting the minister, Jane Roe said" (an object)."""
    root = name.root
    if title.pos_ not in ("NOUN", "PROPN") or not is_title_word(title.text):
        return None
    if title.dep_ == "ROOT" and title.head == title:
        return title
    both_subjects = title.dep_ == "nsubj" and root.dep_ == "nsubj" and title.head == root.head
    # "his successor as chief executive, Jane Roe, who ...": the "as" phrase names the office of the
    # name set off after it, however the parse hangs the name
    as_office = title.dep_ == "pobj" and title.head.lower_ == "as" and _set_off(name)
    return title if both_subjects or as_office else None


def _set_off(name: Span) -> bool:
    """Whether the name closes a parenthesis: a comma or the sentence's end right after it."""
    doc = name.doc
    return not _same_sentence_at(doc, name.end) or doc[name.end].text == "," or (doc[name.end].is_punct and \
        doc[name.end].is_sent_end)


def _detached_start(start: int, name: Span) -> int:
    """Where a title begins when the parse left its first capitalised words hanging elsewhere: the model
    sometimes attaches an unknown company name to the verb ("IndiGo Chief Executive Pieter Elbers")."""
    doc = name.doc
    while _same_sentence_before(doc, start) and name.start - start < MAX_ROLE_TOKENS:
        token = doc[start - 1]
        glued = not token.whitespace_  # "Co" "-" of "Co-founder"
        if not glued and (not token.text[:1].isupper() or token.dep_ not in LOOSE_DEPS or _ends_left_phrase(token)):
            break
        start -= 1
    return start


def _same_sentence_before(doc: Doc, index: int) -> bool:
    """Whether the token before ``index`` is in the same sentence (without measuring the sentence: a
    name's neighbourhood is read in time independent of the sentence's length)."""
    return index > 0 and not doc[index].is_sent_start


def _same_sentence_at(doc: Doc, index: int) -> bool:
    """Whether token ``index`` continues the sentence of the token before it."""
    return index < len(doc) and not doc[index].is_sent_start


def _phrase_reaches(head: Token, name: Span) -> bool:
    """Whether the phrase of ``head`` runs up to the name (a comma at most in between): "the mayor's chief
    of staff John Doe", "the head of Acme, Jane Roe"."""
    before = _honorifics_start(name)
    if name.start - head.i > MAX_PHRASE_REACH:
        return False
    for token in name.doc[head.i + 1:name.start]:
        if (token.i == before - 1 and token.text == ",") or token.i >= before:
            continue
        if not head.is_ancestor(token):
            return False
    return True


def _title_above(node: Token, name: Span) -> Token | None:
    """The title noun whose prepositional phrase ``node`` ends: "the head of [Acme]", "Minister of State for
    [Export Policy Joanna Marsh]"."""
    for _ in range(MAX_CLIMB):
        if not (node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ in TITLE_PREPOSITIONS):
            return None
        node = node.head.head
        if node.i >= name.start or node.pos_ not in ("NOUN", "PROPN"):
            return None
        if is_title_word(node.text):
            return node
    return None


def _left_phrase(tokens: Span, *, head: Token | None = None) -> RolePhrase | None:
    """The role in the words right before a name, cut at the nearest word no title holds."""
    words = list(tokens[-2 * MAX_ROLE_TOKENS:])  # a title is short, however far the parse reaches
    while words and (words[-1].is_punct or words[-1].is_space) and words[-1].text not in "”\"":
        if words[-1].text == ")" and any(t.text == "(" for t in words):
            while words.pop().text != "(":
                pass  # an aside: "The secretary general of CEI (Italian Episcopal Conference), X"
            continue
        words.pop()  # the comma of "the head of Y, X"
    kept: list[Token] = []
    for token in reversed(words):
        if _ends_left_phrase(token) or len(kept) >= MAX_ROLE_TOKENS:
            break
        kept.append(token)
    kept.reverse()
    if kept and (kept[-1].pos_ in ("ADP", "CCONJ", "DET") or kept[-1].lower_ in TRAILING_WORDS):
        return None  # "Professor of European and [Global Governance]": the name is inside the title, not its holder
    # "Padalecki's engagement to his co-star X": the words before a preposition belong to the title only when
    # they hold one ("Ambassador to the United States X")
    for index, token in enumerate(kept):
        if token.pos_ == "ADP" and not any(_is_title_token(t) for t in kept[:index]):
            kept = kept[index + 1:]
            break
    return _phrase(kept, head=head)


def _title_run_before(name: Span) -> RolePhrase | None:
    """Where the parse gives no title, the words right before the name that read as one: trimmed to
    start at a capitalised word or a title ("his speech Foreign Minister X" -> "Foreign Minister")."""
    doc = name.doc
    start = name.start
    while _same_sentence_before(doc, start) and not _ends_left_phrase(doc[start - 1]) and (
            name.start - start < MAX_ROLE_TOKENS):
        start -= 1
    words = list(doc[start:name.start])
    while words and _not_first(words[0]):
        words.pop(0)
    if not words or not _is_title_token(words[0]) or not words[0].text[:1].isupper():
        return None  # the run must open with its title: "Director General of state concern “Energoatom”"
    if words[-1].pos_ == "ADP" or words[-1].lower_ in TRAILING_WORDS:
        return None  # "the Minister of State for [Export Policy]": the run is cut inside the title
    return _phrase(words, head=words[0] if len(words) == 1 else None)


def _ends_left_phrase(token: Token) -> bool:
    """A word that cannot be inside a title before a name: a clause, a comma, a preposition of place or
    time, "and" after another person's name ("Smith and Foreign Minister Jones")."""
    if token.is_space or (token.is_punct and token.text not in PHRASE_PUNCT):
        return True
    if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound", "nmod", "npadvmod"):
        return True
    if token.dep_ == "cc" or token.lower_ in ("and", "&"):
        before = token.doc[token.i - 1] if _same_sentence_before(token.doc, token.i) else None
        return before is None or before.ent_type_ == "PERSON"
    return token.pos_ in ("ADP", "SCONJ") and token.lower_ not in TITLE_PREPOSITIONS


def titles_after(name: Span) -> list[RolePhrase]:
    """Appositions and relative clauses after a name: "X, a managing director at Goldman Sachs,", "X, who
    heads Y", "X, who is the chairman of Y"."""
    root = name.root
    found = [role for role in (apposition_title(name),) if role is not None]
    for child in root.rights:
        if child.i >= name.end and child.dep_ == "relcl" and _relative_subject(child):
            found.extend(_verb_title(child, relative=True))
    return found


def apposition_title(name: Span) -> RolePhrase | None:
    """The title between the commas after a name: "X, co-head of equities at Morgan Stanley, said".

    The stretch between two commas (or a comma and the sentence end) is an apposition when every word
    of it hangs on the name or on the stretch itself; an age or a degree in between is skipped
    ("X, 49, a former Army Ranger", "X, MD, president of Y"). A stretch that opens with a preposition
    ("X, from Acme,") or a verb ("X, speaking in Kyiv,") names no role.
    """
    doc = name.doc
    attached = {t.i for t in name} | _conjunct_heads(name)
    position = name.end
    for _ in range(3):
        if not _same_sentence_at(doc, position) or doc[position].text != ",":
            return None
        end = position + 1
        while _same_sentence_at(doc, end) and not _ends_apposition(doc[end]) and end - position <= MAX_APPOSITION:
            end += 1
        words = list(doc[position + 1:end])
        if not words or not all(t.head.i in attached or position < t.head.i < end for t in words):
            return None
        if name.root.dep_ == "pobj" and not any(t.head.i in attached for t in words) and any(
                t.pos_ in ("VERB", "AUX") for t in words):
            return None  # "According to Holm, the operator lost ...": the stretch is a clause of its own
        if all(t.like_num or _is_suffix(t) for t in words):
            attached.update(t.i for t in words)  # an age, a degree: the apposition may follow
            position = end
            continue
        if words[0].pos_ in ("ADP", "VERB", "AUX", "SCONJ", "PRON") or words[0].tag_ in ("WP", "WDT"):
            return None
        # the stretch's own head must be the title: not "Remain Co., the name Yahoo executives use"
        kept = _before_clause(words)
        heads = [t for t in kept if _heads_stretch(t, kept) and t.pos_ in ("NOUN", "PROPN")]
        if heads and not is_title_word(heads[-1].text):
            heads[-1] = _final_noun_title(kept, heads[-1]) or heads[-1]
        if not heads or not is_title_word(heads[-1].text):
            return None
        if len(kept) > MAX_ROLE_TOKENS:  # two long offices: "director of X and co-chair of Y" -> the first
            cut = next((i for i, t in enumerate(kept) if t.dep_ == "cc" and t.head == heads[-1]), len(kept))
            kept = kept[:cut]
        return _phrase(kept, head=heads[-1])
    return None


def _final_noun_title(kept: list[Token], head: Token) -> Token | None:
    """The title noun ending a base noun phrase whose head the parser put on an earlier proper noun ("the
    Beats co-founder" hung on "Beats"): in English the last noun of such a phrase is its head. Only when
    nothing but nouns, adjectives and hyphens stand between them."""
    last = kept[-1]
    if last.i <= head.i or last.pos_ not in ("NOUN", "PROPN") or not is_title_word(last.text):
        return None
    between = [t for t in kept if head.i < t.i < last.i]
    if all(t.pos_ in ("NOUN", "PROPN", "ADJ") or t.text == "-" for t in between):
        return last
    return None


def _conjunct_heads(name: Span) -> set[int]:
    """The earlier names of a list the name ends: "led by Ray Doe and Gen. Jane Roe, the incoming
    commandant," hangs the apposition on the list's first name, but it describes the nearest one."""
    heads: set[int] = set()
    node = name.root
    while node.dep_ == "conj" and node.head != node and len(heads) < MAX_CLIMB:
        node = node.head
        heads.add(node.i)
    return heads


def title_named(name: Span) -> RolePhrase | None:
    """The noun a name is introduced by: "a newly hired VP of engineering named Jane Roe", "the company's
    HR boss, a lawyer with a stern look called Jane Roe" (the description, its prepositional phrases and
    its apposition are climbed to the title noun)."""
    root = name.root
    verb = root.head
    if root.dep_ not in ("oprd", "dobj", "attr") or verb.dep_ != "acl" or verb.lower_ not in lexicon.words(
            "naming_verbs"):
        return None
    node = verb.head
    for _ in range(MAX_CLIMB + 1):
        if node.pos_ in ("NOUN", "PROPN") and is_title_word(node.text):
            return _phrase(_noun_phrase_tokens(node), head=node)
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            node = node.head.head
        elif node.dep_ == "appos":
            node = node.head
        else:
            return None
    return None


def _heads_stretch(token: Token, kept: list[Token]) -> bool:
    """Whether ``token`` is a head of the kept words: attached outside them, and not inside a clause that
    hangs on them ("the name [Yahoo executives] are using")."""
    inside = range(kept[0].i, kept[-1].i + 1)
    head = token.head
    if head.i in inside and head != token:
        return False
    return not (head != token and head.head.i in inside and head.head != head)


def _ends_apposition(token: Token) -> bool:
    # a full stop ends it even where the parser ran the sentence on into the paragraph break after it
    return token.is_space or token.text in (",", ";", ":", "(", ")", "—", "–", ".", "!", "?") or token.is_sent_end or (
        token.tag_ in ("WP", "WDT") and token.lower_ in ("who", "which", "whose"))


def _before_clause(words: list[Token]) -> list[Token]:
    """An apposition's words up to a clause inside it: "the new CEO of the company now called Arduino"."""
    title = _last_title(words)
    after = title.i if title is not None else words[0].i
    for index, token in enumerate(words):
        if token.i > after and token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
            kept = words[:index]
            while kept and kept[-1].pos_ in ("ADV", "PART"):
                kept.pop()
            return kept
    return words


def title_by_verb(name: Span) -> list[RolePhrase]:
    """The roles a copula or an appointment gives the name's person: "X is the chairman of Y", "X became
    CEO", "X was named CEO", "X serves as envoy", "His daughter X was professor of Y" (the name in
    apposition to the subject)."""
    root = name.root
    if root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass") and root.head.i < name.start:
        root = root.head
    if root.dep_ == "dobj":
        return _appointed(root)
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return []
    verb = root.head
    found = _verb_title(verb)
    for complement in (c for c in verb.children if c.dep_ == "xcomp" and not found):
        found = _verb_title(complement)  # "X was forced to resign as minister": the complement's subject is X
    return found


def _appointed(obj: Token) -> list[RolePhrase]:
    """ "The council named X mayor", "appointed X as chief executive", "named X to serve as mayor": the object
    of an appointment verb (``role_copulas`` kind change) takes the title it is given, when the act is done."""
    verb = obj.head
    if lexicon.table("role_copulas").get(verb.lemma_.casefold()) != "change":
        return []
    reading = clause(verb)
    if reading.negated or reading.modal or reading.intent or reading.time == "future":
        return []
    title = next((c for c in verb.children if c.dep_ in ("oprd", "attr") and c.pos_ in ("NOUN", "PROPN")
                  and is_title_word(c.text) and c.i > obj.i), None) or _as_title(verb)
    if title is None:
        for complement in (c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.i > obj.i):
            title = _as_title(complement) or next(
                (c for c in complement.children if c.dep_ == "attr" and is_title_word(c.text)), None)
            if title is not None:
                break  # "named X to serve as mayor", "appointed X to be chief executive"
    if title is None:
        return []
    role = _phrase(_noun_phrase_tokens(title), head=title)
    return [role] if role is not None else []


def _relative_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that") for c in verb.children)


def _verb_title(verb: Token, *, relative: bool = False) -> list[RolePhrase]:
    reading = clause(verb)
    if reading.negated or reading.modal or reading.time == "future" or reading.intent:
        return []
    lemma = verb.lemma_.casefold()
    office = lexicon.table("title_verbs").get(lemma)
    if office is not None and (relative or reading.time == "present"):
        # "X, who led the party": a former leader; "X leads the party" holds the office, "X led the
        # team to victory" tells a story
        role = _office_by_verb(verb, office, past=reading.time == "past")
        return [role] if role is not None else []
    copulas = lexicon.table("role_copulas")
    particles = [c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")]  # "stepped down" (advmod)
    kind = next((copulas[f"{lemma} {p}"] for p in particles if f"{lemma} {p}" in copulas), copulas.get(lemma))
    if kind is None and _as_title(verb) is not None and reading.time == "present" \
            and lemma not in lexicon.words("speech_verbs"):
        kind = "state"  # "X, who follows Amazon as a managing director at Y" (not "joined in 2013 as": then)
    complement = _complement(verb) if kind is not None else None
    if complement is None:
        return []
    had = any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)
    held_before = kind == "state" and (verb.tag_ == "VBD" or had)  # "was the chairman"; "has been" still is
    found = []
    # "X was an artist and a businessperson": each conjoined title with its own determiner is a role
    for head in [complement, *(c for c in complement.conjuncts if _own_title_phrase(c))]:
        role = _phrase(_noun_phrase_tokens(head), head=head)
        if role is None:
            continue
        # "X was a Swiss mathematician" says what X was by calling; "X was the chairman of Y" an office once held
        calling = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)
        ended = kind == "end"  # "X resigned as chairman", "X stepped down as CEO": no longer
        found.append(_as_former(role) if ended or (held_before and not calling) else role)
    return found


def _own_title_phrase(token: Token) -> bool:
    """A conjoined title that is a phrase of its own: "an artist and [a businessperson]", not "chairman and
    [chief executive] of Y" (one office written in two words' time)."""
    return is_title_word(token.text) and any(c.dep_ == "det" for c in token.children)


def _as_title(verb: Token) -> Token | None:
    """The title noun of an "as" phrase on the verb."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"):
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is not None and is_title_word(pobj.text):
            return pobj
    return None


def _complement(verb: Token) -> Token | None:
    """The title noun a copula or an appointment gives its subject."""
    for child in verb.children:
        if child.dep_ in ("attr", "oprd") and child.pos_ in ("NOUN", "PROPN") and is_title_word(child.text):
            return child
        if child.dep_ == "prep" and child.lower_ == "as":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and is_title_word(pobj.text):
                return pobj
        if child.dep_ == "xcomp" and child.lemma_ == "be":
            return _complement(child)  # "X was appointed to be the envoy"
    return None


def _office_by_verb(verb: Token, office: str, *, past: bool) -> RolePhrase | None:
    """ "who heads the Acme unit" -> "head of the Acme unit"; the object must be an organisation."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or not _names_organisation(obj):
        return None
    tokens = _noun_phrase_tokens(obj)
    if not tokens:
        return None
    text = f"{'former ' if past else ''}{office} of {_text(tokens)}"
    return RolePhrase(text, verb.doc[verb.i:tokens[-1].i + 1], obj)


def _names_organisation(token: Token) -> bool:
    """ "Acme", "the Acme unit", "the party", "the company": not "the polls" or "the risk"."""
    if token.pos_ == "PROPN" or token.ent_type_ in ("ORG", "GPE", "NORP"):
        return True
    if is_organisation_noun(token) or token.lower_ in lexicon.words("organisation_words"):
        return True
    return any(c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in token.children)


def _noun_phrase_tokens(head: Token) -> list[Token]:
    """The words of the noun phrase ``head`` heads, without clauses, appositions and what follows a comma.

    A conjoined title stays ("chairman and chief operating officer of AirTran").
    """
    doc = head.doc
    start, end = head.i, head.i
    for child in head.children:
        if child.dep_ in BOUNDARY_DEPS or child.dep_ == "cc":
            continue
        if child.dep_ == "conj" and (not is_title_word(child.text) or _own_title_phrase(child)):
            continue
        if child.i < head.i:
            start = min(start, child.left_edge.i)
        else:
            end = max(end, _right_edge(child))
    tokens = list(doc[start:end + 1])
    cut = next((i for i, t in enumerate(tokens) if t.i > head.i and (t.is_space or (
        t.is_punct and t.text not in PHRASE_PUNCT))), None)
    return tokens[:cut] if cut is not None else tokens


def _right_edge(token: Token) -> int:
    """The last token of ``token``'s phrase, not counting clauses and appositions hung on it."""
    end = token.i
    for child in token.rights:
        if child.dep_ in BOUNDARY_DEPS:
            break
        end = max(end, _right_edge(child))
    return end


def _phrase(tokens: Sequence[Token], *, head: Token | None) -> RolePhrase | None:
    """A role from the words of a phrase: leading determiners and trailing connectors dropped, abbreviated
    titles spelled out; None without a title."""
    words = list(tokens)
    while words and _not_first(words[0]):
        words.pop(0)
    while words and _not_last(words[-1], words):
        words.pop()
    if not words or len(words) > MAX_ROLE_TOKENS:
        return None
    texts = _spelled_out(words)
    if not has_title(" ".join(texts).split()):
        return None
    title_head = head if head is not None and head in words else _last_title(words)
    if title_head is None:
        return None
    span = words[0].doc[words[0].i:words[-1].i + 1]
    return RolePhrase(_singular_title(_join(words, texts), title_head), span, title_head)


def _not_first(token: Token) -> bool:
    """Words a role does not start with: articles, possessive pronouns, numbers ("two politicians"),
    adverbs ("even"), honorifics ("Mr Justice")."""
    if token.lower_ in LEADING_WORDS or token.is_punct or token.tag_ in ("PRP$", "CD"):
        return True
    if token.pos_ == "ADV" and fold(token.text) not in lexicon.words("former_words"):
        return True
    return bare(token.text) in lexicon.words("honorifics")


def _not_last(token: Token, words: Sequence[Token]) -> bool:
    """Words a role does not end with: connectors, possessive marks, dates, a closing quote mark whose
    opening one is not in the role."""
    if token.lower_ in TRAILING_WORDS or token.tag_ == "POS" or token.ent_type_ in ("DATE", "TIME"):
        return True
    if token.text in "”\"":
        opener = "“" if token.text == "”" else '"'
        return not any(t.text == opener for t in words if t.i < token.i)
    return token.is_punct


def role_from(role: RolePhrase, start: int) -> RolePhrase | None:
    """The part of a role from token ``start`` on, when it is still a role: the words after another
    person's name ("President X and Turkish President" -> "Turkish President")."""
    words = [t for t in role.tokens if t.i >= start]
    return _phrase(words, head=role.head if role.head.i >= start else None)


def _last_title(words: Sequence[Token]) -> Token | None:
    """The title noun of a phrase; its last word may be a title whatever the tagger made of it ("Polish
    forward X")."""
    if words and is_title_word(words[-1].text):
        return words[-1]
    if len(words) > 1 and bare(words[-1].text) in lexicon.words("title_suffixes"):
        inner = next((t for t in reversed(words[:-1]) if is_title_word(t.text)), None)
        if inner is not None:
            return inner  # "Vice-president elect": "president" tagged an adjective
    return next((t for t in reversed(words) if _is_title_token(t)), None)


def _is_title_token(token: Token) -> bool:
    """A title word used as a noun ("the major" but not "a major influence", "chief" of "chief executive"
    is read with its noun)."""
    return token.pos_ in ("NOUN", "PROPN") and is_title_word(token.text)


def _spelled_out(words: Sequence[Token]) -> list[str]:
    """Token texts with abbreviated titles spelled out: "Lt." "Gen." -> "Lieutenant General" (a dot the
    tokenizer split off goes with its abbreviation)."""
    texts = [t.text for t in words]
    bare = [(i, t) for i, t in enumerate(texts) if t != "."]
    j = 0
    while j < len(bare):
        for size in (2, 1):
            part = bare[j:j + size]
            if len(part) < size or not part[0][1][:1].isupper():
                continue
            title = abbreviated_title([t for _, t in part])
            if title is None or not _abbreviated(words, part[-1][0]):
                continue
            first, last = part[0][0], part[-1][0]
            if last + 1 < len(texts) and texts[last + 1] == ".":
                last += 1
            texts[first:last + 1] = [title] + [""] * (last - first)
            j += size - 1
            break
        j += 1
    return texts


def _abbreviated(words: Sequence[Token], index: int) -> bool:
    """Whether the word at ``index`` is written as an abbreviation: with a dot, or in title case."""
    word = words[index].text
    follows_dot = index + 1 < len(words) and words[index + 1].text == "."
    return word.endswith(".") or follows_dot or word.istitle() or word.isupper()


def _join(words: Sequence[Token], texts: Sequence[str]) -> str:
    """The words with the text's own spacing (and spelled-out titles in place of their abbreviations)."""
    out = []
    for token, text in zip(words, texts, strict=True):
        if text:
            out.append(text + token.whitespace_)
    return " ".join("".join(out).split())


def _singular_title(role: str, head: Token) -> str:
    """ "Prime Ministers Anna Lind and Petr Novak": each holds the title in the singular."""
    word = bare(head.text)
    one = singular(word)
    if one == word or word in single_heads() or one not in single_heads():
        return role
    plural = head.text
    one = one[0].upper() + one[1:] if plural[0].isupper() else one
    index = role.rfind(plural)
    return role[:index] + one + role[index + len(plural):] if index >= 0 else role


def _as_former(role: RolePhrase) -> RolePhrase:
    if fold(role.text).split()[0].strip("-") in lexicon.words("former_words"):
        return role
    return RolePhrase(f"former {role.text}", role.tokens, role.head)


def _is_suffix(token: Token) -> bool:
    return bare(token.text) in lexicon.words("name_suffixes")


def _text(tokens: Iterable[Token]) -> str:
    words = list(tokens)
    return " ".join("".join(t.text + t.whitespace_ for t in words).split())
