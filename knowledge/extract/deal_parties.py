"""Who takes part in a deal: the organisation, country or person a phrase of the deal names.

The parse gives the structure (the deal predicate's subject, object and party phrases, found by
:mod:`knowledge.extract.deals`); the entity labels are votes on what each phrase names. An organisation
or a country is a party as written; a person is the country or organisation their title names
("Polish Defence Minister X": Poland), else themselves; a pronoun or "the company" is the organisation
named before it. Products, amounts, dates and places named as places are never parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle
from knowledge.extract.syntax import name_span
from knowledge.extract.titles import is_person_title
from knowledge.facts import Sentence
from knowledge.text.countries import CAPITALS, DEMONYMS, country_named, country_of
from knowledge.text.names import business_name, fold, has_legal_form

PARTY_LABELS = frozenset({"ORG", "GPE"})
PERSON_LABEL = "PERSON"
# Names the model may give these labels although they are companies: parties only after with/from/by.
COUNTERPART_ONLY_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "NORP"})
# Labels the model gives unknown companies ("Andes Metals" a place, "Estlink Freight" a product): a party
# when the name reads as a company's (business_name).
MISLABELLED_COMPANY_LABELS = frozenset({"LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "GPE", "NORP"})
# Places as places ("to Europe", "at Heathrow"), amounts, dates: never parties.
NEVER_PARTY_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL", "LAW",
                                "LANGUAGE", "LOC", "FAC"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "its", "their"})
ORGANISATION_PRONOUNS = frozenset({"it", "they", "its", "their"})
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})
QUOTED_ORG_RE = re.compile(r"\b(?:JSC|PJSC|OJSC|SE|LLC|JV|(?:the\s+)?state\s+(?:enterprise|company)|company|concern)"
                           r"\s+[“\"«][^”\"»\n]{2,60}[”\"»]")
LEADING_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.I)
TRAILING_POSSESSIVE_RE = re.compile(r"\s*[’']s?$")
ABBREVIATION_END_RE = re.compile(r"(?:^|[\s.])[A-Z]\.$")
# "OSLO (NTB) -", "MUMBAI, May 3 (Reuters) -" and the agency alone: "(Reuters) -"
DATELINE_RE = re.compile(r"^(?:[A-Z][A-Z .'-]{2,40}(?:,[^\n]{0,60}?)?\s*)?"
                         r"(?:\([^()\n]{1,30}\)|/[^/\n]{2,30}/)\s*[-–—]+\s*")
# Numbers before a party noun that count companies rather than refer back to them ("13 defense companies").
COUNT_RE = re.compile(r"^\d[\d,]*$")
HEADLINE_SHARE = 0.6  # more capitalised words than this: a title-case headline
MAX_NAME_WORDS = 6
QUOTE_CHARS = frozenset("\"“”«»")


@dataclass
class PartyContext:
    """What the party resolution needs beyond the tokens: the article's people and the sentence before."""

    article: ParsedArticle
    people: dict[str, list[str]]  # folded alias -> roles
    previous: Span | None  # the sentence before, in the same paragraph
    quoted: list[tuple[int, int, str]] = field(default_factory=list)  # quoted company names in the sentence
    dateline_end: int = 0  # article offset where a "CITY, date (Agency) -" opening ends
    previous_dateline_end: int = 0
    entities: dict[int, Span] = field(default_factory=dict)  # token index -> entity span
    # the organisation last named as a subject in an earlier paragraph: what "it" at a paragraph's start means
    topic: str | None = None


