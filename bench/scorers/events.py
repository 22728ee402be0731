"""Dated events: the date factdesk gives the event a gold trigger names (TimeML TLINK gold).

Data: ``te3-platinum/dated_events.jsonl`` and ``meantime/dated_events.jsonl``: events tied by a
temporal link to a date expression in the text (``date_from`` = ``timex``) or to the article's
creation date (``dct``). The article runs through the events component with its creation date as the
page date. The event shown for a gold trigger is the one a reader would take: among the events whose
snippet holds the trigger and whose ``what`` names it, the most specific (shortest ``what``), then
the one whose date words stand nearest to it.
A gold event counts as predicted when that event has a date, and as right when the date agrees with
the gold value (strict: the same value; at our precision: a prefix of it; weeks, seasons and quarters
as in :mod:`bench.scorers.dates`). Gold values of no ISO or period form (``PRESENT_REF``) are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.scorers import Score
from bench.scorers.dates import consistent, documents, iso_part, page_date, period_holds
from knowledge.extract.events import events_component
from knowledge.extract.pipeline import parse_text
from knowledge.facts import EventFact

DATASETS = (("te3-platinum", "te3-platinum/dated_events.jsonl"), ("meantime", "meantime/dated_events.jsonl"))
MEASURES = ("date in text, strict", "date in text, our prec", "page date (DCT)")


def _usable(value: str | None) -> bool:
    return bool(value) and (iso_part(value) is not None or period_holds(value, "") is not None)


def shown_event(text: str, events: list[EventFact], trigger: dict) -> EventFact | None:
    """The event a reader would read as the trigger's: it holds and names the trigger, most specific, dated nearest."""
    word = re.compile(rf"\b{re.escape(trigger['text'])}\b", re.I)
    holding = [e for e in events if e.start <= trigger["start"] and trigger["end"] <= e.end and word.search(e.what)]
    if not holding:
        return None

    def distance(event: EventFact) -> int:
        if not event.date_text:
            return len(text)
        at = text.find(event.date_text, event.start, event.end)
        return abs(at - trigger["start"]) if at >= 0 else len(text)

    return min(holding, key=lambda e: (len(e.what), distance(e)))


def score(datasets: Path, *, limit: int | None = None) -> list[Score]:
    rows: list[Score] = []
    for name, file in DATASETS:
        path = datasets / file
        if not path.is_file():
            continue
        counts = {m: [0, 0, 0] for m in MEASURES}
        for doc in documents(path, limit=limit):
            article = parse_text(doc.text, name=doc.name, page_date=page_date(doc.dct))
            events = events_component(article)
            for gold in doc.timexes:
                from_text = gold["date_from"] == "timex"
                if not _usable(gold["date"]) or (not from_text and not doc.dct):
                    continue
                event = shown_event(doc.text, events, gold["trigger"])
                measures = MEASURES[:2] if from_text else MEASURES[2:]
                for measure in measures:
                    counts[measure][0] += 1
                    if event is not None and event.date:
                        counts[measure][1] += 1
                        counts[measure][2] += consistent(gold["date"], event.date, strict="strict" in measure
                                                         or not from_text)
        rows.extend(Score("events", name, measure, *figures) for measure, figures in counts.items())
    return rows
