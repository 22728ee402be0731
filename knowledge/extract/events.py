"""Dated events: clauses that state when something happened or will happen.

A date belongs to the verb it modifies in the parse (:func:`knowledge.extract.syntax.clause_verb`),
and the event is that verb's clause: "X signed the deal in 2016 and will open the plant next year"
gives two events, each with its own date. A relative date is resolved against the page date and the
tense of its clause (:mod:`knowledge.text.dates`): "met on Tuesday" looks back, "will vote on Tuesday"
ahead; "the next day" counts from the date named just before. The snippet is the sentence; ``what``
is the sentence when it holds one event, else the event's own clause.

A clause that reports an action without a date of its own ("X announced ...") takes the page's date,
as news event coders do, with no date text, but only for an action the article states as done or
under way: not a quote's words, not a hypothetical ("if", "would"), not a denial, not a heading or a
list item, and not an action inside a dated clause (it happened before that date, not on the page's).
A dated sentence that introduces a list ("In 2024, enterprises produced:") gives one event per item.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle, component
from knowledge.extract.quotes import find_quote_spans
from knowledge.extract.syntax import clause, clause_verb, gapped_clauses, is_intent_word, noun_phrase, subjects
from knowledge.facts import DateMention, EventFact, Sentence
from knowledge.text.dates import Tense, find_date_expressions
from knowledge.text.sentences import list_items_after

MAX_WHAT_CHARS = 400
OPENING_QUOTES = "“\"«‘"
# Words around a clause that do not belong to what happened ("and", "that", "because", commas).
EDGE_DEPS = frozenset({"cc", "mark", "punct", "prep"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
RELATIVE_PRONOUN_TAGS = frozenset({"WDT", "WP"})
NO_PAGE_DATE_BLOCKS = frozenset({"heading", "list_item"})
ANCHOR_REACH = 2  # "the next day" counts from a date of its own sentence or of the two before
MIN_WORDS_BESIDE_DATE = 2  # a line that is only a date ("June 13, 2005") is no event


@dataclass(frozen=True)
class DatedClause:
    """A date expression and the verb it modifies (None in a sentence with no verb above it)."""

    sentence: Sentence
    verb: Token | None
    mention: DateMention  # offsets into the article text
    first_token: int  # index of the date's first token in the parse
    direct: bool = True  # the date's words hang on the verb itself, not inside one of its noun phrases
    part: int = 0  # which of the verb's gapped clauses holds the date ("X in 2020 and Y in 2023": 0, 1)


def date_mentions(article: ParsedArticle) -> list[DateMention]:
    """Every date expression of the article, resolved with its clause's tense, with article offsets."""
    mentions = {(d.mention.start, d.mention.end): d.mention for _, dates in _dated_clauses(article) for d in dates}
    return list(mentions.values())  # a date shared by a "when" clause is one mention


def _dated_clauses(article: ParsedArticle) -> Iterable[tuple[tuple[Sentence, Span], list[DatedClause]]]:
    """Each parsed sentence with its dates, in order; an anchored date counts from the one named before."""
    named: list[tuple[int, str]] = []  # (sentence number, value) of the dates read so far
    for number, (sentence, span) in enumerate(article.parsed_sentences()):
        found: list[DatedClause] = []
        absolute: str | None = None  # the last date of this sentence that needs no page date
        for expression in find_date_expressions(sentence.text):
            anchor = named[-1][1] if named and number - named[-1][0] <= ANCHOR_REACH else None
            start, end = sentence.start + expression.start, sentence.start + expression.end
            tokens = article.parse.span(start, end)
            verb = _governing_verb(tokens) if tokens is not None else None
            tense = date_tense(verb) if verb is not None else None
            resolved = expression.resolve(article.date, tense=tense, anchor=anchor, sentence_date=absolute)
            mention = DateMention(start, end, resolved.text, resolved.value, resolved.relative)
            first = tokens.start if tokens is not None else -1
            direct = tokens is not None and verb is not None and tokens.root.head == verb
            gaps = gapped_clauses(verb) if verb is not None else []
            if tokens is not None and tokens.root.dep_ == "prep" and tokens.root.head.i in gaps:
                direct = True  # "and farm output in 2035": the date of the gapped clause the noun heads
            part = bisect_right(gaps, first) if direct else 0
            found.append(DatedClause(sentence, verb, mention, first, direct, part))
            found.extend(DatedClause(sentence, clause_of, mention, first) for clause_of in _when_clauses(tokens))
            if resolved.value:
                named.append((number, resolved.value))
                absolute = resolved.value if not resolved.relative else absolute
        yield (sentence, span), found


def _when_clauses(tokens: Span | None) -> list[Token]:
    """Clauses that hang on a date with "when": "in 1884, when Bismarck hosted the conference" (in 1884)."""
    if tokens is None:
        return []
    return [c for t in tokens for c in t.children if c.dep_ == "relcl" and c.pos_ in ("VERB", "AUX")
            and any(w.dep_ == "advmod" and w.lower_ == "when" for w in c.children)]


