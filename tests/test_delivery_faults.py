"""Fault injection against the fake Bot API: every answer and every digest arrives exactly once.

The scenarios (:mod:`tests.fault_scenarios`) are the issue's — a 20 s outage of every method, a 10 s
flood window, answers slower than the client timeout, dropped connections, a refused HTML
message, a restart across a digest time, an outage at digest time — with every time (and the
production delivery policy) multiplied by SCALE; ``bench/delivery_faults.py`` runs them at full
length. The webhook and polling-conflict tests run ``factdesk run`` itself.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.app import CONFLICT
from knowledge.digest import get_subscription
from tests import fault_scenarios as scenarios
from tests.bot_fixtures import BOT, TOKEN, USER, FakeClock, eventually, running_bot
from tests.fake_bot_api import running_fake_bot_api
from tests.test_bot_run import (  # noqa: F401 (_restore_logging and db are fixtures used by name)
    _restore_logging,
    _run_in_thread,
    _stop,
    db,
    env_for,
    free_port,
)

#: 20 s of outage become 0.6 s, the production 120 s retry budget 3.6 s, and so on.
SCALE = 0.03
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def assert_delivered_once(outcome: scenarios.Outcome) -> None:
    assert outcome.exactly_once, outcome.line()
    assert outcome.apologies == 0, outcome.line()
    assert outcome.tracebacks == [], outcome.tracebacks


@pytest.mark.parametrize("scenario", [scenarios.outage_of_every_method, scenarios.flood_window,
                                      scenarios.slow_answers, scenarios.dropped_connections],
                         ids=lambda s: s.__name__)
async def test_every_answer_arrives_exactly_once(tmp_path: Path, scenario) -> None:
    outcome = await scenario(tmp_path, SCALE)
    assert_delivered_once(outcome)
    assert outcome.fault_hits > 0  # the fault really met the bot's requests
    assert outcome.warnings > 0  # one warning line per transient failure


async def test_a_refused_html_message_arrives_once_as_plain_text(tmp_path: Path) -> None:
    outcome = await scenarios.refused_html(tmp_path, SCALE)
    assert_delivered_once(outcome)


async def test_a_digest_missed_while_down_is_sent_once_after_the_restart(tmp_path: Path) -> None:
    assert_delivered_once(await scenarios.restart_across_a_digest_time(tmp_path, SCALE))


async def test_a_digest_hit_by_an_outage_is_sent_once_when_the_api_is_back(tmp_path: Path) -> None:
    outcome = await scenarios.outage_at_digest_time(tmp_path, SCALE)
    assert_delivered_once(outcome)
    assert outcome.fault_hits > 0


async def test_stopping_during_an_outage_gives_the_digest_back_for_the_next_process(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2025, 6, 2, 9, 0, tzinfo=UTC))
    async with running_fake_bot_api(token=TOKEN, bot_username=BOT) as api:
        async with running_bot(tmp_path, api=api, clock=clock) as bot:  # retries for 3 s (FAST_DELIVERY)
            await bot.send(USER, "/digest on 09:30")
            outage = api.outage(60, starts_on="sendMessage")
            clock.advance(minutes=30)
            await eventually(lambda: outage.hits >= 2)
            stopping = time.monotonic()
        assert time.monotonic() - stopping < 1.5  # not held up by the retries
        sub = await get_subscription(bot.store, USER)
        assert sub is not None and sub.last_sent_on == "2025-06-01"  # the claim was given back
        outage.seconds = 0  # the Bot API is back
        async with running_bot(tmp_path, api=api, clock=clock, articles={}) as bot:
            await eventually(lambda: sum(scenarios.DIGEST_MARK in t for t in api.texts_received(USER)) == 1)


# ----------------------------------------------------------------------------- factdesk run


async def test_a_webhook_request_without_the_secret_is_refused_and_nothing_is_sent(
        monkeypatch: pytest.MonkeyPatch, db: str, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    """No FACTDESK_WEBHOOK_SECRET: one is generated, registered, and demanded."""
    port = free_port()
    async with running_fake_bot_api(token=TOKEN) as api:
        env_for(monkeypatch, f"http://127.0.0.1:{api.port}")
        monkeypatch.setenv("FACTDESK_WEBHOOK_URL", "https://bot.example.org/factdesk-hook")
        monkeypatch.setenv("FACTDESK_WEBHOOK_PORT", str(port))
        monkeypatch.delenv("FACTDESK_WEBHOOK_SECRET", raising=False)
        monkeypatch.delenv("FACTDESK_WEBHOOK_LISTEN", raising=False)  # the default: 127.0.0.1
        future, [app], _ = await _run_in_thread(db)
        try:
            secret = (await api.wait_for("setWebhook", timeout=10)).params.get("secret_token")
            assert secret and len(secret) >= 32
            message_id = api.push_message(USER, "/who Pistorius", user_id=USER)
            forged = {"update_id": 1, "message": api.message(USER, message_id)}
            url = f"http://127.0.0.1:{port}/factdesk-hook"
            async with aiohttp.ClientSession() as session:
                for _ in range(50):  # the webhook server may still be starting
                    try:
                        async with session.post(url, json=forged) as refused:
                            assert refused.status == 403
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
                guessed = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
                async with session.post(url, json=forged, headers=guessed) as wrong:
                    assert wrong.status == 403
                await asyncio.sleep(0.5)
                assert api.sent_messages(USER) == []  # nothing forged was served
                real = {"update_id": 2, "message": api.message(USER, message_id)}
                async with session.post(url, json=real, headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as ok:
                    assert ok.status == 200
            await eventually(lambda: len(api.sent_messages(USER)) == 1, timeout=10)
            assert "Boris Pistorius" in api.sent_messages(USER)[0]["text"]
        finally:
            _stop(app)
            assert await asyncio.wait_for(future, 10) == 0
    assert secret not in caplog.text


async def test_polling_stops_with_one_line_when_another_process_polls(monkeypatch: pytest.MonkeyPatch, db: str,  # noqa: F811
                                                                      capsys: pytest.CaptureFixture,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    async with running_fake_bot_api(token=TOKEN) as api:
        env_for(monkeypatch, f"http://127.0.0.1:{api.port}")
        future, _, _ = await _run_in_thread(db)
        url = f"http://127.0.0.1:{api.port}/bot{TOKEN}/getUpdates"
        async with aiohttp.ClientSession() as session:  # a second process polling the same token
            for _ in range(20):
                if future.done():
                    break
                async with session.post(url, json={"timeout": 1}) as response:
                    await response.read()
        assert await asyncio.wait_for(future, 10) == 1
    err = capsys.readouterr().err
    assert err.strip() == "factdesk: " + CONFLICT.format(
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
    assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)
