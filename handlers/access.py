"""Access control: which chats and users the bot serves, and one polite refusal for the rest.

``gate`` runs before every other handler (group -1). An update from a chat or user that is not
allowed stops there: the chat gets one refusal (remembered in ``bot_data``), never an answer from
the knowledge base. Admins (``FACTDESK_ADMINS``) are allowed everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import ACCESS_KEY
from knowledge.query.commands import parse_command

REFUSED_KEY = "refused_chats"
REFUSAL = ("Sorry, this bot is private and not available in this chat. "
           "Ask its owner to add this chat (or you) to the allowed list.")
USER_REFUSAL = "Sorry, this bot answers only the people on its list of users."
CALLBACK_REFUSAL = "Not available here."
GROUP_ADMIN_STATUSES = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})


@dataclass(frozen=True)
class Access:
    """Who may use the bot: empty sets mean "anyone"; admins may always."""

    allowed_chats: frozenset[int] = field(default_factory=frozenset)
    allowed_users: frozenset[int] = field(default_factory=frozenset)
    admins: frozenset[int] = field(default_factory=frozenset)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    def allows_chat(self, chat_id: int | None) -> bool:
        return not self.allowed_chats or chat_id in self.allowed_chats

    def allows(self, chat_id: int | None, user_id: int | None) -> bool:
        if self.is_admin(user_id):
            return True
        return self.allows_chat(chat_id) and (not self.allowed_users or user_id in self.allowed_users)

    def allows_inline(self, user_id: int | None) -> bool:
        """Inline answers can be posted anywhere, so only named users get them.

        A bot with no allow lists at all is public, and then anyone may use inline mode too.
        """
        if self.is_admin(user_id) or (user_id is not None and user_id in self.allowed_users):
            return True
        return not (self.allowed_users or self.allowed_chats or self.admins)


def access_of(context: ContextTypes.DEFAULT_TYPE) -> Access:
    return context.bot_data.get(ACCESS_KEY) or Access()


def _addressed_to_bot(update: Update, bot_username: str | None) -> bool:
    """A command for this bot, or anything in a private chat: worth one refusal."""
    message = update.effective_message
    if message is None:
        return False
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or message.caption or ""
    return text.startswith("/") and parse_command(text, bot_username=bot_username) is not None


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from chats and users that are not allowed; refuse each chat once."""
    if update.inline_query is not None:
        return  # handlers.inline answers refused users with an empty list
    chat, user = update.effective_chat, update.effective_user
    access = access_of(context)
    if access.allows(chat.id if chat else None, user.id if user else None):
        return
    if update.callback_query is not None:
        await update.callback_query.answer(CALLBACK_REFUSAL)
        raise ApplicationHandlerStop
    if chat is not None and _addressed_to_bot(update, context.bot.username):
        # A chat that is not allowed is told once; a stranger in an allowed chat is told once too.
        chat_ok = access.allows_chat(chat.id)
        key: int | tuple[int, int] = (chat.id, user.id) if chat_ok and user is not None else chat.id
        refused: set[int | tuple[int, int]] = context.bot_data.setdefault(REFUSED_KEY, set())
        if key not in refused:
            refused.add(key)
            await context.bot.send_message(chat.id, USER_REFUSAL if chat_ok else REFUSAL,
                                           message_thread_id=_topic_of(update))
    raise ApplicationHandlerStop


def _topic_of(update: Update) -> int | None:
    message = update.effective_message
    return message.message_thread_id if message is not None and message.is_topic_message else None


async def may_manage_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Bot admins anywhere, anyone in their own private chat, group owners and administrators."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if access_of(context).is_admin(user.id) or chat.type == ChatType.PRIVATE:
        return True
    return await is_group_admin(context, chat.id, user.id)


async def is_group_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    """Whether the user is the group's owner or one of its administrators (asked of Telegram)."""
    member = await context.bot.get_chat_member(chat_id, user_id)
    return member.status in GROUP_ADMIN_STATUSES
