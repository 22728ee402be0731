"""Inline mode, documents, faults and hostile input, end to end through the fake Bot API."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from telegram.constants import InlineQueryLimit, MessageLimit

from tests.bot_fixtures import ADMIN, ALPHA, BOT, GROUP, USER, running_bot
from tests.fake_bot_api import utf16_len

pytestmark = pytest.mark.e2e  # a real Application against the fake Bot API

NEW_ARTICLE = b"""Tallinn hosts naval talks

May 5, 2025

Estonian Defence Minister Hanno Pevkur met Ukrainian Navy commander Oleksiy Neizhpapa in Tallinn.

"The Black Sea must stay open," Pevkur said.

Estonia and Ukraine signed a contract on naval drone production on May 5, 2025.
"""


# ----------------------------------------------------------------------------- inline mode


async def test_inline_query_gives_results_to_allowed_users(tmp_path: Path) -> None:
    async with running_bot(tmp_path, access={"allowed_users": [USER]}) as bot:
        bot.api.push_inline_query(USER, "kuleba")
        call = await bot.api.wait_for("answerInlineQuery")
        results = call.params["results"]
        assert 0 < len(results) <= InlineQueryLimit.RESULTS
        assert results[0]["title"].startswith("Dmytro Kuleba")
        assert "<blockquote>" in results[0]["input_message_content"]["message_text"]
        assert call.params["is_personal"] is True
        assert not bot.api.errors


async def test_inline_query_admins_allowed_others_get_nothing(tmp_path: Path) -> None:
    async with running_bot(tmp_path, access={"allowed_chats": [GROUP]}) as bot:
        bot.api.push_inline_query(ADMIN, "deals Rheinmetall")
        allowed = await bot.api.wait_for("answerInlineQuery")
        assert "Rheinmetall" in allowed.params["results"][0]["title"]
        bot.api.push_inline_query(USER, "kuleba")
        refused = await bot.api.wait_for("answerInlineQuery")
        assert refused.params["results"] == []


async def test_inline_query_too_short_or_hostile_is_harmless(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        for query in ("", "k", '"<b>&" OR NEAR(*)', "🇺🇦" * 200):
            bot.api.push_inline_query(USER, query)
            call = await bot.api.wait_for("answerInlineQuery")
            assert isinstance(call.params["results"], list)
        assert not bot.api.errors


# ----------------------------------------------------------------------------- documents


async def test_admin_document_is_ingested_and_summarised(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.api.register_file("doc1", NEW_ARTICLE, "tallinn.txt")
        call = await bot.send(ADMIN, "", document="doc1")
        text = call.params["text"]
        assert "Added <b>Tallinn hosts naval talks</b>" in text and "2025-05-05" in text
        assert "Hanno Pevkur" in text and "New people" in text
        assert "Deal:" in text
        answer = await bot.send(ADMIN, "/who Pevkur")
        assert "Hanno Pevkur" in answer.params["text"]
        # the same bytes under another name: a duplicate, known since today
        bot.api.register_file("doc2", NEW_ARTICLE, "copy.md")
        again = await bot.send(ADMIN, "", document="doc2")
        assert again.params["text"].startswith("Already known since 20")
        assert "tallinn.txt" in again.params["text"]


async def test_two_documents_with_one_file_name_are_two_articles(tmp_path: Path) -> None:
    async with running_bot(tmp_path, articles={}) as bot:
        bot.api.register_file("doc1", NEW_ARTICLE, "report.txt")
        bot.api.register_file("doc2", NEW_ARTICLE.replace(b"Tallinn hosts", b"Riga hosts"), "report.txt")
        first = await bot.send(ADMIN, "", document="doc1")
        second = await bot.send(ADMIN, "", document="doc2")
        assert first.params["text"].startswith("Added") and second.params["text"].startswith("Added")
        sources = await bot.send(ADMIN, "/sources")
        assert "Tallinn hosts naval talks" in sources.params["text"]
        assert "Riga hosts naval talks" in sources.params["text"]


async def test_ingest_command_replying_to_a_document(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.api.register_file("doc1", NEW_ARTICLE, "tallinn.html", "text/html")
        doc_id = bot.api.push_message(GROUP, "", user_id=ADMIN, chat_type="supergroup", document="doc1")
        await bot.handled()
        assert bot.api.sent_messages(GROUP) == []  # privacy: a group document alone is not for the bot
        call = await bot.send(GROUP, f"/ingest@{BOT}", user_id=ADMIN, chat_type="supergroup", reply_to=doc_id)
        assert "Added" in call.params["text"]
        usage = await bot.send(GROUP, "/ingest", user_id=ADMIN, chat_type="supergroup")
        assert "Reply /ingest to a .txt" in usage.params["text"]


@pytest.mark.parametrize(("content", "name", "user", "reason"), [
    (NEW_ARTICLE, "tallinn.txt", USER, "Only the bot's admins can add articles."),
    (NEW_ARTICLE, "tallinn.pdf", ADMIN, "Not added: unsupported file type .pdf"),
    (b"\x00\x01binary\x00" * 10, "blob.txt", ADMIN, "Not added: binary file"),
    (b"x" * 5000, "big.txt", ADMIN, "Not added: the file is 5,000 bytes, over the 4,000-byte limit."),
    (b"   \n", "empty.md", ADMIN, "Not added: empty file."),
])
async def test_documents_are_refused_with_a_reason(tmp_path: Path, content: bytes, name: str, user: int,
                                                   reason: str) -> None:
    async with running_bot(tmp_path, max_document_bytes=4000) as bot:
        bot.api.register_file("f", content, name)
        call = await bot.send(user, "", user_id=user, document="f")
        assert call.params["text"].startswith(reason)
        if reason.startswith(("Only", "Not added: unsupported", "Not added: the file")):
            assert bot.api.calls("getFile") == []  # refused before downloading


@pytest.mark.parametrize("where", ["etc-hostname", "relative", "absolute"])
async def test_a_tampered_file_path_ingests_nothing_from_the_host(tmp_path: Path, where: str) -> None:
    """getFile answering a path on the bot's own disk: python-telegram-bot alone would read it."""
    host_file = tmp_path / "host-file.txt"
    host_file.write_bytes(NEW_ARTICLE)  # a perfectly good article, but the host's, not the chat's
    file_path = {"etc-hostname": "../../../../etc/hostname", "relative": os.path.relpath(host_file),
                 "absolute": str(host_file)}[where]
    async with running_bot(tmp_path) as bot:
        before = (await bot.app.bot_data["service"].stats())["articles"]
        bot.api.register_file("doc1", b"unused", "tallinn.txt", file_path=file_path)
        call = await bot.send(ADMIN, "", document="doc1")
        assert call.params["text"] == "Not added: the Bot API gave an unusable file path."
        assert len(bot.api.calls("getFile")) == 1
        assert (await bot.app.bot_data["service"].stats())["articles"] == before
        assert "Hanno Pevkur" not in (await bot.send(ADMIN, "/who Pevkur")).params["text"]


