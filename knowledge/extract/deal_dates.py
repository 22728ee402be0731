"""When a deal was made: the date expression attached to the deal's verb or noun in the parse.

A date on the deal's own verb wins, then one on its noun ("the 2007 contract"), then one on a verb that
frames it ("plans to buy ... in 2024", "won a fight when X paid"), then one on the verb its noun is an
argument of ("given a boost by the cooperation in 2015"). Weekdays and bare months are read in the
tense of their verb. With none, the caller dates the deal by the page, as reported news.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Span, Token

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle
from knowledge.extract.deal_status import noun_kind
from knowledge.extract.syntax import VERB_POS, clause
from knowledge.facts import DateMention, Sentence
from knowledge.text.dates import DAYS_PER_WEEK, WEEKDAYS, find_dates

YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
SIMULTANEOUS_WORDS = frozenset({"when", "as", "while"})  # "X happened when Y paid": Y's payment dated by X
# Words that fix which side of the page date a relative date lies on: it is not read in the verb's tense.
DIRECTION_WORDS = lexicon.words("direction_words")


def sentence_dates(sentence: Sentence, span: Span, article: ParsedArticle) -> list[tuple[DateMention, Token]]:
    """Date expressions of the sentence with the token each hangs on (the root of its words)."""
    found = []
    for mention in find_dates(sentence.text, page_date=article.date):
        if not mention.value:
            continue
        words = article.parse.span(sentence.start + mention.start, sentence.start + mention.end)
        if words is not None and len(words):
            found.append((mention, words.root))
    return found


def noun_years(members: list[Token], entities: dict[int, Span]) -> list[tuple[DateMention, Token]]:
    """ "the 2007 contract", "Boeing's 2019 deal": a year the model labels as a date, modifying a deal noun."""
    found = []
    for member in members:
        if member.pos_ in VERB_POS:
            continue
        for child in member.children:
            entity = entities.get(child.i)
            if child.dep_ in ("nummod", "compound", "amod") and child.i < member.i and YEAR_RE.match(child.text) \
                    and entity is not None and entity.label_ == "DATE" and len(entity) == 1:
                found.append((DateMention(child.idx, child.idx + len(child.text), child.text, child.text), member))
    return found


def _attachment(token: Token, group: set[Token]) -> Token | None:
    """The predicate of the deal a date modifies, if any: up from the date to the first verb, through
    reduced relatives ("signed during the forum held on 7 May": signed), stopping at a deal noun."""
    current = token
    while True:
        if current in group:
            return current
        if current != token and (noun_kind(current) is not None or (
                current.pos_ in VERB_POS and current.dep_ != "acl")):
            return None  # another deal's noun, or a verb of another clause ("the ministry said on Friday")
        if current.head == current:
            return None
        current = current.head


def _frames(head: Token) -> list[Token]:
    """The verbs that date the head when it has no date of its own: those an xcomp chain hangs it on ("plans
    to produce": plans), the verb it is conjoined with ("last year pledged to be carbon-neutral and to buy
    vans"), and the verb of a clause it happens at the time of ("in 2014 the village won when Shell paid")."""
    frames = []
    current = head
    while current.head != current:
        when = current.dep_ == "advcl" and any(c.lower_ in SIMULTANEOUS_WORDS and c.dep_ in ("advmod", "mark")
                                               for c in current.children)
        if current.dep_ not in ("xcomp", "conj") and not when:
            break
        current = current.head
        frames.append(current)
    return frames


def deal_date(members: list[Token], head: Token, dates: list[tuple[DateMention, Token]],
              page_date: str | None) -> DateMention | None:
    """The date of the deal's verb (or of a verb framing it), else of its noun; a weekday or a bare month
    read in the tense of the verb it modifies ("will sign on Monday": the coming Monday)."""
    verbs = {m for m in members if m.pos_ in VERB_POS}
    frames = set(_frames(head)) - verbs
    nouns = {m for m in members if m.pos_ not in VERB_POS}
    by_verb = by_noun = by_frame = None
    for mention, root in dates:
        attached = _attachment(root, verbs | frames | nouns)
        if attached in verbs and by_verb is None:
            by_verb = _in_tense(mention, clause(attached).time, page_date)
        elif attached in frames and by_frame is None:
            by_frame = _in_tense(mention, clause(attached).time, page_date)
        elif attached in nouns and by_noun is None:
            by_noun = mention
    return by_verb or by_noun or by_frame or _date_after_noun(nouns, dates) or _governing_date(nouns, dates)


def _date_after_noun(nouns: set[Token], dates: list[tuple[DateMention, Token]]) -> DateMention | None:
    """ "a voice in deals like its acquisition of Y in 2006": a date right after a deal noun's phrase that
    the parser hung on a word above it (not another deal's noun) dates the deal."""
    for noun in nouns:
        for mention, root in dates:
            if root.dep_ == "prep" and root.i == noun.right_edge.i + 1 and root.head.is_ancestor(noun) \
                    and root.head not in nouns and noun_kind(root.head) is None:
                return mention
    return None


def _governing_date(nouns: set[Token], dates: list[tuple[DateMention, Token]]) -> DateMention | None:
    """A deal named only by its noun takes the date of the verb the noun is an argument of, when that verb
    reports something that happened ("is given a boost by the cooperation with X in 2015"), not a plan."""
    for noun in nouns:
        verb = noun.head
        if noun.dep_ == "pobj" and verb.dep_ in ("prep", "agent"):
            verb = verb.head
            if verb.pos_ not in VERB_POS and verb.dep_ in ("dobj", "attr"):
                verb = verb.head  # "given a boost by the cooperation"
        elif noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
            continue
        if verb.pos_ not in VERB_POS or verb in nouns:
            continue
        grammar = clause(verb)
        if grammar.time == "future" or grammar.modal or grammar.intent or grammar.negated:
            continue
        for mention, root in dates:
            if _attachment(root, {verb}) == verb:
                return mention
    return None


def _in_tense(mention: DateMention, time: str, page_date: str | None) -> DateMention:
    """A weekday or month named without "last"/"next", moved to the side of the page date its verb's tense
    puts it on: "signed in June" on a May page is last June, "will sign on Monday" the coming Monday."""
    value = mention.value
    if not (mention.relative and value and page_date) or DIRECTION_WORDS & set(mention.text.casefold().split()):
        return mention
    page = page_date[:len(value)]
    step = -1 if time == "past" and value > page else 1 if time == "future" and value < page else 0
    if not step:
        return mention
    if WEEKDAYS.keys() & set(mention.text.casefold().replace(",", " ").split()):
        moved = (date.fromisoformat(value) + timedelta(days=DAYS_PER_WEEK * step)).isoformat()
    elif len(value) in (len("2024-05"), len("2024-05-03")):  # "in June", "on June 1": that month a year over
        moved = f"{int(value[:4]) + step:04d}{value[4:]}"
    else:
        return mention
    return replace(mention, value=moved)


def before_page_year(mention: DateMention | None, page_date: str | None) -> bool:
    return bool(mention and mention.value and page_date and mention.value[:4] < page_date[:4])
