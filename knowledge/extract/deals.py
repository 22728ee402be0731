"""Deals: agreements, memoranda, contracts, joint production, cooperation, purchases, negotiations.

A sentence is a deal when it holds a deal word; its parties are the organisations and countries
named in it (model entities, quoted company names, "the company X"), its status comes from the verb
and tense, its date from the sentence or else the page. A list that a deal sentence introduces
("cooperating with:" then one partner per item) gives one deal per partner. A sentence that only
points back ("signed the corresponding agreement") completes the deal of the sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle, component
from knowledge.extract.parse import NamedSpan
from knowledge.facts import DealFact, Sentence
from knowledge.text.countries import country_of
from knowledge.text.dates import find_dates
from knowledge.text.names import fold
from knowledge.text.sentences import list_items_after

DEAL_WORD_RE = re.compile(
    r"\b(?:agreements?|memorand(?:um|a)|contracts?|deals?|treaty|treaties|accords?|declaration|"
    r"joint(?:ly)?\s+(?:\w+\s+){0,3}?(?:produc\w*|ventures?|manufactur\w*|develop\w*)|co-?produc\w*|"
    r"partnerships?|cooperat\w*|co-operat\w*|collaborat\w*|negotiat\w*|purchas\w*|procure\w*|acquisition|"
    r"acquir\w*|licen[cs]e|localization\s+of\s+production|localisation\s+of\s+production|"
    r"industrial\s+ecosystem|joint\s+enterprise|plant\s+in|agreed\s+(?:on|with|to\s+(?:buy|sell|supply|build|"
    r"produce|develop|jointly|create|establish|set\s+up))|(?:letters?|statements?)\s+of\s+intent|"
    r"orders?\s+(?:for|from|by|of|worth|with)|ordered|takeovers?|mergers?|buyouts?|"
    r"(?:working|works|worked|work)\s+with\b[^.;]{0,80}?\bto\s+"
    r"(?:set\s+up|build|produce|develop|create|establish|make|launch)|(?:awarded|won|wins|secured)\s+(?:\S+\s+){0,4}?"
    r"(?:contract|order|tender|deal)s?)\b",
    re.I,
)
STATUS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Intent before the deal verb outranks the verb itself: "plans to sign" is planned, not signed.
    ("planned", re.compile(r"\b(?:yet\s+to\s+be|not\s+yet(?:\s+been)?|(?:has|have|had|was|were|did)\s+not"
                           r"(?:\s+been)?)\s+(?:\w+\s+)?(?:signed|concluded|agreed|sign|conclude|agree)\b", re.I)),
    ("planned", re.compile(r"\b(?:will|would|shall|plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|"
                           r"expects?\s+to|expected\s+to|aims?\s+to|is\s+set\s+to|are\s+set\s+to|"
                           r"(?:is|are)\s+going\s+to|ready\s+to|could|may|might|hopes?\s+to)\s+"
                           r"(?:\w+\s+){0,2}?(?:sign(?:ed)?|conclude[d]?|agree[d]?|ink(?:ed)?|seal(?:ed)?)\b", re.I)),
    ("planned", re.compile(r"\b(?:working|works|worked|work)\s+with\b[^.;]{0,80}?\bto\s+(?:set\s+up|build|produce|"
                           r"develop|create|establish|make|launch)\b", re.I)),
    ("signed", re.compile(r"\b(?:signed|signs|inked|concluded|sealed|awarded|signing\s+(?:of|ceremony)|won|wins|"
                          r"secured|entered\s+into|(?:has|have)\s+entered|firm\s+orders?|firmed|finali[sz]ed|"
                          r"placed\s+(?:an?\s+|the\s+)?(?:\S+\s+){0,3}?orders?|(?:landed|clinched|bagged|"
                          r"received|won)\s+(?:an?\s+|the\s+)?(?:\S+\s+){0,3}?(?:orders?|contracts?))\b", re.I)),
    ("negotiating", re.compile(r"\b(?:negotiat\w*|in\s+talks|holding\s+talks|conducting\s+talks)\b", re.I)),
    ("agreed", re.compile(r"\b(?:agreed|agrees|reached\s+an?\s+agreement|struck\s+(?:a|the)\s+(?:\w+\s+)?deal|"
                          r"(?:have|has|had)\s+decided\s+(?:on|to))\b", re.I)),
    ("ongoing", re.compile(r"\b(?:(?:is|are)\s+(?:already\s+)?(?:cooperat|collaborat|produc|work)\w*|"
                           r"cooperates|collaborates|began\s+to\s+produce|started\s+produc\w*|"
                           r"already\s+(?:cooperat|produc)\w*|continu\w+\s+to)\b", re.I)),
    ("planned", re.compile(r"\b(?:plans?|planned|planning|will|would|intends?|intend|aims?\s+to|is\s+set\s+to|"
                           r"are\s+set\s+to|expects?\s+to|going\s+to|to\s+establish|preparing)\b", re.I)),
    ("announced", re.compile(r"\bannounc\w*\b", re.I)),
    ("discussed", re.compile(r"\b(?:discuss\w*|talks?\s+about|consider\w*)\b", re.I)),
)
PARTY_LABELS = frozenset({"ORG", "GPE", "PROPN"})
DEFINITE_ACTOR_RE = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+\s+){0,2}?(?:company|contractor|group|firm|concern|manufacturer|maker|"
    r"producer|carrier|airline|operator|giant|corporation|conglomerate|enterprise|startup|bank|government|"
    r"ministry)\b", re.I)
LEADING_ACTOR_CHARS = 12
OPENING_REFERENCE_CHARS = 4  # "The agreement" at the very start; "According to the agreement" is not
PAIR_RE = re.compile(r"(?P<a>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})\s+and\s+"
                     r"(?P<b>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})")
NON_PARTY_WORDS_RE = re.compile(
    r"\b(?:conference|summit|forum|exhibition|expo|show|fair|dialogue|edition|intent|understanding|mou|loi)\b", re.I)
CURRENCY_CODES = frozenset({"uah", "usd", "eur", "gbp", "rub", "pln", "chf", "jpy", "cny",
                            # and other upper-case words that are things, not parties
                            "lng", "lpg", "mtpa", "mpta", "fob", "cif", "gw", "mw", "gwh", "mwh", "ev", "gdp",
                            "ipo", "ceo", "uav", "uavs", "fpv", "r&d", "ai"})
LOCATION_BEFORE_RE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?$")
# "an agreement with X": a name the model took for a person is a counterpart unless the people step kept it.
COUNTERPART_LABELS = frozenset({"PERSON", "PRODUCT", "FAC", "LOC", "WORK_OF_ART", "EVENT"})
COUNTERPART_BEFORE_RE = re.compile(r"\b(?:with|between|and)\s+$")
STATUS_RANK = {status: rank for rank, status in enumerate(
    ("announced", "discussed", "planned", "negotiating", "ongoing", "agreed", "signed"))}
SOURCE_TAG_RE = re.compile(r"^\s*\((?:MENAFN-?\s*)?[^()\n]{2,40}\)\s*")
PLATFORMS = frozenset({"facebook", "telegram", "x", "twitter", "instagram", "youtube", "linkedin", "tiktok",
                       "truth social", "threads", "whatsapp", "signal"})
NATIONALITY_RE = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ic)$")
DATELINE_RE = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:,[^\n]{0,60}?)?\s*(?:\([^()\n]{1,30}\)|/[^/\n]{2,30}/)\s*[-–—]+\s*")
NOT_PARTY_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec reuters
    ap afp bloomberg""".split()
)
QUOTED_ORG_RE = re.compile(
    r"\b(?P<form>JSC|PJSC|OJSC|SE|LLC|JV|the\s+state\s+enterprise|state\s+enterprise|state\s+company|"
    r"company|concern)\s+(?P<q>[“\"«](?P<name>[^”\"»\n]{2,60})[”\"»])")
