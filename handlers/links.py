"""Links posted in a chat: each becomes an article, and the reply says what was learned.

Plain links and text links of a message (or a caption) are fetched under the network rules and
ingested by :func:`knowledge.links.ingest_link`; a link that is refused gets its one-line reason.
Who may do this is a setting (``FACTDESK_LINK_INGEST``): by default anyone in a private chat and the
administrators in a group. A group member who may not add links is not answered: a team chat full
of links should not fill with refusals.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from handlers.access import access_of, is_group_admin
from handlers.common import EXTRACTION_POOL_KEY, FETCHER_KEY, LINK_INGEST_KEY, reply_html, store_of
from handlers.documents import render_learned, upload_limits
from handlers.render import escape, fit_lines
from knowledge.links import LinkRefused, ingest_link
from knowledge.pages.fetch import Fetcher

MAX_LINKS_PER_MESSAGE = 5
NOT_ALLOWED = "Only the bot's admins can add articles by link here."
URL_ENTITIES = (MessageEntity.URL, MessageEntity.TEXT_LINK)


def message_links(message: Message) -> list[str]:
    """The links of a message in order, once each: plain URLs and the targets of text links."""
    found: list[str] = []
    for parse in (message.parse_entities, message.parse_caption_entities):
        for entity, text in parse(list(URL_ENTITIES)).items():
            url = entity.url if entity.type == MessageEntity.TEXT_LINK else text
            if url and "://" not in url:
                url = f"http://{url}"  # Telegram marks example.org/story as a link too
            if url and url not in found:
                found.append(url)
    return found


async def may_post_links(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    private = chat.type == ChatType.PRIVATE
    mode = context.bot_data.get(LINK_INGEST_KEY) or ("members" if private else "admins")
    if mode == "off":
        return False
    if mode == "members" or access_of(context).is_admin(user.id):
        return True
    return not private and await is_group_admin(context, chat.id, user.id)


async def on_links(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message with links: ingest each and reply with what was learned."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    links = message_links(message)
    if not links:
        return
    if not await may_post_links(update, context):
        if chat.type == ChatType.PRIVATE and context.bot_data.get(LINK_INGEST_KEY) != "off":
            await reply_html(message, escape(NOT_ALLOWED))
        return
    make_fetcher: Callable[[], Fetcher] = context.bot_data[FETCHER_KEY]
    limits = upload_limits(context)
    parts: list[str] = []
    async with make_fetcher() as fetcher:
        for url in links[:MAX_LINKS_PER_MESSAGE]:
            try:
                learned = await ingest_link(store_of(context), fetcher, url, limits=limits,
                                            executor=context.bot_data.get(EXTRACTION_POOL_KEY), chat_id=chat.id)
            except LinkRefused as exc:
                parts.append(f"Not added: {escape(url, 200)}: {escape(str(exc))}.")
                continue
            parts.append(render_learned(learned))
    if len(links) > MAX_LINKS_PER_MESSAGE:
        parts.append(f"Only the first {MAX_LINKS_PER_MESSAGE} links of a message are read.")
    await reply_html(message, fit_lines("\n\n".join(parts).split("\n")))
