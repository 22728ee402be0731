"""The JSON answer contract: the one place where typed answers become JSON.

``{"command", "query", "verdict", "facts"}`` always, then ``suggestions``, ``reason``, ``error``
and ``more`` only when the answer has them; each fact is ``{"kind", <its fields in declaration
order>}`` with its ``source`` as ``{"article", "title", "date", "date_kind"}``, then
``"found_at": "question"`` on an event or deal read at question time. See README.md,
"JSON answers", for the contract itself.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from knowledge.query.answers import NOT_READ, Answer, FactRecord, Source

OPTIONAL_KEYS = ("suggestions", "reason", "error", "more")
#: Fact fields written only when set: a fact stored at ingest has no ``found_at``.
OPTIONAL_FACT_KEYS = frozenset({"found_at"})


def source_json(source: Source) -> dict[str, Any]:
    return {"article": source.article, "title": source.title, "date": source.date, "date_kind": source.date_kind}


def _value(value: Any) -> Any:
    if isinstance(value, Source):
        return source_json(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def fact_json(fact: FactRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": fact.kind}
    for field in fields(fact):
        value = getattr(fact, field.name)
        if value is NOT_READ or (value is None and field.name in OPTIONAL_FACT_KEYS):
            continue
        out[field.name] = _value(value)
    return out


def answer_json(answer: Answer) -> dict[str, Any]:
    out: dict[str, Any] = {"command": answer.command, "query": answer.query, "verdict": answer.verdict,
                           "facts": [fact_json(f) for f in answer.facts]}
    for key in OPTIONAL_KEYS:
        value = getattr(answer, key)
        if value is not None:
            out[key] = _value(value)
    return out


def dumps(answer: Answer) -> str:
    """One answer as one line of JSON (non-ASCII kept as is)."""
    return json.dumps(answer_json(answer), ensure_ascii=False)
