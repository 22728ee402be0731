"""Direct quotes and who said them.

Quote marks are paired across sentences and across paragraphs (a quote that runs on opens each new
paragraph with a quote mark and closes only at its end). The speaker comes from the attribution
next to the quote: ``"...," X said``, ``said X``, ``X said: "..."``, ``"...," he said`` (the nearest
person before), ``the minister noted`` (the person in this article with that role). A quote with no
attribution we can read is dropped rather than given a guessed speaker.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from knowledge.extract.article import ParsedArticle, component
from knowledge.extract.people import PersonMention, looks_like_name
from knowledge.facts import PersonFact, QuoteFact, Sentence
from knowledge.text.names import fold, name_word_keys, roles_match, same_person
from knowledge.text.sentences import paragraph_spans

OPENERS = "“«„"
CLOSERS = "”»“"
MIN_QUOTE_WORDS = 4
MAX_CONTINUATION_GAP = 80
SPEECH_VERBS = (
    r"quoted\s+as\s+saying|said|says|say|told|tells|added|adds|noted|notes|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|declared|"
    r"explained|explains|assured|stated|states|announced|wrote|writes|asked|replied|insisted|warned|argued|"
    r"claimed|continued|concluded|commented|remarked|observed|pointed\s+out|acknowledged|admitted|recalled|"
    r"urged|underlined|underscored|confirmed|posted|tweeted|reads|shared|answered|suggested|added\s+that|"
    r"summed\s+up|highlighted|clarified|reiterated|promised|vowed|explained|replied|responded|recounted|"
    r"admitted|predicted|estimated|revealed|assessed|argues|believes"
)
PRONOUNS = frozenset({"he", "she", "they"})
VERB_FIRST_RE = re.compile(r"^\s*[,.]?\s*(?:" + SPEECH_VERBS + r")\s+(?P<who>[^,.;:!?\n]{2,120})", re.I)
WHO_FIRST_RE = re.compile(
    r"^\s*,?\s*(?P<who>(?:[\w’'.\-]+,?\s+){0,12}?[\w’'.\-]+),?\s+(?:has\s+|had\s+|also\s+|then\s+|was\s+|is\s+)?(?:"
    + SPEECH_VERBS + r")\b", re.I)
BEFORE_RE = re.compile(
    r"(?P<who>(?:[\w’'.\-]+,?\s+){0,12}?[\w’'.\-]+),?\s+(?:has\s+|had\s+|also\s+)?(?:" + SPEECH_VERBS
    + r")(?:\s+[\w’'.\-]+){0,4}?\s*[:,]\s*$", re.I)
SPEECH_VERB_RE = re.compile(r"\b(?:" + SPEECH_VERBS + r")\b", re.I)
NON_SPEAKER_NOUNS = frozenset({"message", "statement", "post", "letter", "report", "document", "text", "note",
                               "release", "address", "appeal", "publication"})
SPEAKING_BODIES = frozenset({"ministry", "department", "government", "commission", "company", "office",
                             "agency", "police", "army", "military", "spokesperson", "embassy", "council",
                             "administration", "committee", "court", "kremlin", "white house", "pentagon"})
BODY_LOOKBACK = 600
ROLE_SUBJECT_RE = re.compile(r"(?:The|the)\s+(?P<role>(?:[A-Za-z]+\s+){0,3}?(?:minister|president|spokesperson|"
                             r"spokesman|spokeswoman|chancellor|premier|ceo|chairman|chief|secretary|governor|"
                             r"mayor|ambassador|commander|official|head))\b")
GENERIC_SPEAKER_NOUNS = frozenset({"official", "minister", "spokesperson", "spokesman", "spokeswoman",
                                   "diplomat", "politician", "leader", "executive", "chief", "head"})
DASH_ATTRIBUTION_RE = re.compile(
    r"^(?P<quote>[A-Z][^\n\"“”]{20,}?[.!?]?)\s+[-–—]\s+(?P<who>(?:[A-Z][\w’'.\-]+\s+){0,3}[A-Z][\w’'\-]+)\s+"
    r"(?:" + SPEECH_VERBS + r")\.?$")
ARTICLE_RE = re.compile(r"^(?:the|a|an|this|that|his|her|their|its)\s+", re.I)
# How far from a quote its attribution is read: attributions are a few words, and a window keeps a
# quote's cost independent of the length of its paragraph (a page may be one long line).
ATTRIBUTION_WINDOW_CHARS = 2000
# "X, ..., said:" before a quote is at most a dozen words: the pattern that reads it looks back this far.
SPEAKER_BEFORE_WINDOW_CHARS = 400


class PeopleByKey:
    """People indexed by their names' word keys, so a name is compared only with those it may match.

    :func:`same_person` needs the last key of one name among the keys of the other.
    """

    def __init__(self) -> None:
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_last_key: dict[str, set[int]] = defaultdict(set)

    def add(self, index: int, name: str) -> None:
        keys = name_word_keys(name)
        for key in keys:
            self.by_key[key].add(index)
        if keys:
            self.by_last_key[keys[-1]].add(index)

    def candidates(self, name: str) -> list[int]:
        """Indices (in order) of the people who may be ``name``."""
        keys = name_word_keys(name)
        if not keys:
            return []
        found = set(self.by_key.get(keys[-1], ()))
        for key in keys:
            found.update(self.by_last_key.get(key, ()))
        return sorted(found)


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # offset of the opening mark
    end: int  # offset after the closing mark
    text: str


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quoted stretches, joined across paragraphs when the quote runs on."""
    spans: list[QuoteSpan] = []
    i = 0
    n = len(text)
    last_break = text.rfind("\n\n")
    while i < n:
        ch = text[i]
        if ch == "‘" and (i == 0 or not text[i - 1].isalnum()):
            close = _single_close(text, i)
            if close is not None:
                spans.append(QuoteSpan(i, close + 1, text[i + 1:close].strip()))
                i = close + 1
                continue
        if ch in OPENERS or (ch == '"' and (i == 0 or not text[i - 1].isalnum())):
            close = _find_close(text, i)
            if close is None and last_break < i and len(text[i:].split()) >= MIN_QUOTE_WORDS:
                close = len(text.rstrip()) - 1  # a page cut off inside its last quote: the quote runs to the end
                spans.append(QuoteSpan(i, close + 1, text[i + 1:close + 1].strip()))
                break
            if close is None:
                i += 1
                continue
            inner = text[i + 1:close].strip()
            spans.append(QuoteSpan(i, close + 1, inner))
            i = close + 1
            continue
        i += 1
    return spans


