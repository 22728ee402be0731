"""Cyrillic → Latin transliteration, so Cyrillic names can be compared with English news spellings.

Articles and user queries mix "Кулеба", "Kuleba" and "Zelenskyy"/"Zelensky"; every name key is
built on Latin text, so Cyrillic is transliterated first. Two systems are implemented:

* :func:`ukrainian_to_latin` — the official Ukrainian national system (Cabinet of Ministers
  resolution No. 55 of 27 January 2010), used in Ukrainian passports and official English texts.
* :func:`russian_to_latin` — an English-style, BGN/PCGN-like Russian system, which is how many
  Ukrainian names were (and still are) spelt in English-language media.

:func:`latin_variants` adds the spellings English media actually use on top of both.
"""

from __future__ import annotations

import itertools
import re

# --- Ukrainian national system (KMU 2010 No. 55) -------------------------------------------------

# Letters whose spelling is the same everywhere in a word.
_UK_PLAIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "",
    # Russian-only letters that turn up in Ukrainian texts (quotes, Russian names).
    "ы": "y", "э": "e", "ё": "io", "ъ": "",
}  # fmt: skip

# Letters spelt one way at the start of a word and another elsewhere.
_UK_WORD_START: dict[str, str] = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_WORD_INSIDE: dict[str, str] = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}

# "зг" is written "zgh" so it is not read as the digraph "zh" (Згорани → Zghorany).
_UK_ZG_H = "gh"

# --- Russian, English-style (BGN/PCGN-like) -----------------------------------------------------

_RU_PLAIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian-only letters, so a Ukrainian name read "the Russian way" still comes out.
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip

# BGN/PCGN writes е as "ye" at the start of a word and after a vowel or a sign (Yeltsin, Sergeyev).
_RU_YE_AFTER = set("аеёиоуыэюяіїєьъ")
# ё is "yo" (Pyotr, Fyodor) except after hushing consonants, where it is "o" (Gorbachov).
_RU_HUSHING = set("жчшщ")

# Apostrophes used inside Ukrainian words (м'ясо, Кам’янець); dropped by both systems.
APOSTROPHES = frozenset("'’ʼ`´")

_CYRILLIC_RE = re.compile("[\u0400-\u052f]")


def has_cyrillic(text: str) -> bool:
    """Whether any Cyrillic letter occurs, i.e. whether the text needs transliterating."""
    return bool(_CYRILLIC_RE.search(text))


def _is_cyrillic_letter(ch: str) -> bool:
    return bool(ch) and ch.isalpha() and bool(_CYRILLIC_RE.match(ch))


def _apply_case(latin: str, chars: str, index: int) -> str:
    """Give a multi-letter spelling the case of its source letter ("Ж" → "Zh", or "ZH" in "ЖУК")."""
    source = chars[index]
    if not latin or not source.isupper():
        return latin
    neighbours = [chars[j] for j in (index + 1, index - 1) if 0 <= j < len(chars) and chars[j].isalpha()]
    if neighbours and neighbours[0].isupper():
        return latin.upper()
    return latin[0].upper() + latin[1:]


def _is_in_word_apostrophe(text: str, index: int) -> bool:
    """An apostrophe between two Cyrillic letters is spelling (м'ясо), not a quote mark."""
    if text[index] not in APOSTROPHES or index == 0 or index + 1 >= len(text):
        return False
    return _is_cyrillic_letter(text[index - 1]) and _is_cyrillic_letter(text[index + 1])


def _at_word_start(text: str, index: int) -> bool:
    """A letter starts a word unless a letter (or an in-word apostrophe) comes right before it."""
    if index == 0:
        return True
    prev = text[index - 1]
    return not (prev.isalpha() or _is_in_word_apostrophe(text, index - 1))


