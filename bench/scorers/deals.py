"""Deals on MEANTIME (``meantime/deals.jsonl``): triggers found, parties, status and date.

MEANTIME annotates events, not deals: ``deal_events`` are the gold events whose predicate is in a deal
vocabulary (185), with PropBank participants and factuality. What is measured:

* **trigger** — recall: a gold event counts as found when some deal of the article covers its trigger
  (the deal's snippet span holds it). Scored on the events that have a party (below); events without one
  ("car sales fell", "the economy contracted") are mostly not deals in factdesk's sense, and their count
  is in the note. There is no trigger precision: MEANTIME leaves many deal words unannotated.
* **party** — a party is an Arg0/Arg1/Arg2/Arg3 participant whose entity is an organisation (ORG), a
  person (PER: people sign for their firm or country) or a place acting as an agent or recipient (LOC as
  Arg0-Arg3; ``Argm-LOC`` is where, never who). FIN participants are stakes, loans, options and
  contracts, PRO participants products: what changes hands, not who. A predicted party matches a gold
  one when the words of one contain the words of the other (mention text or the instance's name, so
  "EADS" matches "European Aeronautic Defence & Space NV (EADS"). Precision is over the deals matched
  to a gold event with participants (a found party the gold does not name counts as wrong, so it is a
  lower bound); recall is over every gold party. The note counts parties that match a product, amount
  or stake and no party named anywhere in the article: a thing taken for a party.
* **status** — a gold status is read from each event's factuality (below); a deal's gold status is the
  strongest among the gold events matched to it, so "won a contract to supply" is judged by "won", not
  by the future "supply". Agreement means the predicted status is one the gold status allows.
* **date** — events the gold anchors (IS_INCLUDED / SIMULTANEOUS / DURING) to a DATE timex: the deal's
  ISO date equals the timex value (the page date when the anchor is the creation time).

Gold status from ``time`` / ``certainty`` / ``polarity`` (plus ``pred``, ``pos``, ``tense``, ``aspect``),
first rule that applies; the statuses a prediction may have for it in brackets:

1. polarity NEG → *not done* (planned, discussed, negotiating: pending, never signed/agreed/ongoing)
2. certainty POSSIBLE / PROBABLE / UNDERSPECIFIED, or polarity UNDERSPECIFIED → *possible*
   (planned, discussed, negotiating, announced)
3. time FUTURE → *planned* (planned, announced)
4. pred negotiate / negotiation / talk / bid → *negotiating* (negotiating, discussed)
5. pred agree → *agreed* (agreed, signed)
6. a verb in the simple present or progressive ("sells", "is supplying") → *ongoing* (ongoing, signed)
7. otherwise (certain, positive, not future) → *done*: a verb (signed, agreed); a noun, whose own
   grammar says nothing of the stage (signed, agreed, announced, ongoing)

Strength for combining events of one deal: not done > done > agreed > ongoing > negotiating > planned >
possible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.scorers import Score
from knowledge.extract.pipeline import process_text
from knowledge.facts import DealFact
from knowledge.text.names import fold

DATASET = "meantime/deals.jsonl"
PARTY_ROLES = frozenset({"Arg0", "Arg1", "Arg2", "Arg3"})
PARTY_TYPES = frozenset({"ORG", "PER", "LOC"})
ANCHOR_RELATIONS = frozenset({"IS_INCLUDED", "SIMULTANEOUS", "DURING"})
NEGOTIATION_PREDS = frozenset({"negotiate", "negotiation", "talk", "bid"})
ISO_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ALLOWED: dict[str, frozenset[str]] = {
    "not done": frozenset({"planned", "discussed", "negotiating"}),
    "possible": frozenset({"planned", "discussed", "negotiating", "announced"}),
    "planned": frozenset({"planned", "announced"}),
    "negotiating": frozenset({"negotiating", "discussed"}),
    "agreed": frozenset({"agreed", "signed"}),
    "ongoing": frozenset({"ongoing", "signed"}),
    "done (verb)": frozenset({"signed", "agreed"}),
    "done (noun)": frozenset({"signed", "agreed", "announced", "ongoing"}),
}
STRENGTH = ("possible", "planned", "negotiating", "ongoing", "agreed", "done (noun)", "done (verb)", "not done")
WORD_RE = re.compile(r"[\w&]+")
IGNORED_WORDS = frozenset({"the", "a", "an", "of", "s"})


@dataclass
class GoldEvent:
    trigger_start: int
    trigger: str
    parties: list[set[str]]  # each party: the words it may be written as (mention, instance name)
    things: list[set[str]]  # products, amounts, stakes: never parties
    status: str | None
    date: str | None
    has_participants: bool


@dataclass
class Tally:
    events_with_party: int = 0
    events_without_party: int = 0
    found_with_party: int = 0
    found_without_party: int = 0
    gold_parties: int = 0
    parties_recalled: int = 0
    judged_parties: int = 0
    right_parties: int = 0
    things_as_parties: int = 0
    status_gold: int = 0
    status_judged: int = 0
    status_right: int = 0
    dated_gold: int = 0
    dated_judged: int = 0
    dated_right: int = 0
    status_confusion: dict[tuple[str, str], int] = field(default_factory=dict)


def gold_status(event: dict[str, Any]) -> str | None:
    """The status a MEANTIME event's factuality implies (see the module docstring), or None unannotated."""
    if event["time"] is None and event["certainty"] is None and event["polarity"] is None:
        return None
    pred = (event["pred"] or event["trigger"]["text"]).casefold()
    if event["polarity"] == "NEG":
        return "not done"
    if event["certainty"] in ("POSSIBLE", "PROBABLE", "UNDERSPECIFIED") or event["polarity"] == "UNDERSPECIFIED":
        return "possible"
    if event["time"] == "FUTURE":
        return "planned"
    if pred in NEGOTIATION_PREDS or pred.startswith("negotiat"):
        return "negotiating"
    if pred == "agree":
        return "agreed"
    verb = event["pos"] == "VERB"
    if verb and (event["aspect"] == "PROGRESSIVE" or (event["tense"] == "PRESENT" and event["aspect"] == "NONE")):
        return "ongoing"
    return "done (verb)" if verb else "done (noun)"


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD_RE.findall(fold(text)) if w not in IGNORED_WORDS)


