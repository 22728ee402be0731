"""Render knowledge answers as Telegram HTML pages, and encode paging buttons.

Pure functions: no I/O, no bot calls, so every formatting rule is unit-testable.

Lengths: Telegram limits a message to ``MessageLimit.MAX_TEXT_LENGTH`` "characters after entity
parsing", and counts them in UTF-16 code units (an emoji outside the BMP counts 2). We measure
the *raw HTML* (tags and ``&amp;`` included) in UTF-16 units, which is always >= what Telegram
counts, so a page accepted here is never "message is too long" on Telegram.

Pages are only split between fact blocks, so a tag or an ``&entity;`` is never cut in half;
a single fact too long for a page is shortened *before* escaping (snippet first, then the other
fields) and marked with "…".
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

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

#: Snippets longer than this (characters) go in ``<blockquote expandable>`` so they do not flood
#: the chat; Telegram collapses such quotes to a few lines.
EXPANDABLE_SNIPPET_CHARS = 300
#: Smallest page size we can always honour (a fact with every field cut to "…" still fits).
MIN_PAGE_LEN = 256
ELLIPSIS = "…"
FOUND_AT_QUESTION_NOTE = " · <i>read from the sentence at question time</i>"
BLOCK_SEPARATOR = "\n\n"
PAGE_CALLBACK_PREFIX = "pg|"

#: Verdict values the knowledge layer may use for /check, mapped to the line shown to users.
VERDICT_LINES: dict[str, str] = {
    "supported": "✅ Supported",
    "contradicted": "❌ Contradicted",
    "not_enough_info": "🤷 Not enough info",
}
_VERDICT_ALIASES: dict[str, str] = {
    "support": "supported", "supports": "supported", "true": "supported", "entailed": "supported",
    "contradicts": "contradicted", "contradiction": "contradicted", "refuted": "contradicted",
    "false": "contradicted",
}

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_MAX_PAGE_DIGITS = 6
_CLUSTER_CONTINUERS = frozenset({"\u200d", "\ufe0e", "\ufe0f", "\u20e3"})


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for message limits and entity offsets."""
    return len(text.encode("utf-16-le")) // 2


# ----------------------------------------------------------------------------- safe truncation


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _joins_previous(ch: str) -> bool:
    """True when ``ch`` belongs to the character before it (combining mark, ZWJ, skin tone, ...)."""
    return ch in _CLUSTER_CONTINUERS or bool(unicodedata.combining(ch)) or 0x1F3FB <= ord(ch) <= 0x1F3FF


def _clean_prefix(text: str, n: int) -> str:
    """The first ``n`` code points of ``text``, backed off so no emoji/accent cluster is split."""
    n = max(0, min(n, len(text)))
    while 0 < n < len(text):
        if _joins_previous(text[n]) or text[n - 1] == "\u200d":
            n -= 1
            continue
        if _is_regional_indicator(text[n]):  # flags are pairs of regional indicators
            run = 0
            while run < n and _is_regional_indicator(text[n - 1 - run]):
                run += 1
            if run % 2:
                n -= 1
                continue
        break
    return text[:n]


def _cut(text: str, limit: int | None) -> str:
    """``text`` shortened to at most ``limit`` code points plus "…" (unchanged if it fits)."""
    if limit is None or len(text) <= limit:
        return text
    return _clean_prefix(text, limit).rstrip() + ELLIPSIS


def _utf8_prefix(text: str, max_bytes: int) -> str:
    """Longest clean prefix of ``text`` whose UTF-8 encoding fits in ``max_bytes``."""
    size, n = 0, 0
    for ch in text:
        size += len(ch.encode("utf-8"))
        if size > max_bytes:
            break
        n += 1
    return _clean_prefix(text, n)


def _largest_fitting(render: Callable[[int], str], upper: int, budget: int) -> str | None:
    """Binary-search the largest cap in [0, upper] whose rendering fits ``budget`` UTF-16 units.

    ``render`` must grow (weakly) with the cap, which holds because escaping is per character.
    """
    if utf16_len(render(0)) > budget:
        return None
    lo, hi = 0, upper
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if utf16_len(render(mid)) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return render(lo)


