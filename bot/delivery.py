"""The one delivery path: every Bot API request the bot makes, until it lands or is given up.

Answers, pages, digests, upload replies, refusals and apologies all leave through
``Bot._do_post``, which hands each request to the application's rate limiter. :class:`DeliveryPath`
is that rate limiter, so nothing can bypass it:

- **Outages.** A network error or a Bot API 5xx is retried with exponential backoff for at least
  :attr:`DeliveryPolicy.retry_for` seconds (the production default is over a minute).
- **Flood control.** A 429 waits its ``retry_after`` (all requests pause, as Telegram asks) and
  is retried for as long as Telegram asks, up to :attr:`DeliveryPolicy.flood_wait_max` seconds in
  total: a flood window delays an answer, it never replaces it with an apology.
- **Order.** Requests that change what a chat shows take turns per chat, so a retried message is
  never overtaken by a later one to the same chat.
- **Exactly once.** The Bot API has no idempotency key, so a ``sendMessage`` whose answer was lost
  (a read timeout, a dropped connection, an unreadable 2xx) may or may not have arrived. Before
  sending it again, the path looks for the copy: it asks ``editMessageReplyMarkup`` — with the
  very buttons the message was sent with — on the ids that follow the chat's newest known message.
  Telegram answers "message is not modified" only for a message of this bot that already has
  those buttons: that is the copy, and it is not sent again. A user's message answers "can't be
  edited", an id not in the chat "not found", and nothing is changed by either. A request given
  up while it may have arrived is remembered per chat, so the same message sent again later (a
  digest retried by the next digest check) is looked for first too.
- **Formatting.** A message Telegram refuses for its HTML ("can't parse entities") is sent again
  as plain text rather than lost.
- **Giving up** is one log line naming the update (or digest) and the request; every transient
  failure is one warning line. No traceback: these are the Bot API's faults, not the bot's.
- **Stopping.** When the application stops, requests still waiting to retry give up at once
  (:meth:`DeliveryPath.stop_retrying`), so a restart is not held up for minutes by an outage and
  a digest that did not go out gives its day's claim back before the process ends.

What the check cannot see (the residual risk of a second copy): a copy more than
:attr:`DeliveryPolicy.probe_window` ids after the chat's newest known message (in private chats
and basic groups the ids may come from one sequence for all of a bot's chats, so a bot busy in
many chats pushes the copy further); a chat this process has seen no message of since it started
(a digest after a restart); a Bot API server that creates the message only after the check ran;
and a 5xx answer for a request Telegram did carry out (an error answer is taken at its word). The
check can also be fooled, or change buttons, when *another* process on the same token sent this
chat a message in that window (a digest from a second process). Answers and refusals always
reply to or follow a message the bot has just seen, so for them the check is reliable in the
usual team set-up.

Why replace python-telegram-bot's :class:`~telegram.ext.AIORateLimiter` rather than wrap it: its
retries are counted in attempts, not time, so it cannot honour "as long as ``retry_after`` asks,
up to a bound"; when its attempts run out it logs a traceback; and a wrapper around it would nest
two retry loops whose budgets multiply, with the per-chat turn and the copy check outside the
loop that actually repeats the request. Its useful part — proactive throttling below Telegram's
limits (30 messages a second overall, 20 a minute per group) with ``aiolimiter`` — is kept here,
with the same limits from :class:`telegram.constants.FloodLimit`.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from telegram.constants import FloodLimit
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.request import GarbledAnswer

logger = logging.getLogger("factdesk.delivery")

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, JSONResult]]

#: Who a request is for, in log lines: "update 17", "digest for chat 42". Set per update / job.
current_label: ContextVar[str] = ContextVar("factdesk_delivery_label", default="")

#: Requests that must fail fast: start-up (getMe) reports an unreachable server at once.
FAIL_FAST = frozenset({"getMe", "getUpdates", "close", "logOut"})
#: Methods whose requests change what a chat shows; they take turns per chat.
ORDERED_PREFIXES = ("send", "edit", "delete", "copy", "forward", "pin", "unpin", "stopMessage")
#: Methods with a ``parse_mode`` text that may be refused for its HTML.
FORMATTED = frozenset({"sendMessage", "editMessageText"})
#: Methods that create a message, and whose lost answer is therefore checked before resending.
CHECKED = frozenset({"sendMessage"})
#: Transport failures that happen before a request is complete on the wire: nothing can have arrived.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError, httpx.WriteTimeout)
#: How many chats' newest message ids are remembered for the copy check.
MAX_KNOWN_CHATS = 10_000
MAX_REASON_CHARS = 200

_UNPARSED_BODY = re.compile(r"\. Parsing the server response .* failed$")
#: Why a request is given up when the application stops.
STOPPING = NetworkError("the bot is stopping")
#: Telegram's HTML tags (anything else in a refused message is text that was not escaped).
_TAG = re.compile(r"</?(?:b|strong|i|em|u|ins|s|strike|del|a|code|pre|blockquote|tg-spoiler|span|tg-emoji)"
                  r"(?:\s[^<>]*)?>", re.IGNORECASE)


@dataclass(frozen=True)
class DeliveryPolicy:
    """How hard the path tries; tests shrink the times, production keeps the defaults."""

    #: Seconds of network errors and 5xx answers a request is retried through before giving up.
    retry_for: float = 120.0
    #: Total seconds of 429 ``retry_after`` waits honoured for one request.
    flood_wait_max: float = 300.0
    #: First backoff after a failure; it doubles per failure up to ``max_backoff``.
    first_backoff: float = 0.5
    max_backoff: float = 8.0
    #: How many message ids after the chat's newest known one are checked for a lost copy.
    probe_window: int = 20

    def backoff(self, failures: int) -> float:
        return min(self.max_backoff, self.first_backoff * 2 ** max(failures - 1, 0))


class DeliveryFailed(NetworkError):
    """A request the delivery path gave up on (already logged, with the update it was for)."""

    def __init__(self, endpoint: str, chat_id: Any, reason: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(f"{endpoint} to chat {chat_id} given up: {reason}")
        self.endpoint = endpoint
        self.chat_id = chat_id
        self.reason = reason
        self.maybe_delivered = maybe_delivered


@contextlib.contextmanager
def delivery_label(label: str) -> Iterator[None]:
    """Name what the requests made inside this block are for, in the delivery log lines."""
    token = current_label.set(label)
    try:
        yield
    finally:
        current_label.reset(token)


def short_reason(exc: BaseException) -> str:
    """One line, at most MAX_REASON_CHARS: what went wrong, fit for a log line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = _UNPARSED_BODY.sub(" (an answer that is not JSON)", text)  # a proxy's error page, quoted in full
    if isinstance(exc, NetworkError) and isinstance(exc.__cause__, httpx.HTTPError):
        text = f"{type(exc.__cause__).__name__}: {text}" if type(exc.__cause__).__name__ not in text else text
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def may_have_arrived(exc: NetworkError) -> bool:
    """True when the request was complete on the wire but its answer was lost.

    An answer with an error status (5xx) means Telegram did not carry the request out; a failure
    to connect or to finish writing means it never got the whole request.
    """
    if isinstance(exc, GarbledAnswer):
        return True
    cause = exc.__cause__
    if isinstance(cause, httpx.HTTPError):
        return not isinstance(cause, NOT_SENT)
    return str(exc).startswith("Unknown error in HTTP implementation")


