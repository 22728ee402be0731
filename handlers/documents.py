"""Articles from the chat: an admin sends a .txt/.md/.html document (or replies /ingest to one).

The file is checked before it is downloaded (type, declared size), downloaded only from where the
Bot API keeps it (:mod:`handlers.files`), then ingested by :func:`knowledge.documents.ingest_document`,
and the reply says what was learned.
"""

from __future__ import annotations

from dataclasses import replace

from telegram import Document, Message, Update
from telegram.constants import FileSizeLimit
from telegram.ext import ContextTypes

from handlers.access import access_of
from handlers.common import ARTICLE_LIMITS_KEY, EXTRACTION_POOL_KEY, reply_html, store_of
from handlers.files import FileRefused, download_document
from handlers.render import escape, fit_lines
from knowledge.documents import DocumentRefused, Learned, check_document, ingest_document
from knowledge.limits import ArticleLimits

NOT_ADMIN = "Only the bot's admins can add articles."
USAGE = "Reply /ingest to a .txt, .md or .html document, or send the document to me directly."


def upload_limits(context: ContextTypes.DEFAULT_TYPE) -> ArticleLimits:
    """The configured article limits, and never more bytes than the Bot API lets a bot download."""
    limits: ArticleLimits = context.bot_data.get(ARTICLE_LIMITS_KEY) or ArticleLimits()
    return replace(limits, max_bytes=min(limits.max_bytes, FileSizeLimit.FILESIZE_DOWNLOAD))


def render_learned(learned: Learned) -> str:
    """What one document added, as HTML."""
    name = escape(learned.file_name)
    if learned.known:
        since = f"{learned.known_since:%Y-%m-%d}" if learned.known_since else "earlier"
        return f"Already known since {since}: <b>{escape(learned.duplicate_of or learned.file_name)}</b>. Nothing new."
    verb = "Replaced" if learned.status == "replaced" else "Added"
    counts = learned.counts
    lines = [
        f"{verb} <b>{escape(learned.title or learned.file_name)}</b> ({name}, "
        f"{escape(learned.page_date or 'date not stated')}).",
        f"Learned: {counts.get('people', 0)} people, {counts.get('quotes', 0)} quotes, "
        f"{counts.get('events', 0)} events, {counts.get('deals', 0)} deals.",
    ]
    if learned.replaced_bytes:
        lines.append(f"{learned.replaced_bytes:,} bytes could not be decoded and were replaced.")
    if learned.new_people:
        lines.append("New people: " + escape(", ".join(learned.new_people)))
    if learned.speakers:
        lines.append("Quoted: " + escape(", ".join(learned.speakers)))
    lines += [f"• Event: {escape(event)}" for event in learned.events]
    lines += [f"• Deal: {escape(deal)}" for deal in learned.deals]
    return fit_lines(lines)


async def _ingest(message: Message, document: Document, update: Update,
                  context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    if not access_of(context).is_admin(user.id if user else None):
        await reply_html(message, escape(NOT_ADMIN))
        return
    limits = upload_limits(context)
    try:
        name = check_document(document.file_name, document.file_size, max_bytes=limits.max_bytes)
        data = await download_document(document, context, max_bytes=limits.max_bytes)
        learned = await ingest_document(store_of(context), name, data, upload_id=document.file_unique_id,
                                        limits=limits, executor=context.bot_data.get(EXTRACTION_POOL_KEY))
    except (DocumentRefused, FileRefused) as exc:
        await reply_html(message, f"Not added: {escape(str(exc))}.")
        return
    await reply_html(message, render_learned(learned))


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document sent to the bot (privately, or captioned /ingest in a group)."""
    message = update.effective_message
    if message is not None and message.document is not None:
        await _ingest(message, message.document, update, context)


async def ingest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ingest in reply to a document."""
    message = update.effective_message
    if message is None:
        return
    replied = message.reply_to_message
    if replied is None or replied.document is None:
        await reply_html(message, escape(USAGE, None))
        return
    await _ingest(message, replied.document, update, context)
