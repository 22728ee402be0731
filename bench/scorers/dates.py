"""Date expressions: found spans and their values against the article date (TimeML TIMEX3 gold).

Data: ``te3-platinum/timexes.jsonl`` (TempEval-3 platinum) and ``meantime/timexes.jsonl`` (MEANTIME),
each article with its creation date (DCT) as the page date. Following their READMEs:

* spans: gold is every DATE/TIME timex with a text span (the DCT dateline and MEANTIME's non-consuming
  timexes are skipped). A found mention is right when it overlaps a gold DATE/TIME span; mentions over
  the dateline or over a DURATION/SET span count neither way.
* MEANTIME annotates only the first sentences of each article: mentions after the last sentence holding
  a gold timex or event are not scored.
* values: for matched spans whose gold value has an ISO date part (``2013-03-22``, ``2013-03``,
  ``2013``, a time's day, ``2011-06-XX`` read as ``2011-06``), "strict" wants the same value, "at our
  precision" wants the gold value to start with ours (``2013-03`` for ``2013-03-22`` is right, coarser).
* weeks, seasons and quarters (``2013-W11``, ``2012-SU``, ``2006-Q4``) have no value at factdesk's
  precisions: one row counts a value as right when it holds the gold period (the week's month, the
  season's or quarter's year or month). ``PRESENT_REF``/``PAST_REF`` and decades are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.scorers import Score
from knowledge.extract.events import date_mentions
from knowledge.extract.pipeline import parse_text
from knowledge.facts import PageDate

DATASETS = (("te3-platinum", "te3-platinum/timexes.jsonl"), ("meantime", "meantime/timexes.jsonl"))
# Files whose spans mark the part of an article with timexes annotated (its other layers run further).
ANNOTATION_FILES = frozenset({"timexes.jsonl", "dated_events.jsonl"})
SPAN_TYPES = frozenset({"DATE", "TIME"})
ISO_PART_RE = re.compile(r"^(\d{4})(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?(?:T.*)?$")
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})")
PERIOD_RE = re.compile(r"^(\d{4})-(SP|SU|FA|WI|Q[1-4]|H[12])$")
PERIOD_MONTHS = {"SP": (3, 4, 5), "SU": (6, 7, 8), "FA": (9, 10, 11), "WI": (12, 1, 2), "Q1": (1, 2, 3),
                 "Q2": (4, 5, 6), "Q3": (7, 8, 9), "Q4": (10, 11, 12), "H1": tuple(range(1, 7)),
                 "H2": tuple(range(7, 13))}


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    dct: str | None
    timexes: list[dict]  # or events, for a dated-events file
    extent: int  # the annotated part of the text: text[:extent]


def documents(path: Path, *, limit: int | None = None) -> Iterator[Document]:
    """Articles of a TimeML JSONL file, with a usable ISO creation date or None."""
    extents = _annotated_extents(path.parent)
    with path.open(encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            if limit is not None and index >= limit:
                return
            row = json.loads(line)
            key = "timexes" if "timexes" in row else "events"
            text = row["text"]
            extent = extents.get(row["doc_id"], len(text))
            end = text.find(". ", extent)
            yield Document(row["doc_id"], text, _iso_day(row.get("dct")), row[key], len(text) if end < 0 else end + 1)


def _annotated_extents(folder: Path) -> dict[str, int]:
    """Per article, the end of the last timex or event the data set marks (MEANTIME stops early)."""
    extents: dict[str, int] = {}
    for path in folder.glob("*.jsonl"):
        if path.name not in ANNOTATION_FILES:
            continue
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                ends = [e for key, value in row.items() if key != "text" for e in _ends(value)]
                extents[row["doc_id"]] = max([extents.get(row["doc_id"], 0), *ends])
    return extents


def _ends(value: object) -> Iterator[int]:
    if isinstance(value, dict):
        if isinstance(value.get("end"), int):
            yield value["end"]
        for inner in value.values():
            yield from _ends(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _ends(inner)


def _iso_day(value: str | None) -> str | None:
    try:
        return date.fromisoformat((value or "")[:10]).isoformat()
    except ValueError:
        return None


def page_date(dct: str | None) -> PageDate:
    return PageDate(dct, "stated" if dct else "unknown")


def iso_part(value: str) -> str | None:
    """The ISO date at the precision the gold value states, or None for weeks, seasons, refs, decades."""
    match = ISO_PART_RE.match(value)
    if not match:
        return None
    parts = [p for p in match.groups() if p is not None]
    if "XX" in parts:
        parts = parts[:parts.index("XX")]
    return "-".join(parts)


def period_holds(gold: str, ours: str) -> bool | None:
    """Whether our value lies in a gold week/season/quarter; None when the gold value is no such period."""
    week = WEEK_RE.match(gold)
    if week:
        thursday = date.fromisocalendar(int(week[1]), int(week[2]), 4)
        return ours in (str(thursday.year), thursday.isoformat()[:7]) or ours.startswith(thursday.isoformat()[:7])
    period = PERIOD_RE.match(gold)
    if period:
        year, months = period[1], PERIOD_MONTHS[period[2]]
        return ours == year or (ours[:4] == year and len(ours) >= 7 and int(ours[5:7]) in months)
    return None


def consistent(gold: str, ours: str, *, strict: bool) -> bool:
    """Our value agrees with a gold value: the same ISO value (strict), or a prefix of it."""
    part = iso_part(gold)
    if part is not None:
        return ours == part if strict else bool(ours) and part.startswith(ours)
    return bool(period_holds(gold, ours))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_document(doc: Document, counts: dict[str, list[int]]) -> None:
    """Add one article's figures to ``counts`` (measure -> [gold, predicted, correct])."""
    article = parse_text(doc.text, name=doc.name, page_date=page_date(doc.dct))
    found = date_mentions(article)
    spans = [t for t in doc.timexes if t.get("start") is not None and t.get("function") != "CREATION_TIME"]
    gold = [t for t in spans if t["type"] in SPAN_TYPES]
    ignored = [(t["start"], t["end"]) for t in doc.timexes
               if t.get("start") is not None and (t.get("function") == "CREATION_TIME" or t["type"] not in SPAN_TYPES)]
    taken: set[int] = set()
    counts["span"][0] += len(gold)
    for mention in found:
        if mention.start >= doc.extent:
            continue
        span = (mention.start, mention.end)
        match = next((i for i, t in enumerate(gold) if i not in taken and _overlaps(span, (t["start"], t["end"]))),
                     None)
        if match is None:
            if not any(_overlaps(span, other) for other in ignored):
                counts["span"][1] += 1
            continue
        taken.add(match)
        counts["span"][1] += 1
        counts["span"][2] += 1
        value = gold[match]["value"]
        rows = ("value strict", "value at our precision") if iso_part(value) is not None else (
            ("week/season/quarter",) if period_holds(value, "") is not None else ())
        for row in rows:
            counts[row][0] += 1
            if mention.value:
                counts[row][1] += 1
                counts[row][2] += consistent(value, mention.value, strict=row == "value strict")


def score(datasets: Path, *, limit: int | None = None) -> list[Score]:
    rows: list[Score] = []
    for name, file in DATASETS:
        path = datasets / file
        if not path.is_file():
            continue
        counts: dict[str, list[int]] = {m: [0, 0, 0] for m in
                                        ("span", "value strict", "value at our precision", "week/season/quarter")}
        for doc in documents(path, limit=limit):
            score_document(doc, counts)
        rows.extend(Score("dates", name, measure, *figures) for measure, figures in counts.items())
    return rows
