"""The question commands: /who /when /deals /check /search /sources, and plain text in private chats.

Parse, ask :class:`knowledge.query.service.KnowledgeService`, render with :mod:`handlers.render`, reply.
Long answers are paged: the first page goes out with Prev/Next buttons (see :mod:`handlers.paging`).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import Message, Update
from telegram.ext import ContextTypes

from handlers.common import reply_html, service_of, store_of
from handlers.render import escape, page_keyboard, render_answer_pages
from knowledge.interests import remember_people
from knowledge.query.answers import Answer, PersonRecord, QuoteRecord
from knowledge.query.commands import MAX_QUERY_CHARS, QUESTION_COMMANDS, Command, parse_command

logger = logging.getLogger("factdesk.bot")
HEADERS = {"who": "Who", "when": "When", "deals": "Deals", "check": "Check", "search": "Search",
           "sources": "Sources"}


def answer_header(answer: Answer) -> str | None:
    """"Who: Kuleba" above the facts; /sources says how many articles there are."""
    if answer.command == "sources":
        if answer.more:
            return f"Sources: the newest {len(answer.facts)} articles (/search finds older ones)"
        return f"Sources: {len(answer.facts)} articles, newest first"
    if answer.command in HEADERS and answer.facts:
        return f"{HEADERS[answer.command]}: {answer.query}"
    return None


def answer_pages(answer: Answer) -> list[str]:
    """The answer as HTML pages; a usage problem becomes one escaped line."""
    if answer.error:
        return [escape(answer.error, None)]
    return render_answer_pages(answer, header=answer_header(answer))


async def send_answer(message: Message, answer: Answer) -> Message:
    """Reply with page 1 of the answer and, when there are more, the paging buttons."""
    pages = answer_pages(answer)
    markup = None
    if not answer.error:
        markup = page_keyboard(answer.command, answer.query, 0, len(pages))
    return await reply_html(message, pages[0], markup)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /who, /when, /deals, /check, /search or /sources (also when the command is edited)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    answer = await service_of(context).answer(message.text, bot_username=context.bot.username)
    await send_answer(message, answer)
    await remember_asked(message, answer, context)


async def remember_asked(message: Message, answer: Answer, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The people a /who answer names become the chat's interests: their new quotes go into its digest."""
    if answer.command != "who" or answer.error:
        return
    names = [fact.name if isinstance(fact, PersonRecord) else fact.speaker or "" for fact in answer.facts
             if isinstance(fact, PersonRecord | QuoteRecord)]
    try:
        await remember_people(store_of(context), message.chat_id, names)
    except SQLAlchemyError as exc:  # the answer went out; a busy database only costs the digest a section
        logger.warning("could not note who chat %s asked about: %s", message.chat_id, type(exc).__name__)


async def ask_plain_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat, "who Kuleba" is /who Kuleba and any other text is a /search."""
    message = update.effective_message
    if message is None or not message.text or not message.text.strip():
        return
    command = parse_command(message.text)
    if command is None or command.name not in QUESTION_COMMANDS:
        command = Command("search", " ".join(message.text.split())[:MAX_QUERY_CHARS])
    answer = await service_of(context).run(command)
    await send_answer(message, answer)
    await remember_asked(message, answer, context)
