"""Plain-text rendering of answers for the terminal (``factdesk ask`` and the prompt)."""

from __future__ import annotations

import textwrap

from knowledge.query.answers import (
    Answer,
    ArticleRecord,
    DealRecord,
    EventRecord,
    FactRecord,
    PersonRecord,
    QuoteRecord,
    Source,
)

WIDTH = 100
FOUND_AT_QUESTION_NOTE = " · read from the sentence at question time"
QUOTE_MARKS = "“\"«„‘'"
VERDICT_LABELS = {"supported": "SUPPORTED", "contradicted": "CONTRADICTED", "not_enough_info": "NOT ENOUGH INFO"}


def _source_line(source: Source) -> str:
    date = source.date
    when = f"{date}{' (inferred)' if source.date_kind == 'inferred' else ''}" if date else "date not stated"
    return f"— {source.title or source.article} ({source.article}), {when}"


def _found_at_question(fact: FactRecord) -> bool:
    return getattr(fact, "found_at", None) == "question"


def _headline(fact: FactRecord) -> str:
    match fact:
        case PersonRecord():
            return fact.name + (f" — {fact.role}" if fact.role else "")
        case QuoteRecord():
            return f"{fact.speaker or 'unknown speaker'}: “{fact.text}”"
        case EventRecord():
            words = f" ({fact.date_text})" if fact.date_text else ""
            return f"[{fact.date or 'undated'}{words}] {fact.what}"
        case DealRecord():
            return f"[{fact.status}] {', '.join(fact.parties)} — {fact.what}" + (
                f" ({fact.date})" if fact.date else "")
        case ArticleRecord():
            return fact.title or fact.source.article
    return ""


def render_text(answer: Answer) -> str:
    """A readable multi-line answer."""
    if answer.error:
        return answer.error
    lines: list[str] = []
    if answer.verdict:
        lines.append(f"Verdict: {VERDICT_LABELS.get(answer.verdict, answer.verdict)}")
        if answer.reason:
            lines.append(f"Because: {answer.reason}")
        lines.append("")
    if answer.more:
        lines += [f"The newest {len(answer.facts)} articles (/search finds older ones):", ""]
    if not answer.facts and not answer.verdict:
        lines.append(f"Nothing on {answer.query or 'that'}.")
        if answer.suggestions:
            lines.append("Did you mean: " + ", ".join(answer.suggestions) + "?")
    for index, fact in enumerate(answer.facts, 1):
        headline = _headline(fact)
        if headline:
            lines.append(textwrap.shorten(f"{index}. {headline}", WIDTH * 2, placeholder=" …"))
        snippet = fact.snippet
        quoted = snippet if snippet[:1] in QUOTE_MARKS else f"“{snippet}”"
        lines.extend(textwrap.wrap(quoted, WIDTH, initial_indent="   ", subsequent_indent="   "))
        lines.append("   " + _source_line(fact.source) + (FOUND_AT_QUESTION_NOTE if _found_at_question(fact) else ""))
        lines.append("")
    return "\n".join(lines).rstrip()