DESCRIBED_ORG_RE = re.compile(
    r"\b(?:company|concern|firm|manufacturer|maker|producer|group|giant|corporation|holding|conglomerate|"
    r"operator|supplier|utility|developer|provider|retailer|lender|insurer|carrier|airline|automaker|"
    r"carmaker|planemaker|shipbuilder|contractor|startup)"
    r"\s+(?P<name>(?:[A-Z][\w&.\-]*(?:\s+|$)){1,4})")
GOVERNMENT_RE = re.compile(r"(?<!\w)(?P<name>(?:[A-Z][\w.’'\-]+\s+){1,3}(?:government|cabinet|parliament|"
                           r"ministry|authorities|army|navy|air\s+force))\b")
REPRESENTATIVE_RE = re.compile(
    r"\b(?P<adjective>[A-Z][a-z]+)\s+(?:(?:[A-Z][a-z]+|deputy|foreign|defen[cs]e|prime|economy|trade|energy)\s+){0,2}"
    r"(?:counterpart|minister|president|prime\s+minister|premier|chancellor|delegation|side|"
    r"officials|ambassador|leader|Minister|President|Chancellor|Ambassador)\b")
COUNT_PARTY_RE = re.compile(r"\b(?P<name>\d[\d,]*\s+(?:\w+\s+)?(?:companies|countries|firms|manufacturers|"
                            r"enterprises|states|nations|producers))\b")
