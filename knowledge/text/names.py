"""Keys and fuzzy matching for people, organisations and roles, so users can ask tolerantly.

News spells the same person "Zelensky", "Zelenskyy" and "Зеленський", the same company
"Acmeprom JSC" and "“AcmeProm”", and the same office "Finance Minister" and
"Minister of Finance of Estonia". Everything here is a pure function over strings: keys that make
such variants collide, and scores/predicates built on them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from knowledge import lexicon
from knowledge.text.translit import has_cyrillic, russian_to_latin, ukrainian_to_latin

# --- fold ----------------------------------------------------------------------------------------

# Letters NFKD does not decompose into "base letter + accent".
_LETTER_FOLDS: dict[str, str] = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
}  # fmt: skip
_DOUBLE_QUOTES = "“”„‟«»‹›〝〞＂"
_SINGLE_QUOTES = "‘’‚‛ʼ`´′"
_DASHES = "‐‑‒–—―−﹘﹣－"
_FOLD_TABLE = str.maketrans(
    {
        **_LETTER_FOLDS,
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DASHES, "-"),
    }
)
_WHITESPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # a pure function of words that recur: /check folds the same ones thousands of times
def fold(text: str) -> str:
    """Lower-case ASCII-ish form for comparison: accents, typography and script differences removed.

    Cyrillic is transliterated by the Ukrainian national system first, so "Кулеба" folds to
    "kuleba"; Ł/ø/æ-style letters are mapped; quotes become ``"``/``'`` and dashes ``-``.
    """
    return _WHITESPACE_RE.sub(" ", fold_letters(text)).strip()


def fold_letters(text: str) -> str:
    """:func:`fold` without collapsing white space: enough for splitting into words, and cheaper."""
    if has_cyrillic(text):
        text = ukrainian_to_latin(text)
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    if not text.isascii():  # only then can there be combining marks to drop (the check is C-fast)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


# --- name_key ------------------------------------------------------------------------------------

# Spellings of the same sound across English, Polish and Slavic transliterations, applied in order.
NAME_KEY_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("kh", "h"),  # Kharkiv / Harkiv, Okhrimenko / Ohrimenko
    ("tz", "ts"),  # Kuznetzov / Kuznetsov
    ("cz", "ch"),  # Polish cz: Czarnecki / Charnecki
    ("sz", "sh"),  # Polish sz: Kamysz / Kamysh
    ("ck", "k"),
    ("ph", "f"),
    ("x", "ks"),  # Alexei / Aleksei
)
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
_DOUBLE_RE = re.compile(r"(.)\1+")
_INNER_Y_RE = re.compile(r"(?<=.)y")


def _word_key(word: str) -> str:
    """Key of one folded word; see :func:`name_key` for the rules."""
    word = _NON_WORD_RE.sub("", word)
    for old, new in NAME_KEY_DIGRAPHS:
        word = word.replace(old, new)
    word = _INNER_Y_RE.sub("i", word)
    return _DOUBLE_RE.sub(r"\1", word)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A phonetic-ish key under which common transliteration variants of a name collide.

    Rules, per word (words split on spaces and hyphens, rejoined with a space):

    1. :func:`fold` (accents, case, Cyrillic → Ukrainian national Latin); drop non-alphanumerics.
    2. Digraphs: kh→h, tz→ts, cz→ch, sz→sh, ck→k, ph→f, x→ks.
    3. Every "y" except a word-initial one → "i" (y/i are one vowel across systems: Tymoshenko /
       Timoshenko, Mariya / Mariia, Ilya / Ilia).
    4. Runs of one letter collapse to one (Kulebba → kuleba). With 3 this makes all the endings
       -yy/-iy/-yi/-ii/-y/-i one ending: Zelenskyy / Zelenskiy / Zelenskyi / Zelensky → "zelenski",
       Yuriy / Yurii / Yuri → "yuri", Andriy / Andrii → "andri".

    Not covered: cross-language name forms (Oleksandr / Alexander), g/h (Hennadiy / Gennady).
    """
    words = fold(name).replace("-", " ").split()
    keys = (_word_key(w) for w in words)
    return " ".join(k for k in keys if k)


# --- parsing person names ------------------------------------------------------------------------

