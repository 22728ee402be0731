"""Inline mode: ``@factdesk_bot kuleba`` offers facts as results to post in any chat.

Inline answers leave the chats the bot is allowed in, so only allowed users get results; everyone
else gets an empty, uncached answer.
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import InlineQueryLimit, ParseMode
from telegram.ext import ContextTypes

from handlers.access import access_of
from handlers.common import NO_PREVIEW, service_of
from handlers.render import fact_title, plain_snippet, render_answer_pages
from knowledge.query.answers import Answer
from knowledge.query.commands import MAX_QUERY_CHARS, MIN_QUERY_CHARS, QUESTION_COMMANDS, Command, parse_command

#: Seconds Telegram may cache a user's results (personal results only: access differs per user).
INLINE_CACHE_SECONDS = 30


def inline_command(text: str) -> Command | None:
    """``deals Rheinmetall`` is /deals; any other text is /who; too short is None."""
    words = " ".join(text.split())[:MAX_QUERY_CHARS]
    command = parse_command(words)
    if command is None or command.name not in QUESTION_COMMANDS:
        command = Command("who", words)
    if len(command.query) < MIN_QUERY_CHARS.get(command.name, 0):
        return None
    return command


async def inline_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an inline query with up to InlineQueryLimit.RESULTS facts."""
    inline = update.inline_query
    if inline is None:
        return
    command = inline_command(inline.query)
    if not access_of(context).allows_inline(inline.from_user.id) or command is None:
        await inline.answer([], cache_time=0, is_personal=True)
        return
    service = service_of(context)
    answer = await service.run(command)
    if not answer.facts and command.name == "who":
        answer = await service.run(Command("search", command.query))
    results = []
    for number, fact in enumerate(answer.facts[:InlineQueryLimit.RESULTS]):
        [text] = render_answer_pages(Answer(command=answer.command, query="", facts=(fact,)))[:1]
        results.append(InlineQueryResultArticle(
            id=str(number), title=fact_title(fact), description=plain_snippet(fact),
            input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML,
                                                          link_preview_options=NO_PREVIEW)))
    await inline.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=True)