NAMED_PARTY_PATTERNS = (DESCRIBED_ORG_RE, GOVERNMENT_RE, COUNT_PARTY_RE)
BACK_REFERENCE_RE = re.compile(
    r"\b(?:the|this|that|these)\s+(?:corresponding\s+|relevant\s+|respective\s+)?"
    r"(?:agreement|deal|contract|memorandum|declaration|document)\b", re.I)
ABBREVIATION_END_RE = re.compile(r"(?:^|\s|\.)[A-Z]\.$")
MAX_WHAT_CHARS = 160
NOT_PARTIES = frozenset({"nato standards", "the first batch"})


def deal_status(sentence: str) -> str:
    for status, pattern in STATUS_RULES:
        if pattern.search(sentence):
            return status
    return "announced"


def _clean_party(name: str) -> str:
    name = name.strip(" ,;:")
    if name.endswith(".") and not ABBREVIATION_END_RE.search(name):
        name = name[:-1]
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
    name = re.sub(r"[’']s$", "", name)
    return name.strip()


def _parties(sentence: Sentence, text: str, entities: Iterable[NamedSpan], people_names: set[str]) -> list[str]:
    found: list[tuple[int, str]] = []
    for match in QUOTED_ORG_RE.finditer(sentence.text):
        found.append((match.start(), sentence.text[match.start():match.end()].strip()))
    dateline = DATELINE_RE.match(sentence.text) or SOURCE_TAG_RE.match(sentence.text)
    body_start = sentence.start + (dateline.end() if dateline else 0)
    located: set[str] = set()
    for ent in entities:
        before = text[max(0, ent.start - 8):ent.start]
        counterpart = (ent.label in COUNTERPART_LABELS and COUNTERPART_BEFORE_RE.search(before)) or (
            ent.label == "PERSON" and fold(_clean_party(ent.text)) not in people_names)
        if (ent.label in PARTY_LABELS or counterpart) and body_start <= ent.start < sentence.end and _party_like(ent):
            for offset, part in _split_pair(ent.text):
                found.append((ent.start - sentence.start + offset, part))
            if LOCATION_BEFORE_RE.search(text[max(0, ent.start - 6):ent.start]):
                located.add(fold(_clean_party(ent.text)))
    for match in REPRESENTATIVE_RE.finditer(sentence.text):
        # "his Danish counterpart", "Ukrainian Defence Minister X": a minister signs for a country.
        country = country_of(match["adjective"])
        if country:
            found.append((match.start(), country))
    for pattern in NAMED_PARTY_PATTERNS:  # "the company X", "the Slovak government", "13 defense companies"
        found.extend((m.start("name"), m.group("name")) for m in pattern.finditer(sentence.text))
    parties: list[str] = []
    seen: set[str] = set()
    for _, raw in sorted(found, key=lambda item: (item[0], -len(item[1]))):
        name = _strip_person_tail(_clean_party(raw), people_names)
        key = fold(name)
        if key in PLATFORMS or key in CURRENCY_CODES or NATIONALITY_RE.match(name) or NON_PARTY_WORDS_RE.search(name):
            continue
        if name[0].isdigit() and not COUNT_PARTY_RE.fullmatch(name):
            continue
        if not name or key in seen or key in people_names or key in NOT_PARTIES:
            continue
        if any(key in s or s in key for s in seen):
            continue  # "Rheinmetall" inside "the German concern Rheinmetall" already taken
        seen.add(key)
        parties.append(name)
    # "signed ... in Berlin": a city or country after "in" is where, not who, unless nobody else is named.
    who = [p for p in parties if fold(p) not in located]
    return who or parties