# Words dropped from the start of a person's name (only while a name remains after them): forms of
# address, abbreviated titles and titles ("Dr Ng Eng Hen", "Gen. Oleksandr Syrskyi", "President X"),
# but not the titles that are as often given names ("Dean Smith").
HONORIFICS = (lexicon.words("honorifics") | frozenset(lexicon.table("title_abbreviations"))
              | frozenset(fold(e) for e in lexicon.entries("title_heads") if " " not in e)) - frozenset(
    word for word, kind in lexicon.table("name_like_titles").items() if kind == "given")
# Generational suffixes and degrees dropped from the end of a name.
NAME_SUFFIXES = lexicon.words("name_suffixes")
# Lower-case connectors inside names; they are never given names of their own.
NAME_PARTICLES = lexicon.words("name_particles")
# A full name this long may match a longer one it is the start of (Mohammed bin Salman [Al Saud]).
MIN_PREFIX_NAME_TOKENS = 3
_NAME_WORD_SEP_RE = re.compile(r"[\s\-]+")
_INITIAL_RE = re.compile(r"^\w\.?$")


@dataclass(frozen=True)
class _NamePart:
    folded: str  # folded spelling, used to test initials
    key: str  # name_key of the part
    initial: bool  # "D." / "D" — only its first letter is known


def _raw_parts(name: str) -> list[tuple[str, bool]]:
    """Split a raw name into (word, is_initial) pairs before folding (so "Ю." is still one letter)."""
    spaced = re.sub(r"\.(?=\S)", ". ", name)
    parts: list[tuple[str, bool]] = []
    for word in _NAME_WORD_SEP_RE.split(spaced.strip()):
        if not word:
            continue
        parts.append((word.rstrip("."), bool(_INITIAL_RE.match(word))))
    return parts


def _name_parts(name: str) -> list[_NamePart]:
    """Name words with honorifics and generational suffixes removed."""
    parts = [
        _NamePart(folded=_NON_WORD_RE.sub("", fold(word)), key=_word_key(fold(word)), initial=initial)
        for word, initial in _raw_parts(name)
    ]
    parts = [p for p in parts if p.key]
    while len(parts) > 1 and parts[0].folded in HONORIFICS:
        parts = parts[1:]
    while len(parts) > 1 and parts[-1].folded in NAME_SUFFIXES:
        parts = parts[:-1]
    return parts


def _parts_compatible(a: _NamePart, b: _NamePart) -> bool:
    """Same word by key, or an initial that starts the other word."""
    if a.initial and b.initial:
        return a.folded == b.folded
    if a.initial:
        return b.folded.startswith(a.folded)
    if b.initial:
        return a.folded.startswith(b.folded)
    return a.key == b.key


def _in_order(short: list[_NamePart], long: list[_NamePart]) -> bool:
    """Whether every part of ``short`` matches a distinct part of ``long``, keeping order."""
    position = 0
    for part in short:
        while position < len(long) and not _parts_compatible(part, long[position]):
            position += 1
        if position == len(long):
            return False
        position += 1
    return True


def _given_names(parts: list[_NamePart]) -> list[_NamePart]:
    return [p for p in parts[:-1] if p.folded not in NAME_PARTICLES]


def _surname_mention_matches(mention: list[_NamePart], full: list[_NamePart]) -> bool:
    """A surname-only mention ("Kuleba", "von der Leyen") matches the end of a fuller name."""
    if any(p.initial for p in mention) or len(mention) >= len(full):
        return False
    tail = full[-len(mention) :]
    return [p.key for p in mention] == [p.key for p in tail]


def _is_surname_only(parts: list[_NamePart]) -> bool:
    """One word, or particles followed by one word (de Gaulle, von der Leyen)."""
    return all(p.folded in NAME_PARTICLES for p in parts[:-1])


def name_word_keys(name: str) -> tuple[str, ...]:
    """Keys of a name's words, in order (titles and suffixes left out).

    :func:`same_person` is true only when the last key of one name is among the keys of the other,
    which lets a caller find the candidates for a name without comparing it with everyone.
    """
    return tuple(p.key for p in _name_parts(name))