def party_name(token: Token, role: str, context: PartyContext) -> str | None:
    """The party the phrase headed by ``token`` names, if any. ``role``: subject, object, counterpart (the
    object of a party preposition), modifier (a name before a deal noun), acquired (what is bought) or maker
    (a name on a product bought)."""
    if token.tag_ in ("WP", "WDT") and token.lower_ in ("who", "which"):
        before = _before_relative(token)  # "Evan Spiegel, who rebuffed ...", however the clause was parsed
        return party_name(before, role, context) if before is not None else None
    if token.pos_ == "PRON":
        if role == "subject":
            return _antecedent(token, context)
        return _object_antecedent(token, context) if token.lower_ == "it" else None
    if role == "maker":  # a name on a product bought: a party only as an organisation the article follows
        maker = context.entities.get(token.i)
        if maker is None or maker.label_ != "ORG":
            return None  # "A320", not "Airbus"
        name = clean_name(maker.text)
        named = sum(fold(e.text) == fold(name) for e in context.article.entities if e.label == "ORG")
        return name if named >= 2 else None  # "an S-Video cable": a brand named once is the product's
    quoted = next((q for s, e, q in context.quoted if s <= context.article.parse.offset(token) < e), None)
    if quoted:
        return quoted
    if context.dateline_end and context.article.parse.offset(token) < context.dateline_end:
        after = _past_dateline(token, context.dateline_end, context)
        return party_name(after, role, context) if after is not None else None
    joined = _joined_place(token)
    if joined is not None:
        return joined or None  # "Trinidad and Tobago" is one country; its second half no party of its own
    named = _named_in_apposition(token, context)
    if named is not None:
        return party_name(named, role, context)  # "the two firms — Kleiner Perkins and ...": the name says who
    if any(c.dep_ == "nummod" for c in token.children) and not _counted_organisations(token):
        return None  # "60 Boeing 787 jets", "22 new Dreamliners": things counted, not a party
    owner = _owner_of_holding(token) if role in ("counterpart", "acquired") else None
    if owner is not None:
        return party_name(owner, "counterpart", context)  # "a bid for X's assets", "a stake in the unit of X"
    entity = context.entities.get(token.i)
    if role == "acquired":
        return _acquired_party(token, entity)
    if entity is not None and not (entity.label_ == "CARDINAL" and _capitalised_word(token)):
        return _entity_party(token, entity, role, context)  # (not "Three", the operator, as a number)
    if token.tag_ in PROPER_TAGS or _looks_like_name(token):
        return _proper_name(token)
    return _common_noun_party(token, role, context)


def _before_relative(pronoun: Token) -> Token | None:
    """The name a relative pronoun follows, past a comma."""
    i = pronoun.i - 1
    if i >= 0 and pronoun.doc[i].text == ",":
        i -= 1
    return pronoun.doc[i] if i >= pronoun.sent.start and pronoun.doc[i].tag_ in PROPER_TAGS else None


def _owner_of_holding(token: Token) -> Token | None:
    """The owner of what changes hands when it is a holding (lexicon ``ownership_nouns``): "X's assets",
    "the assets of X", "its stake in X" (not the stake's own owner: "its" is the seller)."""
    holdings = lexicon.words("ownership_nouns")
    if token.pos_ != "NOUN" or (token.lemma_.casefold() not in holdings and token.lower_ not in holdings):
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in"):
            owner = next((c for c in child.children if c.dep_ == "pobj"), None)
            if owner is not None and owner.pos_ in ("NOUN", "PROPN"):
                return owner
    return next((c for c in token.children if c.dep_ == "poss" and c.tag_ in PROPER_TAGS), None)


def _joined_place(token: Token) -> str | None:
    """A country whose name joins two names with "and" (lexicon ``places``): the whole name for its first
    half, "" for its second half (already named), None when ``token`` is no part of one."""
    if token.tag_ not in PROPER_TAGS:
        return None
    places = lexicon.words("places")
    first = token.head if token.dep_ == "conj" and any(c.dep_ == "cc" for c in token.head.children) else token
    second = next((c for c in first.children if c.dep_ == "conj" and c.tag_ in PROPER_TAGS), None)
    if second is None or not any(c.dep_ == "cc" and c.lower_ == "and" for c in first.children):
        return None
    whole = clean_name(token.doc[name_span(first).start:name_span(second).end].text)
    if fold(whole) not in places:
        return None
    return whole if token == first else ""


def _named_in_apposition(token: Token, context: PartyContext) -> Token | None:
    """The proper name a common noun is put beside ("the two venture firms — Acme Ventures and ..."), if any."""
    if token.tag_ in PROPER_TAGS or token.pos_ != "NOUN":
        return None
    lemma = token.lemma_.casefold()
    if lemma in lexicon.words("deal_representatives") or is_person_title(lemma):
        return None  # "his Finnish counterpart Ville Laine" signs for Finland (see _common_noun_party)
    return next((c for c in token.children if c.dep_ == "appos" and c.i > token.i
                 and (c.tag_ in PROPER_TAGS or c.i in context.entities)), None)


def _acquired_party(token: Token, entity: Span | None) -> str | None:
    """What a buyer buys is a party when it is a company ("bought LinkedIn"), not a product ("bought the
    Pro", "the purchase of Boeing 787 Dreamliners"): an organisation or a proper name, with no number in it."""
    if entity is not None and entity.label_ not in ("ORG", PERSON_LABEL) and not business_name(
            clean_name(entity.text)):
        return None  # a product; not "bought Estlink Freight", a company the model called one
    if entity is None and token.tag_ not in PROPER_TAGS:
        return None
    # a name the model took for a person is a company here: people are not bought
    name = clean_name(entity.text) if entity is not None and not _inside_pair(token, entity) else _proper_name(token)
    return None if name is None or any(c.isdigit() for c in name) else name


