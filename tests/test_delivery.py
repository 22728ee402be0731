"""The delivery path on its own, with the production policy and a fake clock: minutes in milliseconds.

The callback stands in for python-telegram-bot's ``Bot._do_post``; it records what reached "the
server" and fails the way the Bot API does (5xx, 429, timeouts, refused HTML). The fault tests
against the fake Bot API (``test_delivery_faults.py``) run the same path end to end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.config import BotSettings
from bot.delivery import DeliveryFailed, DeliveryPath, DeliveryPolicy, delivery_label, html_to_text, may_have_arrived
from bot.request import GarbledAnswer

CHAT = 42
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


class FakeTime:
    """A monotonic clock that only moves when the path sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0)
        await asyncio.sleep(0)


def bad_gateway() -> NetworkError:
    return NetworkError("Bad Gateway (502). Parsing the server response b'<html>502</html>' failed")


def lost_answer() -> TimedOut:
    """What python-telegram-bot raises when the answer did not come in time (the request was sent)."""
    try:
        raise httpx.ReadTimeout("timed out")
    except httpx.ReadTimeout as cause:
        error = TimedOut()
        error.__cause__ = cause
        return error


class FakeServer:
    """Answers like the Bot API; ``fail(t)`` says what to raise for a request at fake time ``t``."""

    def __init__(self, clock: FakeTime, fail: Callable[[str, dict[str, Any], float], Exception | None]) -> None:
        self.clock, self.fail = clock, fail
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[int, dict[str, Any]] = {}  # message_id -> sendMessage params
        self.next_id = 100

    async def __call__(self, endpoint: str, data: dict[str, Any], **_: Any) -> Any:
        self.calls.append((endpoint, dict(data)))
        error = self.fail(endpoint, data, self.clock.now)
        if endpoint == "editMessageReplyMarkup":
            sent = self.messages.get(data["message_id"])
            if error is not None:
                raise error
            if sent is None:
                raise BadRequest("Message to edit not found")
            if sent.get("reply_markup") == data.get("reply_markup"):
                raise BadRequest("Message is not modified: specified new message content and reply markup are "
                                 "exactly the same as a current content and reply markup of the message")
            sent["reply_markup"] = data.get("reply_markup")
            return {"message_id": data["message_id"], "chat": {"id": CHAT, "type": "private"}, "date": 0}
        if isinstance(error, TimedOut):  # carried out, but the answer is lost on the way back
            self._store(data)
            raise error
        if error is not None:
            raise error
        return {"message_id": self._store(data), "chat": {"id": CHAT, "type": "private"}, "date": 0,
                "text": data.get("text")}

    def _store(self, data: dict[str, Any]) -> int:
        self.next_id += 1
        self.messages[self.next_id] = dict(data)
        return self.next_id

    @property
    def delivered(self) -> list[str]:
        return [m["text"] for m in self.messages.values()]


def path_and_server(fail: Callable[[str, dict[str, Any], float], Exception | None],
                    policy: DeliveryPolicy | None = None) -> tuple[DeliveryPath, FakeServer, FakeTime]:
    clock = FakeTime()
    path = DeliveryPath(policy, overall_rate=0, group_rate_per_minute=0, clock=clock, sleep=clock.sleep)
    return path, FakeServer(clock, fail), clock


async def send(path: DeliveryPath, server: FakeServer, text: str, **data: Any) -> Any:
    params = {"chat_id": CHAT, "text": text, **data}
    return await path.process_request(server, ("sendMessage", params), {}, "sendMessage", params, None)


def down_until(seconds: float, error: Callable[[], Exception] = bad_gateway):
    start: list[float] = []

    def fail(endpoint: str, data: dict[str, Any], now: float) -> Exception | None:
        start.append(now)
        return error() if now - start[0] < seconds else None
    return fail


# ----------------------------------------------------------------------------- outages and floods


@pytest.mark.parametrize("outage", [20.0, 59.0, 110.0])
async def test_an_outage_within_the_production_budget_delays_the_message(outage: float) -> None:
    path, server, clock = path_and_server(down_until(outage))
    await send(path, server, "answer")
    assert server.delivered == ["answer"]
    assert clock.now - 1000.0 >= outage
    assert path.policy.retry_for >= 60