def same_person(a: str, b: str) -> bool:
    """Whether two name strings can refer to the same person.

    True when: the keys of all words are equal (in any order: "Kuleba Dmytro"); one is a surname-only
    mention of the other ("Kuleba" / "Dmytro Kuleba"); the surnames (last words) match by key and the
    given names are compatible — same key, an initial ("D. Kuleba"), or missing; or a name of at
    least ``MIN_PREFIX_NAME_TOKENS`` words starts the other. East-Asian surname-first mentions
    ("Xi" for "Xi Jinping") are not recognised: a lone word is always taken as the surname.
    """
    pa, pb = _name_parts(a), _name_parts(b)
    if not pa or not pb:
        return False
    if sorted(p.key for p in pa) == sorted(p.key for p in pb) and not any(p.initial for p in pa + pb):
        return True
    short, long = sorted((pa, pb), key=len)
    if _is_surname_only(short) and not _is_surname_only(long):
        return _surname_mention_matches(short, long)
    if len(short) >= MIN_PREFIX_NAME_TOKENS and [p.key for p in short] == [p.key for p in long[: len(short)]]:
        return True
    if short[-1].initial or long[-1].initial or short[-1].key != long[-1].key:
        return False
    return _in_order(_given_names(short), _given_names(long))


# --- match_score ---------------------------------------------------------------------------------

# Default bar for best_matches: a one-letter typo in a six-letter surname still passes.
NAME_MATCH_THRESHOLD = 80.0
# Queries whose key has at most this many letters get their shortfall from 100 multiplied by
# SHORT_QUERY_PENALTY, because one edit in a short name usually makes another name (Trump/Truman).
SHORT_QUERY_LENGTH = 5
SHORT_QUERY_PENALTY = 2.0
# Score lost for each word of the longer name that the shorter one does not mention.
EXTRA_WORD_PENALTY = 2.0
# Extra loss when the surname (last word) of the longer name is the part left unmatched.
SURNAME_MISSED_PENALTY = 8.0
# Two full names whose paired words include one below this similarity name different people
# (Joe / Hunter Biden, Vitali / Wladimir Klitschko) and lose GIVEN_NAME_CONFLICT_PENALTY.
GIVEN_NAME_CONFLICT_SIMILARITY = 60.0
GIVEN_NAME_CONFLICT_PENALTY = 15.0


def _latin_forms(text: str) -> list[str]:
    """Latin spellings to try: Cyrillic gets both the Ukrainian and the Russian transliteration."""
    if not has_cyrillic(text):
        return [text]
    return [ukrainian_to_latin(text), russian_to_latin(text)]


def _word_similarity(a: _NamePart, b: _NamePart) -> float:
    """0..100 similarity of two name words; an initial is all-or-nothing."""
    if a.initial or b.initial:
        return 100.0 if _parts_compatible(a, b) else 0.0
    return max(fuzz.ratio(a.key, b.key), OSA.normalized_similarity(a.key, b.key) * 100.0)


def _aligned_score(short: list[_NamePart], long: list[_NamePart]) -> float:
    """Greedy best pairing of the shorter name's words with the longer's, length-weighted."""
    pairs = sorted(
        ((_word_similarity(s, w), i, j) for i, s in enumerate(short) for j, w in enumerate(long)),
        reverse=True,
    )
    used_short: set[int] = set()
    used_long: set[int] = set()
    total = weight = 0.0
    worst = 100.0
    for similarity, i, j in pairs:
        if i in used_short or j in used_long:
            continue
        used_short.add(i)
        used_long.add(j)
        word_weight = 1.0 if short[i].initial else float(len(short[i].key))
        total += similarity * word_weight
        weight += word_weight
        worst = min(worst, similarity)
    score = total / weight if weight else 0.0
    score -= EXTRA_WORD_PENALTY * (len(long) - len(short))
    if len(long) > len(short) and len(long) - 1 not in used_long:
        score -= SURNAME_MISSED_PENALTY
    if len(short) > 1 and worst < GIVEN_NAME_CONFLICT_SIMILARITY:
        score -= GIVEN_NAME_CONFLICT_PENALTY
    return score


def _raw_score(query: str, candidate: str) -> float:
    pq, pc = _name_parts(query), _name_parts(candidate)
    if not pq or not pc:
        return 0.0
    short, long = sorted((pq, pc), key=len)
    whole = fuzz.token_sort_ratio(" ".join(p.key for p in pq), " ".join(p.key for p in pc))
    return max(whole, _aligned_score(short, long))


