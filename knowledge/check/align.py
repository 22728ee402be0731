"""One claim against one sentence, aspect by aspect: the sentence says it, says one aspect otherwise, or neither.

The rules, each a class of statements rather than a phrase:

* Words. Every content word of the claim must be in the sentence, compared by stem, with relations
  named in other words made one ("gave" / "awarded" / "donated": ``relation_paraphrases``), and names by
  their key (:func:`knowledge.check.checker._entity_matches`).
* Values. Every figure, rank, ordinal, multiple, year, decade, date, month and weekday of the claim
  (:mod:`knowledge.check.values`) is aligned with the sentence's value of its kind whose neighbouring
  words are most like its own: "17 are set to close higher" is aligned with the passage's "13 are set to
  close higher", not with its "17 are on track to close lower". A value the sentence does not state
  leaves the claim unconfirmed; an aligned value that differs contradicts it.
* Opposites. A claim word whose opposite (``exclusive_alternatives``) stands in the sentence instead of
  it contradicts: "traded down" / "traded up", "sold" / "bought".
* Places and names in a slot. A name that is the only thing missing, after a preposition ("from
  China", "in the Rose Bowl", "headquartered in Seattle"), contradicts the sentence that puts another
  name after the same preposition with every other word the same, unless either side is a list or the
  claim asks about membership ("one of", "among").

* Framing. Negation, a hedge governing a claim word, or an intent ("is preparing to sign", lexicon
  ``intent_frames``) on one side only decides nothing.
* The sentence before. "The company held ..." or "It is ..." opening a sentence is read with the
  claim's subject when one of the sentences before names it (:func:`judge_resolved`).

A contradiction needs everything else to agree (all other words, all other values, polarity and
hedging), so that only one aspect differs; support needs every aspect to agree, and every place of the
claim after a word of the claim.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from knowledge import lexicon
from knowledge.check import checker as base
from knowledge.check.values import Value, comparable, find_values, same_value
from knowledge.text.names import fold, name_key
from knowledge.text.sentences import split_sentences

# Words around a value that say what it is about, on each side.
VALUE_WINDOW = 3
# Prepositions after which a name is where or whence one act took place: another name there is another
# place. Not "to", "for" or "with": a grant to one charity or a deal with one firm does not exclude another.
SLOT_PREPOSITIONS = frozenset({"in", "at", "from", "on", "into", "near", "of"})  # "the state of X"
DETERMINERS = frozenset({"the", "a", "an"})
# Words that make a name one of several ("one of the underwriters", "among the recipients").
MEMBERSHIP_RE = re.compile(rf"\b{lexicon.pattern('membership_words')}\b", re.I)
# Words that make the subject one of a kind, so another name in its place contradicts ("the top searched").
EXCLUSIVE_RE = re.compile(rf"\b{lexicon.pattern('exclusive_words')}\b", re.I)
LIST_AFTER_RE = re.compile(r"^(?:\s*,\s*[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*)*)*,?\s+(?:and|or|&)\s+(?:the\s+)?[A-Z]",
                           re.S)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z]*(?:['’][a-z]+)?")
_RUN_GLUE = frozenset({"of", "&", "and"})
# Kinds of value that date an act: a plan's dates are often when it was told, so they never contradict one.
DATE_KINDS = frozenset({"year", "decade", "monthday", "month", "weekday"})


def _phrase_table() -> list[tuple[re.Pattern[str], str]]:
    """Multi-word relations ("took over") and the phrases abbreviations stand for ("initial public
    offering" -> "ipo", lexicon ``acronyms``), longest first."""
    phrases = {**{v: k for k, v in lexicon.table("acronyms").items()}, **lexicon.table("relation_phrases")}
    return [(re.compile(rf"\b{re.escape(k)}\b", re.I), v) for k, v in
            sorted(phrases.items(), key=lambda kv: -len(kv[0]))]


_PHRASES = _phrase_table()


_EVENT_PHRASES = re.compile(rf"\b{lexicon.pattern('event_phrases')}\b", re.I)
VALUE_WORDS = lexicon.table("value_words")


def with_phrases_named(text: str) -> str:
    """ "took over" → "acquire": multi-word relations replaced by their relation's name, and phrases that
    only say an event happened ("took place") blanked, padded to keep character offsets."""
    for pattern, name in _PHRASES:
        text = pattern.sub(lambda m, n=name: n.ljust(len(m.group(0))), text)
    return _EVENT_PHRASES.sub(lambda m: " " * len(m.group(0)), text)


@cache
def _alternative_sides() -> list[list[frozenset[str]]]:
    """The lines of ``exclusive_alternatives``, each side as stems (read on first use: stems are the checker's)."""
    lines = []
    for line in lexicon.entries("exclusive_alternatives"):
        lines.append([frozenset(base.stem(w) for w in side.split()) for side in line.split("|")])
    return lines



@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    norm: str
    content: bool


@dataclass(frozen=True)
class Judgement:
    verdict: str
    reason: str


def _tokens(text: str, values: list[Value] | None = None) -> list[_Token]:
    """The words of a text with its values blanked (``values`` are always the text's own)."""
    return _tokens_of(text)


@lru_cache(maxsize=8192)
def _tokens_of(text: str) -> list[_Token]:
    masked = base._mask(with_phrases_named(text), [(v.start, v.end) for v in find_values(text)])
    out = []
    for m in _WORD_RE.finditer(masked):
        word = m.group(0)
        folded = fold(word).replace("’", "'")
        out.append(_Token(word, m.start(), m.end(), base.stem(word),
                          folded not in base.STOP_WORDS and len(word) > 1 and not folded.endswith("n't")))
    return out


def _window(tokens: list[_Token], start: int, end: int) -> tuple[list[str], list[str]]:
    """The words before a value (nearest last) and after it (nearest first)."""
    left = [t.norm for t in tokens if t.end <= start][-VALUE_WINDOW:]
    right = [t.norm for t in tokens if t.start >= end][:VALUE_WINDOW]
    return left, right


def _closeness(claim_window: tuple[list[str], list[str]], window: tuple[list[str], list[str]]) -> int:
    """Shared words around two values; the word right after (what is counted) weighs most, then the one
    right before."""
    (c_left, c_right), (s_left, s_right) = claim_window, window
    score = len(set(c_left + c_right) & set(s_left + s_right))  # "Ohio State is ranked No. 4" / "No. 4 Ohio State"
    score += 2 * bool(c_right and s_right and c_right[0] == s_right[0])
    return score + bool(c_left and s_left and c_left[-1] == s_left[-1])


@dataclass
class _Values:
    matched: int = 0
    kinds: set[str] | None = None  # kinds of the claim's values the sentence states (alike or not)
    unseen: list[Value] | None = None
    conflicts: list[tuple[Value, Value]] | None = None


def compare_values(claim: str, c_values: list[Value], c_tokens: list[_Token],
                   text: str, s_values: list[Value], s_tokens: list[_Token]) -> _Values:
    """Each claim value against the sentence value of its kind that stands among the same words."""
    result = _Values(unseen=[], conflicts=[], kinds=set())
    for cv in c_values:
        candidates = [sv for sv in s_values if comparable(cv, sv)]
        if not candidates:
            result.unseen.append(cv)
            continue
        around = _window(c_tokens, cv.start, cv.end)

        def score(sv: Value, around: tuple[list[str], list[str]] = around) -> int:
            return _closeness(around, _window(s_tokens, sv.start, sv.end))

        best = max(score(sv) for sv in candidates)
        aligned = [sv for sv in candidates if score(sv) == best]
        said = [same_value(cv, sv) for sv in aligned]
        if best == 0 and len(candidates) > 1:
            result.unseen.append(cv)  # several values and none among the claim's words: which is it?
            continue
        if any(s is True for s in said) or any(
                same_value(cv, sv) is True and 2 * score(sv) >= best for sv in candidates):
            result.matched += 1  # the same value among nearly as close words: "12 agreements" / "12 trade agreements"
            result.kinds.add(cv.kind)
            continue
        result.kinds.add(cv.kind)
        if said[0] is False and (best >= 1 or (len(candidates) == 1 and cv.kind in DATE_KINDS)):
            # a figure must stand among the claim's words; a sentence's one date of a kind is its date
            result.conflicts.append((cv, aligned[0]))
        else:
            result.unseen.append(cv)
    return result


@cache
def _sides_of() -> dict[str, list[tuple[list[frozenset[str]], frozenset[str]]]]:
    """Stem -> the (line, its side) of ``exclusive_alternatives`` it stands on."""
    index: dict[str, list[tuple[list[frozenset[str]], frozenset[str]]]] = {}
    for sides in _alternative_sides():
        for side in sides:
            for norm in side:
                index.setdefault(norm, []).append((sides, side))
    return index


def _opposites(c_tokens: list[_Token], s_tokens: list[_Token]) -> list[tuple[str, str]]:
    """(claim word, sentence word) pairs of opposite sides of one line, the claim's side absent."""
    s_norms = {t.norm: t.text for t in s_tokens}
    found = []
    index = _sides_of()
    for token in c_tokens:
        for sides, mine in index.get(token.norm, ()):
            if mine & s_norms.keys():
                continue
            other = next((s_norms[n] for side in sides if side is not mine for n in side if n in s_norms), None)
            if other is not None:
                found.append((token.text, other))
    return found


PREFIXES = lexicon.words("name_prefixes")


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s"))


def _only_as_modifier(token: _Token, s_tokens: list[_Token], text: str) -> bool:
    """A claim's word that the sentence holds only as a possessor or inside a prefixed word: "supported
    Christie" is not said by "supported Christie's rival", "coached Ohio State" not by "pro-Ohio State",
    "is the president" not by "the president's adviser"."""
    if _possessive(token.text):
        return False
    same = [t for t in s_tokens if t.norm == token.norm]
    return bool(same) and all(_possessive(t.text) or _prefixed(t, s_tokens, text) for t in same)


def _prefixed(token: _Token, s_tokens: list[_Token], text: str) -> bool:
    if token.start == 0 or text[token.start - 1] != "-":
        return False
    before = [t for t in s_tokens if t.end == token.start - 1]
    return bool(before) and fold(before[0].text) in PREFIXES


# Shortest word whose spelling with one letter more or less is taken for the same word ("hampster").
MIN_VARIANT_LENGTH = 7


def _present(token: _Token, s_norms: set[str], s_keys: set[str]) -> bool:
    if token.norm in s_norms:
        return True
    if token.text[:1].isupper():
        return base._entity_matches(token.text, s_keys)
    return len(token.text) >= MIN_VARIANT_LENGTH and any(
        abs(len(n) - len(token.norm)) == 1 and n[:2] == token.norm[:2] and Levenshtein.distance(n, token.norm) == 1
        for n in s_norms)  # a letter more or less, never another letter: "contest" is not "content"


def _outnumbered(content: list[_Token], s_tokens: list[_Token], missing: list[_Token]) -> list[_Token]:
    """Claim words beyond the sentence's count of their stem: "carried 48,200 cars" has two words of
    stem "car" where "carried 48,200 passengers" has one, so one of them is not said."""
    have = Counter(t.norm for t in s_tokens)
    extra = []
    for token in content:
        if token in missing or token.text[:1].isupper() or token.norm not in have:
            continue  # names and spelling variants are matched another way
        have[token.norm] -= 1
        if have[token.norm] < 0:
            extra.append(token)
    return extra


def names_unsaid(claim: str, text: str) -> list[str]:
    """The claim's names that the passage holds only as possessors or in prefixed words."""
    c_tokens, s_tokens = _tokens(claim, find_values(claim)), _tokens(text, find_values(text))
    return [t.text for t in c_tokens if t.content and _only_as_modifier(t, s_tokens, text)]


def _runs(tokens: list[_Token], text: str) -> list[tuple[int, int]]:
    """Index ranges [i, j) of runs of capitalised words ("Federal Reserve Bank of Dallas")."""
    runs, i = [], 0
    while i < len(tokens):
        if not tokens[i].text[:1].isupper() or fold(tokens[i].text) in base.STOP_WORDS:
            i += 1  # "He", "The": a capital that opens a sentence is no name
            continue
        j = i + 1
        while j < len(tokens):
            gap = text[tokens[j - 1].end:tokens[j].start]
            if gap.strip(" ") not in ("", "-", "&") and gap.strip() not in ("",):
                break
            if tokens[j].text[:1].isupper():
                j += 1
            elif fold(tokens[j].text) in _RUN_GLUE and j + 1 < len(tokens) and tokens[j + 1].text[:1].isupper() \
                    and fold(tokens[j].text) != "and":
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _anchor(tokens: list[_Token], i: int) -> str | None:
    """The word before token ``i``, skipping "the"/"a"/"an": the slot a name fills ("from", "in")."""
    k = i - 1
    while k >= 0 and fold(tokens[k].text) in DETERMINERS:
        k -= 1
    return fold(tokens[k].text) if k >= 0 else None


def _act_before(tokens: list[_Token], i: int) -> str | None:
    """The word before the preposition before token ``i``: what the place locates ("headquartered in")."""
    k = i - 1
    while k >= 0 and fold(tokens[k].text) in DETERMINERS:
        k -= 1
    return tokens[k - 1].norm if k >= 1 else None


def _substituted_name(claim: str, c_tokens: list[_Token], missing: list[_Token],
                      text: str, s_tokens: list[_Token]) -> tuple[str, str] | None:
    """(claim name, sentence name) when the only missing words are one name and the sentence has another
    name in its place: after the same place preposition and the same act ("planes from China" / "planes
    from Russia"), or, when the claim makes its subject one of a kind ("the top searched way"), as the
    subject before the same word ("the Atkins diet" / "the Paleo diet")."""
    if not missing or MEMBERSHIP_RE.search(claim) or MEMBERSHIP_RE.search(text):
        return None
    exclusive = bool(EXCLUSIVE_RE.search(claim))
    s_runs = _runs(s_tokens, text)
    for i, j in _runs(c_tokens, claim):
        run = c_tokens[i:j]
        if not all(t in run for t in missing):
            continue
        slot = _anchor(c_tokens, i)
        if slot in SLOT_PREPOSITIONS:
            act = _act_before(c_tokens, i)
            others = [(si, sj) for si, sj in s_runs if si > 0 and _anchor(s_tokens, si) == slot]
            if len(others) != 1:
                continue  # "in Copenhagen after talks in Stockholm": which one is where it was signed?
            others = [(si, sj) for si, sj in others if _act_before(s_tokens, si) == act]
        elif slot is None and exclusive and j < len(c_tokens):
            following = c_tokens[j].norm
            others = [(si, sj) for si, sj in s_runs if sj < len(s_tokens) and s_tokens[sj].norm == following]
            if len(others) != 1:
                continue
        else:
            continue
        claim_keys = {name_key(t.text) for t in run}
        for si, sj in others:
            s_run = s_tokens[si:sj]
            if {name_key(t.text) for t in s_run if fold(t.text) not in _RUN_GLUE} & {name_key(t.text) for t in missing}:
                continue
            if not {name_key(t.text) for t in s_run} - claim_keys:
                continue
            if LIST_AFTER_RE.match(text[s_run[-1].end:]) or re.search(r"(?:,|\band|\bor)\s*$", text[:s_run[0].start]):
                continue
            return claim[run[0].start:run[-1].end], text[s_run[0].start:s_run[-1].end]
    return None


# Prepositions after which a name is where an act took place or whence it set out (not "at": "at Google").
PLACE_PREPOSITIONS = frozenset({"in", "from"})
# How many words after the act its place may stand ("lifted off as scheduled at 8:51 p.m. from ...").
PLACE_REACH = 12
# Claim words besides the place the sentence may word otherwise ("on his way to work" / "as he headed to
# work"), and how many of the claim's words it must hold then.
PLACE_SLACK, PLACE_HELD = 1, 4


@cache
def _place_nouns() -> frozenset[str]:
    return lexicon.words("place_nouns")


@cache
def _place_names() -> frozenset[str]:
    return frozenset(fold(p) for p in lexicon.words("places"))


def _a_place(tokens: list[_Token], i: int, j: int, text: str) -> bool:
    """Whether the run [i, j) is a place: listed, or followed by a place noun ("Sylhet district") or by a
    comma and a listed place ("Baikonur, Kazakhstan")."""
    name = re.sub(r"['’]s$", "", fold(text[tokens[i].start:tokens[j - 1].end]))
    if name in _place_names() or (base._nationality_key(name) and " " not in name):
        return True
    if _possessive(tokens[i].text) and re.sub(r"['’]s$", "", fold(tokens[i].text)) in _place_names():
        return True  # "from Norway's Andøya launch site"
    if j < len(tokens) and fold(tokens[j].text) in _place_nouns():
        return True
    after = re.match(r",\s*([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)", text[tokens[j - 1].end:])
    return bool(after) and fold(after.group(1)) in _place_names()


def _moved_place(claim: str, c_tokens: list[_Token], missing: list[_Token],
                 text: str, s_tokens: list[_Token]) -> tuple[str, str] | None:
    """(claimed place, stated place) when the sentence puts the claim's act in another place: the claim's
    place ("attacked in Dhaka", "lifted off from Cape Canaveral") is missing from the sentence, the same
    act stands there with the same preposition later in its clause and a place after it ("attacked by
    four assailants in the northeastern Sylhet district", "lifted off ... from Russia's launch complex in
    Baikonur"). Besides the place, at most ``PLACE_SLACK`` lower-case claim word may be worded otherwise."""
    if MEMBERSHIP_RE.search(claim) or MEMBERSHIP_RE.search(text):
        return None
    places = []
    for i, j in _runs(c_tokens, claim):
        k = i - 1
        while k >= 0 and fold(c_tokens[k].text) in DETERMINERS:
            k -= 1
        if k >= 1 and fold(c_tokens[k].text) in PLACE_PREPOSITIONS:
            act = next((t for t in reversed(c_tokens[:k]) if t.content), None)
            if act is not None:
                places.append((i, j, fold(c_tokens[k].text), act))
    if len(places) != 1:
        return None
    i, j, prep, act = places[0]
    run = c_tokens[i:j]
    others = [t for t in missing if t not in run]
    if not all(t in missing for t in run) or len(others) > PLACE_SLACK or any(t.text[:1].isupper() for t in others):
        return None
    if others and sum(1 for t in c_tokens if t.content) - len(missing) < PLACE_HELD:
        return None
    claim_keys = {name_key(t.text) for t in run}
    s_runs = {si: sj for si, sj in _runs(s_tokens, text)}
    stated = []
    for a, token in enumerate(s_tokens):
        if token.norm != act.norm:
            continue
        for p in range(a + 1, min(len(s_tokens), a + PLACE_REACH)):
            if re.search(r"[;]|,\s|:\s", text[s_tokens[p - 1].end:s_tokens[p].start]):
                break  # the act's clause ends
            if fold(s_tokens[p].text) != prep:
                continue
            q = p + 1
            if q < len(s_tokens) and fold(s_tokens[q].text) in DETERMINERS:
                q += 1
            if q < len(s_tokens) and s_tokens[q].text.islower() and s_tokens[q].content \
                    and q + 1 < len(s_tokens) and s_tokens[q + 1].text[:1].isupper():
                q += 1  # "in the northeastern Sylhet district"
            if q in s_runs and _a_place(s_tokens, q, s_runs[q], text):
                stated.append((q, s_runs[q]))
            break
    if len(stated) != 1:
        return None
    si, sj = stated[0]
    if any(_anchor(s_tokens, ri) == prep and ri != si and _a_place(s_tokens, ri, rj, text)
           for ri, rj in s_runs.items()):
        return None  # "in Copenhagen after talks in Stockholm": which one is where it was signed?
    s_run = s_tokens[si:sj]
    stated_keys = {name_key(re.sub(r"['’]s$", "", t.text)) for t in s_run}
    if stated_keys & claim_keys or LIST_AFTER_RE.match(text[s_run[-1].end:]) or \
            re.search(r"(?:,|\band|\bor)\s*$", text[:s_run[0].start]):
        return None
    return claim[run[0].start:run[-1].end], re.sub(r"['’]s$", "", text[s_run[0].start:s_run[-1].end])


def _owned(value: Value, owned: Sequence[tuple[int, int]]) -> bool:
    return any(start < value.end and value.start < end for start, end in owned)


# Lower-case words that may stand between a preposition and the name it introduces.
MODIFIERS_BEFORE_NAME = 2
# Words before a place a claim word may be among, within its clause ("opened a shop and tap room at ...").
ACT_REACH = 3


def _clause_names(tokens: list[_Token], index: int, text: str, words: set[str]) -> bool:
    """Whether the word at ``index`` or one of the ``ACT_REACH`` before it, without crossing a comma, is a
    claim word."""
    for k in range(index, max(-1, index - ACT_REACH - 1), -1):
        if tokens[k].norm in words:
            return True
        if k > 0 and "," in text[tokens[k - 1].end:tokens[k].start]:
            return False
    return False


def _places_anchored(claim: str, c_tokens: list[_Token], text: str, s_tokens: list[_Token]) -> bool:
    """Every name the claim puts after a place preposition ("signed ... in Oslo") that the sentence names
    stands there after a word of the claim, fillers skipped ("the agreement, signed during the conference,
    held on 3-4 May in Copenhagen"): not "both based in Oslo, signed ... in Copenhagen"."""
    words = {t.norm for t in c_tokens if t.content}
    for i, _ in _runs(c_tokens, claim):
        k = i - 1
        while k >= 0 and fold(c_tokens[k].text) in DETERMINERS:
            k -= 1
        if k < 1 or fold(c_tokens[k].text) not in SLOT_PREPOSITIONS:
            continue
        prep, key = fold(c_tokens[k].text), name_key(c_tokens[i].text)
        mentions = [si for si, _ in _runs(s_tokens, text) if name_key(s_tokens[si].text) == key]
        if not mentions:
            continue  # named elsewhere (the title): the checker's context rules judge it
        found = False
        for si in mentions:
            sk = si - 1
            while sk >= 0 and (fold(s_tokens[sk].text) in DETERMINERS or (
                    si - sk <= MODIFIERS_BEFORE_NAME and s_tokens[sk].text.islower()
                    and fold(s_tokens[sk].text) not in SLOT_PREPOSITIONS)):
                sk -= 1  # "in the inaugural College Football Playoff"
            if sk < 1 or fold(s_tokens[sk].text) != prep:
                continue
            before = sk - 1
            while before > 0 and sk - before <= base.MAX_PLACE_FILLER and (
                    not s_tokens[before].content or fold(s_tokens[before].text) in base.PLACE_FILLER):
                before -= 1
            found |= _clause_names(s_tokens, before, text, words)
        if not found:
            return False
    return True


@cache
def _intent_stems() -> frozenset[str]:
    return frozenset(base.stem(w) for w in lexicon.words("intent_frames"))


@lru_cache(maxsize=8192)
def _intent(text: str, words: frozenset[str] | None = None) -> bool:
    """Whether a text frames an act as intended or scheduled: "is preparing to sign", "is set to get";
    with ``words``, only an act named by one of them ("looking forward to the birth" frames no act)."""
    tokens = [fold(t) for t in _WORD_RE.findall(text)]
    stems = _intent_stems()
    for i, token in enumerate(tokens[:-1]):
        if base.stem(token) in stems and tokens[i + 1] == "to" and (
                words is None or any(base.stem(t) in words for t in tokens[i + 2:i + 4])):
            return True
    return False


def judge(claim: str, text: str, label: str, owned: Sequence[tuple[int, int]] = ()) -> Judgement | None:
    """Supported, contradicted (one aspect differs, every other agrees), or None: the sentence decides nothing.

    ``owned``: spans of the claim whose figures and dates the checker's own figure and date grammar judges
    (counted figures, terms, resolved dates); here they must agree for a "supported" and never make a
    contradiction."""
    c_values, s_values = find_values(claim), find_values(text)
    c_tokens, s_tokens = _tokens(claim, c_values), _tokens(text, s_values)
    content = [t for t in c_tokens if t.content]
    if len(content) < 2:
        return None
    s_norms = {t.norm for t in s_tokens}
    s_keys = base._word_keys(text)
    missing = [t for t in content if not _present(t, s_norms, s_keys) or _only_as_modifier(t, s_tokens, text)]
    if 2 * len(missing) > len(content):
        return None  # most of the claim is not here: nothing to compare
    missing += _outnumbered(content, s_tokens, missing)
    words = frozenset(t.norm for t in content)
    if base._is_negated(claim.replace("’", "'"), words) != base._is_negated(text.replace("’", "'"), words):
        return None
    if (base._is_hedged(text, words) and not base.MODAL_RE.search(claim)) or _intent(text, words) != _intent(claim):
        return None  # "is preparing to sign" neither says nor denies "has signed"
    values = compare_values(claim, c_values, c_tokens, text, s_values, s_tokens)
    missing = [t for t in missing if VALUE_WORDS.get(fold(t.text)) not in values.kinds]
    opposites = _opposites(c_tokens, s_tokens)
    if not missing and not values.unseen and not values.conflicts and not opposites:
        if not _places_anchored(claim, c_tokens, text, s_tokens):
            return None
        return Judgement(base.SUPPORTED, f'the article says: "{base._snippet(text)}" {label}')
    modal = bool(base.MODAL_RE.search(claim)) or base._is_hedged(text, words)
    if values.unseen or any(_owned(cv, owned) or (modal and cv.kind in DATE_KINDS) or cv.kind == "duration"
                            for cv, _ in values.conflicts):
        return None
    if not missing and len(values.conflicts) == 1 and not opposites:
        cv, sv = values.conflicts[0]
        return Judgement(base.CONTRADICTED, f"the article says {sv.text}, not {cv.text} {label}")
    if values.conflicts:
        return None
    if opposites and all(fold(t.text) == fold(opposites[0][0]) for t in missing) and len(opposites) == 1:
        said, claimed = opposites[0][1], opposites[0][0]
        reason = f'the article says "{said}", not "{claimed}": "{base._snippet(text)}" {label}'
        return Judgement(base.CONTRADICTED, reason)
    if opposites:
        return None
    substituted = _substituted_name(claim, c_tokens, missing, text, s_tokens)
    substituted = substituted or _moved_place(claim, c_tokens, missing, text, s_tokens)
    if substituted is not None:
        claimed, said = substituted
        return Judgement(base.CONTRADICTED, f'the article says {said}, not {claimed}: "{base._snippet(text)}" {label}')
    return None


def unconfirmed_values(claim: str, text: str, read: Sequence[tuple[int, int]] = (),
                       owned: Sequence[tuple[int, int]] = ()) -> list[str]:
    """The claim's values that the passage does not state as such (none may pass unseen into a
    "supported"), and those it states otherwise. Values in ``read`` spans were confirmed by the checker's
    figure and date grammar (which also resolves "next year"), so only a differing one counts; values in
    ``owned`` spans are that grammar's alone."""
    c_values, s_values = find_values(claim), find_values(text)
    c_tokens, s_tokens = _tokens(claim, c_values), _tokens(text, s_values)
    values = compare_values(claim, c_values, c_tokens, text, s_values, s_tokens)
    bad = [v.text for v in values.unseen or [] if not _owned(v, read)]
    bad += [cv.text for cv, _ in values.conflicts or [] if not _owned(cv, owned)]
    return bad + [a for a, _ in _opposites(c_tokens, s_tokens)]


# A sentence opening that stands for a name of the sentence before: "The company held ...", "It is ...".
_REFERRING = "|".join(sorted(lexicon.words("organisation_descriptors") | lexicon.words("anaphoric_nouns"),
                             key=len, reverse=True))
ANAPHOR_RE = re.compile(
    rf"^\s*(?:(?:He|She|It|They)\b|(?:The|This|That)\s+(?:[a-z]+\s+)?(?i:{_REFERRING})(?:['’]s)?(?=\s))")


def judge_resolved(claim: str, previous: str, text: str, label: str,
                   owned: Sequence[tuple[int, int]] = ()) -> Judgement | None:
    """The sentence judged with its opening "The company" / "It" read as the claim's name that the sentence
    before names ("The Boeing Co. traded higher ... The company held its first test flight on Sunday"). Only
    when that name is all the sentence misses, and the sentence before names no other of the claim's kind
    in the same place; the reason quotes the sentence as written."""
    opening = ANAPHOR_RE.match(text)
    if opening is None:
        return _judge_owned_noun(claim, previous, text, label, owned)
    c_tokens = _tokens(claim, find_values(claim))
    s_tokens = _tokens(text, find_values(text))
    s_norms, s_keys = {t.norm for t in s_tokens}, base._word_keys(text)
    missing = [t for t in c_tokens if t.content and not _present(t, s_norms, s_keys)]
    runs = [c_tokens[i:j] for i, j in _runs(c_tokens, claim)]
    first = next((t for t in c_tokens if t.content), None)
    run = next((r for r in runs if r[0] is first), None)
    if run is None or not any(t in missing for t in run):
        return None  # only the claim's subject, missing from the sentence, may be stood for
    name = claim[run[0].start:run[-1].end]
    p_keys = base._word_keys(previous)
    if not all(base._entity_matches(t.text, p_keys) for t in run):
        return None
    resolved = name + text[opening.end():] if not opening.group(0).rstrip().endswith(("'s", "’s")) \
        else name + "'s" + text[opening.end():]
    judgement = judge(claim, resolved, label, owned)
    if judgement is None:
        return None
    return Judgement(judgement.verdict, judgement.reason.replace(base._snippet(resolved), base._snippet(text)))


_DEFINITE_OPENING_RE = re.compile(r"^\s*The\s+(?P<noun>[a-z][\w-]*)\b")
_NAME_RUN = r"(?:[A-Z][\w&.'’-]*\s+){0,5}[A-Z][\w&.'’-]*"


def opens_definite(text: str, claim_words: frozenset[str]) -> bool:
    """Whether a passage opens with a noun of the claim ("The renewal rate ...") or "The company", "It",
    and names nobody itself: it speaks of what the text before named ("The sentiment is not uniform, ...
    other states, including New Jersey, ..." speaks of something else)."""
    opening = _DEFINITE_OPENING_RE.match(text)
    if not ((opening and base.stem(opening["noun"]) in claim_words) or ANAPHOR_RE.match(text)):
        return False
    return not any(word[:1].isupper() for word in re.findall(r"[\w'’-]+", text)[1:] if word != "I")


def _judge_owned_noun(claim: str, previous: str, text: str, label: str,
                      owned: Sequence[tuple[int, int]]) -> Judgement | None:
    """ "The renewal rate last year was 97 percent" after a sentence naming the Freelancers Insurance
    Company, against "the Freelancers Insurance Company renewal rate last year was 97 percent": a
    definite noun opening the sentence is read as the one the claim gives a name to, when the sentence
    before names it and the sentence itself names nobody the claim names."""
    opening = _DEFINITE_OPENING_RE.match(text)
    if opening is None:
        return None
    owner = re.search(rf"(?P<name>{_NAME_RUN})(?:['’]s)?\s+{re.escape(opening['noun'])}\b", claim)
    if owner is None or owner.start() == 0 or base._entity_matches(owner["name"], base._word_keys(text)):
        return None
    name = owner["name"]
    if not all(base._entity_matches(word, base._word_keys(previous)) for word in name.split()):
        return None
    resolved = claim[owner.start():owner.end() - len(opening["noun"])] + text[opening.start("noun"):]
    judgement = judge(claim, resolved, label, owned)
    if judgement is None:
        return None
    return Judgement(judgement.verdict, judgement.reason.replace(base._snippet(resolved), base._snippet(text)))


# How close the words around two amounts must be for them to be one amount told otherwise, when the
# sentence lacks some of the claim's words: "a $244 million breakup fee" / "a $144 million breakup fee".
FIGURE_CLOSENESS = 3


def figure_conflict(claim: str, text: str) -> bool:
    """Whether a figure of the claim stands in the text, among the same words, with another value."""
    c_values, s_values = find_values(claim), find_values(text)
    c_tokens, s_tokens = _tokens(claim), _tokens(text)
    for cv in c_values:
        around = _window(c_tokens, cv.start, cv.end)
        for sv in s_values:
            close = _closeness(around, _window(s_tokens, sv.start, sv.end))
            if same_value(cv, sv) is False and close >= FIGURE_CLOSENESS:
                return True
    return False


def places_anchored(claim: str, text: str) -> bool:
    """Whether one sentence of the passage puts each of the claim's places after the same act
    (:func:`_places_anchored`); a passage without such a place is anchored trivially."""
    c_tokens = _tokens(claim)
    if not any(_anchor(c_tokens, i) in SLOT_PREPOSITIONS for i, _ in _runs(c_tokens, claim)):
        return True
    return any(_places_anchored(claim, c_tokens, s.text, _tokens(s.text)) for s in split_sentences(text))