def test_the_retry_budget_cannot_be_configured_below_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:X")
    monkeypatch.setenv("FACTDESK_DELIVERY_RETRY_SECONDS", "30")
    with pytest.raises(ValueError, match="FACTDESK_DELIVERY_RETRY_SECONDS: 30 is below the minimum of 60"):
        BotSettings.from_env()
    monkeypatch.delenv("FACTDESK_DELIVERY_RETRY_SECONDS")
    assert BotSettings.from_env().delivery_retry_seconds >= 60


async def test_a_longer_outage_is_given_up_with_one_line_naming_the_update(caplog: pytest.LogCaptureFixture) -> None:
    path, server, clock = path_and_server(down_until(10_000))
    with caplog.at_level(logging.WARNING, logger="factdesk.delivery"), delivery_label("update 17"), \
            pytest.raises(DeliveryFailed) as failed:
        await send(path, server, "answer")
    assert server.delivered == []
    assert 120 <= clock.now - 1000.0 <= 130
    [gave_up] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert gave_up.getMessage().startswith("update 17: gave up on sendMessage to chat 42 after 1")
    assert "Bad Gateway" in gave_up.getMessage() and not failed.value.maybe_delivered
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in caplog.records)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == len(server.calls) - 1  # one warning line per failed attempt that is retried


async def test_a_flood_window_delays_the_message_as_long_as_retry_after_asks() -> None:
    def flood(endpoint: str, data: dict[str, Any], now: float) -> Exception | None:
        return RetryAfter(2) if now < 1010.0 else None
    path, server, clock = path_and_server(flood)
    await send(path, server, "answer")
    assert server.delivered == ["answer"] and clock.now >= 1010.0
    assert len(server.calls) == 6  # every 2 s for 10 s, then through


async def test_flood_waits_beyond_the_bound_are_given_up() -> None:
    path, server, clock = path_and_server(lambda *_: RetryAfter(100), DeliveryPolicy(flood_wait_max=250))
    with pytest.raises(DeliveryFailed):
        await send(path, server, "answer")
    assert clock.now - 1000.0 == pytest.approx(200)  # two waits of 100 s; a third would pass the bound


async def test_stopping_the_application_ends_the_retries_at_once() -> None:
    path, server, clock = path_and_server(down_until(10_000))
    await path.initialize()
    sending = asyncio.create_task(send(path, server, "answer"))
    while clock.now < 1010.0:  # ten (fake) seconds into the outage
        await asyncio.sleep(0)
    path.stop_retrying()
    with pytest.raises(DeliveryFailed, match="the bot is stopping"):
        await sending
    assert clock.now < 1030.0


async def test_refusals_are_not_retried() -> None:
    for error in (Forbidden("bot was blocked by the user"), BadRequest("chat not found")):
        path, server, _ = path_and_server(lambda *_, e=error: e)
        with pytest.raises(type(error)):
            await send(path, server, "answer")
        assert len(server.calls) == 1


async def test_html_telegram_refuses_is_sent_as_plain_text() -> None:
    def refuse_html(endpoint: str, data: dict[str, Any], now: float) -> Exception | None:
        if data.get("parse_mode"):
            return BadRequest("Can't parse entities: unsupported start tag \"x\" at byte offset 9")
        return None
    path, server, _ = path_and_server(refuse_html)
    await send(path, server, "<b>Who:</b> Smith &amp; Sons <x>", parse_mode="HTML")
    assert server.delivered == ["Who: Smith & Sons <x>"]
    assert "parse_mode" not in server.calls[-1][1]


def test_html_to_text_keeps_text_and_stray_brackets() -> None:
    assert html_to_text('<b>Deals</b> · <a href="https://x">A &lt; B</a> & 1 < 2') == "Deals · A < B & 1 < 2"


# ----------------------------------------------------------------------------- exactly once


async def test_a_lost_answer_is_checked_before_resending() -> None:
    """The first attempt arrived but its answer was lost: the copy is found, nothing is sent twice."""
    fail_first = down_until(0.001, lost_answer)
    path, server, _ = path_and_server(fail_first)
    path.saw_message(CHAT, 100)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Next ›", callback_data="pg|who|1|x")]])
    result = await send(path, server, "answer", reply_markup=markup,
                        reply_parameters=ReplyParameters(message_id=100))
    assert server.delivered == ["answer"]
    assert result["message_id"] == 101 and result["chat"]["id"] == CHAT
    assert [c[0] for c in server.calls] == ["sendMessage", "editMessageReplyMarkup"]