def _governing_verb(tokens: Span) -> Token | None:
    """The verb a date's words modify: the clause verb above the date, never one of its own words."""
    verb = clause_verb(tokens.root)
    while verb is not None and tokens.start <= verb.i < tokens.end:
        verb = clause_verb(verb.head) if verb.head != verb else None
    return verb


def date_tense(verb: Token) -> Tense:
    """The time of what a clause's date is the date of, seen from the page.

    The clause's own time; but "a hearing has been scheduled for June 3" dates the hearing, ahead of the page.
    """
    found = clause(verb)
    if is_intent_word(verb) and (found.passive or verb.dep_ in ("acl", "relcl")):
        return "future"
    return found.time


def _best_per_verb(dates: list[DatedClause]) -> list[DatedClause]:
    """One date per verb, in text order: one that modifies the verb itself before one inside a noun phrase
    ("the 1953 team ... died last June": died last June), then the most precise, then the first.

    A relative date that disagrees with an absolute one of the same verb is a misreading and is dropped
    ("that January day in 2011" is not this January).
    """
    by_verb: dict[int | None, list[DatedClause]] = {}
    for dated in dates:
        by_verb.setdefault(dated.verb.i if dated.verb is not None else None, []).append(dated)
    groups: list[list[DatedClause]] = []
    for group in by_verb.values():
        parts = {d.part for d in group if d.direct}
        if len(parts) < 2:  # one dated clause: a date inside a gapped object is no clause of its own
            groups.append([replace(d, part=0) for d in group])
            continue
        for part in sorted(parts):
            groups.append([d for d in group if d.part == part])
    best = []
    for group in groups:
        absolute = [d.mention.value for d in group if d.mention.value and not d.mention.relative and d.direct]
        kept = [d for d in group if not (d.mention.relative and d.mention.value and absolute
                                         and not any(_agree(d.mention.value, a) for a in absolute))]
        best.append(max(kept, key=lambda d: (d.direct, len(d.mention.value or ""), -d.mention.start)))
    return sorted(best, key=lambda d: d.mention.start)


def _agree(one: str, other: str) -> bool:
    return one.startswith(other) or other.startswith(one)


def _shared_dates(chosen: list[DatedClause]) -> list[DatedClause]:
    """Coordinated verbs with no date of their own share a date put in front of the first one.

    "On Monday, Asian markets resumed their slide, and the Nikkei fell": the Nikkei fell on Monday too.
    """
    dated = {d.verb.i for d in chosen if d.verb is not None}
    shared: list[DatedClause] = []
    for d in chosen:
        if d.verb is None or d.first_token > d.verb.i:
            continue
        time = clause(d.verb).time
        for conjunct in d.verb.conjuncts:
            if conjunct.i > d.verb.i and conjunct.i not in dated and conjunct.pos_ in ("VERB", "AUX") \
                    and clause(conjunct).time == time:
                shared.append(DatedClause(d.sentence, conjunct, d.mention, d.first_token))
    return sorted(chosen + shared, key=lambda d: (d.mention.start, d.verb.i if d.verb is not None else -1))


def _what(sentence: Sentence) -> str:
    what = sentence.text.strip().lstrip(OPENING_QUOTES)
    return what if len(what) <= MAX_WHAT_CHARS else what[:MAX_WHAT_CHARS].rsplit(" ", 1)[0] + "…"


def clause_text(verb: Token, part: int | None = None) -> str:
    """The verb's own clause as a reader would say it: its words without the clauses coordinated with it,
    with the subject it shares ("... and will open the plant" -> "X will open the plant"). With ``part``,
    one of its gapped clauses with the verb's subject and verb ("X will overtake Y in 2023")."""
    dropped = {t.i for child in verb.children if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")
               for t in child.subtree}
    dropped |= {child.i for child in verb.children if child.dep_ == "cc"}
    if part is not None:
        gaps = gapped_clauses(verb)
        dropped |= {t.i for child in verb.children if child.i > verb.i and bisect_right(gaps, child.i) != part
                    for t in child.subtree}
    kept = sorted((t for t in verb.subtree if t.i not in dropped), key=lambda t: t.i)
    while kept and (kept[0].dep_ in EDGE_DEPS - {"prep"} or kept[0].is_punct or _is_to(kept[0])
                    or kept[0].tag_ == "WRB"):
        kept.pop(0)
    while kept and (kept[-1].dep_ in EDGE_DEPS or kept[-1].is_punct):
        kept.pop()
    text = _joined(kept)
    subject = _outside_subject(verb, kept)
    if subject:
        text = f"{subject} {text}"
    return _what(Sentence(0, len(text), text))


def _is_to(token: Token) -> bool:
    return token.dep_ == "aux" and token.lower_ == "to"


def _joined(tokens: list[Token]) -> str:
    """The tokens' words with their own spacing, and one space where words between them were left out."""
    parts: list[str] = []
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        parts.append(token.text)
        if following is not None:
            parts.append(token.whitespace_ if following.i == token.i + 1 else " ")
    return "".join(parts).strip()