def _short_query_adjusted(query: str, score: float) -> float:
    """Make short queries need a near-exact match: their shortfall from 100 counts more."""
    if len(name_key(query).replace(" ", "")) > SHORT_QUERY_LENGTH:
        return score
    return 100.0 - (100.0 - score) * SHORT_QUERY_PENALTY


def match_score(query: str, candidate: str) -> float:
    """0..100: how well a user's name query matches a stored name.

    Compares name keys, so transliteration variants and doubled letters cost nothing; tolerates
    typos (edit similarity per word), word order, surname-only and initial queries, and Cyrillic
    on either side (both Ukrainian and Russian transliterations are tried). Short queries
    (``SHORT_QUERY_LENGTH``) are penalised for every difference, so "Trump" does not find "Truman".
    """
    raw = max(_raw_score(q, c) for q in _latin_forms(query) for c in _latin_forms(candidate))
    return max(0.0, min(100.0, _short_query_adjusted(query, raw)))


def best_matches(
    query: str,
    candidates: Iterable[str],
    *,
    limit: int = 5,
    threshold: float = NAME_MATCH_THRESHOLD,
) -> list[tuple[str, float]]:
    """The candidates scoring at least ``threshold`` against ``query``, best first (ties keep input order)."""
    scored = [(candidate, match_score(query, candidate)) for candidate in dict.fromkeys(candidates)]
    kept = [item for item in scored if item[1] >= threshold]
    kept.sort(key=lambda item: item[1], reverse=True)
    return kept[:limit]


# --- organisations -------------------------------------------------------------------------------

# Legal-form and generic words dropped from organisation names (matched on folded words, dots removed).
ORG_LEGAL_FORMS = lexicon.words("legal_forms")
# Descriptor phrases in front of Ukrainian/Russian company names: State Concern, Joint Stock Company.
_ORG_DESCRIPTOR_RE = re.compile(
    r"\b(?:(?:public|private|national|state(?:[\s-]owned)?)\s+)*"
    r"(?:(?:joint[\s-]stock|limited\s+liability)\s+)?(?:company|concern|enterprise)\b"
)
_ORG_POLISH_SPZOO_RE = re.compile(r"\bsp\.?\s*z\s*o\.?\s*o\.?", re.IGNORECASE)
# Single-word names at least this long may differ by a typo/infix (Ukrinoboronprom / Ukroboronprom).
ORG_FUZZY_MIN_LENGTH = 8
ORG_FUZZY_MIN_RATIO = 88.0
# Longest string taken as a possible acronym of a longer name.
MAX_ACRONYM_LENGTH = 8
# Small words skipped when forming an acronym.
ACRONYM_STOPWORDS = lexicon.words("acronym_skip_words")


def _org_words(name: str) -> list[str]:
    """Folded organisation words with quotes, descriptors and legal forms removed."""
    text = _ORG_POLISH_SPZOO_RE.sub(" ", fold(name))
    text = _ORG_DESCRIPTOR_RE.sub(" ", text.replace("&", " and "))
    words = [w.replace(".", "") for w in re.split(r"[^\w.]+", text)]
    words = [w for w in words if w]
    kept = [w for w in words if w not in ORG_LEGAL_FORMS]
    return kept or words


def org_key(name: str) -> str:
    """Key under which spellings of one organisation collide: “Acmeprom” JSC → "acmeprom".

    Folded, quotes and punctuation gone, legal forms and descriptors (JSC, GmbH, S.A., State Concern,
    "the", "company") dropped, and the remaining words joined without spaces, so "UkrOboronProm",
    "Ukr Oboron Prom" and "Ukroboronprom" are equal.
    """
    return "".join(_org_words(name))


def acronym(name: str) -> str:
    """Upper-case initials of an organisation's significant words: "Kongsberg Defence Aerospace" → "KDA".

    Legal forms and "of/the/and" are skipped; a hyphenated word counts once (Co-operation → C);
    a word already in capitals (e.g. "US") contributes all its letters. Cyrillic initials are
    transliterated (Служба безпеки України → "SBU").
    """
    text = _ORG_POLISH_SPZOO_RE.sub(" ", name.translate(_FOLD_TABLE))
    words = [w for w in re.split(r"[\s/]+", text) if w]
    letters: list[str] = []
    for word in words:
        bare = re.sub(r"[^\w]", "", word)
        folded = fold(bare).replace(".", "")
        if not bare or folded in ACRONYM_STOPWORDS or folded in ORG_LEGAL_FORMS:
            continue
        is_caps = len(bare) > 1 and bare.isupper()
        letters.append(bare if is_caps else bare[0])
    return fold("".join(letters)).upper().replace(" ", "")


