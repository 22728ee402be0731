"""The error handler for updates: log the failure with its update id, apologise briefly, never crash.

A bug (any exception that is not Telegram's) is logged with its traceback and the user gets a
one-line apology. A request Telegram refused (a 4xx) is one log line and the same apology. When
the Bot API could not be reached, or kept its flood limit up for too long, the delivery path has
already retried for minutes and logged the give-up with this update's id: an apology would take
the same broken road, so none is sent. Errors that belong to no update (polling, jobs) are the
application's business (:mod:`bot.app`).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

logger = logging.getLogger("factdesk.bot")
APOLOGY = "Sorry, something went wrong while answering. Please try again in a moment."
SHORT_APOLOGY = "Sorry, something went wrong."


def unreachable(error: BaseException | None) -> bool:
    """The Bot API was down or flooded past the delivery path's patience (not a refused request)."""
    return isinstance(error, RetryAfter) or (isinstance(error, NetworkError) and not isinstance(error, BadRequest))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception (with the update id) and answer the user with a short apology."""
    if not isinstance(update, Update):
        return
    error, update_id = context.error, update.update_id
    if unreachable(error):
        logger.info("update %s not answered: the Bot API could not be reached (%s)", update_id, error)
        return
    if isinstance(error, TelegramError):
        logger.warning("update %s failed: Telegram refused a request: %s", update_id, error)
        if isinstance(error, Forbidden):
            return
    else:
        logger.error("update %s failed: %s", update_id, type(error).__name__, exc_info=error)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(SHORT_APOLOGY)
        elif update.inline_query is not None:
            await update.inline_query.answer([], cache_time=0, is_personal=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(APOLOGY, do_quote=True)
    except TelegramError as exc:  # the apology itself failed: logging is all that is left
        logger.warning("update %s: could not send the apology: %s", update_id, exc)