async def test_a_message_given_up_while_it_may_have_arrived_is_looked_for_when_sent_again() -> None:
    """Lost answer, then an outage past the budget: the digest is retried later, and found, not doubled."""
    def lost_then_down(endpoint: str, data: dict[str, Any], now: float) -> Exception | None:
        if now < 1000.001 and endpoint == "sendMessage":
            return lost_answer()
        return bad_gateway() if now < 1500.0 else None
    path, server, clock = path_and_server(lost_then_down)
    path.saw_message(CHAT, 100)
    with pytest.raises(DeliveryFailed) as failed:
        await send(path, server, "<b>Daily digest</b>", parse_mode="HTML")
    assert failed.value.maybe_delivered
    clock.now = 2000.0  # the Bot API is back; the next digest check sends the same digest again
    result = await send(path, server, "<b>Daily digest</b>", parse_mode="HTML")
    assert result["message_id"] == 101 and server.delivered == ["<b>Daily digest</b>"]
    await send(path, server, "tomorrow's digest")  # another message: sent normally
    assert len(server.delivered) == 2


async def test_a_copy_is_recognised_by_its_text_when_the_edit_goes_through() -> None:
    """A Bot API that re-applies identical buttons instead of answering "not modified"."""
    path, server, _ = path_and_server(down_until(0.001, lost_answer))
    path.saw_message(CHAT, 100)

    async def lenient(endpoint: str, data: dict[str, Any], **kwargs: Any) -> Any:
        if endpoint == "editMessageReplyMarkup" and data["message_id"] in server.messages:
            return {"message_id": data["message_id"], "chat": {"id": CHAT, "type": "private"}, "date": 0,
                    "text": html_to_text(server.messages[data["message_id"]]["text"])}  # as Telegram shows it
        return await server(endpoint, data, **kwargs)
    params = {"chat_id": CHAT, "text": "<b>answer</b>", "parse_mode": "HTML"}
    result = await path.process_request(lenient, (), {}, "sendMessage", params, None)
    assert result["message_id"] == 101 and len(server.messages) == 1


async def test_a_request_that_never_arrived_is_resent_after_the_check() -> None:
    def lost_on_the_way(endpoint: str, data: dict[str, Any], now: float) -> Exception | None:
        if endpoint == "sendMessage" and now < 1000.001:
            error = NetworkError("httpx.RemoteProtocolError: Server disconnected without sending a response.")
            error.__cause__ = httpx.RemoteProtocolError("Server disconnected without sending a response.")
            return error
        return None
    path, server, _ = path_and_server(lost_on_the_way)
    path.saw_message(CHAT, 100)
    await send(path, server, "answer")
    assert server.delivered == ["answer"]
    probes = [c for c in server.calls if c[0] == "editMessageReplyMarkup"]
    assert len(probes) == path.policy.probe_window  # private chats share ids with others: the whole window


async def test_messages_to_one_chat_keep_their_order_through_retries() -> None:
    path, server, _ = path_and_server(down_until(30))
    first = asyncio.create_task(send(path, server, "first"))
    await asyncio.sleep(0)
    second = asyncio.create_task(send(path, server, "second"))
    await asyncio.gather(first, second)
    assert server.delivered == ["first", "second"]


def test_which_failures_may_have_arrived() -> None:
    def wrapped(cause: Exception) -> NetworkError:
        error = NetworkError(str(cause))
        error.__cause__ = cause
        return error
    assert may_have_arrived(lost_answer())
    assert may_have_arrived(wrapped(httpx.RemoteProtocolError("Server disconnected")))
    assert may_have_arrived(GarbledAnswer("not JSON"))
    assert not may_have_arrived(wrapped(httpx.ConnectError("connection refused")))
    assert not may_have_arrived(wrapped(httpx.PoolTimeout("pool")))
    assert not may_have_arrived(bad_gateway())  # an error answer: Telegram did not carry it out