def _capitalised_word(token: Token) -> bool:
    return token.text.isalpha() and token.text[:1].isupper() and not token.is_sent_start


def _looks_like_name(token: Token) -> bool:
    """A capitalised word the small model tagged as a common noun or adjective ("Pfizer and BioNTech signed",
    "Kyiv hopes to sign", "from TenneT."): a name where a common word would not be capitalised or would
    need an article."""
    text = token.text
    if not text[:1].isupper() or token.tag_ in PROPER_TAGS or not any(c.isalpha() for c in text):
        return False
    word = token.lemma_.casefold()
    if word in lexicon.words("organisation_descriptors") or word in lexicon.words("state_bodies") \
            or is_person_title(word):
        return False
    if (any(c.isupper() for c in text[1:]) and not text.isupper()) or (text.isupper() and len(text) > 1):
        return True  # "BioNTech", "PGNiG", "IBM"
    sentence = token.sent
    words = [t for t in sentence if t.is_alpha]
    if sum(t.text[:1].isupper() for t in words) > HEADLINE_SHARE * len(words):
        return False  # a title-case headline capitalises common nouns too
    if not token.is_sent_start:
        return True
    determined = any(c.dep_ in ("det", "poss", "nummod") for c in token.children)
    return token.tag_ in ("NN", "JJ") and not determined  # "Pfizer signed": a bare singular noun is a name


def _past_dateline(token: Token, dateline_end: int, context: PartyContext) -> Token | None:
    """ "MUMBAI (Reuters) - IndiGo signed": the parser makes the place the subject and the name its apposition."""
    return next((c for c in token.children if c.dep_ in ("appos", "conj") and
                 context.article.parse.offset(c) >= dateline_end), None)


def _counted_organisations(token: Token) -> bool:
    """ "13 defense companies": a count of organisations in digits (a party); "the two firms" points back."""
    organisations = _organisation_words()
    return token.tag_ == "NNS" and token.lemma_.casefold() in organisations and any(
        c.dep_ == "nummod" and COUNT_RE.match(c.text) for c in token.children)


def _entity_party(token: Token, entity: Span, role: str, context: PartyContext) -> str | None:
    label = entity.label_
    if label in MISLABELLED_COMPANY_LABELS and business_name(clean_name(entity.text)):
        return clean_name(entity.text)  # "to Andes Metals" labelled a place
    if label in ("LOC", "FAC") and role == "subject" and token.tag_ in PROPER_TAGS and _acts(token) \
            and fold(clean_name(entity.text)) not in lexicon.words("places"):
        return clean_name(entity.text)  # "Mars agreed to buy Kellanova": a place does not agree, a company does
    if label in NEVER_PARTY_LABELS:
        return None
    if _inside_pair(token, entity):
        return clean_name(name_span(token).text)
    text = clean_name(_whole_name(entity).text)
    if not plausible_name(text):
        return None
    if label == "GPE" and role == "modifier":
        country = (country_named(text) or fold(text) in DEMONYMS) and fold(text) not in CAPITALS.values()
        return text if country else None  # a city before "talks" is the venue
    if label in PARTY_LABELS or has_legal_form(text):
        return text
    if label == PERSON_LABEL:
        if fold(text) in context.people or token.tag_ not in PROPER_TAGS:
            return _affiliation(token, context) or text
        return text  # a name the people step did not keep: a company the model took for a person
    if label in COUNTERPART_ONLY_LABELS and role == "counterpart" and token.tag_ in PROPER_TAGS:
        return (country_of(text) or text) if label == "NORP" else text  # "from Rivian", taken for a nationality
    return None


def _acts(token: Token) -> bool:
    """The active subject of a verb (not "the deal was signed in Europe")."""
    return token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX")


def _whole_name(entity: Span) -> Span:
    """An entity the model cut after "of" ("the Alpine Club of" + "Norway"): the name through its object; one
    the model cut before its last word ("T-Vector Capital" + "LLC"): the whole proper-noun name."""
    last = entity[-1]
    if last.pos_ == "ADP" and last.head.i >= entity.start:
        objects_ = [c for c in last.children if c.dep_ == "pobj" and c.tag_ in PROPER_TAGS]
        if objects_:
            return entity.doc[entity.start:objects_[0].i + 1]
    if last.tag_ in PROPER_TAGS and entity.label_ != PERSON_LABEL:
        whole = name_span(last)
        if whole.start < entity.start and whole.end == entity.end and has_legal_form(clean_name(whole.text)):
            return whole
    return entity