def _ukrainian_letter(text: str, index: int) -> str | None:
    """Latin spelling of one lower-cased Ukrainian letter in context, or None if not Cyrillic."""
    lower = text[index].lower()
    if lower in _UK_WORD_START:
        table = _UK_WORD_START if _at_word_start(text, index) else _UK_WORD_INSIDE
        return table[lower]
    if lower == "г" and index > 0 and text[index - 1].lower() == "з":
        return _UK_ZG_H
    return _UK_PLAIN.get(lower)


def ukrainian_to_latin(text: str) -> str:
    """Transliterate by the official Ukrainian national system; non-Cyrillic text is kept as is."""
    out: list[str] = []
    for index, ch in enumerate(text):
        if _is_in_word_apostrophe(text, index):
            continue
        latin = _ukrainian_letter(text, index)
        out.append(ch if latin is None else _apply_case(latin, text, index))
    return "".join(out)


def _russian_letter(text: str, index: int) -> str | None:
    """Latin spelling of one lower-cased Russian letter in context, or None if not Cyrillic."""
    lower = text[index].lower()
    prev = text[index - 1].lower() if index > 0 else ""
    if lower == "е":
        return "ye" if _at_word_start(text, index) or prev in _RU_YE_AFTER else "e"
    if lower == "ё":
        return "o" if prev in _RU_HUSHING else "yo"
    return _RU_PLAIN.get(lower)


def russian_to_latin(text: str) -> str:
    """Transliterate the way English-language media spell Russian names (BGN/PCGN-like)."""
    out: list[str] = []
    for index, ch in enumerate(text):
        if _is_in_word_apostrophe(text, index):
            continue
        latin = _russian_letter(text, index)
        out.append(ch if latin is None else _apply_case(latin, text, index))
    return "".join(out)


# --- Variants seen in English-language media ----------------------------------------------------

# Interchangeable spellings of an adjectival ending (-ський, -ий, -ій): Zelenskyi, Zelenskyy, ...
_ENDING_RE = re.compile(r"(yy|iy|yi|ii|y|i)$")
ENDING_VARIANTS: tuple[str, ...] = ("yy", "iy", "yi", "ii", "y", "i")
# Word-internal spellings that English media use interchangeably (Mariia/Mariya, Kharkiv/Harkiv).
_INNER_SWAPS: tuple[tuple[str, str], ...] = (("ia", "ya"), ("iu", "yu"), ("ie", "ye"), ("kh", "h"))
# Bound the cross product of per-word variants so long phrases stay cheap.
MAX_VARIANTS = 256
# Words this short (Ng, Li) are not given ending variants: "-y" there is not an adjectival ending.
_MIN_ENDING_WORD = 4


def _word_variants(word: str) -> set[str]:
    """Spelling variants of one lower-case Latin word."""
    variants = {word}
    if len(word) >= _MIN_ENDING_WORD and _ENDING_RE.search(word):
        stem = _ENDING_RE.sub("", word)
        variants |= {stem + ending for ending in ENDING_VARIANTS}
    for old, new in _INNER_SWAPS:
        variants |= {v.replace(old, new) for v in variants if old in v}
    return variants


def latin_variants(text: str) -> set[str]:
    """Plausible lower-case Latin spellings of a Cyrillic string, for matching English news text.

    Includes the Ukrainian national and the Russian English-style transliterations, and for each
    word the ending variants -yy/-iy/-yi/-ii/-y/-i, ia/ya, iu/yu, ie/ye and kh/h. The set is capped
    at ``MAX_VARIANTS`` entries; both base transliterations are always included.
    """
    bases = [ukrainian_to_latin(text).lower(), russian_to_latin(text).lower()]
    result: set[str] = set(bases)
    for base in bases:
        words = base.split(" ")
        per_word = [sorted(_word_variants(w)) if w else [w] for w in words]
        for combo in itertools.islice(itertools.product(*per_word), MAX_VARIANTS):
            if len(result) >= MAX_VARIANTS:
                return result
            result.add(" ".join(combo))
    return result
