"""Access control: other chats get one polite refusal and nothing from the knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.access import REFUSAL, USER_REFUSAL, Access
from tests.bot_fixtures import ADMIN, BOT, GROUP, USER, running_bot

pytestmark = pytest.mark.e2e  # a real Application against the fake Bot API

OTHER_GROUP = -100999


def test_access_rules() -> None:
    open_bot = Access()
    assert open_bot.allows(-1, 5) and open_bot.allows_inline(5)
    closed = Access(allowed_chats=frozenset({GROUP}), allowed_users=frozenset({USER}), admins=frozenset({ADMIN}))
    assert closed.allows(GROUP, USER)
    assert not closed.allows(GROUP, 7)  # a stranger in an allowed group
    assert not closed.allows(OTHER_GROUP, USER)
    assert closed.allows(OTHER_GROUP, ADMIN) and closed.allows(ADMIN, ADMIN)
    assert closed.allows_inline(USER) and closed.allows_inline(ADMIN) and not closed.allows_inline(7)
    chats_only = Access(allowed_chats=frozenset({GROUP}))
    assert chats_only.allows(GROUP, 7) and not chats_only.allows_inline(7)


async def test_other_chats_get_one_polite_refusal(tmp_path: Path) -> None:
    async with running_bot(tmp_path, access={"allowed_chats": [GROUP]}) as bot:
        refusal = await bot.send(OTHER_GROUP, f"/who@{BOT} Kuleba", user_id=USER, chat_type="supergroup")
        assert refusal.params["text"] == REFUSAL
        bot.api.push_message(OTHER_GROUP, f"/sources@{BOT}", user_id=USER, chat_type="supergroup")
        bot.api.push_message(OTHER_GROUP, "/deals Rheinmetall", user_id=USER + 1, chat_type="supergroup")
        bot.api.push_message(USER, "/who Kuleba", user_id=USER)  # a private chat is another chat too
        private = await bot.api.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
        assert private.params["text"] == REFUSAL
        bot.api.push_message(USER, "/help", user_id=USER)
        await bot.handled()
        assert len(bot.api.sent_messages(OTHER_GROUP)) == 1
        assert len(bot.api.sent_messages(USER)) == 1
        assert all("Kuleba" not in m["text"] for m in bot.api.sent_messages())
        allowed = await bot.send(GROUP, f"/who@{BOT} Kuleba", user_id=USER, chat_type="supergroup")
        assert "Dmytro Kuleba" in allowed.params["text"]
        admin = await bot.send(ADMIN, "/who Kuleba", user_id=ADMIN)
        assert "Dmytro Kuleba" in admin.params["text"]


async def test_refused_chat_buttons_and_other_bots_commands(tmp_path: Path) -> None:
    async with running_bot(tmp_path, access={"allowed_chats": [GROUP]}) as bot:
        bot.api.push_message(OTHER_GROUP, "/who@other_bot Kuleba", user_id=USER, chat_type="supergroup")
        await bot.handled()
        assert bot.api.sent_messages(OTHER_GROUP) == []  # not addressed to us: not even a refusal
        bot.api.add_chat(OTHER_GROUP, "supergroup")
        bot.api.push_callback_query(OTHER_GROUP, 1, "pg|who|1|Kuleba", user_id=USER)
        answer = await bot.api.wait_for("answerCallbackQuery")
        assert answer.params["text"] == "Not available here."
        assert bot.api.calls("editMessageText") == []


async def test_allowed_users_limit_who_may_ask_in_an_allowed_chat(tmp_path: Path) -> None:
    async with running_bot(tmp_path, access={"allowed_chats": [GROUP], "allowed_users": [USER]}) as bot:
        ok = await bot.send(GROUP, f"/who@{BOT} Kuleba", user_id=USER, chat_type="supergroup")
        assert "Dmytro Kuleba" in ok.params["text"]
        stranger = await bot.send(GROUP, f"/who@{BOT} Kuleba", user_id=999, chat_type="supergroup")
        assert stranger.params["text"] == USER_REFUSAL
        bot.api.push_message(GROUP, f"/sources@{BOT}", user_id=999, chat_type="supergroup")
        await bot.handled()
        assert len(bot.api.sent_messages(GROUP)) == 2
