"""Direct quotes and who said them, read from the dependency parse.

Quote marks are found by :mod:`knowledge.extract.quote_spans`. The speaker is the subject of the
speech verb (lexicon ``speech_verbs``, by lemma) that attributes the quote, resolved to a person of
the article by :mod:`knowledge.extract.speakers`. The verb is, in this order: one before the quote
whose clause holds it (`X said the deal was "..."`, `X told reporters that "..."`); one within a few
words after the closing mark (`"...," X said`, `"...," said X`); one right before the opening mark
(`X said in an interview: "..."`). Else `according to X`, or after a colon the subject of the clause
before it (`Quote from coach X: "..."`). A quote that carries on the one before in the same
paragraph, or that is a paragraph of its own after the speaker's paragraph, keeps that speaker.
Paragraphs without marks are quotes when the paragraph before ends in `X said:` / `X wrote:`, or when
they end in `- X noted.`. A quote with no attribution we can read is dropped rather than given a
guessed speaker, and so is one shorter than ``MIN_QUOTE_WORDS``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Token

from knowledge import lexicon
from knowledge.extract.article import ParsedArticle, component
from knowledge.extract.quote_spans import MIN_QUOTE_WORDS, QuoteSpan, find_quote_spans
from knowledge.extract.speakers import Speakers
from knowledge.extract.syntax import SUBJECT_DEPS, objects, subjects
from knowledge.extract.titles import is_title_word
from knowledge.extract.transcripts import transcript_quotes
from knowledge.facts import QuoteFact
from knowledge.text.sentences import paragraph_spans

MAX_CONTINUATION_GAP = 80  # characters between two quotes of one speaker in one paragraph
MAX_AFTER_TOKENS = 12  # the speech verb of '"...," the company, which ..., said' is this close
MAX_BEFORE_GAP_TOKENS = 8  # 'said in an interview on Monday: "..."'
# How far from a quote its attribution is read: attributions are a few words, and a window keeps a quote's
# cost independent of the length of its sentence (a page may be one long line).
ATTRIBUTION_WINDOW_CHARS = 2000
NAME_WINDOW_CHARS = 400  # "X, at a rally earlier in the day, said": a name this close to its verb
MIN_DASH_QUOTE_CHARS = 20
SENTENCE_END = frozenset({".", "!", "?"})
DASHES = frozenset({"-", "–", "—"})
VERB_POS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True)
class Attribution:
    """What attributes a quote: the speaker, or None when the quote has a cue whose speaker we cannot name
    ('"...," said a supplier'), which is then not given to anyone else either."""

    speaker: str | None
    end: int  # where the attributing sentence ends: the snippet covers it


def is_speech_verb(token: Token) -> bool:
    """A verb whose lemma (with its particle: "point out") is a speech verb."""
    if token.pos_ != "VERB":
        return False
    verbs = lexicon.words("speech_verbs")
    lemma = token.lemma_.casefold()
    if lemma in verbs:
        return True
    particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
    return any(f"{lemma} {p}" in verbs for p in particles)


class _Attributor:
    """Finds the attribution of each quote of one article."""

    def __init__(self, article: ParsedArticle, spans: list[QuoteSpan]):
        self.article = article
        self.text = article.text
        self.spans = spans
        self._span_starts = [s.start for s in spans]
        self.speakers = Speakers(article, spans)

    def outside(self, start: int, end: int) -> list[Token]:
        """Tokens of ``text[start:end]`` that are not inside a quote."""
        if end <= start:
            return []
        span = self.article.parse.span(start, end)
        if span is None:
            return []
        return [t for t in span if start <= self.speakers.offset(t) < end and not self.speakers.in_quote(
            self.speakers.offset(t))]

    def sentence_end(self, token: Token) -> int:
        sentence = self.article.sentence_at(self.speakers.offset(token))
        return sentence.end if sentence is not None else self.speakers.offset(token)

    def attribute(self, span: QuoteSpan, next_start: int, previous: tuple[QuoteSpan, str] | None
                  ) -> Attribution | None:
        first = self.article.sentence_at(span.start)
        if first is None:
            return None
        quoted = self.article.parse.span(span.start, span.end)
        inner = [t for t in quoted if not t.is_punct][:MAX_AFTER_TOKENS] if quoted is not None else []
        before = self.outside(max(first.start, span.start - ATTRIBUTION_WINDOW_CHARS), span.start)
        after = self._after(span, next_start)
        verbs_before = [t for t in reversed(before) if is_speech_verb(t)]
        answered = previous[1] if previous is not None and self._adjacent_quotes(previous[0], span) else None
        for verb in verbs_before:
            if any(verb in t.ancestors for t in inner):
                return self._from_verb(verb, span, answered)  # 'X said the deal was "a strong signal"'
        for token in after:
            if is_speech_verb(token) or (token.pos_ == "VERB" and token.lemma_.casefold() in lexicon.words(
                    "outlet_verbs")):
                # '"...," X said', '"...," said X'; '"...," reports X': a cue, whoever X is, so the quote is
                # not carried over to the speaker of the paragraph before
                return self._from_verb(token, span, answered)
        governing = next((t for t in after if t.pos_ == "VERB"), None)
        if governing is not None and any(t.head == governing for t in inner):
            # '"...," remembers X': a verb the lexicon does not list, but the quote is its complement
            return self._from_verb(governing, span, answered)
        if verbs_before and self._adjacent(verbs_before[0], before):
            return self._from_verb(verbs_before[0], span, answered)  # 'X said in an interview: "..."'
        for token in (*before, *after):
            if token.lower_ == "according":
                found = self._according_to(token, span)
                if found is not None:
                    return found
        if self.text[first.start:span.start].rstrip().endswith(":"):
            return self._before_colon(before, span)
        return None

    def _after(self, span: QuoteSpan, next_start: int) -> list[Token]:
        """The first few tokens after the closing mark in the sentence it closes, up to the next quote: a
        sentence that starts after the quote ('"... support." Finance Minister X announced that ...') is a
        new report, not an attribution."""
        sentence = self.article.sentence_at(span.end - 1)
        if sentence is None:
            return []
        limit = min(sentence.end, next_start, span.end + NAME_WINDOW_CHARS)
        tokens = []
        for token in self.outside(span.end, limit)[:MAX_AFTER_TOKENS]:
            if token.text in SENTENCE_END:
                break
            tokens.append(token)
        return tokens

    def _adjacent(self, verb: Token, before: list[Token]) -> bool:
        """Whether only a short stretch without another verb lies between the verb and the quote."""
        between = [t for t in before if t.i > verb.i]
        return len(between) <= MAX_BEFORE_GAP_TOKENS and not any(
            t.pos_ in VERB_POS and t.dep_ not in ("aux", "auxpass", "prt") for t in between)

    def _from_verb(self, verb: Token, span: QuoteSpan, answered: str | None) -> Attribution:
        replying = verb.lemma_.casefold() in lexicon.words("reply_verbs")
        speaker = self._subject_speaker(verb, span, other_than=answered if replying else None)
        sentence = self.article.sentence_at(span.end - 1)
        return Attribution(speaker, max(self.sentence_end(verb), sentence.end if sentence else span.end))

    def _subject_speaker(self, verb: Token, span: QuoteSpan, *, other_than: str | None = None) -> str | None:
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if verb.lemma_ == "quote":
            # "Detik.com quoted Djamal as saying": the one quoted speaks; "X was quoted as saying": X.
            found = objects(verb) or subjects(verb)
        elif passive:
            found = [c for agent in verb.children if agent.dep_ == "agent" for c in agent.children
                     if c.dep_ == "pobj"]  # "was told by X"; "X was told" is who heard it
        else:
            found = subjects(verb)
            if not found and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
                found = subjects(verb.head.head)  # "justified his choice by saying"
            if not found and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return self.speakers.speaker(verb.head, before=span.start)  # "a letter ... stating", "X, saying"
        found = [t for t in found if not self.speakers.in_quote(self.speakers.offset(t))]
        own_subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS
                        and not self.speakers.in_quote(self.speakers.offset(c))]  # not the quote's own words
        if not passive and (not found or verb.dep_ == "conj") and not own_subjects:
            # The parser gave the verb no subject of its own ("X, at a rally, said ..." read as "... after X";
            # "the Commission welcomed it and ... Commissioner X said" read as the Commission saying it):
            # a person named right next to the verb is its subject.
            named = self._name_after(verb) or self._name_before(verb, found[0] if found else None)
            if named is not None or not found:
                return named
        found = self._title_and_name(found)
        if len(found) != 1:
            return None  # nobody, or "X and Y said": not one speaker
        return self.speakers.speaker(found[0], before=span.start, other_than=other_than)

    def _title_and_name(self, found: list[Token]) -> list[Token]:
        """ "Skipper for the night Jonny Evans said" parsed as two subjects, the title and the name, that
        are not conjoined: one speaker, the named one."""
        if len(found) < 2 or any(t.dep_ == "conj" for t in found):
            return found
        named = [t for t in found if self.speakers.named_person(t) is not None]
        others = [t for t in found if t not in named]
        if len(named) == 1 and all(is_title_word(t.text) and t.i < named[0].i for t in others):
            return named
        return found

    def _name_after(self, verb: Token) -> str | None:
        """ "said Uralsib analyst X commenting ...": the person named right after the verb."""
        sentence = self.article.sentence_at(self.speakers.offset(verb))
        if sentence is None:
            return None
        verb_end = self.speakers.offset(verb) + len(verb.text)
        for token in self.outside(verb_end, min(sentence.end, verb_end + NAME_WINDOW_CHARS))[:MAX_BEFORE_GAP_TOKENS]:
            if token.pos_ in VERB_POS or token.is_punct:
                break
            person = self.speakers.named_person(token)
            if person is not None:
                return self.speakers.people[person].name
        return None

    def _name_before(self, verb: Token, inherited: Token | None) -> str | None:
        """The person named last before the verb in its sentence (after the subject it would inherit), with no
        other verb in between, and not inside the comma-bracketed phrase right before the verb: in "X, from
        Morgan Stanley, told clients" the organisation is no speaker, whatever the parser made of it."""
        sentence = self.article.sentence_at(self.speakers.offset(verb))
        if sentence is None:
            return None
        start = sentence.start if inherited is None else self.speakers.offset(inherited) + len(inherited.text)
        end = self.speakers.offset(verb)
        start = max(start, end - NAME_WINDOW_CHARS)
        if inherited is not None:
            # "the Commission welcomed it and ... Commissioner X said": only a name right against the verb
            named = self.speakers.mentions_in(start, end)
            right_before = named and named[-1].start >= start and not self.text[named[-1].end:end].strip()
            return self.speakers.people[named[-1].person].name if right_before else None
        lead = self.text[start:end].rstrip()
        if lead.endswith(","):
            opening = lead.rfind(",", 0, len(lead) - 1)
            end = start + opening if opening >= 0 else end
        named = self.speakers.mentions_in(start, end)
        if not named or named[-1].start < start:
            return None
        between = self.outside(named[-1].end, self.speakers.offset(verb))
        if any(t.pos_ in VERB_POS and t.dep_ not in ("aux", "auxpass") for t in between):
            return None
        return self.speakers.people[named[-1].person].name

    def _according_to(self, according: Token, span: QuoteSpan) -> Attribution | None:
        for prep in according.children:
            if prep.lower_ == "to":
                for source in prep.children:
                    if source.dep_ == "pobj":
                        speaker = self.speakers.speaker(source, before=span.start)
                        if speaker is not None:
                            return Attribution(speaker, max(self.sentence_end(according), span.end))
        return None

    def _before_colon(self, before: list[Token], span: QuoteSpan) -> Attribution | None:
        """ "Director of Communications X: ...", "Quote from coach X: ...": the person named right before the
        colon; "the champion gave her view to reporters: ...": the subject of the clause before it."""
        if not before:
            return None
        colon = self.text.rindex(":", 0, span.start)
        named = self.speakers.mentions_in(self.speakers.offset(before[0]), colon)
        if named and not self.text[named[-1].end:colon].strip():
            return Attribution(self.speakers.people[named[-1].person].name, span.end)
        inside = {t.i for t in before}
        for token in before:
            if token.pos_ in VERB_POS and (token.head.i not in inside or token.head == token):
                found = subjects(token)
                if len(found) == 1:
                    speaker = self.speakers.speaker(found[0], before=span.start)
                    if speaker is not None:
                        return Attribution(speaker, span.end)
        return None

    # ------------------------------------------------------------------ quotes without a cue of their own

    def continues(self, previous: QuoteSpan, previous_speaker: str, span: QuoteSpan, next_start: int) -> bool:
        """Whether a quote carries on the previous one: '"...," Lecornu said. "But ..."'. Only the previous
        quote's attribution lies between them (two quotes with only a space between are two turns of a
        dialogue), nobody else is named there or right after the quote."""
        if not self._adjacent_quotes(previous, span) or not self.text[previous.end:span.start].strip():
            return False
        named = set(self.speakers.people_in(previous.end, span.start)) | self.named_after(span, next_start)
        return named <= {previous_speaker}

    def split_by_attribution(self, previous: QuoteSpan, span: QuoteSpan) -> bool:
        """Two parts of one quoted sentence with the attribution between them: '"...," X says, "..."'. Not
        '"a very small percentage" were ..., but dismissed an "Antennagate"': no speech verb there."""
        ends_in = self.article.sentence_index(previous.end - 1)
        if ends_in is None or ends_in != self.article.sentence_index(span.start):
            return False
        gap = self.text[previous.end:span.start].strip()
        return gap.endswith((",", ":")) and any(is_speech_verb(t) for t in self.outside(previous.end, span.start))

    def _adjacent_quotes(self, previous: QuoteSpan, span: QuoteSpan) -> bool:
        """Same paragraph, close, and nothing but the first quote's own sentence between them: the second
        quote is in that sentence ('"...," he said, "..."') or opens the next one."""
        between = self.text[previous.end:span.start]
        if "\n" in between or len(between) > MAX_CONTINUATION_GAP:
            return False
        ends_in = self.article.sentence_index(previous.end - 1)
        starts_in = self.article.sentence_index(span.start)
        if ends_in is None or starts_in is None:
            return False
        opens_next = starts_in == ends_in + 1 and self.article.sentences[starts_in].start >= span.start
        return starts_in == ends_in or opens_next

    def paragraph_before_speaker(self, span: QuoteSpan, previous: tuple[QuoteSpan, str] | None,
                                 next_start: int) -> str | None:
        """A quote that is a paragraph of its own continues the paragraph before it: its quote's speaker,
        or the one person that paragraph names."""
        window_start = max(0, span.start - ATTRIBUTION_WINDOW_CHARS)
        line_break = self.text.rfind("\n", window_start, span.start)
        if line_break < 0 or self.text[line_break:span.start].strip():
            return None  # the quote does not open its paragraph
        gap_start = self.text.rfind("\n\n", 0, span.start)
        if gap_start < 0:
            return None
        previous_break = self.text.rfind("\n\n", 0, gap_start)
        before_start = previous_break + 2 if previous_break >= 0 else 0
        if previous is not None and previous[0].end > before_start:
            return previous[1]
        named = self.speakers.people_in(before_start, gap_start)
        if len(named) != 1 or self.named_after(span, next_start) - {named[0]}:
            return None  # nobody, several, or someone else named right after the quote
        return named[0]

    def named_after(self, span: QuoteSpan, next_start: int) -> set[str]:
        """People named in the words right after the quote, in its sentence."""
        after = self._after(span, next_start)
        if not after:
            return set()
        return set(self.speakers.people_in(self.speakers.offset(after[0]), self.speakers.offset(after[-1]) + 1))

    # ------------------------------------------------------------------ paragraphs without marks

    def introduced_paragraphs(self) -> list[QuoteFact]:
        """A paragraph without quote marks after one that ends "X said:" / "X wrote:" is X's words."""
        found = []
        paragraphs = paragraph_spans(self.text)
        for (start, end), (next_start, next_end) in pairwise(paragraphs):
            if not self.text[start:end].rstrip().endswith(":") or self.has_quote(start, next_end):
                continue
            if self.article.block_kind(next_start) != "paragraph" or self.article.block_kind(start) != "paragraph":
                continue
            body = self.text[next_start:next_end].strip()
            intro = self.article.sentence_at(start + len(self.text[start:end].rstrip()) - 1)
            if intro is None or len(body.split()) < MIN_QUOTE_WORDS:
                continue
            tokens = self.outside(max(intro.start, end - NAME_WINDOW_CHARS), end)
            verbs = [t for t in reversed(tokens) if is_speech_verb(t)]
            if not verbs or not self._adjacent(verbs[0], [t for t in tokens if t.text != ":"]):
                continue
            quote = QuoteSpan(next_start, next_end, body)
            speaker = self._subject_speaker(verbs[0], quote)
            if speaker is not None:
                offset = next_start + self.text[next_start:next_end].find(body)
                found.append(QuoteFact(speaker=speaker, text=body, start=intro.start, end=offset + len(body)))
        return found

    def dash_paragraphs(self) -> list[QuoteFact]:
        """Paragraphs some outlets write without quote marks: "We are ready to ... - Umerov emphasized." """
        found = []
        for start, end in paragraph_spans(self.text):
            if self.has_quote(start, end):
                continue
            body = self.text[start:end].strip()
            offset = start + self.text[start:end].find(body)
            tokens = self.outside(offset, offset + len(body))
            dashes = [i for i, t in enumerate(tokens) if t.text in DASHES and t.whitespace_ and i > 0]
            if not dashes or not body[:1].isupper():
                continue
            tail = tokens[dashes[-1] + 1:]
            if len(tail) > MAX_BEFORE_GAP_TOKENS or not tail or tail[-1].text not in SENTENCE_END:
                continue
            verbs = [t for t in tail if is_speech_verb(t)]
            quote_end = self.speakers.offset(tokens[dashes[-1]])
            quote = self.text[offset:quote_end].strip()
            if not verbs or len(quote) < MIN_DASH_QUOTE_CHARS or len(quote.split()) < MIN_QUOTE_WORDS:
                continue
            speaker = self._subject_speaker(verbs[0], QuoteSpan(offset, quote_end, quote))
            if speaker is not None:
                found.append(QuoteFact(speaker=speaker, text=quote, start=offset, end=offset + len(body)))
        return found

    def has_quote(self, start: int, end: int) -> bool:
        """Whether a quote opens or closes in ``[start, end)``."""
        index = bisect_left(self._span_starts, start)
        if index < len(self.spans) and self.spans[index].start < end:
            return True
        return index > 0 and start < self.spans[index - 1].end <= end