def _inside_pair(token: Token, entity: Span) -> bool:
    """ "Eni and Sonatrach" as one entity: two one-word names joined by "and" are two parties."""
    words = entity.text.split()
    return (len(words) == 3 and words[1] == "and" and entity.start <= token.i < entity.end
            and any(c.dep_ == "cc" for c in entity if c.head in entity))


def plausible_name(text: str) -> bool:
    """A name: some capital letter, and not a run of a title-case headline ("Diet Pills She Bought Online
    "Burned Her Up""): short, no quotes."""
    return len(text.split()) <= MAX_NAME_WORDS and not QUOTE_CHARS & set(text) and any(c.isupper() for c in text)


def _organisation_words() -> frozenset[str]:
    return lexicon.words("organisation_descriptors") | lexicon.words("state_bodies")


def _proper_name(token: Token) -> str | None:
    """An unlabelled proper-noun run: a name unless it is only a title or organisation word."""
    text = clean_name(name_span(token).text)
    words = [w.casefold() for w in text.split()]
    if not words or any(is_person_title(w) for w in words) or not plausible_name(text):
        return None
    if len(words) == 1 and words[0] in _organisation_words():
        return None
    return text if any(c.isalpha() for c in text) else None


def _common_noun_party(token: Token, role: str, context: PartyContext) -> str | None:
    """ "the company Acme Industries", "the Slovak government", "13 defense companies", "his Finnish
    counterpart", "Apple executives", "the contractor" (named in the sentence before)."""
    lemma = token.lemma_.casefold()
    representative = lemma in lexicon.words("deal_representatives") or is_person_title(lemma)
    if representative and (country := _affiliation(token, context)):
        return country
    for child in token.children:
        if child.dep_ in ("appos", "compound") and (child.tag_ in PROPER_TAGS or child.i in context.entities) \
                and child.i > token.i:
            return party_name(child, role, context)
    if lemma in lexicon.words("organisation_parts") and token.tag_ == "NN":
        for parent in _prepositional_objects(token, "of"):
            return party_name(parent, role, context)  # "a unit of British oil producer BP" deals for BP
    descriptor = lemma in lexicon.words("organisation_descriptors") or token.lower_ in lexicon.words(
        "organisation_descriptors")
    state_body = _state_body(token)
    if descriptor and (named := _name_after(token)):
        return named  # "gas company PGNiG.", 'a separate company, "Smart Projects SRL,"' where the parser lost it
    nationality = next((c for c in token.children if c.dep_ in ("amod", "compound") and _national(c, context)),
                       None)
    if state_body and nationality is not None:
        return clean_name(token.doc[nationality.i:token.i + 1].text)  # "the Slovak government"
    if (descriptor or state_body) and token.tag_ == "NNS" and (
            nationality is not None or _counted_organisations(token)):
        return clean_name(token.doc[min(c.i for c in token.subtree if c.i <= token.i):token.i + 1].text)
    owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
    if descriptor and owner is not None:
        return _antecedent(owner, context)  # "his company's acquisition of X": the company he acts for
    if descriptor and role == "subject" and any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS
                                                 for c in token.children):
        return _antecedent(token, context)  # "The Norwegian contractor ... signed": the company named before
    return None


def _prepositional_objects(token: Token, preposition: str) -> list[Token]:
    return [pobj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == preposition
            for pobj in prep.children if pobj.dep_ == "pobj"]


def _name_after(token: Token) -> str | None:
    """The capitalised words right after a noun (past one comma and an opening quote)."""
    doc, i, end = token.doc, token.i + 1, token.sent.end
    if i < end and doc[i].text == ",":
        i += 1
    if i < end and doc[i].text in QUOTE_CHARS:
        i += 1
    start = i
    while i < end and doc[i].text[:1].isupper() and any(c.isalpha() for c in doc[i].text) and (
            doc[i].ent_type_ not in NEVER_PARTY_LABELS):  # not "the company Tuesday said"
        i += 1
    name = clean_name(doc[start:i].text) if i > start else ""
    return name if name and doc[start].text[:1].isupper() and plausible_name(name) else None