def is_html_refusal(exc: BadRequest) -> bool:
    return "can't parse entities" in exc.message.casefold()


def html_to_text(text: str) -> str:
    """The text of a Telegram-HTML message without its tags; anything else (``<x>``, a stray ``<``) stays."""
    return html.unescape(_TAG.sub("", text))


def as_plain_text(data: dict[str, Any]) -> dict[str, Any]:
    plain = {k: v for k, v in data.items() if k not in ("parse_mode", "entities")}
    plain["text"] = html_to_text(str(data.get("text", "")))
    return plain


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # python-telegram-bot warns that the type will become timedelta
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _chat_type(chat_id: Any) -> str:
    if isinstance(chat_id, int) and chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith(("-100", "@")) else "group"


def _ids_are_per_chat(chat_id: Any) -> bool:
    """Supergroups and channels number their own messages; after the newest, every id is unused."""
    return str(chat_id).startswith(("-100", "@"))


@dataclass
class _Request:
    callback: Callback
    kwargs: dict[str, Any]
    endpoint: str
    chat_id: Any


@dataclass
class _Progress:
    """How one request has fared so far."""

    label: str
    started: float
    payload: dict[str, Any]
    attempts: int = 0
    failures: int = 0
    network_since: float | None = None  # when the current run of network failures began
    flood_waited: float = 0.0
    check_from: int | None = None  # a lost copy would come after this message id
    uncertain: bool = False  # an earlier attempt may have arrived


