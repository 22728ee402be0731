"""The fake Bot API must behave like Telegram for the real python-telegram-bot stack.

These tests drive PTB's own ``Application``/``Bot`` against the fake, so if the fake drifts from
what PTB sends or expects, they fail here rather than in every end-to-end test.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import InlineKeyboardButtonLimit, InlineQueryLimit, MessageLimit, ParseMode
from telegram.error import BadRequest, EndPointNotFound, InvalidToken, NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_bot_api import FakeBotApi, HtmlParseError, parse_html, running_fake_bot_api, utf16_len

pytestmark = pytest.mark.e2e  # a real Application against the fake Bot API

CHAT = 4242
USER = 4242


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with HTML built from user input, escaped like real handlers must."""
    assert update.effective_message is not None
    args = " ".join(context.args or [])
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("again", callback_data="echo|again")]])
    await update.effective_message.reply_text(
        f"<b>Echo:</b> {html.escape(args)}", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )


async def _again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the button and edit the message, as paging handlers will."""
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text(f"<i>again:</i> {html.escape(query.data or '')}", parse_mode=ParseMode.HTML)


async def _document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Download an uploaded document through getFile + the file route."""
    assert update.effective_message is not None and update.effective_message.document is not None
    tg_file = await update.effective_message.document.get_file()
    content = bytes(await tg_file.download_as_bytearray())
    await update.effective_message.reply_text(f"got {len(content)} bytes: {content.decode()}")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with running_fake_bot_api(token="123:ABC") as server:
        yield server


@pytest.fixture
async def app(api: FakeBotApi) -> AsyncIterator[Application]:
    """A polling Application wired to the fake; always shut down cleanly."""
    application = api.application_builder().rate_limiter(AIORateLimiter(max_retries=1)).build()
    application.add_handler(CommandHandler("echo", _echo))
    application.add_handler(CallbackQueryHandler(_again, pattern=r"^echo\|"))
    application.add_handler(MessageHandler(filters.Document.ALL, _document))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


@pytest.fixture
async def bot_app(api: FakeBotApi) -> AsyncIterator[Application]:
    """An initialized Application without polling, for direct Bot calls."""
    application = api.application_builder().build()
    await application.initialize()
    api.add_chat(CHAT)
    try:
        yield application
    finally:
        await application.shutdown()


async def test_echo_command_end_to_end(api: FakeBotApi, app: Application) -> None:
    sent_id = api.push_message(CHAT, "/echo <b>Kuleba</b> & «Кулеба» 🇺🇦", user_id=USER)
    call = await api.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT)
    assert call.params["text"] == "<b>Echo:</b> &lt;b&gt;Kuleba&lt;/b&gt; &amp; «Кулеба» 🇺🇦"
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "echo|again"
    [sent] = api.sent_messages(CHAT)
    stored = api.message(CHAT, sent["message_id"])
    assert stored is not None and stored["text"] == "Echo: <b>Kuleba</b> & «Кулеба» 🇺🇦"
    assert stored["entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    assert sent["message_id"] == sent_id + 1  # one per-chat counter for user and bot messages


async def test_callback_query_answer_and_edit(api: FakeBotApi, app: Application) -> None:
    api.push_message(CHAT, "/echo hi", user_id=USER)
    await api.wait_for("sendMessage")
    [sent] = api.sent_messages(CHAT)
    query_id = api.push_callback_query(CHAT, sent["message_id"], "echo|again", user_id=USER)
    answer = await api.wait_for("answerCallbackQuery")
    assert answer.params["callback_query_id"] == query_id
    edit = await api.wait_for("editMessageText")
    assert edit.params["message_id"] == sent["message_id"]
    stored = api.message(CHAT, sent["message_id"])
    assert stored is not None and stored["text"] == "again: echo|again"
    assert "reply_markup" not in stored  # edit without markup removes the keyboard, as in Telegram


async def test_document_download(api: FakeBotApi, app: Application) -> None:
    api.register_file("doc-1", "Ангела 🙂".encode(), "article.txt", "text/plain")
    api.push_message(CHAT, "", user_id=USER, document="doc-1")
    call = await api.wait_for("sendMessage")
    assert call.params["text"] == f"got {len('Ангела 🙂'.encode())} bytes: Ангела 🙂"
    assert [c.method for c in api.requests].count("getFile") == 1


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("Q&A", 'Unescaped "&"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("&nbsp;", 'Unescaped "&"'),
    ],
)
async def test_bad_html_is_rejected(
    api: FakeBotApi, bot_app: Application, text: str, fragment: str
) -> None:
    with pytest.raises(BadRequest) as err:
        await bot_app.bot.send_message(CHAT, text, parse_mode=ParseMode.HTML)
    # PTB strips "Bad Request: " and re-capitalises; the wire text is Telegram's exact prefix.
    assert err.value.message.startswith("Can't parse entities: ")
    description = api.errors[-1][2]
    assert description.startswith("Bad Request: can't parse entities: ")
    assert fragment in description