def _outside_subject(verb: Token, kept: list[Token]) -> str | None:
    """The subject phrase a clause shares with another one, when its own words do not name it."""
    if verb.dep_ == "relcl" and kept and kept[0].tag_ in RELATIVE_PRONOUN_TAGS:
        return noun_phrase(verb.head).text  # "which was founded in 1990": the company was
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head.text  # "lows not seen since 1982"
    own = {t.i for t in kept}
    found = subjects(verb)
    if found and found[0].i not in own and found[0].tag_ not in RELATIVE_PRONOUN_TAGS:
        return noun_phrase(found[0]).text
    return None


def _only_a_date(sentence: Sentence, mention: DateMention) -> bool:
    rest = sentence.text[:mention.start - sentence.start] + sentence.text[mention.end - sentence.start:]
    return sum(any(c.isalpha() for c in word) for word in rest.split()) < MIN_WORDS_BESIDE_DATE


class _Quoted:
    """Offsets inside quotation marks: a quote's words report speech, not the article's own account."""

    def __init__(self, text: str):
        spans = find_quote_spans(text)
        self._starts = [s.start for s in spans]
        self._ends = [s.end for s in spans]

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]


def _is_reported_action(verb: Token, article: ParsedArticle, quoted: _Quoted, dated_verbs: set[int]) -> bool:
    """An action the article states as done or under way, in its own voice, with no date of its own."""
    if verb.pos_ != "VERB" or not _names_an_action(verb) or verb.i in dated_verbs:
        return False
    if any(a.i in dated_verbs for a in verb.ancestors):
        return False  # "said on Monday the firm had signed": signed before Monday, not on the page's date
    if any(c.i in dated_verbs and _completes(c) for c in verb.children):
        return False  # "agreed to sell it in October", "kept markets closed until Friday": the date is theirs too
    found = clause(verb)
    if found.modal or found.intent or found.negated:
        return False
    if found.time != "past" and not (found.time == "present" and (found.progressive or found.perfect)):
        return False  # "has ruled", "is holding": done or under way as the page tells it
    if found.perfect and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children):
        return False  # "had signed": before the time the story tells of, not on the page's date
    if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in verb.children):
        return False
    offset = article.parse.offset(verb)
    return offset not in quoted and article.block_kind(offset) not in NO_PAGE_DATE_BLOCKS


def _completes(child: Token) -> bool:
    """A complement that is part of its verb's event: an infinitive or a clause with no tense of its own."""
    if child.dep_ in ("xcomp", "oprd"):
        return True
    return child.dep_ == "ccomp" and child.tag_ in ("VB", "VBN", "VBG") and not any(
        c.dep_ in ("aux", "auxpass") for c in child.children)


def _names_an_action(verb: Token) -> bool:
    actions = lexicon.words("reported_actions")
    lemma = verb.lemma_.casefold()
    particles = [c.lower_ for c in verb.children if c.dep_ in ("prt", "dobj")]
    return lemma in actions or any(f"{lemma} {p}" in actions for p in particles)


def _list_events(text: str, intro: Sentence, dates: list[DatedClause]) -> list[EventFact]:
    dated = [d.mention for d in dates if d.mention.value]
    if not dated:
        return []
    mention = max(dated, key=lambda m: len(m.value or ""))
    return [EventFact(what=f"{intro.text.rstrip(': ')}: {item}", date=mention.value, date_text=mention.text,
                      start=start, end=end)
            for start, end, item in list_items_after(text, intro)]


def extract_events(article: ParsedArticle) -> list[EventFact]:
    """One event per dated clause, plus the article's reported actions at the page date (rules above)."""
    quoted = _Quoted(article.text)
    events: list[EventFact] = []
    for (sentence, span), dates in _dated_clauses(article):
        if sentence.text.rstrip().endswith(":"):
            events.extend(_list_events(article.text, sentence, dates))
        chosen = _shared_dates([d for d in _best_per_verb(dates) if not _only_a_date(sentence, d.mention)])
        dated_verbs = {d.verb.i for d in chosen if d.verb is not None}
        actions = [t for t in span if _is_reported_action(t, article, quoted, dated_verbs)] if article.date else []
        several = len(chosen) + (len(actions) if chosen else min(len(actions), 1)) > 1
        for dated in chosen:
            gapped = dated.part > 0 or any(d.verb == dated.verb and d.part > 0 for d in chosen)
            what = clause_text(dated.verb, dated.part if gapped else None) if several and dated.verb is not None \
                else _what(sentence)
            events.append(EventFact(what=what, date=dated.mention.value, date_text=dated.mention.text,
                                    start=sentence.start, end=sentence.end))
        for verb in actions if chosen else actions[:1]:
            events.append(EventFact(what=clause_text(verb) if several else _what(sentence), date=article.date,
                                    date_text=None, start=sentence.start, end=sentence.end))
    return events


@component("events", writes="events")
def events_component(article: ParsedArticle) -> list[EventFact]:
    return extract_events(article)