def _matches(name: str, forms: set[str]) -> bool:
    mine = _words(name)
    if not mine:
        return False
    return any((theirs := _words(form)) and (mine <= theirs or theirs <= mine) for form in forms)


def _gold_events(doc: dict[str, Any]) -> Iterator[GoldEvent]:
    for event in doc["deal_events"]:
        parties: list[set[str]] = []
        things: list[set[str]] = []
        for participant in event["participants"]:
            if participant["role"] not in PARTY_ROLES:
                continue
            entity = participant["entity"] or {}
            forms = {participant["text"], *([entity["name"]] if entity.get("name") else [])}
            (parties if entity.get("type") in PARTY_TYPES else things).append(forms)
        date = None
        for anchor in event["time_anchors"]:
            if anchor["reltype"] in ANCHOR_RELATIONS and anchor["timex_type"] == "DATE":
                date = anchor["timex_value"]
                break
        yield GoldEvent(event["trigger"]["start"], event["trigger"]["text"], parties, things, gold_status(event),
                        date, bool(event["participants"]))


def _assign(event: GoldEvent, deals: list[DealFact]) -> int | None:
    """The deal that reports this gold event: it covers the trigger; its ``what`` naming the trigger word,
    then its parties naming the event's parties, decide between several."""
    covering = [i for i, d in enumerate(deals) if d.start <= event.trigger_start < d.end]
    if not covering:
        return None

    def fit(index: int) -> tuple[int, int, int]:
        deal = deals[index]
        named = sum(any(_matches(p, forms) for p in deal.parties) for forms in event.parties)
        return (int(event.trigger.casefold() in deal.what.casefold()), named, -(deal.end - deal.start))

    return max(covering, key=fit)


def _page_date(dct: str | None) -> str | None:
    return dct if dct and ISO_DAY_RE.match(dct) else None


def score_document(doc: dict[str, Any], tally: Tally) -> None:
    page_date = _page_date(doc["dct"])
    deals = process_text(doc["text"], page_date=page_date, name=doc["doc_id"]).facts.deals
    assigned: dict[int, list[GoldEvent]] = {}
    events = list(_gold_events(doc))
    known_parties = [forms for event in events for forms in event.parties]  # anywhere in the article
    for event in events:
        index = _assign(event, deals)
        if event.parties:
            tally.events_with_party += 1
            tally.found_with_party += index is not None
            tally.gold_parties += len(event.parties)
            if index is not None:
                tally.parties_recalled += sum(any(_matches(p, forms) for p in deals[index].parties)
                                              for forms in event.parties)
        else:
            tally.events_without_party += 1
            tally.found_without_party += index is not None
        if event.status is not None:
            tally.status_gold += 1
        if event.date is not None:
            tally.dated_gold += 1
            if index is not None:
                tally.dated_judged += 1
                tally.dated_right += deals[index].date == event.date
        if index is not None:
            assigned.setdefault(index, []).append(event)
    for index, events in assigned.items():
        deal = deals[index]
        if any(e.has_participants for e in events):
            gold_parties = [forms for e in events for forms in e.parties]
            gold_things = [forms for e in events for forms in e.things]
            for party in deal.parties:
                tally.judged_parties += 1
                if any(_matches(party, forms) for forms in gold_parties):
                    tally.right_parties += 1
                elif any(_matches(party, forms) for forms in gold_things) and not any(
                        _matches(party, forms) for forms in known_parties):
                    tally.things_as_parties += 1  # "bought a stake in Chrysler": Chrysler is no thing
        statuses = [e.status for e in events if e.status is not None]
        if statuses:
            strongest = max(statuses, key=STRENGTH.index)
            tally.status_judged += 1
            tally.status_right += deal.status in ALLOWED[strongest]
            key = (strongest, deal.status)
            tally.status_confusion[key] = tally.status_confusion.get(key, 0) + 1


def score(datasets: Path, *, limit: int | None = None) -> list[Score]:
    path = datasets / DATASET
    tally = Tally()
    documents = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            if not doc["deal_events"]:
                continue
            if limit is not None and documents >= limit:
                break
            documents += 1
            score_document(doc, tally)
    confusion = ", ".join(f"{gold}->{found}: {n}" for (gold, found), n in sorted(
        tally.status_confusion.items(), key=lambda item: -item[1]) if found not in ALLOWED[gold])
    return [
        Score("deals", "meantime deal events", "trigger found", tally.events_with_party, tally.found_with_party,
              tally.found_with_party,
              note=f"events without a party: {tally.found_without_party}/{tally.events_without_party} found"),
        Score("deals", "meantime deal events", "party", tally.gold_parties, tally.judged_parties,
              tally.right_parties,
              note=f"recall {tally.parties_recalled}/{tally.gold_parties}; "
                   f"things as parties: {tally.things_as_parties}"),
        Score("deals", "meantime deal events", "status agrees", tally.status_gold, tally.status_judged,
              tally.status_right, note=f"disagreements: {confusion}" if confusion else ""),
        Score("deals", "meantime deal events", "date (anchored)", tally.dated_gold, tally.dated_judged,
              tally.dated_right),
    ]