def _split_pair(name: str) -> list[tuple[int, str]]:
    """ "Eni and Sonatrach" -> two parties; "Ministry of Economy, Trade and Industry" stays one."""
    match = PAIR_RE.fullmatch(name)
    if not match or " of " in name or "," in name or " " in match["a"] or " " in match["b"]:
        return [(0, name)]  # "General Dynamics Ordnance and Tactical Systems" is one company
    return [(match.start("a"), match["a"]), (match.start("b"), match["b"])]


def _strip_person_tail(name: str, people_names: set[str]) -> str:
    """ "Strategic Industries Oleksandr Kamyshyn" -> "Strategic Industries": the model ran an org into a name."""
    words = name.split()
    for size in (3, 2):
        if len(words) > size and fold(" ".join(words[-size:])) in people_names:
            return " ".join(words[:-size])
    return name


def _party_like(ent: NamedSpan) -> bool:
    """Proper-noun runs count only when they look like a name: not a weekday, month or single title word."""
    words = ent.text.split()
    if not words or all(w.casefold().strip(".,") in NOT_PARTY_WORDS for w in words):
        return False
    lowered = [w.casefold().strip(".,") for w in words]
    if len(words) == 1 and lowered[0] in lexicon.words("organisation_words") | lexicon.words("title_heads"):
        return False  # "Defence", "Ministry": a word of a name, not a name
    if ent.label == "PROPN":
        return not any(w in lexicon.words("title_heads") for w in lowered) and any(c.isalpha() for c in ent.text)
    return True


def _what(sentence: str) -> str:
    match = DEAL_WORD_RE.search(sentence)
    verb = None
    for _status, pattern in STATUS_RULES:
        verb = pattern.search(sentence)
        if verb:
            break
    start = min(m.start() for m in (match, verb) if m is not None) if (match or verb) else 0
    what = sentence[start:].strip().rstrip(".:;")
    return what if len(what) <= MAX_WHAT_CHARS else what[:MAX_WHAT_CHARS].rsplit(" ", 1)[0] + "…"


def _date(sentence: Sentence, page_date: str | None) -> tuple[str | None, str | None]:
    for mention in find_dates(sentence.text, page_date=page_date):
        if mention.value:
            return mention.value, mention.text
    return page_date, None


