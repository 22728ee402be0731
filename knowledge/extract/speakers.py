"""Who the subject of a speech verb is: a person of the article, or an organisation speaking for itself.

The quotes component finds the subject token in the parse; this module turns it into a name:

- a name is the person it mentions. The subject's head decides: in "Anna Berg, from Nordlink Energy,
  said" the head is the name and the organisation in its prepositional phrase is no speaker; an
  honorific is dropped ("said Mr. Holm" is the article's "Lars Holm");
- a title with a name in apposition is that name ("the firm's chief executive, Alan Mulally");
- "he"/"she" is the person the sentences before are about: the subject of the nearest sentence
  that has a person for subject, else the first person that sentence names;
- a description ("the Facebook founder", "the company's chief executive", "the parson") is the person
  whose role it names, or whose name it is part of; a definite one ("the official") otherwise refers
  back, like a pronoun;
- an organisation noun is the organisation: "the Turkish foreign ministry" as written, "the ministry"
  or "the company" as the organisation named before it; "it" is the organisation the sentence before
  has for subject; the author of a document noun ("the statement said") speaks.

Anything else is nobody: better no speaker than a guessed one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle
from knowledge.extract.parse import NamedSpan
from knowledge.extract.quote_spans import QuoteSpan
from knowledge.extract.syntax import name_span, noun_phrase, subjects
from knowledge.text.names import HONORIFICS, fold, roles_match, same_person

MAX_ANTECEDENT_SENTENCES = 4  # how far back "he", "she" and "the official" are looked for
MAX_ANTECEDENT_CHARS = 1500
ORGANISATION_LOOKBACK = 600  # "the ministry" is the Ministry of ... named this close before
SPEAKING_ENTITIES = frozenset({"ORG", "GPE"})  # "Boeing said", "China said": they speak for themselves
PERSON_GENDERS = frozenset({"Masc", "Fem"})
DEFINITE_DETERMINERS = frozenset({"the", "this", "that"})
NAMED_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
NOUN_PHRASE_DEPS = frozenset({"pobj", "prep", "appos", "compound", "conj"})  # links inside one noun phrase
VERB_POS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    person: int  # index into the article's people


class Speakers:
    """Resolves subjects of speech verbs to the people and organisations of one article."""

    def __init__(self, article: ParsedArticle, quotes: Sequence[QuoteSpan]):
        self.article = article
        self.people = article.facts.people
        self._quotes = list(quotes)
        self._quote_starts = [q.start for q in self._quotes]
        mentions = sorted((_Mention(start, end, index) for index, person in enumerate(self.people)
                           for start, end in person.mentions), key=lambda m: m.start)
        self._mentions = [m for m in mentions if not self.in_quote(m.start)]
        self._mention_starts = [m.start for m in self._mentions]
        self._organisation_nouns = lexicon.words("organisation_descriptors") | lexicon.words("state_bodies")
        self._entity_starts = [e.start for e in article.entities]  # the article keeps them sorted by start
        self._sentence_starts = [s.start for s in article.sentences]

    # ------------------------------------------------------------------ lookups

    def in_quote(self, offset: int) -> bool:
        index = bisect_right(self._quote_starts, offset) - 1
        return index >= 0 and offset < self._quotes[index].end

    def offset(self, token: Token) -> int:
        return self.article.parse.offset(token)

    def mentions_in(self, start: int, end: int) -> list[_Mention]:
        """Person mentions outside quotes that overlap ``[start, end)``, in order."""
        lo = bisect_left(self._mention_starts, start)
        if lo > 0 and self._mentions[lo - 1].end > start:
            lo -= 1
        hi = bisect_left(self._mention_starts, end)
        return self._mentions[lo:hi]

    def people_in(self, start: int, end: int) -> list[str]:
        """Distinct people named between ``start`` and ``end``, in order."""
        return list(dict.fromkeys(self.people[m.person].name for m in self.mentions_in(start, end)))

    # ------------------------------------------------------------------ resolution

    def speaker(self, token: Token, *, before: int, other_than: str | None = None) -> str | None:
        """The person or organisation a subject token stands for; ``before`` bounds the search for what a
        pronoun or a description refers back to (the quote's start). A reply is by someone other than the
        speaker it answers (``other_than``)."""
        if token.tag_ == "WP" and token.head.dep_ == "relcl":
            return self._relative_person(token.head.head)
        if token.tag_ == "WDT" and token.head.dep_ == "relcl":
            token = token.head.head  # "the company, which said ...": the company
        if token.pos_ == "PRON":
            before = min(before, self.offset(token))
            if _is_personal_pronoun(token):
                return self._governing_subject(token, other_than) or self.antecedent(before, other_than=other_than)
            if _is_impersonal_pronoun(token):
                return self.organisation_antecedent(before)
            return None  # "I", "we", "you", "who": not a person of the article we can name
        person = self.named_person(token)
        if person is not None:
            return self.people[person].name
        if token.pos_ == "PROPN":
            entity = self._speaking_entity(token)
            if entity is not None:
                return entity
            holder = self.role_holder(token, before)  # "PortCo CEO said": a title the parser took for a name
            return self.people[holder].name if holder is not None else None
        if token.pos_ == "NOUN":
            return self._described(token, before, other_than)
        return None

    def named_person(self, token: Token) -> int | None:
        """The person a name token (or the name in apposition to a title) mentions."""
        found = self._person_of_name(token)
        if found is not None:
            return found
        for child in token.children:
            if child.dep_ == "appos":
                found = self._person_of_name(child)
                if found is not None:
                    return found
        return None

    def _person_of_name(self, token: Token) -> int | None:
        start = self.offset(token)
        for mention in self.mentions_in(start, start + len(token.text)):
            return mention.person
        if token.pos_ != "PROPN":
            return None
        words = [w for w in name_span(token).text.split() if fold(w).strip(".") not in HONORIFICS]
        if not words:
            return None
        name = " ".join(words)
        owners = {i for i, p in enumerate(self.people) if any(same_person(alias, name) for alias in p.aliases)}
        if not owners and len(words) == 1:
            # "her mother, Fiona, said": a given name alone is the one person of the article whose name starts so
            owners = {i for i, p in enumerate(self.people) if len(p.name.split()) > 1 and p.name.split()[0] == name}
        return owners.pop() if len(owners) == 1 else None

    def _relative_person(self, token: Token) -> str | None:
        """ "X, a management expert at Y University, who stated": "who" is a person, so the person of
        the noun phrase the clause hangs on, climbing from a misattached head ("University") to it."""
        current = token
        while True:
            person = self.named_person(current)
            if person is not None:
                return self.people[person].name
            if current.pos_ in VERB_POS or current.head == current or current.dep_ not in NOUN_PHRASE_DEPS:
                return None
            current = current.head

    def _governing_subject(self, pronoun: Token, other_than: str | None) -> str | None:
        """ "X stated that he believed ...": "he" in a clause under a verb whose subject is a person is that
        person."""
        clause = pronoun.head
        while clause.dep_ in ("ccomp", "xcomp", "advcl", "conj") and clause.head != clause:
            clause = clause.head
            for subject in subjects(clause):
                if subject.i != pronoun.i and subject.pos_ != "PRON":
                    person = self.named_person(subject)
                    if person is not None and self.people[person].name != other_than:
                        return self.people[person].name
        return None

    def _speaking_entity(self, token: Token) -> str | None:
        """An organisation or a country as the subject: "GM said in a statement", "Moscow said"."""
        entity = _entity(token)
        if entity is None or entity[1] not in SPEAKING_ENTITIES:
            return None
        return _without_determiner(entity[0])

    def _described(self, token: Token, before: int, other_than: str | None) -> str | None:
        lemma = token.lemma_.casefold()
        if token.tag_ in ("NNS", "NNPS"):
            return None  # "officials said": a group, not one speaker
        if lemma in lexicon.words("speech_documents"):
            return self.author(token, before)
        if lemma in self._organisation_nouns:
            return self._organisation(token, before)
        holder = self.role_holder(token, before)
        if holder is None:
            holder = self._apposed_at_end(token)
        if holder is not None:
            return self.people[holder].name
        if _is_definite(token) and not any(c.dep_ in ("prep", "relcl", "acl", "appos") for c in token.children):
            # "the official shared": whoever the text is about ("the premier of the state of X" is someone new)
            return self.antecedent(min(before, self.offset(token)), other_than=other_than)
        return None

    def author(self, document: Token, before: int) -> str | None:
        """Who issued a statement, a letter, a post: its possessor or its by/from phrase, else the one the
        text was about."""
        for child in document.children:
            if child.dep_ == "poss":
                return self.speaker(child, before=before)
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self.speaker(objects[0], before=before)
        verb = document.head
        while verb.dep_ == "prep" and verb.head != verb:
            verb = verb.head  # "in a letter ...", "with a statement ..."
        if document.dep_ in ("dobj", "pobj") and verb.pos_ in VERB_POS:
            found = subjects(verb)  # "X released a statement saying", "X resigned in a letter stating"
            return self.speaker(found[0], before=before) if len(found) == 1 else None
        return self.antecedent(before, within_sentences=1)  # "The statement said": the one named before

    def _organisation(self, token: Token, before: int) -> str | None:
        """ "the Turkish foreign ministry" as written; "the ministry", "the company" as the organisation
        named before."""
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            return None  # "a Delhi parts supplier said": an organisation the text does not name
        named = self._named_organisation(token)
        if named is not None:
            return named
        if not _is_definite(token):
            return None
        head = fold(token.text)
        earlier = [e for e in self._organisations_in(before - ORGANISATION_LOOKBACK, before)
                   if head in fold(e.text).split()]
        if earlier:
            return _strip_the(earlier[-1].text)
        found = self.organisation_antecedent(before)
        if found is not None:
            return found
        # "In a statement on the Airbus website, the company said": the organisation named before it.
        sentence = self.article.sentence_at(self.offset(token))
        named = [e for e in self._organisations_in(sentence.start, self.offset(token))
                 if e.end <= self.offset(token)] if sentence else []
        return _strip_the(named[-1].text) if named else None

    def _organisations_in(self, start: int, end: int) -> list[NamedSpan]:
        """Organisations the recogniser found starting in ``[start, end)``, outside quotes."""
        entities = self.article.entities
        lo = bisect_left(self._entity_starts, start)
        hi = bisect_left(self._entity_starts, end)
        return [e for e in entities[lo:hi] if e.label == "ORG" and not self.in_quote(e.start)]

    def _named_organisation(self, token: Token) -> str | None:
        """An organisation noun with a name or a nationality in front: "the Turkish foreign ministry"."""
        if token.lemma_.casefold() not in self._organisation_nouns:
            return None
        if not any(c.dep_ in NAMED_MODIFIER_DEPS and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE", "ORG"))
                   for c in token.children):
            return None
        return token.doc[_modifiers_start(token):token.i + 1].text

    def _apposed_at_end(self, token: Token) -> int | None:
        """ "the general secretary of the British union Unite, Tony Woodley": a name after a comma that ends
        the description is its apposition, whatever the parser attached it to."""
        phrase = noun_phrase(token, stop_deps=frozenset({"relcl", "acl", "advcl", "cc"}))
        last = phrase[-1]
        start = self.offset(last)
        mention = next(iter(self.mentions_in(start, start + len(last.text))), None)
        if mention is None or mention.end != start + len(last.text):
            return None
        first = self.article.parse.span(mention.start, mention.end)
        if first is None or first[0].i == 0 or first[0].nbor(-1).text != ",":
            return None
        return mention.person

    def role_holder(self, token: Token, before: int) -> int | None:
        """The person whose role the description names ("the minister", "the company's chief executive",
        "the Facebook founder"), or whose name it is part of ("the parson": Parson Tringham)."""
        descriptions = _descriptions(token)
        holders = [i for i, person in enumerate(self.people)
                   if any(_role_fits(d, role.role) for d in descriptions for role in person.roles)]
        if len(holders) > 1:
            # "said Ukraine's Defense Minister" when a Danish one is in the story too: the exact wording decides.
            exact = [i for i in holders if any(fold(r.role) in {fold(d) for d in descriptions}
                                               for r in self.people[i].roles)]
            holders = exact or holders
        if not holders:
            word = fold(token.text)
            holders = [i for i, person in enumerate(self.people)
                       if any(len(a.split()) > 1 and fold(a.split()[0]).strip(".") == word for a in person.aliases)]
        if len(holders) == 1:
            return holders[0]
        if holders:
            last = bisect_left(self._mention_starts, before)
            return next((m.person for m in reversed(self._mentions[:last]) if m.person in holders), None)
        return None

    # ------------------------------------------------------------------ what the text is about

    def antecedent(self, offset: int, *, within_sentences: int = MAX_ANTECEDENT_SENTENCES,
                   other_than: str | None = None) -> str | None:
        """Who "he"/"she" at ``offset`` most likely is: the subject of the nearest sentence before whose
        subject is a person, else the first person that sentence names (the subject usually comes
        first), not merely the last name seen."""
        for sentence, tokens in self._sentences_before(offset, within_sentences):
            for subject in self._root_subjects(tokens):
                if subject.pos_ == "PRON":
                    break  # "he" again: the sentence before names him
                if subject.ent_type_ in SPEAKING_ENTITIES:
                    continue  # "Microsoft assessed the fee ...": not who "he" is
                person = self.named_person(subject)
                if person is None and subject.pos_ == "NOUN" and subject.tag_ == "NN":
                    person = self.role_holder(subject, offset)
                if person is not None and self.people[person].name != other_than:
                    return self.people[person].name
            named = [m for m in self.mentions_in(sentence[0], sentence[1])
                     if self.people[m.person].name != other_than and not self._possessive(m)]
            before_root = self._named_before_root(tokens, named)
            if before_root is not None:
                return self.people[before_root].name
            if named:
                return self.people[named[0].person].name
        return None

    def _possessive(self, mention: _Mention) -> bool:
        """ "Microsoft's headquarters": a possessor, not who the sentence is about."""
        return self.article.text.startswith(("’s", "'s"), mention.end)

    def _named_before_root(self, tokens: list[Token], named: list[_Mention]) -> int | None:
        """ "Speaking from a stage, Chief Executive X said ...", parsed without a subject: the person named
        right before the main verb."""
        for root in (t for t in tokens if t.dep_ == "ROOT" and t.pos_ in VERB_POS):
            start = self.offset(root)
            earlier = [m for m in named if m.end <= start]
            if earlier and not any(t.pos_ in VERB_POS and t.dep_ not in ("aux", "auxpass", "neg")
                                   and earlier[-1].end <= self.offset(t) < start for t in tokens):
                return earlier[-1].person
        return None

    def organisation_antecedent(self, offset: int, *, within_sentences: int = 2) -> str | None:
        """What "it said" refers to: the organisation the sentence before has for subject."""
        for _sentence, tokens in self._sentences_before(offset, within_sentences):
            for subject in self._root_subjects(tokens):
                if subject.pos_ == "PROPN":
                    return self._speaking_entity(subject)
                if subject.pos_ == "NOUN":
                    return self._named_organisation(subject)
        return None

    def _sentences_before(self, offset: int, limit: int):
        """The sentences up to ``offset`` (the one holding it cut there), nearest first, as (bounds, tokens
        outside quotes)."""
        sentences = self.article.sentences
        index = self.article.sentence_index(offset)
        if index is None:
            index = bisect_right(self._sentence_starts, offset) - 1
        seen = 0
        while index >= 0 and seen < limit:
            sentence = sentences[index]
            if sentence.end < offset - MAX_ANTECEDENT_CHARS:
                return
            end = min(sentence.end, offset)
            start = max(sentence.start, offset - MAX_ANTECEDENT_CHARS)  # a page may be one long sentence
            span = self.article.parse.span(start, end) if end > start else None
            tokens = [t for t in span if not self.in_quote(self.offset(t))] if span is not None else []
            index -= 1
            if tokens:
                seen += 1
                yield (start, end), tokens

    def _root_subjects(self, tokens: list[Token]) -> list[Token]:
        """Subjects of the sentence's main verbs: the root's, then those of verbs conjoined to it."""
        chosen = {t.i for t in tokens}
        found: list[Token] = []
        for root in (t for t in tokens if t.dep_ == "ROOT"):
            for verb in (root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ in VERB_POS)):
                found.extend(s for s in subjects(verb) if s.i in chosen and s not in found)
        return found


def _is_personal_pronoun(token: Token) -> bool:
    morph = token.morph
    return morph.get("Person") == ["3"] and morph.get("Number") == ["Sing"] and bool(
        set(morph.get("Gender")) & PERSON_GENDERS)


def _is_impersonal_pronoun(token: Token) -> bool:
    return token.morph.get("Person") == ["3"] and token.morph.get("Gender") == ["Neut"]


def _is_definite(token: Token) -> bool:
    """ "the official", "the company's chief executive"; not "his wife", whom "his" does not name."""
    return any((c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) or (c.dep_ == "poss" and c.pos_ != "PRON")
               for c in token.children)


def _descriptions(token: Token) -> list[str]:
    """The role words of a description: its modifiers and head ("chief executive"), and with a proper
    possessor in front ("Ford chief executive")."""
    core = token.doc[_modifiers_start(token):token.i + 1].text
    found = [core]
    for child in token.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            found.append(f"{name_span(child).text} {core}")
    return found


def _modifiers_start(token: Token) -> int:
    """Where the run of modifiers right before ``token`` starts (after its determiner or possessor)."""
    start = token.i
    doc = token.doc
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ \
            and not doc[start - 1].whitespace_:
        start -= 2  # a hyphenated word the parser split ("co-founder"): its first part carries the modifiers
        token = doc[start]
    for left in reversed(list(token.lefts)):
        if left.dep_ in NAMED_MODIFIER_DEPS and left.i == start - 1:
            start = left.i
        else:
            break
    return start


def _role_fits(description: str, role: str) -> bool:
    """Whether a description names a stored role; "chief executive" names "Chief Executive of Ford"."""
    if roles_match(description, role):
        return True
    cut = fold(role).find(" of ")
    return cut > 0 and roles_match(description, role[:cut])


def _entity(token: Token) -> tuple[Span, str] | None:
    """The named entity a token is part of, with its label."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end], token.ent_type_


def _without_determiner(span: Span) -> str:
    tokens = list(span)
    while tokens and tokens[0].dep_ in ("det", "punct"):
        tokens.pop(0)
    return span.doc[tokens[0].i:tokens[-1].i + 1].text if tokens else span.text


def _strip_the(name: str) -> str:
    return name[4:] if name.casefold().startswith("the ") else name