async def test_local_mode_reads_only_inside_the_servers_directory(tmp_path: Path) -> None:
    server_dir = tmp_path / "bot-api"
    (server_dir / "documents").mkdir(parents=True)
    inside = server_dir / "documents" / "file_0.txt"
    inside.write_bytes(NEW_ARTICLE)
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(NEW_ARTICLE.replace(b"Tallinn", b"Tartu"))
    (server_dir / "documents" / "link.txt").symlink_to(outside)
    async with running_bot(tmp_path, settings={"local_files_dir": server_dir}) as bot:
        bot.api.register_file("out", b"", "a.txt", file_path=str(outside))
        bot.api.register_file("link", b"", "b.txt", file_path=str(server_dir / "documents" / "link.txt"))
        bot.api.register_file("up", b"", "c.txt", file_path=str(server_dir / "documents" / ".." / ".." / outside.name))
        for file_id in ("out", "link", "up"):
            refused = await bot.send(ADMIN, "", document=file_id)
            assert refused.params["text"] == "Not added: the local Bot API server named a file outside its directory."
        bot.api.register_file("in", b"", "tallinn.txt", file_path=str(inside))
        added = await bot.send(ADMIN, "", document="in")
        assert "Added <b>Tallinn hosts naval talks</b>" in added.params["text"]


# ----------------------------------------------------------------------------- faults