def _national(token: Token, context: PartyContext) -> bool:
    """A country word before a noun: "Slovak", "U.S.", whatever label the model gave it."""
    entity = context.entities.get(token.i)
    return (entity is not None and entity.label_ in ("NORP", "GPE")) or country_of(token.text) is not None


def _state_body(token: Token) -> bool:
    bodies = lexicon.words("state_bodies")
    if token.lemma_.casefold() in bodies or token.lower_ in bodies:
        return True
    left = token.doc[token.i - 1] if token.i > 0 else None
    return left is not None and f"{left.lower_} {token.lower_}" in bodies  # "air force"


def _affiliation(token: Token, context: PartyContext) -> str | None:
    """The country or organisation a person or representative acts for, from the words of their phrase
    ("Polish Defence Minister", "his Finnish counterpart", "Apple CEO", "officials from China")."""
    left = [t for t in token.subtree if t.i < token.i]
    right = [pobj for prep in token.children if prep.dep_ == "prep" and prep.lower_ in ("from", "of")
             for pobj in prep.children if pobj.dep_ == "pobj"]
    countries: list[str] = []
    organisations: list[str] = []
    for candidate in [*left, *right]:
        entity = context.entities.get(candidate.i)
        if entity is None:
            continue
        if entity.label_ == "NORP" and (country := country_of(entity.text)):
            countries.append(country)
        elif entity.label_ == "GPE":
            countries.append(clean_name(entity.text))
        elif entity.label_ == "ORG" and not any(is_person_title(w) for w in entity.text.split()):
            organisations.append(clean_name(entity.text))  # "Apple CEO", not the "Defence" of "Defence Minister"
    if countries:
        return countries[0]
    if organisations:
        return organisations[0]
    return _role_country(token, context)


def _role_country(token: Token, context: PartyContext) -> str | None:
    """A person's country or organisation from the roles the people step found for them ("Estonian Finance
    Minister", "Facebook CEO")."""
    entity = context.entities.get(token.i)
    keys = [fold(name_span(token).text), *([fold(entity.text)] if entity is not None else [])]
    roles = next((context.people[k] for k in keys if k in context.people), [])
    for role in roles:
        for word in role.split():
            country = country_named(TRAILING_POSSESSIVE_RE.sub("", word.strip(",")))
            if country:
                return country
    organisations = {fold(e.text): e.text for e in context.article.entities if e.label in ("ORG", "PROPN")
                     and not is_person_title(fold(e.text))}  # (PROPN: a proper-noun run the model left unlabelled)
    for role in roles:
        folded = f" {fold(role)} "
        named = [text for key, text in organisations.items() if f" {key} " in folded]
        if named:
            return clean_name(max(named, key=len))
    for role in roles:
        company = _company_before_title(role)
        if company:
            return company
    return None


def _company_before_title(role: str) -> str | None:
    """ "Snapchat CEO" -> "Snapchat": capitalised words before a title only companies have (lexicon
    ``company_titles``)."""
    folded = fold(role)
    for title in sorted(lexicon.words("company_titles"), key=len, reverse=True):
        if folded.endswith(f" {title}"):
            words = role.split()[: -len(title.split())]
            if words and all(w[:1].isupper() and not is_person_title(fold(w)) for w in words):
                return clean_name(" ".join(words))
    return None