def _is_acronym_of(short: str, long: str) -> bool:
    bare = re.sub(r"[^\w]", "", short.strip())
    words = _org_words(short)
    if len(words) != 1 or not bare or len(bare) > MAX_ACRONYM_LENGTH:
        return False
    return len(_org_words(long)) > 1 and words[0].upper() == acronym(long)


def same_org(a: str, b: str) -> bool:
    """Whether two organisation names are spellings of one organisation.

    Equal :func:`org_key`; or one is the acronym of the other ("KDA" / "Kongsberg Defence Aerospace");
    or both are single words of at least ``ORG_FUZZY_MIN_LENGTH`` letters with a fuzzy ratio of at
    least ``ORG_FUZZY_MIN_RATIO`` — short names ("Boeing" / "Boring") must match exactly.
    """
    ka, kb = org_key(a), org_key(b)
    if not ka or not kb:
        return False
    if ka == kb or _is_acronym_of(a, b) or _is_acronym_of(b, a):
        return True
    single = len(_org_words(a)) == 1 and len(_org_words(b)) == 1
    long_enough = min(len(ka), len(kb)) >= ORG_FUZZY_MIN_LENGTH
    return single and long_enough and fuzz.ratio(ka, kb) >= ORG_FUZZY_MIN_RATIO


# --- roles ---------------------------------------------------------------------------------------

# Countries, their other names and their adjectives, dropped from roles so "Estonia's Finance Minister"
# is a finance minister. Blocs (EU, UN) stay: a "UN envoy" is not any envoy.
_DEMONYMS = lexicon.table("demonyms")
COUNTRY_WORDS = frozenset(_DEMONYMS) | frozenset(_DEMONYMS.values()) | frozenset(
    alias for country, names in lexicon.aliases("country_aliases").items() if country in _DEMONYMS for alias in names
)
# Words about when/how someone got the role; they do not change which role it is.
ROLE_FILLERS = lexicon.words("role_fillers")
# Modifiers a stored role may carry that a query need not repeat ("former defense minister").
ROLE_TENURE_MODIFIERS = lexicon.words("role_tenure")
# Spelling variants inside role words.
ROLE_SPELLINGS: dict[str, str] = lexicon.table("spelling_variants") | lexicon.table("role_synonyms")
# Multi-word synonyms, applied after "minister of X" has become "X minister".
# Abbreviated titles (lexicon ``acronyms``: "chief financial officer" is "cfo") come first, longest first.
ROLE_PHRASES: tuple[tuple[str, str], ...] = (
    *sorted(((phrase, short) for short, phrase in lexicon.table("acronyms").items() if phrase.startswith("chief ")),
            key=lambda pair: -len(pair[0])),
    ("chief executive", "ceo"),
    ("foreign affairs", "foreign"),
    ("internal affairs", "interior"),
    ("home affairs", "interior"),
    ("national defense", "defense"),
)
# Titles written both "minister of X" and "X minister"; "X" moves to the front.
_INVERTIBLE_TITLES = ("minister", "secretary", "commissioner")
# Portfolios that keep the "of" form because the inverted form names another office.
_KEEP_OF_FORM = frozenset({"secretary of state"})
# Words that make a different office when put before a title: a "minister" query does not find
# a "prime minister" or a "deputy minister", though it does find a "defense minister".
ROLE_RANK_WORDS = lexicon.words("rank_words")
# A typo in a role query is tolerated above this ratio of the normalised forms.
ROLE_FUZZY_MIN_RATIO = 90.0
_COUNTRY_ALT = "|".join(sorted((re.escape(c) for c in COUNTRY_WORDS), key=len, reverse=True))
_COUNTRY_POSSESSIVE_RE = re.compile(rf"\b(?:the\s+)?(?:{_COUNTRY_ALT})'s?(?=\s|$)")
_COUNTRY_OF_RE = re.compile(rf"\s(?:of|in|for)\s+(?:the\s+)?(?:{_COUNTRY_ALT})$")
_COUNTRY_WORD_RE = re.compile(rf"^(?:(?:the|{_COUNTRY_ALT})\s+)+")
_INVERT_RE = re.compile(
    rf"^(?P<pre>(?:\w+\s+)*?)(?P<title>{'|'.join(_INVERTIBLE_TITLES)})\s+(?:of|for)\s+(?:the\s+)?(?P<what>.+)$"
)