async def test_429_is_retried_after_retry_after(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.api.fail_next("sendMessage", 429, retry_after=1)
        bot.api.push_message(USER, "/who Kuleba", user_id=USER)
        refused = await bot.api.wait_for("sendMessage")
        retried = bot.delivered(await bot.api.wait_for("sendMessage", timeout=10))
        assert refused.params["text"] == retried.params["text"]
        assert "Dmytro Kuleba" in retried.params["text"]
        assert [e[2] for e in bot.api.errors] == ["Too Many Requests: retry after 1"]


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_are_retried_with_backoff(tmp_path: Path, status: int) -> None:
    async with running_bot(tmp_path) as bot:
        bot.api.fail_next("sendMessage", status, times=2)
        bot.api.push_message(USER, "/who Kuleba", user_id=USER)
        for _ in range(3):
            await bot.api.wait_for("sendMessage")
        assert len(bot.api.sent_messages(USER)) == 1


async def test_a_failing_handler_logs_the_update_and_apologises(tmp_path: Path, caplog,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    async with running_bot(tmp_path) as bot:
        async def broken(*_args, **_kwargs):
            raise RuntimeError("database on fire")

        monkeypatch.setattr(bot.store.sessions, "__call__", broken, raising=False)
        monkeypatch.setattr(bot.app.bot_data["service"], "answer", broken)
        with caplog.at_level(logging.ERROR, logger="factdesk.bot"):
            call = await bot.send(USER, "/who Kuleba")
        assert call.params["text"].startswith("Sorry, something went wrong")
        assert "database on fire" not in call.params["text"] and "Traceback" not in call.params["text"]
        assert any("update 1 failed" in r.getMessage() for r in caplog.records)
        # the bot is still alive
        monkeypatch.undo()
        assert "Dmytro Kuleba" in (await bot.send(USER, "/who Kuleba")).params["text"]


# ----------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize("text", [
    "/who <b>Kuleba</b>",
    "/who Smith & Sons",
    '/search "unbalanced quote',
    "/search shells AND NOT (drones OR NEAR(a b)) *",
    "/deals Rheinmetall'; DROP TABLE articles; --",
    "/who " + "Кулеба " * 600,  # over 4,000 characters
    "/search 🇺🇦😀👩‍👩‍👧 shells",
    "/who مرحبا بالعالم",
    "/who שלום <עולם>",
    "/when &amp;&lt;&#0;",
    "/sources extra words are ignored",
])
async def test_hostile_arguments_are_answered_safely(tmp_path: Path, text: str) -> None:
    async with running_bot(tmp_path) as bot:
        call = await bot.send(USER, text)
        shown = bot.api.message(USER, call.params["message_id"])["text"]
        assert utf16_len(shown) <= MessageLimit.MAX_TEXT_LENGTH
        assert not bot.api.errors
        if "<b>" in text:
            assert "<b>Kuleba</b>" in shown  # shown literally, not as markup


async def test_unknown_empty_edited_and_textless_messages(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        unknown = await bot.send(USER, "/frobnicate now")
        assert unknown.params["text"] == "Unknown command /frobnicate. Try /help."
        slash = await bot.send(USER, "/")  # not a command at all: a search for "/"
        assert slash.params["text"]
        first = await bot.send(USER, "/who Kulebba")
        bot.api.push_message(USER, "/who Pistorius", user_id=USER, edited=True)
        edited = bot.delivered(await bot.api.wait_for("sendMessage"))
        assert "Boris Pistorius" in edited.params["text"]
        assert edited.params["reply_parameters"]["message_id"] != first.params["message_id"]
        bot.api.register_file("sticker", b"\x89PNG\x00", "sticker.webp", "image/webp")
        bot.api.push_message(GROUP, "", user_id=USER, chat_type="supergroup", document="sticker")
        bot.api.push_message(GROUP, "just chatting", user_id=USER, chat_type="supergroup")
        await bot.handled()
        assert bot.api.sent_messages(GROUP) == []
        plain = await bot.send(USER, "artillery shells")  # private plain text is a search
        assert "shells" in plain.params["text"]
        assert not bot.api.errors


async def test_document_summary_of_a_hostile_article_is_escaped(tmp_path: Path) -> None:
    hostile = ALPHA.replace("Kyiv and Berlin sign artillery deal", "<script>&\"deal\"</b>")
    async with running_bot(tmp_path, articles={}) as bot:
        bot.api.register_file("h", hostile.encode(), "hostile.txt")
        call = await bot.send(ADMIN, "", document="h")
        assert "&lt;script&gt;&amp;&quot;deal&quot;&lt;/b&gt;" in call.params["text"]
        assert not bot.api.errors