def extract_quotes(article: ParsedArticle) -> list[QuoteFact]:
    """Quotes with a readable attribution, the snippet covering quote and attribution."""
    spans = find_quote_spans(article.text)
    attributor = _Attributor(article, spans)
    quotes: list[QuoteFact] = []
    previous: tuple[QuoteSpan, str] | None = None
    for index, span in enumerate(spans):
        first = article.sentence_at(span.start)
        last = article.sentence_at(span.end - 1)
        if first is None or last is None:
            continue
        next_start = spans[index + 1].start if index + 1 < len(spans) else len(article.text)
        attribution = attributor.attribute(span, next_start, previous)
        speaker = attribution.speaker if attribution else None
        if attribution is None and previous is not None and attributor.continues(*previous, span, next_start):
            speaker = previous[1]  # '"...," Lecornu said. "But we have found a balance..."'
        if attribution is None and speaker is None:
            speaker = attributor.paragraph_before_speaker(span, previous, next_start)
        if speaker is None:
            previous = None
            continue
        words = len(span.text.split())
        if previous is not None and previous[1] == speaker and attributor.split_by_attribution(previous[0], span):
            words += len(previous[0].text.split())  # '"With a little help," X says, "nature can recover."'
        previous = (span, speaker)
        if words < MIN_QUOTE_WORDS:
            continue  # "Yes," he said: attributed, so the next quote may carry it on, but too short to keep
        end = max(last.end, attribution.end if attribution else 0)
        quotes.append(QuoteFact(speaker=speaker, text=span.text.rstrip(" ,"), start=first.start, end=end))
    quotes.extend(attributor.introduced_paragraphs())
    quotes.extend(attributor.dash_paragraphs())
    quotes.extend(transcript_quotes(article, attributor.has_quote))
    quotes.sort(key=lambda q: q.start)
    return quotes


@component("quotes", writes="quotes")
def quotes_component(article: ParsedArticle) -> list[QuoteFact]:
    return extract_quotes(article)