def _find_close(text: str, open_at: int) -> int | None:
    straight = text[open_at] == '"'
    j = open_at + 1
    unmarked_breaks = 0
    while j < len(text):
        ch = text[j]
        if (straight and ch == '"') or (not straight and ch in "”»") or (
                not straight and ch == "“" and j > open_at + 1 and text[j - 1] not in " \n"):
            return j
        if ch == "\n" and text.startswith("\n", j + 1):
            # Paragraph break: the quote runs on only if the next paragraph opens with a quote mark.
            k = j
            while k < len(text) and text[k].isspace():
                k += 1
            if k < len(text) and text[k] in OPENERS + '"':
                j = k + 1
                continue
            # Some outlets do not reopen the quote: accept one unmarked paragraph when it ends the quote
            # and names the speaker right after ('..., we meet the key needs," Umierov said.').
            if unmarked_breaks == 0 and _closes_with_attribution(text, k, straight):
                unmarked_breaks += 1
                j = k
                continue
            return None
        j += 1
    return None


def _single_close(text: str, open_at: int) -> int | None:
    """The ’ that closes a ‘single-quoted’ quote: followed by a space, punctuation or the end, within
    the paragraph, and not a possessive ("countries’ armies" has a letter-s before it)."""
    end = text.find("\n\n", open_at)
    end = len(text) if end == -1 else end
    for j in range(open_at + 1, end):
        if text[j] == "’" and (j + 1 == len(text) or not text[j + 1].isalnum()):
            if text[j - 1] == "s" and j + 1 < len(text) and text[j + 1] == " " and text[j + 2:j + 3].islower():
                continue  # "the companies’ plans": a possessive
            if len(text[open_at + 1:j].split()) >= MIN_QUOTE_WORDS:
                return j
            return None
    return None


def _closes_with_attribution(text: str, start: int, straight: bool) -> bool:
    """Whether the paragraph at ``start`` holds the closing mark, followed by an attribution."""
    end = text.find("\n", start)
    paragraph = text[start:len(text) if end == -1 else end]
    closer = paragraph.find('"') if straight else min((i for i in (paragraph.find("”"), paragraph.find("»"))
                                                       if i >= 0), default=-1)
    if closer < 0 or any(ch in paragraph[:closer] for ch in OPENERS):
        return False
    after = paragraph[closer + 1:]
    return bool(VERB_FIRST_RE.match(after) or WHO_FIRST_RE.match(after))


