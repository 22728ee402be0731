"""Prev/Next buttons: re-run the question carried in the callback data and edit the same message.

Callback data is self-contained (``pg|who|2|Kuleba``, see :func:`handlers.render.encode_page_callback`),
so buttons keep working after a restart. Anything else, or a page that no longer exists, gets a
short callback answer rather than an error.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from handlers.ask import answer_pages
from handlers.common import NO_PREVIEW, service_of
from handlers.render import PAGE_CALLBACK_PREFIX, decode_page_callback, page_keyboard
from knowledge.query.commands import QUESTION_COMMANDS, Command

PATTERN = "^" + PAGE_CALLBACK_PREFIX.replace("|", r"\|")
STALE = "This button has expired; ask again."
CHANGED = "The answer has changed since; ask again."


async def turn_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the page a Prev/Next button asks for, in the message that carries the button."""
    query = update.callback_query
    if query is None:
        return
    decoded = decode_page_callback(query.data)
    if decoded is None or decoded[0] not in QUESTION_COMMANDS or query.message is None:
        await query.answer(STALE)
        return
    command, words, page = decoded
    answer = await service_of(context).run(Command(command, words))
    pages = answer_pages(answer)
    if answer.error or page >= len(pages):
        await query.answer(CHANGED)
        return
    try:
        await query.edit_message_text(pages[page], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                                      reply_markup=page_keyboard(command, words, page, len(pages)))
    except BadRequest as exc:
        if "not modified" not in exc.message:
            await query.answer(STALE)
            return
    await query.answer()


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other button (an old bot version's, or forged data): a short answer, nothing else."""
    if update.callback_query is not None:
        await update.callback_query.answer(STALE)
