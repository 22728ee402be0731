"""Plain-text rendering of answers for the terminal (``factdesk ask`` and the prompt)."""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 100
QUOTE_MARKS = "“\"«„‘'"
VERDICT_LABELS = {"supported": "SUPPORTED", "contradicted": "CONTRADICTED", "not_enough_info": "NOT ENOUGH INFO"}


def _source_line(source: dict[str, Any]) -> str:
    date = source.get("date")
    when = f"{date}{' (inferred)' if source.get('date_kind') == 'inferred' else ''}" if date else "date not stated"
    return f"— {source.get('title') or source.get('article')} ({source.get('article')}), {when}"


def _headline(fact: dict[str, Any]) -> str:
    kind = fact.get("kind")
    if kind == "person":
        return f"{fact['name']}" + (f" — {fact['role']}" if fact.get("role") else "")
    if kind == "quote":
        return f"{fact.get('speaker') or 'unknown speaker'}: “{fact['text']}”"
    if kind == "event":
        when = fact.get("date") or "undated"
        words = f" ({fact['date_text']})" if fact.get("date_text") else ""
        return f"[{when}{words}] {fact['what']}"
    if kind == "deal":
        parties = ", ".join(fact.get("parties") or [])
        return f"[{fact.get('status')}] {parties} — {fact.get('what')}" + (
            f" ({fact['date']})" if fact.get("date") else "")
    if kind == "article":
        return fact.get("title") or fact["source"].get("article", "")
    return ""


def render_text(answer: dict[str, Any]) -> str:
    """A readable multi-line answer."""
    lines: list[str] = []
    if answer.get("error"):
        return str(answer["error"])
    if answer.get("verdict"):
        lines.append(f"Verdict: {VERDICT_LABELS.get(answer['verdict'], answer['verdict'])}")
        if answer.get("reason"):
            lines.append(f"Because: {answer['reason']}")
        lines.append("")
    facts = answer.get("facts") or []
    if not facts and not answer.get("verdict"):
        lines.append(f"Nothing on {answer.get('query') or 'that'}.")
        if answer.get("suggestions"):
            lines.append("Did you mean: " + ", ".join(answer["suggestions"]) + "?")
    for index, fact in enumerate(facts, 1):
        headline = _headline(fact)
        if headline:
            lines.append(textwrap.shorten(f"{index}. {headline}", WIDTH * 2, placeholder=" …"))
        snippet = fact.get("snippet", "")
        quoted = snippet if snippet[:1] in QUOTE_MARKS else f"“{snippet}”"
        lines.extend(textwrap.wrap(quoted, WIDTH, initial_indent="   ", subsequent_indent="   "))
        lines.append("   " + _source_line(fact.get("source") or {}))
        lines.append("")
    return "\n".join(lines).rstrip()
