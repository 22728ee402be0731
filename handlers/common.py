"""What every handler module shares: where the service lives in ``bot_data``, and how to reply.

The application puts its collaborators in ``context.bot_data`` once (see :mod:`bot.app`); handlers
read them through these helpers, so a key is spelled in one place.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from knowledge.query.service import KnowledgeService
from knowledge.store.writer import KnowledgeStore

SERVICE_KEY = "service"
STORE_KEY = "store"
ACCESS_KEY = "access"
ARTICLE_LIMITS_KEY = "article_limits"
EXTRACTION_POOL_KEY = "extraction_pool"  # where uploads are extracted (None: a thread)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def service_of(context: ContextTypes.DEFAULT_TYPE) -> KnowledgeService:
    return context.bot_data[SERVICE_KEY]


def store_of(context: ContextTypes.DEFAULT_TYPE) -> KnowledgeStore:
    return context.bot_data[STORE_KEY]


async def reply_html(message: Message, text: str, markup: InlineKeyboardMarkup | None = None, **kwargs: Any) -> Message:
    """Reply to ``message`` (quoting it, in its forum topic) with already-escaped HTML."""
    return await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup, do_quote=True,
                                    link_preview_options=NO_PREVIEW, **kwargs)