# ----------------------------------------------------------------------------- one fact


def _text(value: Any) -> str:
    """None is empty; anything else is its string form."""
    return "" if value is None else str(value)


def _escape(text: str) -> str:
    """html.escape for element content: ``"`` too, but not ``'`` (its ``&#x27;`` costs 6 units)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def _esc(value: Any, cap: int | None = None) -> str:
    return _escape(_cut(_text(value), cap))


def _headline(fact: FactRecord, cap: int | None) -> str:
    match fact:
        case PersonRecord():
            line = f"<b>{_esc(fact.name, cap)}</b>"
            if fact.role:
                line += f" — {_esc(fact.role, cap)}"
            return line
        case QuoteRecord():
            speaker = f"<b>{_esc(fact.speaker, cap)}</b>: " if fact.speaker else ""
            return f"{speaker}«{_esc(fact.text, cap)}»"
        case EventRecord():
            line = f"<b>{_esc(fact.date or 'date unknown', cap)}</b>"
            date_text = _text(fact.date_text)
            if date_text and date_text != _text(fact.date):
                line += f" ({_esc(date_text, cap)})"
            if fact.what:
                line += f" {_esc(fact.what, cap)}"
            return line
        case DealRecord():
            line = f"<b>{_esc(fact.status or 'deal', cap)}</b>"
            parties = [_text(p) for p in fact.parties if _text(p)]
            if parties:
                line += f" · {_esc(', '.join(parties), cap)}"
            if fact.what:
                line += f" — {_esc(fact.what, cap)}"
            if fact.date:
                line += f" · {_esc(fact.date, cap)}"
            return line
        case ArticleRecord():
            return f"<b>{_esc(fact.title or fact.source.title or 'Untitled article', cap)}</b>"
    return ""  # a passage: the snippet speaks for itself


def _source_line(source: Source, cap: int | None) -> str:
    title = source.title or source.article
    parts = [f"<i>{_esc(title, cap)}</i>"] if title else []
    if source.date:
        date = _esc(source.date, cap)
        parts.append(f"{date} (inferred)" if source.date_kind == "inferred" else date)
    else:
        parts.append("date not stated")
    return " · ".join(parts)


def _render_fact(fact: FactRecord, snippet_cap: int | None = None, field_cap: int | None = None) -> str:
    lines = [_headline(fact, field_cap)]
    snippet = _cut(fact.snippet.strip(), snippet_cap)
    if snippet and snippet != ELLIPSIS:
        tag = "blockquote expandable" if len(snippet) > EXPANDABLE_SNIPPET_CHARS else "blockquote"
        lines.append(f"<{tag}>{_escape(snippet)}</blockquote>")
    source = _source_line(fact.source, field_cap)
    if getattr(fact, "found_at", None) == "question":
        source += FOUND_AT_QUESTION_NOTE
    lines.append(source)
    return "\n".join(line for line in lines if line)


def render_fact(fact: FactRecord) -> str:
    """One fact as an HTML block: bold headline, verbatim snippet quote, source line."""
    return _render_fact(fact)


def _fit_fact(fact: FactRecord, budget: int) -> str:
    """Render ``fact`` within ``budget`` UTF-16 units, shortening the snippet first."""
    full = _render_fact(fact)
    if utf16_len(full) <= budget:
        return full
    snippet_len = len(fact.snippet)
    fitted = _largest_fitting(lambda k: _render_fact(fact, k), snippet_len, budget)
    if fitted is not None:
        return fitted
    longest = max((len(_text(v)) for v in _all_strings(fact)), default=0)
    fitted = _largest_fitting(lambda c: _render_fact(fact, 0, c), longest, budget)
    if fitted is None:
        raise ValueError(f"page budget {budget} is too small for any fact")
    return fitted


def _all_strings(value: Any) -> list[str]:
    """Every string a rendering may show: the fields of a record and its source, a list joined and each item."""
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in _all_strings(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [", ".join(_text(v) for v in value), *(s for v in value for s in _all_strings(v))]
    return [_text(value)]


# ----------------------------------------------------------------------------- whole answer


def verdict_line(verdict: str | None) -> str:
    """The user-facing verdict for /check; anything unrecognised means "not enough info"."""
    key = _text(verdict).strip().lower().replace(" ", "_").replace("-", "_")
    key = _VERDICT_ALIASES.get(key, key)
    return VERDICT_LINES.get(key, VERDICT_LINES["not_enough_info"])


def _top_block(answer: Answer, header: str | None, cap: int | None) -> str:
    """Header, /check verdict + reason, and the "nothing found" notice, as one HTML block."""
    lines: list[str] = []
    if header:
        lines.append(f"<b>{_esc(header, cap)}</b>")
    if answer.command == "check" or answer.verdict is not None:
        lines.append(f"<b>{verdict_line(answer.verdict)}</b>")
        if answer.reason:
            lines.append(_esc(answer.reason, cap))
    if not answer.facts:
        query = answer.query.strip()
        lines.append(f"Nothing on <b>{_esc(query, cap)}</b>." if query else "Nothing found.")
        suggestions = [s for s in answer.suggestions or () if s]
        if suggestions:
            lines.append("Did you mean: " + ", ".join(f"<b>{_esc(s, cap)}</b>" for s in suggestions) + "?")
    return "\n".join(lines)


def _fit_top(answer: Answer, header: str | None, budget: int) -> str:
    full = _top_block(answer, header, None)
    if utf16_len(full) <= budget:
        return full
    fields = [header, answer.reason, answer.query, *(answer.suggestions or ())]
    longest = max(len(_text(f)) for f in fields)
    fitted = _largest_fitting(lambda c: _top_block(answer, header, c), longest, budget)
    if fitted is None:  # absurdly many suggestions: keep only the first few
        trimmed = dataclasses.replace(answer, suggestions=(answer.suggestions or ())[:3])
        fitted = _largest_fitting(lambda c: _top_block(trimmed, header, c), longest, budget)
    if fitted is None:
        raise ValueError(f"page budget {budget} is too small for the answer header")
    return fitted


def page_footer(page: int, total: int) -> str:
    """Footer for 0-based ``page`` of ``total``, shown as "Page 2/5"."""
    return f"<i>Page {page + 1}/{total}</i>"


def render_answer_pages(
    answer: Answer, *, header: str | None = None, max_len: int = MessageLimit.MAX_TEXT_LENGTH
) -> list[str]:
    """Render ``answer`` as one or more HTML messages, each <= ``max_len`` UTF-16 units.

    ``header`` is plain text (escaped, shown bold on page 1). Facts keep their order and each
    lands on exactly one page; the verdict/reason block sits at the top of the first page.
    """
    if max_len < MIN_PAGE_LEN:
        raise ValueError(f"max_len must be at least {MIN_PAGE_LEN}")
    facts: Sequence[FactRecord] = answer.facts
    if not facts:
        return [_fit_top(answer, header, max_len)]

    # Reserve room for the widest footer any page could need: pages <= facts + 1 (top alone).
    bound = len(facts) + 1
    budget = max_len - utf16_len(BLOCK_SEPARATOR + page_footer(bound - 1, bound))
    top = _fit_top(answer, header, budget // 2)
    blocks = [_fit_fact(fact, budget) for fact in facts]

    whole = BLOCK_SEPARATOR.join([top, *blocks] if top else blocks)
    if utf16_len(whole) <= max_len:
        return [whole]

    pages: list[list[str]] = []
    current: list[str] = [top] if top else []
    for block in blocks:
        if current and utf16_len(BLOCK_SEPARATOR.join([*current, block])) > budget:
            pages.append(current)
            current = []
        current.append(block)
    pages.append(current)
    if len(pages) == 1:
        return [BLOCK_SEPARATOR.join(pages[0])]
    total = len(pages)
    return [BLOCK_SEPARATOR.join([*page, page_footer(i, total)]) for i, page in enumerate(pages)]


# ----------------------------------------------------------------------------- paging buttons


def encode_page_callback(command: str, query: str, page: int) -> str:
    """Self-contained callback data ``pg|<command>|<page>|<query>`` within Telegram's 64 bytes.

    It carries the query itself (no server-side id), so buttons keep working after a restart.
    A query too long to fit is cut on a character boundary; the button then re-runs the search
    for that slightly shorter query, which is the accepted trade-off for statelessness.
    """
    if not _COMMAND_RE.fullmatch(command):
        raise ValueError(f"invalid command for callback data: {command!r}")
    if page < 0 or len(str(page)) > _MAX_PAGE_DIGITS:
        raise ValueError(f"invalid page: {page}")
    head = f"{PAGE_CALLBACK_PREFIX}{command}|{page}|"
    room = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA - len(head.encode("utf-8"))
    if room < 0:
        raise ValueError("command too long for callback data")
    return head + _utf8_prefix(query, room)


def decode_page_callback(data: Any) -> tuple[str, str, int] | None:
    """``(command, query, page)`` from :func:`encode_page_callback` data; None for anything else."""
    if not isinstance(data, str) or not data.startswith(PAGE_CALLBACK_PREFIX):
        return None
    if len(data.encode("utf-8")) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
        return None
    parts = data[len(PAGE_CALLBACK_PREFIX) :].split("|", 2)
    if len(parts) != 3:
        return None
    command, page_text, query = parts
    if not _COMMAND_RE.fullmatch(command):
        return None
    if not (page_text.isascii() and page_text.isdigit() and len(page_text) <= _MAX_PAGE_DIGITS):
        return None
    if page_text != str(int(page_text)):  # reject "007": we never produce it
        return None
    return command, query, int(page_text)


def page_keyboard(command: str, query: str, page: int, total: int) -> InlineKeyboardMarkup | None:
    """"‹ Prev" / "Next ›" buttons for 0-based ``page`` of ``total``; None when there is one page."""
    if total <= 1:
        return None
    page = max(0, min(page, total - 1))
    buttons: list[InlineKeyboardButton] = []
    if page > 0:
        data = encode_page_callback(command, query, page - 1)
        buttons.append(InlineKeyboardButton("‹ Prev", callback_data=data))
    if page < total - 1:
        data = encode_page_callback(command, query, page + 1)
        buttons.append(InlineKeyboardButton("Next ›", callback_data=data))
    return InlineKeyboardMarkup([buttons])


# ----------------------------------------------------------------------------- plain titles and line lists


_TAG_RE = re.compile(r"<[^>]+>")
#: Longest single line in a list message (digest, ingest report) before it is cut with "…".
MAX_LIST_LINE_CHARS = 300


def fact_title(fact: FactRecord, limit: int = 100) -> str:
    """The fact's headline as plain text (for inline result titles); never empty."""
    headline = html.unescape(_TAG_RE.sub("", _headline(fact, limit)))
    if not headline.strip():
        headline = fact.snippet
    return _cut(" ".join(headline.split()), limit) or "Untitled"


def plain_snippet(fact: FactRecord, limit: int = 200) -> str:
    """The fact's snippet and source date as one plain line (for inline result descriptions)."""
    date = fact.source.date or "date not stated"
    return _cut(f"{' '.join(fact.snippet.split())} ({date})", limit)


def escape(text: Any, limit: int | None = MAX_LIST_LINE_CHARS) -> str:
    """Plain text made safe for HTML parse mode, cut to ``limit`` characters first."""
    return _esc(text, limit)


def fit_lines(lines: Sequence[str], max_len: int = MessageLimit.MAX_TEXT_LENGTH) -> str:
    """Join HTML ``lines`` with newlines, dropping trailing lines (with a note) to stay within ``max_len``.

    Each line must be complete HTML on its own (escaped text, balanced tags), so dropping a line never
    breaks the markup.
    """
    kept: list[str] = []
    for index, line in enumerate(lines):
        note = f"… and {len(lines) - index} more lines"
        if utf16_len("\n".join([*kept, line, note])) > max_len:
            return "\n".join([*kept, note])
        kept.append(line)
    return "\n".join(kept)