def _sentence_index(sentences: list[Sentence], offset: int) -> int | None:
    """Index of the sentence that holds ``offset`` (sentences are in text order and do not overlap)."""
    index = bisect.bisect_right(sentences, offset, key=lambda s: s.start) - 1
    if index >= 0 and sentences[index].start <= offset < sentences[index].end:
        return index
    return None


def _inside_any(spans: list[QuoteSpan], offset: int) -> bool:
    """Whether ``offset`` lies strictly inside one of ``spans`` (in text order, not overlapping)."""
    index = bisect.bisect_left(spans, offset, key=lambda q: q.start) - 1
    return index >= 0 and spans[index].start < offset < spans[index].end


class _Resolver:
    """Turns the words of an attribution into a speaker name."""

    def __init__(self, text: str, sentences: list[Sentence], people: list[PersonFact],
                 mentions: list[PersonMention], quotes: list[QuoteSpan]):
        self.text = text
        self.sentences = sentences
        self.people = people
        self.mentions = [m for m in mentions if not _inside_any(quotes, m.start)]  # in text order
        self._mention_starts = [m.start for m in self.mentions]
        self._by_key = PeopleByKey()
        for index, person in enumerate(people):
            for alias in person.aliases:
                self._by_key.add(index, alias)
        self._holders: dict[str, list[int]] = {}
        self._breaks = [m.start() for m in re.finditer(r"\n(?=\n)", text)]  # where each "\n\n" starts

    def mentions_in(self, start: int, end: int) -> list[PersonMention]:
        """Mentions that start in [start, end), in text order."""
        return self.mentions[bisect.bisect_left(self._mention_starts, start):
                             bisect.bisect_left(self._mention_starts, end)]

    def paragraph_break_before(self, offset: int) -> int:
        """``text.rfind("\\n\\n", 0, offset)``, from the breaks found once."""
        index = bisect.bisect_right(self._breaks, offset - 2) - 1
        return self._breaks[index] if index >= 0 else -1

    def person_in(self, start: int, end: int) -> str | None:
        named = self.mentions_in(start, end)
        return self.people[named[0].person].name if named else None

    def subject_before(self, offset: int, *, within: int = 1500) -> str | None:
        """Who "he"/"she" most likely is: the first person named in the nearest sentence, up to
        ``offset``, that names anyone (the subject usually comes first), not merely the last name seen."""
        index = _sentence_index(self.sentences, offset)
        index = len(self.sentences) - 1 if index is None else index
        while index >= 0:
            sentence = self.sentences[index]
            if sentence.end < offset - within:
                return None
            titled = ROLE_SUBJECT_RE.match(self.text, sentence.start, min(sentence.end, offset))
            if titled:
                # "The information minister, ..., was asked ...": a title as subject names its holder.
                holder = self.by_role(titled["role"], sentence.start + 1)
                if holder:
                    return holder
            named = self.mentions_in(sentence.start, min(sentence.end, offset))
            if named:
                return self.people[named[0].person].name
            index -= 1
        return None

    def last_person_in(self, start: int, end: int) -> str | None:
        named = self.mentions_in(start, end)
        return self.people[named[-1].person].name if named else None

    def people_in(self, start: int, end: int) -> list[str]:
        """Distinct people named between ``start`` and ``end``, in order."""
        names = [self.people[m.person].name for m in self.mentions_in(start, end)]
        return list(dict.fromkeys(names))

    def body_before(self, head: str, offset: int) -> str | None:
        """The organisation that "the ministry said" refers to: its last full mention before the quote."""
        pattern = re.compile(r"\b(?:[Tt]he\s+)?(?P<name>[A-Z][\w’'\-]*\s+(?:[\w’'\-]+\s+){0,3}?"
                             + re.escape(head) + r")\b")
        window = self.text[max(0, offset - BODY_LOOKBACK):offset]
        named = [m.group("name") for m in pattern.finditer(window) if m.group("name").split()[0] != "The"]
        return named[-1] if named else None

    def by_role(self, words: str, offset: int) -> str | None:
        holders = self._role_holders(words)
        if not holders:
            return None
        if len(holders) == 1:
            return self.people[holders[0]].name
        wanted = set(holders)
        index = bisect.bisect_left(self._mention_starts, offset) - 1  # the last mention of a holder before offset
        while index >= 0 and self.mentions[index].person not in wanted:
            index -= 1
        return self.people[self.mentions[index].person].name if index >= 0 else None

    def _role_holders(self, words: str) -> list[int]:
        """The people whose role ``words`` names (once per wording: roles do not change within an article)."""
        if words not in self._holders:
            holders = [i for i, p in enumerate(self.people) if any(roles_match(words, r.role) for r in p.roles)]
            if len(holders) > 1:
                # "said Ukraine's Defense Minister" when a Danish one is in the story too: the exact wording decides.
                exact = [i for i in holders if any(fold(r.role) == fold(words) for r in self.people[i].roles)]
                holders = exact or holders
            self._holders[words] = holders
        return self._holders[words]

    def resolve(self, who: str, start: int, quote_start: int) -> str | None:
        named = self.person_in(start, start + len(who))
        if named:
            return named
        # "To this, she replied": the subject is the part after the last comma.
        words = ARTICLE_RE.sub("", who.rsplit(",", 1)[-1].strip()).strip()
        if looks_like_name(words):
            for index in self._by_key.candidates(words):
                if any(same_person(alias, words) for alias in self.people[index].aliases):
                    return self.people[index].name
        lowered = words.casefold()
        if lowered in PRONOUNS:
            return self.subject_before(quote_start)
        head = lowered.split()[-1] if lowered.split() else ""
        if head in NON_SPEAKER_NOUNS:
            return self.subject_before(quote_start, within=600)
        if head in SPEAKING_BODIES:
            return self.body_before(head, quote_start)
        role_holder = self.by_role(words, quote_start)
        if role_holder:
            return role_holder
        if head in GENERIC_SPEAKER_NOUNS:
            return self.subject_before(quote_start)  # "the official shared": whoever the text is about
        if words and words[0].isupper() and not looks_like_name(words) and len(words.split()) <= 8:
            return words  # an organisation that speaks for itself: "the Ministry of Defense said"
        return None


