"""/start and /help: what the bot knows and how to ask; and the answer to unknown commands."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from handlers.common import reply_html, service_of
from handlers.render import escape
from knowledge.query.commands import USAGE, parse_command

#: The menu Telegram shows (setMyCommands); descriptions are plain text.
BOT_COMMANDS = (
    BotCommand("who", "People and their roles, with quotes"),
    BotCommand("when", "Dated events on a topic"),
    BotCommand("deals", "Agreements and contracts of a party or topic"),
    BotCommand("check", "Is a claim supported by the sources?"),
    BotCommand("search", "Sentences that mention the words"),
    BotCommand("sources", "The articles and their dates"),
    BotCommand("digest", "Daily digest: on [HH:MM] [zone] [quiet] | off | now"),
    BotCommand("feeds", "Feeds this chat follows: add <url> | remove <n>"),
    BotCommand("ingest", "Admins: add the replied-to document as an article"),
    BotCommand("help", "What the bot knows and how to ask"),
)


async def help_text(context: ContextTypes.DEFAULT_TYPE) -> str:
    stats = await service_of(context).stats()
    latest = stats["latest_date"] or "no dated source yet"
    lines = [
        "<b>factdesk</b> answers from news articles, quoting each source and its date.",
        f"It knows <b>{stats['articles']}</b> articles; the latest is dated <b>{escape(latest)}</b>.",
        "",
        *(escape(USAGE[name], None) for name in ("who", "when", "deals", "check", "search", "sources")),
        "",
        escape("/digest on 08:30 Europe/Kyiv — a daily digest of what is new (/digest off to stop)", None),
        "Inline: type <code>@" + escape(context.bot.username or "bot") + " kuleba</code> in any chat.",
        "Admins can send a .txt, .md or .html document to add an article, or post a link.",
        escape("/feeds add <url> — follow an RSS or Atom feed; its new articles come into the digest", None),
    ]
    return "\n".join(lines)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet with what the bot knows and how to ask."""
    if update.effective_message is not None:
        await reply_html(update.effective_message, await help_text(context))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point to /help, but in groups only when the command was addressed to this bot by name."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = parse_command(message.text, bot_username=context.bot.username)
    if command is None:
        return  # another bot's command
    addressed = f"@{context.bot.username}".casefold() in message.text.split()[0].casefold()
    if message.chat.type != ChatType.PRIVATE and not addressed:
        return
    await reply_html(message, f"Unknown command /{escape(command.name, 64)}. Try /help.")