def _identity(data: dict[str, Any]) -> tuple[str, ...]:
    """What makes two sendMessage requests the same message (text, buttons, what it replies to, topic)."""
    reply = data.get("reply_parameters")
    return (html_to_text(str(data.get("text", ""))), repr(data.get("reply_markup")),
            str(getattr(reply, "message_id", "")), str(data.get("message_thread_id", "")))


class DeliveryPath(BaseRateLimiter[None]):
    """The application's rate limiter, and the one road every outgoing message takes (see module)."""

    def __init__(self, policy: DeliveryPolicy | None = None, *,
                 overall_rate: float = FloodLimit.MESSAGES_PER_SECOND,
                 group_rate_per_minute: float = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        self.policy = policy or DeliveryPolicy()
        self._overall = AsyncLimiter(overall_rate, 1) if overall_rate else None
        self._group_rate = group_rate_per_minute
        self._group_limiters: dict[Any, AsyncLimiter] = {}
        self._clock = clock
        self._sleep = sleep
        self._calm_at = 0.0  # flood control: no request before this moment (clock time)
        self._turns: dict[Any, list[Any]] = {}  # chat -> [lock, holders and waiters]
        self._newest: dict[Any, int] = {}  # chat -> newest message id known in it
        self._stopping: asyncio.Event | None = None  # created in the loop that uses it
        self.in_flight = 0  # requests being made or waiting to retry
        # chat -> (what the message was, the id to check after): given up while it may have arrived
        self._unresolved: dict[Any, tuple[tuple[str, ...], int]] = {}

    async def initialize(self) -> None:
        """Ready to retry again (after a stop, the application may be started anew)."""
        self._stopping = asyncio.Event()

    async def shutdown(self) -> None:
        """Nothing to release."""

    def stop_retrying(self) -> None:
        """The application is stopping: whatever waits to retry gives up now (and says so)."""
        if self._stopping is None:
            self._stopping = asyncio.Event()
        self._stopping.set()

    async def _pause(self, seconds: float) -> bool:
        """Sleep ``seconds``; False at once (or as soon as it happens) when the application stops."""
        if self._stopping is None:
            self._stopping = asyncio.Event()
        if self._stopping.is_set():
            return False
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        stopped = asyncio.ensure_future(self._stopping.wait())
        try:
            done, _ = await asyncio.wait((sleeper, stopped), return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            stopped.cancel()
        return sleeper in done

    # ------------------------------------------------------------------ what the path knows

    def saw_message(self, chat_id: Any, message_id: int | None) -> None:
        """Remember the newest message id of a chat (from updates and from what was sent)."""
        if chat_id is None or not isinstance(message_id, int):
            return
        if message_id > self._newest.get(chat_id, 0):
            self._newest.pop(chat_id, None)  # re-insert: the dict stays ordered by last use
            self._newest[chat_id] = message_id
            if len(self._newest) > MAX_KNOWN_CHATS:
                self._newest.pop(next(iter(self._newest)))

    def _check_from(self, data: dict[str, Any]) -> int | None:
        """The id after which a copy of this message would be: the chat's newest known message."""
        known = [self._newest.get(data.get("chat_id"), 0)]
        reply = data.get("reply_parameters")
        reply_id = getattr(reply, "message_id", None) if reply is not None else None
        if isinstance(reply_id, int) and getattr(reply, "chat_id", None) in (None, data.get("chat_id")):
            known.append(reply_id)
        newest = max(known)
        return newest or None

    # ------------------------------------------------------------------ BaseRateLimiter

    async def process_request(self, callback: Callback, args: Any, kwargs: dict[str, Any], endpoint: str,
                              data: dict[str, Any], rate_limit_args: None) -> JSONResult:
        request = _Request(callback, kwargs, endpoint, data.get("chat_id"))
        ordered = request.chat_id is not None and endpoint.startswith(ORDERED_PREFIXES)
        self.in_flight += 1
        try:
            async with self._turn(request.chat_id if ordered else None):
                return await self._deliver(request, data)
        finally:
            self.in_flight -= 1

    @contextlib.asynccontextmanager
    async def _turn(self, chat_id: Any) -> AsyncIterator[None]:
        """Requests to one chat one after another, in the order they were made (asyncio locks are fair)."""
        if chat_id is None:
            yield
            return
        entry = self._turns.setdefault(chat_id, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._turns[chat_id]

    async def _deliver(self, request: _Request, data: dict[str, Any]) -> JSONResult:
        policy = self.policy
        run = _Progress(label=current_label.get() or "request", started=self._clock(), payload=data)
        if request.endpoint in CHECKED:
            run.check_from = self._check_from(data)
            earlier = self._unresolved.get(request.chat_id)
            if earlier is not None and earlier[0] == _identity(data):
                run.uncertain, run.check_from = True, earlier[1]  # given up on before: look for it first
        while True:
            run.attempts += 1
            if not await self._calm():
                raise self._give_up(request, run, STOPPING)
            try:
                return await self._attempt(request, run)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                if run.flood_waited + wait > policy.flood_wait_max:
                    raise self._give_up(request, run, exc) from exc
                run.flood_waited += wait
                if run.network_since is not None:
                    run.network_since += wait  # waiting out a flood does not use up the outage budget
                self._calm_at = max(self._calm_at, self._clock() + wait)
                logger.warning("%s: %s to chat %s: flood control, waiting %.1f s (%.0f of %.0f s allowed)", run.label,
                               request.endpoint, request.chat_id, wait, run.flood_waited, policy.flood_wait_max)
            except BadRequest as exc:
                if request.endpoint in FORMATTED and run.payload.get("parse_mode") and is_html_refusal(exc):
                    logger.warning("%s: Telegram refused the HTML of a message to chat %s (%s); sending it as "
                                   "plain text", run.label, request.chat_id, short_reason(exc))
                    run.payload = as_plain_text(run.payload)
                    continue
                raise
            except NetworkError as exc:
                if request.endpoint in FAIL_FAST:
                    raise
                run.failures += 1
                now = self._clock()
                run.network_since = now if run.network_since is None else run.network_since
                if request.endpoint in CHECKED and may_have_arrived(exc):
                    run.uncertain = True
                elapsed = now - run.network_since
                if elapsed >= policy.retry_for:  # the last attempt was made at the end of the budget
                    raise self._give_up(request, run, exc) from exc
                delay = min(policy.backoff(run.failures), policy.retry_for - elapsed)
                risk = run.uncertain and run.check_from is None
                logger.warning("%s: %s to chat %s failed (%s); retry %d in %.1f s%s", run.label, request.endpoint,
                               request.chat_id, short_reason(exc), run.failures, delay,
                               " (it may arrive twice: no known message to check against)" if risk else "")
                if not await self._pause(delay):
                    raise self._give_up(request, run, STOPPING) from exc

    async def _attempt(self, request: _Request, run: _Progress) -> JSONResult:
        """One try: look for the copy an earlier try may have delivered, else send."""
        if run.uncertain and run.check_from is not None:
            found = await self._find_copy(request, run.payload, run.check_from, run.label)
            if found is not None:
                self._unresolved.pop(request.chat_id, None)
                return found
            run.uncertain = False
        result = await self._call(request, request.endpoint, run.payload)
        if isinstance(result, dict):
            self.saw_message(request.chat_id, result.get("message_id"))
        if request.endpoint in CHECKED:
            self._unresolved.pop(request.chat_id, None)
        return result

    def _give_up(self, request: _Request, run: _Progress, exc: BaseException) -> DeliveryFailed:
        reason = short_reason(exc)
        logger.error("%s: gave up on %s to chat %s after %.1f s and %d attempts: %s%s", run.label, request.endpoint,
                     request.chat_id, self._clock() - run.started, run.attempts, reason,
                     " (an earlier attempt may have arrived)" if run.uncertain else "")
        if run.uncertain and run.check_from is not None:  # the next identical message looks for it first
            self._unresolved[request.chat_id] = (_identity(run.payload), run.check_from)
        return DeliveryFailed(request.endpoint, request.chat_id, reason, maybe_delivered=run.uncertain)

    async def _calm(self) -> bool:
        """Wait out a flood-control pause (every request waits: Telegram's limits are per bot)."""
        while (remaining := self._calm_at - self._clock()) > 0:
            if not await self._pause(remaining):
                return False
        return True

    async def _call(self, request: _Request, endpoint: str, payload: dict[str, Any]) -> JSONResult:
        """One request, throttled below Telegram's limits like AIORateLimiter does."""
        async with contextlib.AsyncExitStack() as limits:
            chat_id = payload.get("chat_id")
            if chat_id is not None:
                if self._group_rate and ((isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str)):
                    await limits.enter_async_context(self._group_limiter(chat_id))
                if self._overall is not None:
                    await limits.enter_async_context(self._overall)
            return await request.callback(endpoint, payload, **request.kwargs)

    def _group_limiter(self, chat_id: Any) -> AsyncLimiter:
        if len(self._group_limiters) > 512:
            for key, limiter in list(self._group_limiters.items()):
                if key != chat_id and limiter.has_capacity(limiter.max_rate):
                    del self._group_limiters[key]
        if chat_id not in self._group_limiters:
            self._group_limiters[chat_id] = AsyncLimiter(self._group_rate, 60)
        return self._group_limiters[chat_id]

    async def _find_copy(self, request: _Request, payload: dict[str, Any], after: int,
                         label: str) -> JSONResult | None:
        """The message an earlier attempt delivered, looked for on the ids after ``after`` (see module)."""
        chat_id, markup = request.chat_id, payload.get("reply_markup")
        text = str(payload.get("text", ""))
        shown = html_to_text(text) if payload.get("parse_mode") else text
        for message_id in range(after + 1, after + 1 + self.policy.probe_window):
            probe: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id}
            if markup is not None:
                probe["reply_markup"] = markup
            try:
                changed = await self._call(request, "editMessageReplyMarkup", probe)
            except BadRequest as exc:
                answer = exc.message.casefold()
                if "not modified" in answer:
                    return self._found(label, chat_id, message_id, self._copy_result(chat_id, message_id, shown))
                if "not found" in answer and _ids_are_per_chat(chat_id):
                    return None  # past the chat's newest message
                continue
            except (RetryAfter, NetworkError):
                raise  # the Bot API is failing: the whole attempt is retried, check included
            except TelegramError as exc:  # the check itself is refused: sending again is all that is left
                logger.warning("%s: cannot check whether the message to chat %s arrived (%s); sending it again",
                               label, chat_id, short_reason(exc))
                return None
            if isinstance(changed, dict) and changed.get("text") == shown:
                return self._found(label, chat_id, message_id, changed)  # the copy, its buttons put back
            logger.warning("%s: while looking for a lost copy, message %d in chat %s (another message of this "
                           "bot) took this message's buttons", label, message_id, chat_id)
        return None

    def _found(self, label: str, chat_id: Any, message_id: int, result: JSONResult) -> JSONResult:
        logger.info("%s: the message to chat %s had arrived (message %d) although its answer was lost; not "
                    "sending it again", label, chat_id, message_id)
        self.saw_message(chat_id, message_id)
        return result

    @staticmethod
    def _copy_result(chat_id: Any, message_id: int, shown: str) -> dict[str, Any]:
        """What sendMessage would have answered, from what is known of the copy."""
        return {"message_id": message_id, "date": int(time.time()),
                "chat": {"id": chat_id, "type": _chat_type(chat_id)}, "text": shown}