def _object_antecedent(token: Token, context: PartyContext) -> str | None:
    """ "divesting itself of the Chrysler Group by selling it to Cerberus": an object "it" is the last
    organisation named before it in the sentence that is not the verb's own subject."""
    subjects_ = {t.i for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    for candidate in reversed([t for t in token.sent if t.i < token.i]):
        entity = context.entities.get(candidate.i)
        if entity is not None and entity.label_ == "ORG" and candidate.i == entity.end - 1 \
                and candidate.i not in subjects_:
            return clean_name(entity.text)
    return None


def _antecedent(token: Token, context: PartyContext) -> str | None:
    """The organisation (or, for he/she, the person's country) a pronoun or "the company" stands for: the
    subject named earlier in the sentence, else in the sentence before."""
    wanted_person = token.lower_ in PERSON_PRONOUNS
    if token.pos_ == "PRON" and token.lower_ not in ORGANISATION_PRONOUNS | PERSON_PRONOUNS:
        return None
    sentence = token.sent
    earlier = [t for t in sentence if t.i < token.i]
    previous = list(context.previous) if context.previous is not None else []
    for pool in (earlier, previous):
        dateline_end = context.previous_dateline_end if pool is previous else context.dateline_end
        for candidate in (t for t in pool if t.dep_ in ("nsubj", "nsubjpass") or (
                t.dep_ == "attr" and t.head.lemma_ == "be")):  # "The most notorious of them is Carl Peters"
            if context.article.parse.offset(candidate) < dateline_end:
                candidate = _past_dateline(candidate, dateline_end, context)  # "OSLO (NTB) - Kongsberg is ..."
                if candidate is None:
                    continue
            name = clean_name(name_span(candidate).text)
            entity = context.entities.get(candidate.i)
            if entity is not None and entity.label_ == PERSON_LABEL and fold(clean_name(entity.text)) in context.people:
                name = clean_name(entity.text)  # "CEO Dana Whitfield" run together by the parse: the person's name
            person = fold(name) in context.people and (entity is None or entity.label_ != "ORG")
            if person and token.lower_ == "it" and not context.people[fold(name)] and (
                    entity is None or _reports_on_itself(candidate, token)):
                person = False  # "Sunburst Solar said it would buy": "it" names no person
            if wanted_person and person:
                return _affiliation(candidate, context) or name
            if not wanted_person and token.pos_ == "PRON" and (
                    person or (candidate.lower_ in PERSON_PRONOUNS and candidate.i < token.i)):
                # "he brokered its buyout of Instagram": the organisation the person acts for
                acting_for = _affiliation(candidate, context) if person else _antecedent(candidate, context)
                if acting_for and fold(acting_for) not in context.people:
                    return acting_for
                continue
            if wanted_person or person:
                continue
            country_word = entity is not None and entity.label_ == "GPE" and (
                token.pos_ == "PRON" or fold(clean_name(entity.text)) not in lexicon.words("places"))
            if entity is not None and (entity.label_ in ("ORG", PERSON_LABEL) or country_word
                                       or has_legal_form(clean_name(entity.text))):
                # a company, a name the people step did not keep, a country for "it"
                return clean_name(_whole_name(entity).text)
            if entity is None and candidate.tag_ in PROPER_TAGS and _proper_name(candidate):
                return name
            if entity is None and candidate.tag_ not in PROPER_TAGS:
                # "pipeline operator Nordgas AS"; "the company ... it": the company's own antecedent
                named = _common_noun_party(candidate, "subject" if candidate.i < token.i else "object", context)
                if named:
                    return named
    if token.pos_ in ("PRON", "NOUN") and not wanted_person and context.previous is None:
        return context.topic  # "Last year it bought Ostra Data.", "The company was financed ..." opening a paragraph
    return None


def subject_organisation(span: Span, entities: dict[int, Span]) -> str | None:
    """The last organisation a sentence names as a subject ("Kelpie Robotics raised ..."), if any."""
    found = None
    for token in span:
        entity = entities.get(token.i)
        if token.dep_ in ("nsubj", "nsubjpass") and entity is not None and (
                entity.label_ == "ORG" or business_name(clean_name(entity.text))):
            found = clean_name(_whole_name(entity).text)
    return found


def _reports_on_itself(subject: Token, pronoun: Token) -> bool:
    """ "X said it would buy Y", "X announced that it had signed": "it" in the clause reported by X's own
    speech verb stands for X, however the model labelled X."""
    verb = pronoun.head
    for _ in range(4):
        if verb.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or verb.head == verb:
            break
        verb = verb.head
        if subject.head == verb and subject.dep_ in ("nsubj", "nsubjpass"):
            return verb.lemma_.casefold() in lexicon.words("speech_verbs")
    return False


def clean_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,;:()\"“”«»")
    if name.endswith(".") and not ABBREVIATION_END_RE.search(name):
        name = name[:-1]  # a sentence's full stop, not the dot of "U.S." or "N.V."
    name = LEADING_ARTICLE_RE.sub("", name)
    return TRAILING_POSSESSIVE_RE.sub("", name).strip()


def entity_map(doc: Doc, cache_by_doc: dict[int, dict[int, Span]]) -> dict[int, Span]:
    mapping = cache_by_doc.get(id(doc))
    if mapping is None:
        mapping = {token.i: entity for entity in doc.ents for token in entity}
        cache_by_doc[id(doc)] = mapping
    return mapping


def quoted_names(sentence: Sentence) -> list[tuple[int, int, str]]:
    """ 'JSC "Northern Shipyards"': a legal form and a quoted name, as one party."""
    return [(sentence.start + m.start(), sentence.start + m.end(), m.group(0)) for m in
            QUOTED_ORG_RE.finditer(sentence.text)]