def extract_quotes(text: str, sentences: list[Sentence], people: list[PersonFact],
                   mentions: list[PersonMention]) -> list[QuoteFact]:
    """Quotes with a readable attribution, the snippet covering quote and attribution."""
    spans = find_quote_spans(text)
    resolver = _Resolver(text, sentences, people, mentions, spans)
    quotes: list[QuoteFact] = []
    previous: tuple[QuoteSpan, str] | None = None
    for span in spans:
        first = _sentence_index(sentences, span.start)
        last = _sentence_index(sentences, span.end - 1)
        if first is None or last is None:
            continue
        speaker, attribution_end = _attribute(text, sentences, span, first, last, resolver)
        if speaker is None and previous is not None and _continues(text, previous[0], span, resolver):
            speaker = previous[1]  # '"...," Lecornu said. "But we have found a balance..."'
        if speaker is None and _is_whole_paragraph(text, span):
            speaker = _paragraph_before_speaker(text, span, previous, resolver)
        if speaker is None or len(span.text.split()) < MIN_QUOTE_WORDS:
            previous = None
            continue
        previous = (span, speaker)
        snippet_start = sentences[first].start
        snippet_end = max(sentences[last].end, attribution_end)
        body = span.text.rstrip(" ,")
        quotes.append(QuoteFact(speaker=speaker, text=body, start=snippet_start, end=snippet_end))
    quotes.extend(_dash_quotes(text, sentences, resolver, spans))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _dash_quotes(text: str, sentences: list[Sentence], resolver: _Resolver, spans: list[QuoteSpan]
                 ) -> list[QuoteFact]:
    """Paragraphs some outlets write without quote marks: "We are ready to ... - Umerov emphasized." """
    found = []
    span_starts = [s.start for s in spans]
    for start, end in paragraph_spans(text):
        if bisect.bisect_left(span_starts, start) < bisect.bisect_left(span_starts, end):
            continue  # a quote mark opens in this paragraph
        match = DASH_ATTRIBUTION_RE.match(text[start:end].strip())
        if not match:
            continue
        offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        speaker = resolver.resolve(match["who"], offset + match.start("who"), offset)
        if speaker and len(match["quote"].split()) >= MIN_QUOTE_WORDS:
            found.append(QuoteFact(speaker=speaker, text=match["quote"].strip(), start=offset,
                                   end=offset + len(text[start:end].strip())))
    return found


