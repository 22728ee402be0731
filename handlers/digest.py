"""/digest: a chat's daily digest of what is new, and how a digest reads.

``/digest on [HH:MM] [time zone] [quiet]``, ``/digest off``, ``/digest now`` (a preview that does
not count as the day's digest) and ``/digest`` (the setting). Only group administrators and the
bot's admins change a group's digest. Sending is the application's job (:mod:`bot.jobs`): it reads
the subscriptions from the database on every run, so a change here is told to it only to be
picked up at once (through ``bot_data``; handlers do not depend on ``bot/``).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.access import may_manage_chat
from handlers.common import digests_changed, now_of, reply_html, store_of
from handlers.render import escape, fit_lines
from knowledge.digest import (
    Digest,
    ScheduleError,
    build_digest,
    describe,
    get_subscription,
    local_day,
    parse_schedule,
    subscribe,
    unsubscribe,
)

USAGE = "Usage: /digest on [HH:MM] [time zone] [quiet] · /digest off · /digest now — e.g. /digest on 08:30 Europe/Kyiv"
NOT_ALLOWED = "Only the group's administrators can change its digest."
GROUP_HEADINGS = {"feeds": "From your feeds", "links": "Links posted here", "other": "Also new"}


def render_digest(digest: Digest) -> str:
    """The digest as one HTML message within Telegram's length limit."""
    lines = [f"<b>Daily digest · {escape(digest.today)}</b>"]
    if digest.empty:
        lines.append(f"Nothing new since {digest.since:%Y-%m-%d %H:%M} UTC.")
        return fit_lines(lines)
    if digest.articles:
        lines += ["", "<b>New articles</b>"]
        grouped = any(a.group != "other" for a in digest.articles)
        group = None
        for article in digest.articles:
            if grouped and article.group != group:
                group = article.group
                lines.append(f"<i>{GROUP_HEADINGS[group]}</i>")
            via = f" · {escape(article.via, 80)}" if article.via else ""
            lines.append(f"• {escape(article.title)} — {escape(article.date or 'date not stated')}{via}")
    if digest.deals:
        lines += ["", "<b>New deals</b>"]
        for deal in digest.deals:
            parties = escape(", ".join(deal.parties))
            when = f" ({escape(deal.date)})" if deal.date else ""
            was = f" (was {escape(deal.was)})" if deal.was else ""
            lines.append(f"• <b>{escape(deal.status)}</b>{was} · {parties} — {escape(deal.what)}{when}")
    if digest.events:
        lines += ["", "<b>Today and ahead</b>"]
        lines += [f"• <b>{escape(e.date)}</b> {escape(e.what)} — <i>{escape(e.source)}</i>" for e in digest.events]
    if digest.quotes:
        lines += ["", "<b>New quotes by people you asked about</b>"]
        lines += [f"• <b>{escape(q.speaker, 80)}</b>: “{escape(q.text, 300)}” — <i>{escape(q.source)}</i>"
                  for q in digest.quotes]
    if digest.people:
        lines += ["", "<b>Newly seen people</b>", escape(", ".join(digest.people), 1000)]
    return fit_lines(lines)


async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show, turn on, turn off or preview the chat's daily digest."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    store = store_of(context)
    args = context.args or []
    action = args[0].casefold() if args else ""
    now = now_of(context)
    if action in ("on", "off") and not await may_manage_chat(update, context):
        await reply_html(message, escape(NOT_ALLOWED))
        return
    if action == "":
        await reply_html(message, escape(describe(await get_subscription(store, chat.id), now), None))
    elif action == "on":
        try:
            schedule = parse_schedule(args[1:])
        except ScheduleError as exc:
            await reply_html(message, f"{escape(str(exc))}\n{escape(USAGE, None)}")
            return
        thread_id = message.message_thread_id if message.is_topic_message else None
        sub = await subscribe(store, chat.id, schedule, thread_id=thread_id, now=now)
        digests_changed(context)
        await reply_html(message, escape(describe(sub, now), None))
    elif action == "off":
        await unsubscribe(store, chat.id)
        digests_changed(context)
        await reply_html(message, "The daily digest is off.")
    elif action == "now":
        sub = await get_subscription(store, chat.id)
        zone = sub.time_zone if sub else "UTC"
        digest = await build_digest(store, sub.last_sent_at if sub else None, local_day(zone, now), now=now,
                                    chat_id=chat.id)
        await reply_html(message, render_digest(digest))
    else:
        await reply_html(message, escape(USAGE, None))
