"""A synthetic corpus for benchmarks at 1k-10k articles, written through the real store.

A few template articles are extracted once by the real pipeline, then copied with other surnames
substituted *at equal length* (so every snippet offset stays valid) and saved through
``KnowledgeStore.save_article``: the real write path, without paying spaCy for every copy.
"""

from __future__ import annotations

import dataclasses
import random
import sys
import time
from typing import Any

from knowledge.extract.pipeline import ProcessedArticle, process_article
from knowledge.store.writer import KnowledgeStore, content_hash

SYLLABLES = ["ko", "va", "len", "mar", "ti", "sha", "ro", "dy", "ben", "ko", "ul", "ra", "zy", "mo", "ne", "vi",
             "ch", "ak", "ol", "es", "ta", "ny", "ri", "ko"]
FIRST = ["Olena", "Taras", "Marta", "Pavlo", "Iryna", "Bohdan", "Hanna", "Ostap", "Daria", "Roman"]
ORGS = ["Rheinmetall", "Ukroboronprom", "Naftogaz", "Thales", "Saab", "Baykar"]
TEMPLATE = """{org} and {org2} agree on {thing} production

{month} {day}, 2024

Ukrainian Defence Minister {first} {last} met {role2} {first2} {last2} in Kyiv on Tuesday.

"We will build {n} {thing} together next year," {last} said after the meeting.

{org} and {org2} signed a contract on joint production of {thing} in Ukraine. \
The first line will open on {month2} {day2}, 2025, {last2} said.

{last2} said the partners would invest {n} million euros in the plant.
"""
THINGS = ["artillery shells", "air defence missiles", "naval drones", "armoured vehicles", "radar systems"]
ROLES = ["German Economy Minister", "French Defence Minister", "Polish Deputy Prime Minister"]
MONTHS = ["January", "March", "April", "June", "July", "August", "October", "November"]


def surnames(length: int, count: int, rng: random.Random) -> list[str]:
    """``count`` distinct made-up, pronounceable surnames of exactly ``length`` letters.

    Initials are spread over the alphabet, as real surnames are: the store looks up spelling
    variants by a surname prefix, and a corpus where every name shares one prefix would measure that.
    """
    found: set[str] = set()
    while len(found) < count:
        word = rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou")
        while len(word) < length:
            word += rng.choice(SYLLABLES)
        found.add(word[:length].capitalize())
    return sorted(found)


def swap(value: Any, mapping: dict[str, str]) -> Any:
    """``value`` with every mapped string replaced, through dataclasses, lists, sets and dicts."""
    if isinstance(value, str):
        for old, new in mapping.items():
            value = value.replace(old, new)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: swap(getattr(value, f.name), mapping)
                                            for f in dataclasses.fields(value) if f.init})
    if isinstance(value, list):
        return [swap(v, mapping) for v in value]
    if isinstance(value, tuple):
        return tuple(swap(v, mapping) for v in value)
    if isinstance(value, set):
        return {swap(v, mapping) for v in value}
    if isinstance(value, dict):
        return {swap(k, mapping): swap(v, mapping) for k, v in value.items()}
    return value


def templates(count: int, rng: random.Random) -> list[tuple[ProcessedArticle, str, str]]:
    """``count`` processed template articles with (article, surname, second surname)."""
    out = []
    for index in range(count):
        tag = chr(ord("a") + index % 26) + chr(ord("a") + index // 26 % 26)
        last, last2 = f"Zorvak{tag}", f"Plenik{tag}"  # 8 letters, like the generated surnames
        text = TEMPLATE.format(
            org=ORGS[index % len(ORGS)], org2=ORGS[(index + 1) % len(ORGS)], thing=THINGS[index % len(THINGS)],
            month=MONTHS[index % len(MONTHS)], day=10 + index % 18, first=FIRST[index % len(FIRST)], last=last,
            role2=ROLES[index % len(ROLES)], first2=FIRST[(index + 3) % len(FIRST)], last2=last2,
            n=100 + index, month2=MONTHS[(index + 2) % len(MONTHS)], day2=10 + (index * 7) % 18)
        out.append((process_article(text, f"template-{index}.txt"), last, last2))
    return out


async def ingest(store: KnowledgeStore, count: int, rng: random.Random, *, offset: int = 0) -> list[str]:
    """Save ``count`` synthetic articles (numbered from ``offset``); returns the surnames in them."""
    bases = templates(min(20, count), rng)
    names = surnames(8, count * 2, rng)
    rng.shuffle(names)
    started = time.perf_counter()
    used: list[str] = []
    for index in range(offset, offset + count):
        base, last, last2 = bases[index % len(bases)]
        new_last, new_last2 = names[2 * (index - offset)], names[2 * (index - offset) + 1]
        article = swap(base, {last: new_last, last2: new_last2})
        article.file_name = f"synthetic-{index:06d}.txt"
        await store.save_article(article, content_hash(f"{index}:{article.text}".encode()))
        used.append(new_last)
        if (index - offset + 1) % 1000 == 0:
            rate = (index - offset + 1) / (time.perf_counter() - started)
            print(f"  ingested {index - offset + 1:,} articles ({rate:.0f}/s)", file=sys.stderr, flush=True)
    print(f"ingested {count:,} articles in {time.perf_counter() - started:.1f} s", flush=True)
    return used


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]
