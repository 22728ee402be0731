"""``factdesk run``: polling and webhook against the fake, one-line start-up errors, no token in logs."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from telegram.ext import Application

from bot.app import TokenRedactingFilter, run_bot
from knowledge.store.writer import KnowledgeStore
from tests.bot_fixtures import ARTICLES, TOKEN, USER, add_articles
from tests.fake_bot_api import running_fake_bot_api

pytestmark = pytest.mark.e2e  # a real Application against the fake Bot API


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level, filters = root.level, {h: list(h.filters) for h in root.handlers}
    yield
    root.setLevel(level)
    for handler, kept in filters.items():
        handler.filters[:] = kept


@pytest.fixture
async def db(tmp_path: Path) -> str:
    path = tmp_path / "kb.sqlite"
    store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{path}")
    await add_articles(store, {"alpha.txt": ARTICLES["alpha.txt"]})
    await store.close()
    return str(path)


def env_for(monkeypatch: pytest.MonkeyPatch, base: str, token: str = TOKEN, link_ingest: str | None = "off") -> None:
    """The environment of ``factdesk run`` against the fake at ``base``.

    Links are off unless ``link_ingest`` says otherwise (None: the default, links on), so that only the
    tests about it start the extraction worker that ``factdesk run`` starts when links are on.
    """
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    if link_ingest is None:
        monkeypatch.delenv("FACTDESK_LINK_INGEST", raising=False)
    else:
        monkeypatch.setenv("FACTDESK_LINK_INGEST", link_ingest)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", f"{base}/bot")
    monkeypatch.setenv("TELEGRAM_API_FILE_URL", f"{base}/file/bot")
    for name in ("FACTDESK_WEBHOOK_URL", "FACTDESK_ALLOWED_CHATS", "FACTDESK_ALLOWED_USERS", "FACTDESK_ADMINS"):
        monkeypatch.delenv(name, raising=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_token_is_redacted_from_every_log_line(caplog: pytest.LogCaptureFixture) -> None:
    redactor = TokenRedactingFilter([TOKEN])
    logger = logging.getLogger("test.redaction")
    caplog.handler.addFilter(redactor)
    try:
        with caplog.at_level(logging.INFO, logger="test.redaction"):
            logger.info("HTTP Request: POST http://127.0.0.1/bot%s/getMe", TOKEN)
            logger.info("quoted form: /bot123456%3ATEST-token_abc/getUpdates")
            try:
                raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
            except RuntimeError:
                logger.exception("failed")
        text = caplog.text
    finally:
        caplog.handler.removeFilter(redactor)
    assert TOKEN not in text and "123456%3ATEST" not in text
    assert text.count("<redacted>") >= 3


def test_missing_token_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, capsys, db: str) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert run_bot(db) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TELEGRAM_BOT_TOKEN is not set" in err


async def test_invalid_token_is_a_one_line_error_without_the_token(monkeypatch: pytest.MonkeyPatch, capsys,
                                                                   db: str) -> None:
    async with running_fake_bot_api(token=TOKEN) as api:
        env_for(monkeypatch, f"http://127.0.0.1:{api.port}", token="999:WRONG-secret")
        assert await asyncio.to_thread(run_bot, db) == 2
    captured = capsys.readouterr()
    assert captured.err.strip().count("\n") == 0, captured.err
    assert "rejected TELEGRAM_BOT_TOKEN" in captured.err
    assert "999:WRONG-secret" not in captured.err + captured.out and "Traceback" not in captured.err


async def test_unreachable_server_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, capsys, db: str) -> None:
    env_for(monkeypatch, f"http://127.0.0.1:{free_port()}")
    assert await asyncio.to_thread(run_bot, db) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "cannot reach the Bot API" in err and TOKEN not in err


async def _run_in_thread(db: str) -> tuple[asyncio.Future, list[Application], threading.Event]:
    started: list[Application] = []
    ready = threading.Event()
    loops.clear()

    def on_started(app: Application) -> None:
        started.append(app)
        loops.append(asyncio.get_running_loop())  # called inside the bot's post_init
        ready.set()

    future = asyncio.ensure_future(asyncio.to_thread(run_bot, db, on_started=on_started))
    assert await asyncio.to_thread(ready.wait, 10), "the bot did not start"
    return future, started, ready


loops: list[asyncio.AbstractEventLoop] = []


def _stop(app: Application) -> None:
    loops[-1].call_soon_threadsafe(app.stop_running)


async def test_run_polls_and_answers(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    async with running_fake_bot_api(token=TOKEN) as api:
        env_for(monkeypatch, f"http://127.0.0.1:{api.port}", link_ingest=None)  # the default: its worker starts
        future, [app], _ = await _run_in_thread(db)
        try:
            api.push_message(USER, "/who Kuleba", user_id=USER)
            call = await api.wait_for("sendMessage", timeout=10)
            assert "Dmytro Kuleba" in call.params["text"]
            assert api.calls("setMyCommands")
        finally:
            _stop(app)
            assert await asyncio.wait_for(future, 10) == 0


async def test_run_webhook_mode(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    port = free_port()
    async with running_fake_bot_api(token=TOKEN) as api:
        env_for(monkeypatch, f"http://127.0.0.1:{api.port}")
        monkeypatch.setenv("FACTDESK_WEBHOOK_URL", "https://bot.example.org/factdesk-hook")
        monkeypatch.setenv("FACTDESK_WEBHOOK_LISTEN", "127.0.0.1")
        monkeypatch.setenv("FACTDESK_WEBHOOK_PORT", str(port))
        monkeypatch.setenv("FACTDESK_WEBHOOK_SECRET", "s3cret-value")
        future, [app], _ = await _run_in_thread(db)
        try:
            hook = (await api.wait_for("setWebhook", timeout=10)).params
            assert hook["url"] == "https://bot.example.org/factdesk-hook" and hook["secret_token"] == "s3cret-value"
            message_id = api.push_message(USER, "/who Pistorius", user_id=USER)  # known to the fake
            update = {"update_id": 1, "message": api.message(USER, message_id)}
            url = f"http://127.0.0.1:{port}/factdesk-hook"
            async with aiohttp.ClientSession() as session:
                for _ in range(50):  # the webhook server may still be starting
                    try:
                        async with session.post(url, json=update) as wrong:
                            assert wrong.status == 403  # no secret token: refused
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
                async with session.post(url, json=update,
                                        headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"}) as right:
                    assert right.status == 200
            call = await api.wait_for("sendMessage", timeout=10)
            assert "Boris Pistorius" in call.params["text"]
        finally:
            _stop(app)
            assert await asyncio.wait_for(future, 10) == 0
