"""The one error handler: log the failure with its update id, apologise briefly, never crash."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

logger = logging.getLogger("factdesk.bot")
APOLOGY = "Sorry, something went wrong while answering. Please try again in a moment."
SHORT_APOLOGY = "Sorry, something went wrong."


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception (with the update id) and answer the user with a short apology."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("update %s failed: %s", update_id, type(context.error).__name__, exc_info=context.error)
    if not isinstance(update, Update) or isinstance(context.error, Forbidden):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SHORT_APOLOGY)
        elif update.inline_query is not None:
            await update.inline_query.answer([], cache_time=0, is_personal=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(APOLOGY, do_quote=True)
    except TelegramError as exc:  # the apology itself failed: logging is all that is left
        logger.warning("update %s: could not send the apology: %s", update_id, exc)