def extract_deals(text: str, sentences: list[Sentence], entities: list[NamedSpan], *, page_date: str | None,
                  people_names: set[str]) -> list[DealFact]:
    """Deals of one article, best-effort parties, verb-derived status, and dates."""
    deals: list[DealFact] = []
    previous: tuple[Sentence, DealFact] | None = None
    before: Sentence | None = None  # the sentence before, for "The company ... signed"
    for sentence in sentences:
        completes = previous is not None and _completes_previous(sentence.text)
        if not DEAL_WORD_RE.search(sentence.text) and not completes:
            previous, before = None, sentence
            continue
        status = deal_status(sentence.text)
        date, date_text = _date(sentence, page_date)
        parties = _parties(sentence, text, entities, people_names)
        items = list_items_after(text, sentence)
        if items:
            for _start, _end, item in items:
                partner = _clean_party(re.sub(r"^(?:and|or)\s+", "", item, flags=re.I))
                if partner:
                    deals.append(DealFact(parties=[*parties, partner], what=f"{_what(sentence.text)} {partner}",
                                          status=status, date=date, date_text=date_text,
                                          start=sentence.start, end=sentence.end))
            previous, before = None, sentence
            continue
        if completes and previous is not None and (
                _opens_with_reference(sentence.text) or _only_countries(parties, entities, sentence)
                or not DEAL_WORD_RE.search(sentence.text)):
            # "Ukraine and Poland signed the corresponding agreement on April 5": the deal before, completed.
            prev_sentence, prev_deal = previous
            if prev_deal in deals:
                deals.remove(prev_deal)
            merged = list(dict.fromkeys([*prev_deal.parties, *parties]))
            status = max(status, prev_deal.status, key=STATUS_RANK.__getitem__)
            if prev_deal.date_text is not None and date_text is None:
                date, date_text = prev_deal.date, prev_deal.date_text
            deals.append(DealFact(parties=merged, what=prev_deal.what, status=status, date=date,
                                  date_text=date_text, start=prev_sentence.start, end=sentence.end))
            previous, before = None, sentence
            continue
        start = sentence.start
        actor = DEFINITE_ACTOR_RE.search(sentence.text)
        if actor and before is not None and (not parties or actor.start() < LEADING_ACTOR_CHARS) \
                and _same_paragraph(text, before, sentence):
            # "Rheinmetall plans a plant. The German contractor and a partner signed a letter of intent."
            earlier = _parties(before, text, entities, people_names)
            if earlier:
                parties = list(dict.fromkeys([*earlier, *parties]))
                start = before.start
        if not parties:
            previous, before = None, sentence
            continue
        deal = DealFact(parties=parties, what=_what(sentence.text), status=status, date=date,
                        date_text=date_text, start=start, end=sentence.end)
        deals.append(deal)
        previous, before = (sentence, deal), sentence
    return deals


def _completes_previous(sentence: str) -> bool:
    """A sentence about the deal before it: it opens with "The agreement ..." or reports its signing."""
    if _opens_with_reference(sentence):
        return True
    return bool(BACK_REFERENCE_RE.search(sentence)) and deal_status(sentence) in ("signed", "agreed", "negotiating")


def _opens_with_reference(sentence: str) -> bool:
    """ "The agreement, signed during ...", "This memorandum will ...": the deal just named is the subject."""
    match = BACK_REFERENCE_RE.search(sentence)
    return match is not None and match.start() <= OPENING_REFERENCE_CHARS


def _same_paragraph(text: str, first: Sentence, second: Sentence) -> bool:
    return "\n" not in text[first.end:second.start]


def _only_countries(parties: list[str], entities: list[NamedSpan], sentence: Sentence) -> bool:
    labels = {fold(_clean_party(e.text)): e.label for e in entities if sentence.start <= e.start < sentence.end}
    return all(labels.get(fold(p)) == "GPE" for p in parties)


@component("deals", writes="deals")
def deals_component(article: ParsedArticle) -> list[DealFact]:
    people_names = {fold(alias) for person in article.facts.people for alias in person.aliases}
    return extract_deals(article.text, article.sentences, article.entities, page_date=article.date,
                         people_names=people_names)


@component("organisations", writes="organisations")
def organisations_component(article: ParsedArticle) -> list[str]:
    """The organisations the article's facts name (deal parties), for entity resolution."""
    return sorted({party for deal in article.facts.deals for party in deal.parties})
