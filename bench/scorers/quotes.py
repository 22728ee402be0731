"""Quotes on MEANTIME (news) and LitBank (fiction): quote spans found, and the right speaker.

* **quote span** — a gold quote is found when a predicted quote's words overlap it (the predicted
  quote's text located in the article at or after its snippet start). Matching is one to one, the
  largest overlap first. Recall is over every gold quote. Precision is over every predicted quote; on
  MEANTIME it is a lower bound, because the gold keeps only quotes next to an annotated speech event.
* **speaker** — scored on gold quotes whose speaker is *named* (a proper name: "Steve Jobs", "Boeing",
  "Mrs. Bennet"; not "I", "people", "One girl", "Financial analysts"). Precision: of the predicted
  quotes matched to such a gold quote, how many name the gold speaker; recall: right speakers over
  those gold quotes. A name matches when the words of one are a subset of the words of the other
  ("Jobs" and "Steve Jobs"), parenthesised parts of the gold name being alternatives
  ("Thomas (Tom) Enders (CEO of Airbus)"), or when one is the other's initials ("GM").
  Where the gold name is descriptive ("a Romanian official"), the speaker mention's words before
  its first comma are accepted too ("Sebastian Vladescu, head of ...").

LitBank excerpts are fiction and one paragraph each (see its README); its figures say how attribution
works in general, not how it does on news.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.scorers import Score
from knowledge.extract.pipeline import process_text
from knowledge.facts import QuoteFact
from knowledge.text.names import fold

DATASETS = ("meantime/quotes.jsonl", "litbank-quotes/quotes.jsonl")
WORD_RE = re.compile(r"[\w’'.\-]+")
PAREN_RE = re.compile(r"\(([^)]*)\)")
APOSTROPHE_GAP_RE = re.compile(r"(\w[’'])\s+(?=\w)")  # "O' Leary": a detokenisation gap
LEADING_WORDS = frozenset({"a", "an", "the", "some", "one"})


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    speakers: tuple[str, ...]  # acceptable names; empty when the speaker is not named


def score(datasets: Path, *, limit: int | None = None) -> list[Score]:
    rows: list[Score] = []
    for dataset in DATASETS:
        path = datasets / dataset
        if path.is_file():
            rows.extend(_score_file(path, dataset.split("/")[0], limit))
    return rows


def _score_file(path: Path, name: str, limit: int | None) -> list[Score]:
    gold_total = named_total = predicted_total = spans_found = speaker_predicted = speaker_right = 0
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                break
            doc = json.loads(line)
            gold = [_gold_quote(q) for q in doc["quotes"]]
            predicted = process_text(doc["text"], name=doc["doc_id"]).facts.quotes
            pairs = _match(doc["text"], gold, predicted)
            gold_total += len(gold)
            named_total += sum(1 for g in gold if g.speakers)
            predicted_total += len(predicted)
            spans_found += len(pairs)
            for g, p in pairs:
                if g.speakers:
                    speaker_predicted += 1
                    speaker_right += any(same_speaker(p.speaker or "", s) for s in g.speakers)
    return [
        Score("quotes", f"{name} (quote span)", "quote span", gold_total, predicted_total, spans_found),
        Score("quotes", f"{name} (speaker)", "named speaker", named_total, speaker_predicted, speaker_right),
    ]


def _gold_quote(item: dict[str, Any]) -> GoldQuote:
    quote = item["quote"]
    speaker = item.get("speaker") or ""
    names = [PAREN_RE.sub("", speaker).strip()] + [p.strip() for p in PAREN_RE.findall(speaker)]
    alternatives = [n for n in names if n and is_named(n)]
    if names[0] and not is_named(names[0]) and item.get("speaker_type", "PER") != "PRO":
        mention = (item.get("speaker_mention") or {}).get("text") or ""
        head = mention.split(",")[0].strip()
        if head and is_named(head):
            alternatives.append(head)
    if item.get("speaker_type") == "PRO":
        alternatives = []
    # Parenthesised parts that are descriptions ("CEO of Airbus") are only kept when they are names.
    if len(names) > 1 and names[0]:
        given = names[0].split()
        alternatives += [" ".join([n, *given[1:]]) for n in names[1:] if len(n.split()) == 1 and is_named(n)]
    return GoldQuote(quote["start"], quote["end"], tuple(dict.fromkeys(alternatives)))


def is_named(name: str) -> bool:
    """A proper name rather than a pronoun or a description: "Steve Jobs", "Boeing", "Mrs. Bennet"."""
    words = WORD_RE.findall(name)
    if words and words[0].casefold() in LEADING_WORDS:
        words = words[1:]
    if not words or words == ["I"] or words[-1].casefold() == "narrator":
        return False
    if len(words) == 1:
        return words[0][0].isupper()
    return any(w[0].isupper() for w in words[1:])


def _words(name: str) -> set[str]:
    return {w.strip(".’'") for w in WORD_RE.findall(fold(APOSTROPHE_GAP_RE.sub(r"\1", name)))} - {""}


def same_speaker(predicted: str, gold: str) -> bool:
    a, b = _words(predicted), _words(gold)
    if not a or not b:
        return False
    if a <= b or b <= a:
        return True
    initials = "".join(w[0] for w in WORD_RE.findall(gold) if w[0].isupper()).casefold()
    return len(a) == 1 and len(initials) > 1 and next(iter(a)) == initials


def _quote_span(text: str, quote: QuoteFact) -> tuple[int, int]:
    found = text.find(quote.text, quote.start)
    if found < 0:
        found = text.find(quote.text)
    return (found, found + len(quote.text)) if found >= 0 else (quote.start, quote.end)


def _match(text: str, gold: list[GoldQuote], predicted: list[QuoteFact]) -> list[tuple[GoldQuote, QuoteFact]]:
    spans = [_quote_span(text, p) for p in predicted]
    candidates = []
    for gi, g in enumerate(gold):
        for pi, (start, end) in enumerate(spans):
            overlap = min(g.end, end) - max(g.start, start)
            if overlap > 0:
                candidates.append((overlap, gi, pi))
    pairs: list[tuple[GoldQuote, QuoteFact]] = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _overlap, gi, pi in sorted(candidates, reverse=True):
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        pairs.append((gold[gi], predicted[pi]))
    return pairs