def _drop_words(text: str, words: frozenset[str]) -> str:
    return " ".join(w for w in text.split() if w not in words)


def initials(name: str) -> str:
    """Upper-case first letters of every word but of/the/and/for: "Energy Company of Ukraine" -> "ECU".

    Unlike :func:`acronym`, legal-form words count, as press acronyms keep them.
    """
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w and w not in INITIALS_SKIP]
    return "".join(w[0] for w in words).upper()


INITIALS_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "la"})


def role_core(role: str) -> str:
    """A role with its country and appointment wording removed, folded and quote-free.

    "Estonia's newly appointed Finance Minister" → "finance minister";
    "Finance Minister of Estonia" → "finance minister"; "U.S. Secretary of State" → "secretary of state".
    """
    text = fold(role).replace('"', " ").replace("u.s.", "us").replace("u.k.", "uk")
    text = re.sub(r"[^\w\s'-]", " ", text)
    text = re.sub(r"(?<!\w)'|'(?!s\b)", " ", text)
    text = _WHITESPACE_RE.sub(" ", text).strip()
    text = _COUNTRY_POSSESSIVE_RE.sub(" ", text)
    text = _drop_words(text, ROLE_FILLERS)
    text = _COUNTRY_OF_RE.sub("", text)
    return _COUNTRY_WORD_RE.sub("", text).strip()


def _invert_title(text: str) -> str:
    """ "deputy minister of defense" → "deputy defense minister" (not for prime ministers)."""
    match = _INVERT_RE.match(text)
    if not match or match["pre"].strip().endswith("prime"):
        return text
    if f"{match['title']} of {match['what']}" in _KEEP_OF_FORM:
        return text
    return " ".join(f"{match['pre']}{match['what']} {match['title']}".split())


def normalise_role(role: str) -> str:
    """Canonical lower-case role, so spellings of one office compare equal.

    "Minister of Defence" / "Defense Minister of Ukraine" → "defense minister"; "Minister of Home
    Affairs" / "home affairs minister" → "interior minister"; "Secretary-General" → "secretary
    general"; "head of “Acmeprom”" → "head of acmeprom". Country wording is dropped
    (:func:`role_core`); hyphens become spaces; British spellings become American.
    """
    text = role_core(role).replace("-", " ")
    text = " ".join(ROLE_SPELLINGS.get(w, w) for w in text.split())
    text = _invert_title(text)
    for old, new in ROLE_PHRASES:
        text = re.sub(rf"\b{old}\b", new, text)
    return text


def _without_tenure(role: str) -> str:
    return _drop_words(role, ROLE_TENURE_MODIFIERS)


def roles_match(query: str, role: str) -> bool:
    """Whether a user's role query ("defense minister") names the stored role.

    Compares :func:`normalise_role` forms; the stored role's tenure words ("former", "acting") are
    ignored unless the query uses them, organisation names after "of" are compared by
    :func:`same_org`, a stored role may carry extra leading words that are not rank words
    ("NATO Secretary-General" is a "secretary general"), and a small typo is tolerated
    (``ROLE_FUZZY_MIN_RATIO``). Rank words are not ignored: "deputy defense minister" is not a
    "defense minister", nor is a "prime minister" a "minister".
    """
    if " and " in role and " and " not in query and any(roles_match(query, part) for part in role.split(" and ")):
        return True  # "Economy Minister and Deputy Prime Minister": two offices; either can be asked for
    owner, title = _owner_and_title(role)
    if owner is not None and _owner_and_title(query)[0] is None and _owned_title_matches(query, owner, title):
        return True
    q, r = normalise_role(query), normalise_role(role)
    if not q or not r:
        return False
    if not set(q.split()) & ROLE_TENURE_MODIFIERS:
        r = _without_tenure(r)
    if q == r or _is_qualified_form(q, r):
        return True
    r_title, of, _ = r.partition(" of ")
    if of and " of " not in q and not any(r.startswith(kept) for kept in _KEEP_OF_FORM) and (
            q == r_title or _is_qualified_form(q, r_title)):
        return True  # "cfo" names "cfo of nordvik ferries": the organisation is the role's, not asked for
    if _heads_org(q, r):
        return True
    q_words, r_words = set(q.split()), set(r.split())
    if len(q_words) >= 2 and q_words <= r_words and not (r_words - q_words) & ROLE_RANK_WORDS:
        return True  # "centrica chief executive" names "centrica group chief executive"
    if " of " in q and " of " in r:
        return _same_office_of_org(q, r)
    return fuzz.ratio(q, r) >= ROLE_FUZZY_MIN_RATIO


