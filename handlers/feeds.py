"""/feeds: the feeds a chat follows, with how their last round went; adding and removing them.

``/feeds`` lists them (last fetch, items ingested, errors and backoff), ``/feeds add <url>`` (a
feed, or a page that advertises one) and ``/feeds remove <n>`` are for the bot's admins and, in
a group, its administrators. Polling is the application's job (:mod:`bot.jobs`); an added feed is
told to it only so that its first round comes at once.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from handlers.access import access_of, is_group_admin
from handlers.common import FETCHER_KEY, feeds_changed, now_of, reply_html, store_of
from handlers.render import escape, fit_lines
from knowledge.feeds.follow import add_feed
from knowledge.feeds.parse import FeedRefused
from knowledge.feeds.poll import last_round_text
from knowledge.feeds.store import FeedStatus, feed_statuses, unfollow_feed
from knowledge.pages.fetch import Fetcher

USAGE = "Usage: /feeds · /feeds add <feed or page URL> · /feeds remove <n>"
NOT_ALLOWED = "Only the bot's admins (and a group's administrators) can change its feeds."


def render_feeds(statuses: list[FeedStatus]) -> str:
    if not statuses:
        return "No feeds yet. Add one with /feeds add &lt;url&gt;."
    lines = ["<b>Feeds</b>"]
    for status in statuses:
        lines.append(f"{status.number}. <b>{escape(status.title or status.url)}</b> — {escape(status.url, 200)}")
        round_text = last_round_text(status.last_polled_at, status.last_ok_at, status.last_error, status.errors,
                                     status.next_poll_at)
        waiting = f", {status.pending} waiting" if status.pending else ""
        lines.append(f"   {escape(round_text, 300)}; {status.items} items ingested{waiting}")
    return fit_lines(lines)


async def _may_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if access_of(context).is_admin(user.id):
        return True
    return chat.type != ChatType.PRIVATE and await is_group_admin(context, chat.id, user.id)


async def feeds_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return
    args = context.args or []
    action = args[0].casefold() if args else ""
    store = store_of(context)
    if action == "":
        await reply_html(message, render_feeds(await feed_statuses(store, chat.id)))
        return
    if action not in ("add", "remove") or len(args) != 2:
        await reply_html(message, escape(USAGE, None))
        return
    if not await _may_change(update, context):
        await reply_html(message, escape(NOT_ALLOWED))
        return
    if action == "add":
        make_fetcher: Callable[[], Fetcher] = context.bot_data[FETCHER_KEY]
        try:
            async with make_fetcher() as fetcher:
                followed = await add_feed(store, fetcher, args[1], chat_id=chat.id, user_id=user.id if user else None,
                                          now=now_of(context))
        except FeedRefused as exc:
            await reply_html(message, f"Not added: {escape(str(exc))}.")
            return
        feeds_changed(context)
        verb = "Following" if followed.newly else "Already following"
        await reply_html(message, f"{verb} <b>{escape(followed.title or followed.url)}</b> ({escape(followed.url, 200)}"
                                  f", {followed.entries} items now). New items come into the digest.")
        return
    if not args[1].isdigit():
        await reply_html(message, escape(USAGE, None))
        return
    removed = await unfollow_feed(store, chat.id, int(args[1]))
    if removed is None:
        await reply_html(message, f"There is no feed {escape(args[1], 20)}; /feeds lists them.")
    else:
        await reply_html(message, f"Removed <b>{escape(removed.title or removed.url)}</b>. Its articles stay.")