async def test_error_text_is_telegrams(api: FakeBotApi, bot_app: Application) -> None:
    with pytest.raises(BadRequest):
        await bot_app.bot.send_message(CHAT, "<b>x", parse_mode=ParseMode.HTML)
    method, _, description = api.errors[-1]
    assert method == "sendMessage"
    assert description.startswith("Bad Request: can't parse entities: ")


async def test_good_html_is_accepted(api: FakeBotApi, bot_app: Application) -> None:
    text = (
        '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>'
        '<del>d</del><span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler>'
        '<a href="https://example.org/?a=1&amp;b=2">l</a><code>c</code><pre><code class="language-py">x'
        '</code></pre><blockquote>q</blockquote><blockquote expandable>long</blockquote>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> &lt;&gt;&amp;&quot;&#65;&#x42;'
    )
    message = await bot_app.bot.send_message(CHAT, text, parse_mode=ParseMode.HTML)
    assert message.text.endswith('👍 <>&"AB')
    stored = api.message(CHAT, message.message_id)
    assert stored is not None
    types = {e["type"] for e in stored["entities"]}
    assert {"bold", "italic", "spoiler", "text_link", "expandable_blockquote", "custom_emoji"} <= types


async def test_length_limit_counts_utf16(bot_app: Application) -> None:
    limit = MessageLimit.MAX_TEXT_LENGTH
    await bot_app.bot.send_message(CHAT, "a" * limit)
    await bot_app.bot.send_message(CHAT, "🙂" * (limit // 2))  # each emoji is 2 UTF-16 units
    await bot_app.bot.send_message(CHAT, "<b>" + "a" * limit + "</b>", parse_mode=ParseMode.HTML)
    for too_long in ("a" * (limit + 1), "🙂" * (limit // 2) + "a"):
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot_app.bot.send_message(CHAT, too_long)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot_app.bot.send_message(CHAT, "<b> </b>", parse_mode=ParseMode.HTML)


async def test_callback_data_limit_is_bytes(bot_app: Application) -> None:
    limit = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA

    def markup(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])

    await bot_app.bot.send_message(CHAT, "ok", reply_markup=markup("a" * limit))
    for bad in ("a" * (limit + 1), "ж" * (limit // 2 + 1)):
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot_app.bot.send_message(CHAT, "bad", reply_markup=markup(bad))


async def test_edit_rules(bot_app: Application) -> None:
    message = await bot_app.bot.send_message(CHAT, "<b>one</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot_app.bot.edit_message_text("<b>one</b>", CHAT, message.message_id, parse_mode=ParseMode.HTML)
    edited = await bot_app.bot.edit_message_text("<i>one</i>", CHAT, message.message_id,
                                                 parse_mode=ParseMode.HTML)
    assert isinstance(edited, type(message)) and edited.text == "one"
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot_app.bot.edit_message_text("x", CHAT, 9999)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot_app.bot.answer_callback_query("nope")
    assert await bot_app.bot.delete_message(CHAT, message.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot_app.bot.delete_message(CHAT, message.message_id)


async def test_inline_query_limits(api: FakeBotApi, bot_app: Application) -> None:
    def results(ids: list[str]) -> list[InlineQueryResultArticle]:
        return [InlineQueryResultArticle(i, "t", InputTextMessageContent(f"<b>{i}</b>", parse_mode="HTML"))
                for i in ids]

    query_id = api.push_inline_query(USER, "kuleba")
    with pytest.raises(BadRequest, match="Results_too_much"):
        await bot_app.bot.answer_inline_query(
            query_id, results([str(i) for i in range(InlineQueryLimit.RESULTS + 1)])
        )
    with pytest.raises(BadRequest, match="Result_id_duplicate"):
        await bot_app.bot.answer_inline_query(query_id, results(["a", "a"]))
    assert await bot_app.bot.answer_inline_query(query_id, results(["a", "b"]))
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot_app.bot.answer_inline_query(query_id, results(["a"]))


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB-internal
async def test_rate_limit_retry_succeeds(api: FakeBotApi) -> None:
    application = api.application_builder().rate_limiter(AIORateLimiter(max_retries=1)).build()
    await application.initialize()
    try:
        api.add_chat(CHAT)
        api.fail_next("sendMessage", status=429, retry_after=1)
        message = await application.bot.send_message(CHAT, "after flood wait")
        assert message.text == "after flood wait"
        assert len(api.calls("sendMessage")) == 2
        assert api.errors[0][2] == "Too Many Requests: retry after 1"
    finally:
        await application.shutdown()


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors(api: FakeBotApi, bot_app: Application, status: int) -> None:
    api.fail_next("sendMessage", status=status)
    with pytest.raises(NetworkError):
        await bot_app.bot.send_message(CHAT, "x")
    assert (await bot_app.bot.send_message(CHAT, "x")).text == "x"  # only once


async def test_wrong_token_and_unknown_method(api: FakeBotApi, bot_app: Application) -> None:
    with pytest.raises(EndPointNotFound):
        await bot_app.bot.do_api_request("sendTelepathy")
    wrong = Application.builder().token("999:XYZ").base_url(api.base_url).build()
    with pytest.raises(InvalidToken):
        async with wrong.bot:  # shuts the bot's HTTP client down on failure
            pass


async def test_members_commands_and_actions(api: FakeBotApi, bot_app: Application) -> None:
    group = -1001
    api.add_chat(group, "supergroup")
    api.set_admins(group, [7], creator=5)
    admins = await bot_app.bot.get_chat_administrators(group)
    assert [(m.user.id, m.status) for m in admins] == [(5, "creator"), (7, "administrator")]
    assert (await bot_app.bot.get_chat_member(group, 9)).status == "member"
    assert await bot_app.bot.set_my_commands([("who", "Who is this person?")])
    assert [c.command for c in await bot_app.bot.get_my_commands()] == ["who"]
    with pytest.raises(BadRequest):
        await bot_app.bot.set_my_commands([("Who!", "bad")])
    assert await bot_app.bot.send_chat_action(CHAT, "typing")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot_app.bot.send_message(31337, "nobody here")


async def test_push_message_shapes(api: FakeBotApi) -> None:
    first = api.push_message(-100, "/who@factdesk_bot Кулеба", user_id=1, chat_type="supergroup",
                             message_thread_id=3, username="anna")
    api.push_message(-100, "edited", user_id=1, chat_type="supergroup", edited=True)
    api.push_message(-100, "reply", user_id=2, chat_type="supergroup", reply_to=first)
    api.push_message(CHAT, "/🙂", user_id=USER)
    updates = [Update.de_json(u, None) for u in await api._get_updates({"offset": 0, "timeout": 0})]
    msg = updates[0].message
    assert msg is not None and msg.chat.is_forum and msg.message_thread_id == 3
    assert msg.entities[0].type == "bot_command" and msg.entities[0].length == len("/who@factdesk_bot")
    assert updates[1].edited_message is not None and updates[1].edited_message.message_id == first
    assert updates[2].message is not None and updates[2].message.reply_to_message is not None
    assert updates[3].message is not None and not updates[3].message.entities


async def test_wait_for_times_out_fast(api: FakeBotApi) -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    with pytest.raises(TimeoutError):
        await api.wait_for("sendMessage", timeout=0.05)
    assert loop.time() - start < 0.5


def test_parse_html_entities_use_utf16_offsets() -> None:
    plain, entities = parse_html("🙂 <b>Кулеба</b> <i>a&amp;b</i>")
    assert plain == "🙂 Кулеба a&b"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 6},
        {"type": "italic", "offset": 10, "length": 3},
    ]
    assert utf16_len(plain) == len(plain) + 1
    with pytest.raises(HtmlParseError):
        parse_html("<a href='x'>unterminated")
    assert parse_html("Q&A", strict_ampersand=False)[0] == "Q&A"