_OWNER_RE = re.compile(r"^(?:the\s+)?(?P<owner>[^'’]+?)['’]s\s+(?P<title>.+)$", re.I)


def _owner_and_title(role: str) -> tuple[str | None, str]:
    """ "Yahoo's chief executive" -> ("Yahoo", "chief executive"); (None, role) without an owner."""
    match = _OWNER_RE.match(role.strip())
    return (match["owner"], match["title"]) if match else (None, role)


def _owned_title_matches(query: str, owner: str, title: str) -> bool:
    """A query with no owner names an owned role by its title ("national security adviser" is the "Prime
    Minister's national security adviser"), and "chief executive of Yahoo" is "Yahoo's chief executive"."""
    q = normalise_role(query)
    if " of " in q:
        q_title, _, q_org = q.partition(" of ")
        return roles_match(q_title, title) and same_org(q_org, owner)
    return roles_match(query, title)


def _heads_org(q: str, r: str) -> bool:
    """ "head of acmeprom" names "acmeprom ceo" and "director general of state concern acmeprom".

    A "head/chief/leader of X" query is about whoever holds the top office of X, whatever the
    title; rank words (deputy, vice, ...) in the stored role rule it out.
    """
    match = HEAD_OF_QUERY_RE.match(q)
    if not match or set(r.split()) & LOWER_RANK_WORDS:
        return False
    if not any(title in f" {r} " for title in TOP_TITLES):
        return False
    org = match["org"]
    org_part = r.partition(" of ")[2] or r
    return org in r or same_org(org, org_part) or any(same_org(org, word) for word in r.split() if len(word) >= 4)


LOWER_RANK_WORDS = lexicon.words("subordinate_ranks")
HEAD_OF_QUERY_RE = re.compile(r"^(?:the\s+)?(?:head|chief|leader|boss)\s+of\s+(?:the\s+)?(?P<org>.+)$")
TOP_TITLES = tuple(f" {title} " for title in lexicon.entries("top_titles"))


def _is_qualified_form(q: str, r: str) -> bool:
    """ "secretary general" names "un secretary general": extra leading words, none of rank."""
    q_words, r_words = q.split(), r.split()
    extra = r_words[: len(r_words) - len(q_words)]
    if not extra or r_words[len(extra) :] != q_words:
        return False
    return not set(extra) & ROLE_RANK_WORDS


def _same_office_of_org(q: str, r: str) -> bool:
    """ "head of state concern acmeprom" / "head of acmeprom": same title, same org.

    The organisation is compared with :func:`same_org`, not by a fuzzy ratio of the whole role,
    so "head of Boeing" does not match "head of Boring".
    """
    q_title, _, q_org = q.partition(" of ")
    r_title, _, r_org = r.partition(" of ")
    same_title = q_title == r_title or fuzz.ratio(q_title, r_title) >= ROLE_FUZZY_MIN_RATIO
    return same_title and same_org(q_org, r_org)


def business_name(name: str) -> bool:
    """ "Andes Metals", "Estlink Freight", "Nordline AS": capitalised words ending in a trade (lexicon
    ``business_name_words``) or a legal form."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return has_legal_form(name)
    return fold(words[-1]) in lexicon.words("business_name_words") or has_legal_form(name)


def has_legal_form(name: str) -> bool:
    """ "F-Squared Investments Inc", "Nordline AS": a name of several words ending in a company's legal form
    (lexicon ``company_legal_forms``)."""
    words = name.split()
    return len(words) > 1 and fold(words[-1]).rstrip(".") in lexicon.words("company_legal_forms")
