"""Every question command answers through the real Application and the strict fake Bot API."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from tests.bot_fixtures import ADMIN, BOT, GROUP, USER, running_bot
from tests.fake_bot_api import utf16_len

pytestmark = pytest.mark.e2e  # a real Application against the fake Bot API

PRIVATE = USER


def visible(api, chat_id: int, message_id: int) -> str:
    """The text the user sees (the fake stores the parsed text)."""
    stored = api.message(chat_id, message_id)
    assert stored is not None
    return stored["text"]


@pytest.mark.parametrize(("command", "expected"), [
    ("/who Kuleba", "Dmytro Kuleba"),
    ("/who Кулеба", "Dmytro Kuleba"),
    ("/who defence minister", "Pistorius"),
    ("/deals Rheinmetall", "Rheinmetall"),
    ("/when drone coalition", "2025-03-03"),
    ("/search shells", "shells"),
    ("/sources", "Drone coalition meets in Riga"),
    ("/check Latvia will fund ten thousand drones", "Check: Latvia will fund ten thousand drones"),
])
async def test_question_commands_in_a_private_chat(tmp_path: Path, command: str, expected: str) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(PRIVATE, command)
        assert expected in visible(bot.api, PRIVATE, call.params["message_id"])
        assert call.params["parse_mode"] == "HTML"
        assert not bot.api.errors


async def test_answers_quote_the_snippet_and_the_source_date(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(PRIVATE, "/who Kuleba")
        html_text = call.params["text"]
        assert "<blockquote" in html_text and "2025-04-11" in html_text
        assert "Kyiv and Berlin sign artillery deal" in html_text


async def test_start_and_help_say_what_the_bot_knows(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        for command in ("/start", "/help"):
            call = await bot.send(PRIVATE, command)
            shown = visible(bot.api, PRIVATE, call.params["message_id"])
            assert "3 articles" in shown and "2025-04-11" in shown
            assert "/who <name or role>" in shown and "e.g. /who Kuleba" in shown


async def test_command_menu_is_registered_on_start(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        [params] = bot.api.calls("setMyCommands")
        names = [c["command"] for c in params["commands"]]
        assert {"who", "when", "deals", "check", "search", "sources", "digest", "help"} <= set(names)


async def test_usage_line_for_empty_or_short_arguments(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(PRIVATE, "/who")
        assert visible(bot.api, PRIVATE, call.params["message_id"]).startswith("Usage: /who <name or role> — e.g.")
        call = await bot.send(PRIVATE, "/check no")
        assert "Usage: /check" in visible(bot.api, PRIVATE, call.params["message_id"])
        assert not bot.api.errors


async def test_nothing_found_offers_close_names(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(PRIVATE, "/who Pistorino")
        shown = visible(bot.api, PRIVATE, call.params["message_id"])
        assert shown == "Nothing on Pistorino.\nDid you mean: Boris Pistorius?"
        call = await bot.send(PRIVATE, "/who Zzxq Qwerty")
        assert visible(bot.api, PRIVATE, call.params["message_id"]) == "Nothing on Zzxq Qwerty."


async def test_group_command_addressed_to_the_bot_replies_to_the_message(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.api.push_message(GROUP, f"/who@{BOT} Kuleba", user_id=USER, chat_type="supergroup")
        call = await bot.api.wait_for("sendMessage", lambda p: p["chat_id"] == GROUP)
        assert call.params["reply_parameters"]["message_id"] == 1
        assert "Dmytro Kuleba" in call.params["text"]


async def test_group_command_for_another_bot_is_ignored(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.api.push_message(GROUP, "/who@other_bot Kuleba", user_id=USER, chat_type="supergroup")
        bot.api.push_message(GROUP, "/frobnicate", user_id=USER, chat_type="supergroup")  # maybe another bot's
        bot.api.push_message(GROUP, "/sources@other_bot", user_id=USER, chat_type="supergroup")
        await bot.handled()
        assert bot.api.sent_messages(GROUP) == []
        call = await bot.send(GROUP, f"/frobnicate@{BOT}", user_id=USER, chat_type="supergroup")
        assert "Unknown command /frobnicate" in call.params["text"]


async def test_forum_topic_reply_stays_in_the_topic(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(GROUP, "/deals Rheinmetall", user_id=USER, chat_type="supergroup",
                              message_thread_id=77)
        assert call.params["message_thread_id"] == 77
        assert bot.api.message(GROUP, call.params["message_id"])["is_topic_message"]


async def test_long_answers_page_with_buttons_that_edit_the_same_message(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(PRIVATE, "/search ammunition depot ledgers")
        message_id = call.params["message_id"]
        first = visible(bot.api, PRIVATE, message_id)
        assert utf16_len(first) <= MessageLimit.MAX_TEXT_LENGTH and first.endswith("Page 1/2")
        [[next_button]] = call.params["reply_markup"]["inline_keyboard"]
        assert next_button["text"] == "Next ›"
        assert len(next_button["callback_data"].encode()) <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA

        bot.api.push_callback_query(PRIVATE, message_id, next_button["callback_data"], user_id=PRIVATE)
        edit = await bot.api.wait_for("editMessageText")
        assert edit.params["message_id"] == message_id
        assert visible(bot.api, PRIVATE, message_id).endswith("Page 2/2")
        await bot.api.wait_for("answerCallbackQuery")
        [[prev_button]] = edit.params["reply_markup"]["inline_keyboard"]
        assert prev_button["text"] == "‹ Prev"

        bot.api.push_callback_query(PRIVATE, message_id, prev_button["callback_data"], user_id=PRIVATE)
        await bot.api.wait_for("editMessageText")
        assert visible(bot.api, PRIVATE, message_id) == first
        assert len(bot.api.sent_messages(PRIVATE)) == 1
        assert not bot.api.errors


@pytest.mark.parametrize("data", ["pg|who|9|Kuleba", "pg|rm|0|x", "something-else", "pg|who|x|y"])
async def test_stale_or_foreign_buttons_get_a_short_answer(tmp_path: Path, data: str) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(PRIVATE, "/who Kuleba")
        bot.api.push_callback_query(PRIVATE, call.params["message_id"], data, user_id=PRIVATE)
        answer = await bot.api.wait_for("answerCallbackQuery")
        assert "ask again" in answer.params["text"]
        assert bot.api.calls("editMessageText") == []
        assert not bot.api.errors


async def test_pages_still_work_after_a_restart(tmp_path: Path) -> None:
    """Buttons carry the question, so a new Application (same database) can turn the page."""
    async with running_bot(tmp_path) as bot:
        call = await bot.send(PRIVATE, "/search ammunition depot ledgers")
        data = call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    async with running_bot(tmp_path / "again") as bot:
        bot.api.push_message(PRIVATE, "/sources", user_id=PRIVATE)
        old = bot.delivered(await bot.api.wait_for("sendMessage"))
        bot.api.push_callback_query(PRIVATE, old.params["message_id"], data, user_id=PRIVATE)
        edit = await bot.api.wait_for("editMessageText")
        assert "Page 2/2" in edit.params["text"]


async def test_admin_is_recognised_in_private_chat(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(ADMIN, "/who Pistorius")
        assert "Boris Pistorius" in call.params["text"]