def _attribute(text: str, sentences: list[Sentence], span: QuoteSpan, first: int, last: int,
               resolver: _Resolver) -> tuple[str | None, int]:
    window_end = min(len(text), span.end + ATTRIBUTION_WINDOW_CHARS)
    paragraph_end = text.find("\n", span.end, window_end)
    after = text[span.end:window_end if paragraph_end == -1 else paragraph_end]
    tail_end = sentences[last].end
    for pattern in (VERB_FIRST_RE, WHO_FIRST_RE):
        match = pattern.match(after)
        if match:
            who_start = span.end + match.start("who")
            speaker = resolver.resolve(match.group("who"), who_start, span.start)
            if speaker:
                return speaker, max(tail_end, _sentence_end(sentences, who_start))
    before_start = max(sentences[first].start, span.start - ATTRIBUTION_WINDOW_CHARS)
    before = text[before_start:span.start]
    speaker_start = max(before_start, span.start - SPEAKER_BEFORE_WINDOW_CHARS)
    if speaker_start > before_start:  # start at a word, not inside one
        speaker_start = text.find(" ", speaker_start, span.start) + 1 or span.start
    match = BEFORE_RE.search(text[speaker_start:span.start])
    if match:
        who_start = speaker_start + match.start("who")
        # "After meeting A in Kyiv, B wrote: ...": the name right before the verb, after the last comma.
        last_part = match.group("who").rsplit(",", 1)[-1]
        part_start = who_start + len(match.group("who")) - len(last_part)
        speaker = resolver.person_in(part_start, part_start + len(last_part)) or resolver.resolve(
            match.group("who"), who_start, span.start)
        if speaker:
            return speaker, tail_end
    start = sentences[first].start
    if before.rstrip().endswith(":"):
        # 'Quote from X: "..."', 'the minister told reporters: "..."': the sentence's subject speaks.
        named = resolver.people_in(start, span.start)
        speaker = named[0] if named else resolver.subject_before(start)
        if speaker:
            return speaker, tail_end
    # A partial quote inside reported speech: 'X, at a briefing, said the deal was "a strong signal ..."'.
    verbs = list(SPEECH_VERB_RE.finditer(before))
    if verbs:
        nearest = resolver.last_person_in(start, before_start + verbs[-1].start())
        if nearest:
            return nearest, tail_end  # "A's remarks came after B, at a briefing, said ...": B said it
    return None, tail_end


def _is_whole_paragraph(text: str, span: QuoteSpan) -> bool:
    """Whether the quote opens its paragraph: nothing but white space before it since the last break."""
    cursor = span.start - 1
    while cursor >= 0 and text[cursor] != "\n" and text[cursor].isspace():
        cursor -= 1
    return cursor < 0 or text[cursor] == "\n"


def _paragraph_before_speaker(text: str, span: QuoteSpan, previous: tuple[QuoteSpan, str] | None,
                              resolver: _Resolver) -> str | None:
    """A quote that is a paragraph of its own continues the paragraph before it: its quote's speaker,
    or the one person that paragraph names."""
    gap_start = resolver.paragraph_break_before(span.start)
    if gap_start < 0:
        return None
    previous_gap = resolver.paragraph_break_before(gap_start)
    before_start = previous_gap + 2 if previous_gap >= 0 else 0
    if previous is not None and previous[0].end > before_start:
        return previous[1]
    named = resolver.people_in(before_start, gap_start)
    return named[0] if len(named) == 1 else None


def _continues(text: str, previous: QuoteSpan, span: QuoteSpan, resolver: _Resolver) -> bool:
    """Whether a quote carries on the previous one: same paragraph, nobody else named in between."""
    between = text[previous.end:span.start]
    if "\n" in between or len(between) > MAX_CONTINUATION_GAP:
        return False
    return resolver.person_in(previous.end, span.start) is None or bool(
        WHO_FIRST_RE.match(between) or VERB_FIRST_RE.match(between))


def _sentence_end(sentences: list[Sentence], offset: int) -> int:
    index = _sentence_index(sentences, offset)
    return sentences[index].end if index is not None else offset


@component("quotes", writes="quotes")
def quotes_component(article: ParsedArticle) -> list[QuoteFact]:
    people = article.facts.people
    mentions = sorted((PersonMention(start, end, index) for index, person in enumerate(people)
                       for start, end in person.mentions), key=lambda m: m.start)
    return extract_quotes(article.text, article.sentences, people, mentions)
