"""A local, strict imitation of the Telegram Bot API for end-to-end tests.

There is no internet in CI, so end-to-end tests run the real python-telegram-bot ``Application``
against this aiohttp server. It is deliberately *stricter* than hand-written mocks: it rejects
the same things Telegram rejects (bad HTML, over-long texts, oversized callback data, duplicate
inline result ids, ...) with Telegram's error texts, so a bug that would only surface in
production fails the test suite instead.

Usage::

    async with running_fake_bot_api(token="123:ABC") as api:
        app = api.application_builder().build()   # token + base_url + base_file_url preset
        ...
        api.push_message(42, "/who Kuleba", user_id=42)
        call = await api.wait_for("sendMessage")
        assert "Kuleba" in call.params["text"]

Length rule: Telegram documents "1-4096 characters after entities parsing"; this server counts
UTF-16 code units of the parsed text (the unit Telegram uses for entity offsets). That is never
more lenient than counting code points, so a text accepted here is accepted by Telegram.

Deliberate extra strictness: Telegram keeps a bare ``&`` (or an unknown ``&name;``) as literal
text, but this server rejects it (``strict_ampersand=True``) because it almost always means a
value was not passed through ``html.escape``; the next value could contain ``<``.

Faults, for the fault-injection tests (each returns the :class:`Fault` so a test can check it was
actually hit): ``fail_next`` (the next N calls of a method fail with a status), ``outage`` (every
method, or some, answers 502 for a while), ``flood`` (429 with ``retry_after`` for a while),
``slow`` (carry the request out, answer late: a client that timed out has lost the answer) and
``drop`` (close the connection without an answer, before or after carrying the request out). A
window can open on the first call of a method (``starts_on``), so a test can time an outage to
the moment the bot sends. Like Telegram, a getUpdates call ends a pending one of another poller
with ``409 Conflict: terminated by other getUpdates request``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import re
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from aiohttp import web
from telegram.constants import (
    BotCommandLimit,
    CallbackQueryLimit,
    ChatAction,
    InlineKeyboardButtonLimit,
    InlineQueryLimit,
    InlineQueryResultLimit,
    MessageLimit,
    ParseMode,
)

if TYPE_CHECKING:
    from telegram.ext import ApplicationBuilder

JSONDict = dict[str, Any]

#: Longest long-poll the fake will hold a getUpdates request, whatever ``timeout`` says; keeps
#: shutdown fast while still exercising real long polling.
MAX_POLL_TIMEOUT = 1.0

#: Parameters whose form-encoded value is a plain string and must never be JSON-decoded
#: (``"123"`` as a message text must stay a string).
_STRING_PARAMS = frozenset(
    {
        "text", "caption", "query", "callback_query_id", "inline_query_id", "file_id", "title",
        "description", "short_description", "url", "next_offset", "language_code", "parse_mode",
        "action", "emoji", "custom_title", "secret_token", "ip_address", "name",
        "business_connection_id", "message_effect_id", "inline_message_id",
    }
)

_CANNOT_PARSE = "Bad Request: can't parse entities: "
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: the unit of Telegram's entity offsets and length limits."""
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    """A Bot API error response (``ok: false``) with Telegram's status and description."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class HtmlParseError(ValueError):
    """Telegram would answer "can't parse entities"; the message is the part after that prefix."""


class ApiCall(NamedTuple):
    """One recorded request: canonical method name and decoded parameters."""

    method: str
    params: JSONDict


# --------------------------------------------------------------------------- HTML (parse_mode)

_ALLOWED_TAGS: dict[str, str] = {
    "b": "bold", "strong": "bold",
    "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code", "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});")
_TAG_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[A-Za-z0-9_-]+")


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the HTML entity at ``pos`` the way Telegram does; None if it is not one."""
    match = _ENTITY_RE.match(text, pos)
    if not match:
        return None
    body = match.group(1)
    if body.startswith("#"):
        code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code), match.end()
    if body in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[body], match.end()
    return None


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the parsed text


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-flavoured HTML into (plain text, entities), raising HtmlParseError.

    Mirrors tdlib's parser: only Telegram's tags, strictly nested, closed in order; only
    ``&lt; &gt; &amp; &quot;`` and numeric entities. Error texts follow tdlib's wording.
    """

    def byte_offset(idx: int) -> int:
        return len(text[:idx].encode("utf-8"))

    def unescape_attr(value: str) -> str:
        out_chars: list[str] = []
        k = 0
        while k < len(value):
            if value[k] == "&":
                decoded = _decode_entity(value, k)
                if decoded:
                    out_chars.append(decoded[0])
                    k = decoded[1]
                    continue
            out_chars.append(value[k])
            k += 1
        return "".join(out_chars)

    out: list[str] = []
    units = 0
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                units += utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise HtmlParseError(
                    f'Unescaped "&" or unsupported HTML entity at byte offset {byte_offset(i)}'
                )
        if ch != "<":
            out.append(ch)
            units += utf16_len(ch)
            i += 1
            continue
        if text.startswith("</", i):
            end = text.find(">", i)
            if end == -1:
                raise HtmlParseError(f"Unclosed end tag at byte offset {byte_offset(i)}")
            name = text[i + 2 : end].strip().lower()
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {byte_offset(i)}")
            top = stack[-1]
            if name != top.name:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {byte_offset(i)}, expected "</{top.name}>", '
                    f'found "</{name}>"'
                )
            stack.pop()
            entity = _make_entity(top, units)
            if entity is not None:
                entities.append(entity)
            i = end + 1
            continue
        # A start tag.
        tag_pos = i
        name_match = _TAG_NAME_RE.match(text, i + 1)
        name = name_match.group(0).lower() if name_match else ""
        if name not in _ALLOWED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {byte_offset(tag_pos)}')
        j = i + 1 + len(name)
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j].isspace():
                j += 1
            if j >= n:
                raise HtmlParseError(f'Unclosed start tag "{name}" at byte offset {byte_offset(tag_pos)}')
            if text[j] == ">":
                j += 1
                break
            attr_match = _ATTR_NAME_RE.match(text, j)
            if not attr_match:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {byte_offset(j)}'
                )
            attr_name = attr_match.group(0).lower()
            j = attr_match.end()
            while j < n and text[j].isspace():
                j += 1
            if j >= n or text[j] != "=":
                attrs[attr_name] = ""  # valueless attribute, e.g. <blockquote expandable>
                continue
            j += 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] in "\"'":
                close = text.find(text[j], j + 1)
                if close == -1:
                    raise HtmlParseError(
                        f'Unclosed start tag "{name}" at byte offset {byte_offset(tag_pos)}'
                    )
                attrs[attr_name] = unescape_attr(text[j + 1 : close])
                j = close + 1
            else:
                start_value = j
                while j < n and not text[j].isspace() and text[j] != ">":
                    j += 1
                attrs[attr_name] = unescape_attr(text[start_value:j])
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(tag_pos)}'
            )
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise HtmlParseError("Custom emoji entity must contain a valid custom emoji identifier")
        if name == "a" and "href" in attrs and not attrs["href"].strip():
            raise HtmlParseError(f'Empty URL in the tag "a" at byte offset {byte_offset(tag_pos)}')
        stack.append(_OpenTag(name, attrs, units))
        i = j
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _make_entity(tag: _OpenTag, end_units: int) -> JSONDict | None:
    """The MessageEntity Telegram would report for a closed tag (None when it is empty)."""
    length = end_units - tag.start
    if length <= 0:
        return None
    kind = _ALLOWED_TAGS[tag.name]
    entity: JSONDict = {"type": kind, "offset": tag.start, "length": length}
    if tag.name == "a":
        if "href" not in tag.attrs:
            return None
        entity["url"] = tag.attrs["href"]
    elif tag.name == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    elif tag.name == "pre" and tag.attrs.get("language"):
        entity["language"] = tag.attrs["language"]
    return entity


def bot_command_entities(text: str) -> list[JSONDict]:
    """The ``bot_command`` entity Telegram attaches to a leading /command (UTF-16 offsets)."""
    match = re.match(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?=\s|$)", text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


_URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>\"]*[^\s<>\".,;:!?)]",
                     re.IGNORECASE)


def url_entities(text: str) -> list[JSONDict]:
    """The ``url`` entities Telegram detects in a message's text (UTF-16 offsets)."""
    return [{"type": "url", "offset": utf16_len(text[:m.start()]), "length": utf16_len(m.group(0))}
            for m in _URL_RE.finditer(text)]


# --------------------------------------------------------------------------------- the server


@dataclass
class _Fault:
    status: int
    retry_after: int | None
    description: str | None


@dataclass
class Fault:
    """A timed or counted fault: ``outage``/``flood`` last ``seconds``; ``slow``/``drop`` hit ``times`` calls."""

    kind: str  # "outage", "flood", "slow" or "drop"
    methods: frozenset[str] | None  # None: every method
    seconds: float | None = None
    times: int | None = None
    starts_on: str | None = None
    status: int = 502
    retry_after: float = 2.0
    delay: float = 0.0
    after_processing: bool = False
    opened_at: float | None = None
    #: How many requests this fault answered (a test can check that it really happened).
    hits: int = 0

    def matches(self, method: str, now: float) -> bool:
        if self.opened_at is None and (self.starts_on is None or self.starts_on == method):
            self.opened_at = now
        if self.opened_at is None or (self.methods is not None and method not in self.methods):
            return False
        if self.seconds is not None:
            return now - self.opened_at < self.seconds
        return self.times is None or self.hits < self.times

    @property
    def over(self) -> bool:
        if self.seconds is not None:
            return self.opened_at is not None and time.monotonic() - self.opened_at >= self.seconds
        return self.times is not None and self.hits >= self.times


@dataclass
class _StoredFile:
    file_id: str
    content: bytes
    file_name: str
    mime_type: str
    file_path: str = ""

    def document(self) -> JSONDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": hashlib.sha1(self.file_id.encode()).hexdigest()[:16],
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }


@dataclass(repr=False)
class FakeBotApi:
    """The in-memory Bot API state plus the aiohttp app that serves it."""

    token: str = "123:ABC"
    bot_username: str = "factdesk_bot"
    bot_first_name: str = "FactDesk"
    strict_ampersand: bool = True
    max_poll_timeout: float = MAX_POLL_TIMEOUT
    host: str = "127.0.0.1"
    port: int = 0
    requests: list[ApiCall] = field(default_factory=list)
    #: ``(method, params, description)`` for every request answered with ``ok: false``.
    errors: list[tuple[str, JSONDict, str]] = field(default_factory=list)
    webhook_url: str = ""

    def __post_init__(self) -> None:
        self.bot_id = int(self.token.split(":", 1)[0]) if self.token.split(":", 1)[0].isdigit() else 1
        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._admins: dict[int, tuple[int | None, set[int]]] = {}
        self._files: dict[str, _StoredFile] = {}
        self._pending_callbacks: set[str] = set()
        self._pending_inline: set[str] = set()
        self._query_ids = itertools.count(1)
        self._faults: dict[str, list[_Fault]] = {}
        self._windows: list[Fault] = []
        self._poll_generation = 0
        #: The newest update id queued, and the newest a poller confirmed it has (getUpdates' offset - 1).
        self.last_update_id = 0
        self.confirmed_update_id = 0
        self._commands: dict[str, list[JSONDict]] = {}
        self._claimed: set[int] = set()
        self._sent_params: dict[tuple[int, int], JSONDict] = {}
        # Replaced on every change; waiters grab the current one, re-check, then wait on it.
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, Callable[[JSONDict], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "sendChatAction": self._send_chat_action,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getFile": self._get_file,
            "close": self._ok_true,
            "logOut": self._ok_true,
        }
        self._by_lower = {name.lower(): name for name in self._handlers}

    def __repr__(self) -> str:  # the full state would drown pytest's failure output
        return f"FakeBotApi(port={self.port}, requests={len(self.requests)}, errors={len(self.errors)})"

    # ------------------------------------------------------------------ lifecycle and URLs

    @property
    def base_url(self) -> str:
        """Pass to ``ApplicationBuilder.base_url`` (PTB appends the token)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass to ``ApplicationBuilder.base_file_url`` (PTB appends the token)."""
        return f"http://{self.host}:{self.port}/file/bot"

    def application_builder(self) -> ApplicationBuilder:
        """An ``ApplicationBuilder`` already pointed at this server, so tests cannot forget a URL."""
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    async def start(self) -> None:
        """Bind a random free port on 127.0.0.1 and start serving."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        site = web.SockSite(self._runner, sock)
        await site.start()

    async def close(self) -> None:
        """Release long polls first so shutdown does not wait for their timeouts."""
        self._closing = True
        self._signal()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ test-side helpers

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 1,
        *,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail (429 flood wait, 500, 502, 400, ...)."""
        fault = _Fault(status, retry_after if status == 429 else None, description)
        self._faults.setdefault(self._canonical(method) or method, []).extend([fault] * times)

    def _add_fault(self, fault: Fault) -> Fault:
        if fault.methods is not None:
            fault.methods = frozenset(self._canonical(m) or m for m in fault.methods)
        if fault.starts_on is not None:
            fault.starts_on = self._canonical(fault.starts_on) or fault.starts_on
        self._windows.append(fault)
        return fault

    def outage(self, seconds: float, *, methods: Iterable[str] | None = None, status: int = 502,
               starts_on: str | None = None) -> Fault:
        """Every method (or ``methods``) answers ``status`` for ``seconds`` (502: a proxy's HTML page)."""
        return self._add_fault(Fault("outage", frozenset(methods) if methods else None, seconds=seconds,
                                     starts_on=starts_on, status=status))

    def flood(self, seconds: float, *, retry_after: float = 2.0, methods: Iterable[str] = ("sendMessage",),
              starts_on: str | None = None) -> Fault:
        """``methods`` answer 429 with ``retry_after`` for ``seconds``: a flood-control window."""
        return self._add_fault(Fault("flood", frozenset(methods), seconds=seconds, starts_on=starts_on,
                                     status=429, retry_after=retry_after))

    def slow(self, delay: float, *, methods: Iterable[str] = ("sendMessage",), times: int = 1) -> Fault:
        """The next ``times`` calls are carried out at once but answered ``delay`` seconds later."""
        return self._add_fault(Fault("slow", frozenset(methods), times=times, delay=delay))

    def drop(self, *, methods: Iterable[str] = ("sendMessage",), times: int = 1,
             after_processing: bool = False) -> Fault:
        """The next ``times`` calls get their connection closed without an answer.

        With ``after_processing`` the request is carried out first (the message is sent, the
        answer is lost); otherwise it never happened.
        """
        return self._add_fault(Fault("drop", frozenset(methods), times=times, after_processing=after_processing))

    def add_chat(self, chat_id: int, chat_type: str = "private", *, title: str | None = None,
                 is_forum: bool = False) -> JSONDict:
        """Make a chat known (sendMessage to an unknown chat fails with "chat not found")."""
        if chat_id in self._chats:
            return self._chats[chat_id]
        chat: JSONDict = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            user = self._users.get(chat_id) or self._user(chat_id)
            chat.update({"first_name": user["first_name"]})
            if "username" in user:
                chat["username"] = user["username"]
        else:
            chat["title"] = title or f"Test {chat_type} {chat_id}"
            if is_forum:
                chat["is_forum"] = True
        self._chats[chat_id] = chat
        return chat

    def set_admins(self, chat_id: int, admin_ids: Iterable[int], *, creator: int | None = None) -> None:
        """Configure who getChatMember/getChatAdministrators report as creator/administrators."""
        self._admins[chat_id] = (creator, set(admin_ids))

    def register_file(self, file_id: str, content: bytes, file_name: str,
                      mime_type: str = "text/plain", *, file_path: str | None = None) -> JSONDict:
        """Store a document so ``push_message(document=file_id)``, getFile and download work.

        ``file_path`` overrides what getFile answers (a tampered server: ``../../../../etc/hostname``;
        a local one: an absolute path on its disk).
        """
        suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = _StoredFile(file_id, content, file_name, mime_type,
                             file_path or f"documents/file_{len(self._files)}.{suffix}")
        self._files[file_id] = stored
        return stored.document()

    def push_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int,
        chat_type: str = "private",
        message_thread_id: int | None = None,
        username: str | None = None,
        first_name: str | None = None,
        edited: bool = False,
        message_id: int | None = None,
        document: str | None = None,
        reply_to: int | None = None,
        entities: list[JSONDict] | None = None,
    ) -> int:
        """Queue a user's message (or ``edited_message``) update and return its message_id.

        ``document`` is a file_id from :meth:`register_file` (``text`` becomes the caption);
        ``reply_to`` is the message_id of an earlier message in the same chat; with ``edited``,
        ``message_id`` picks the message to edit (default: that user's latest in the chat). Links in
        the text get ``url`` entities as Telegram detects them; ``entities`` adds others (``text_link``).
        """
        user = self._user(user_id, username=username, first_name=first_name)
        chat = self.add_chat(chat_id, chat_type, is_forum=message_thread_id is not None)
        if edited:
            if message_id is None:
                mine = [mid for (cid, mid), msg in self._messages.items()
                        if cid == chat_id and msg.get("from", {}).get("id") == user_id]
                if not mine:
                    raise ValueError("edited=True needs an earlier message from this user")
                message_id = max(mine)
        else:
            message_id = self._next_message_id(chat_id)
        message: JSONDict = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": user}
        if edited:
            message["date"] = self._messages.get((chat_id, message_id), message)["date"]
            message["edit_date"] = int(time.time())
        if message_thread_id is not None:
            message["message_thread_id"] = message_thread_id
            message["is_topic_message"] = True
        if text or not document:  # Telegram omits an empty caption
            message["caption" if document else "text"] = text
        found = sorted(bot_command_entities(text) + url_entities(text) + list(entities or ()),
                       key=lambda e: e["offset"])
        if found:
            message["caption_entities" if document else "entities"] = found
        if document:
            message["document"] = self._files[document].document()
        if reply_to is not None:
            message["reply_to_message"] = self._messages[(chat_id, reply_to)]
        self._messages[(chat_id, message_id)] = message
        self._queue_update({"edited_message" if edited else "message": message})
        return message_id

    def push_callback_query(self, chat_id: int, message_id: int, data: str, user_id: int) -> str:
        """Queue a button press on a stored message; returns the callback query id."""
        query_id = str(next(self._query_ids)) + "0" * 6
        message = self._messages.get((chat_id, message_id)) or {
            "message_id": message_id, "date": int(time.time()), "chat": self.add_chat(chat_id),
        }
        self._pending_callbacks.add(query_id)
        self._queue_update({"callback_query": {
            "id": query_id, "from": self._user(user_id), "message": message,
            "chat_instance": str(abs(chat_id)), "data": data,
        }})
        return query_id

    def push_inline_query(self, user_id: int, query: str, *, offset: str = "") -> str:
        """Queue an inline query; returns its id."""
        query_id = str(next(self._query_ids)) + "1" * 6
        self._pending_inline.add(query_id)
        self._queue_update({"inline_query": {
            "id": query_id, "from": self._user(user_id), "query": query, "offset": offset,
            "chat_type": "sender",
        }})
        return query_id

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The current state of a stored message (bot's messages reflect later edits)."""
        return self._messages.get((chat_id, message_id))

    def texts_received(self, chat_id: int) -> list[str]:
        """The texts of the messages a chat got from the bot, in order (what its user saw arrive)."""
        return [str(sent.get("text", "")) for sent in self.sent_messages(chat_id)]

    def calls(self, method: str) -> list[JSONDict]:
        """Params of every recorded request to ``method`` (successful or not)."""
        return [call.params for call in self.requests if call.method == method]

    def sent_messages(self, chat_id: int | None = None) -> list[JSONDict]:
        """Params of every *successful* sendMessage (raw text as sent, plus ``message_id``)."""
        return [
            params | {"message_id": message_id}
            for (sent_chat, message_id), params in self._sent_params.items()
            if chat_id is None or sent_chat == chat_id
        ]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 5,
    ) -> ApiCall:
        """Wait for a matching request and return it; each request is returned at most once.

        Already-recorded requests count (no race with a push made before waiting), but a request
        returned by an earlier ``wait_for`` is skipped, so consecutive waits see consecutive calls.
        """

        def find() -> ApiCall | None:
            for idx, call in enumerate(self.requests):
                if idx in self._claimed or call.method != method:
                    continue
                if predicate is None or predicate(call.params):
                    self._claimed.add(idx)
                    return call
            return None

        async with asyncio.timeout(timeout):
            while True:
                changed = self._changed
                found = find()
                if found is not None:
                    return found
                await changed.wait()

    # ------------------------------------------------------------------ internals

    def _signal(self) -> None:
        """Wake every waiter (wait_for, long polls); they re-check their condition."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _canonical(self, method: str) -> str | None:
        return self._by_lower.get(method.lower())

    def _user(self, user_id: int, *, username: str | None = None, first_name: str | None = None) -> JSONDict:
        user = self._users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}",
                      "username": username or f"user{user_id}", "language_code": "en"}
        )
        if username:
            user["username"] = username
        if first_name:
            user["first_name"] = first_name
        return user

    def _bot_user(self) -> JSONDict:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_first_name,
                "username": self.bot_username}

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _queue_update(self, body: JSONDict) -> None:
        self.last_update_id = next(self._update_ids)
        self._updates.append({"update_id": self.last_update_id, **body})
        self._signal()

    async def _decode_params(self, request: web.Request) -> JSONDict:
        """Accept JSON, urlencoded and multipart bodies (PTB posts urlencoded JSON-valued fields)."""
        params: JSONDict = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise ApiError(400, "Bad Request: invalid JSON body")
                return params | body
            form = await request.post()
            for key, value in form.items():
                params[key] = value.file.read() if isinstance(value, web.FileField) else value
        decoded: JSONDict = {}
        for key, value in params.items():
            if isinstance(value, str) and key not in _STRING_PARAMS:
                try:
                    decoded[key] = json.loads(value)
                except ValueError:
                    decoded[key] = value
            else:
                decoded[key] = value
        return decoded

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"},
                                     status=401)
        method = self._canonical(request.match_info["method"])
        if method is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"},
                                     status=404)
        try:
            params = await self._decode_params(request)
        except ApiError as exc:
            return web.json_response(exc.payload(), status=exc.status)
        self.requests.append(ApiCall(method, params))
        self._signal()
        now = time.monotonic()
        matching = [w for w in self._windows if w.matches(method, now)]  # every window may open on this call
        window = matching[0] if matching else None
        if window is not None:
            window.hits += 1
        try:
            faults = self._faults.get(method)
            if faults:
                fault = faults.pop(0)
                if fault.status == 502:
                    return self._bad_gateway()
                raise self._fault_error(fault)
            if window is not None and window.kind == "outage":
                if window.status == 502:
                    return self._bad_gateway()
                raise self._fault_error(_Fault(window.status, None, None))
            if window is not None and window.kind == "flood":
                raise ApiError(429, f"Too Many Requests: retry after {window.retry_after:g}",
                               {"retry_after": window.retry_after})
            if window is not None and window.kind == "drop" and not window.after_processing:
                return self._hang_up(request)
            result = await self._handlers[method](params)
        except ApiError as exc:
            if request.transport is not None and not request.transport.is_closing():  # someone heard it
                self.errors.append((method, params, exc.description))
            return web.json_response(exc.payload(), status=exc.status)
        if window is not None and window.kind == "drop":
            return self._hang_up(request)
        if window is not None and window.kind == "slow":
            await asyncio.sleep(window.delay)
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _bad_gateway() -> web.Response:
        return web.Response(status=502, text="<html><body>502 Bad Gateway</body></html>", content_type="text/html")

    @staticmethod
    def _hang_up(request: web.Request) -> web.Response:
        """Close the connection: the client sees it end without an answer."""
        if request.transport is not None:
            request.transport.close()
        return web.Response(status=500)

    @staticmethod
    def _fault_error(fault: _Fault) -> ApiError:
        if fault.status == 429:
            retry = fault.retry_after or 1
            return ApiError(429, fault.description or f"Too Many Requests: retry after {retry}",
                            {"retry_after": retry})
        default = {500: "Internal Server Error", 400: "Bad Request", 403: "Forbidden"}
        return ApiError(fault.status, fault.description or default.get(fault.status, "Error"))

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        wanted = request.match_info["file_path"]
        for stored in self._files.values():
            if stored.file_path == wanted:
                return web.Response(body=stored.content, content_type=stored.mime_type)
        return web.Response(status=404, text="Not Found")

    # ------------------------------------------------------------------ validation

    def _require(self, params: JSONDict, *names: str) -> None:
        for name in names:
            if params.get(name) in (None, ""):
                raise ApiError(400, f"Bad Request: parameter \"{name}\" is required")

    def _chat(self, params: JSONDict) -> JSONDict:
        self._require(params, "chat_id")
        chat = self._chats.get(params["chat_id"]) if isinstance(params["chat_id"], int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _parse_text(self, text: Any, parse_mode: Any, entities: Any) -> tuple[str, list[JSONDict]]:
        """Apply parse_mode like Telegram and enforce the 1..4096 length rule."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if parse_mode in (None, ""):
            plain, parsed = text, list(entities or [])
        elif str(parse_mode).lower() == ParseMode.HTML.lower():
            try:
                plain, parsed = parse_html(text, strict_ampersand=self.strict_ampersand)
            except HtmlParseError as exc:
                raise ApiError(400, _CANNOT_PARSE + str(exc)) from None
        elif str(parse_mode).lower() in (ParseMode.MARKDOWN.lower(), ParseMode.MARKDOWN_V2.lower()):
            plain, parsed = text, []  # Markdown is not validated by this fake
        else:
            raise ApiError(400, "Bad Request: unsupported parse_mode")
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > MessageLimit.MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        return plain, parsed

    @staticmethod
    def _check_markup(markup: Any) -> JSONDict | None:
        """Validate an inline keyboard the way Telegram does (callback_data is 1..64 *bytes*)."""
        if markup in (None, ""):
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return markup
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise ApiError(400, "Bad Request: can't parse inline keyboard: field \"inline_keyboard\" "
                                "must be an Array of Arrays")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
                if "callback_data" in button:
                    size = len(str(button["callback_data"]).encode("utf-8"))
                    if not (InlineKeyboardButtonLimit.MIN_CALLBACK_DATA <= size
                            <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA):
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                elif "url" in button:
                    if not re.match(r"(https?|tg)://\S+$", str(button["url"])):
                        raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
                elif not (set(button) - {"text"}):
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text buttons "
                                        "are unallowed in the inline keyboard")
        return markup

    # ------------------------------------------------------------------ methods

    async def _ok_true(self, params: JSONDict) -> bool:
        return True

    async def _get_me(self, params: JSONDict) -> JSONDict:
        return self._bot_user() | {
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": True, "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        self._poll_generation += 1
        generation = self._poll_generation
        self._signal()  # a pending poll of another poller ends with Conflict
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = min(float(params.get("timeout") or 0), self.max_poll_timeout)
        allowed = params.get("allowed_updates") or None
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.confirmed_update_id = max(self.confirmed_update_id, offset - 1)
        elif offset < 0:
            self._updates = self._updates[offset:]

        def pending() -> list[JSONDict]:
            found = [u for u in self._updates if u["update_id"] >= offset]
            if allowed:
                found = [u for u in found if any(k in u for k in allowed)]
            return found[:limit]

        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while not self._closing:
                    changed = self._changed
                    if generation != self._poll_generation:
                        raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure that "
                                            "only one bot instance is running")
                    if pending():
                        break
                    await changed.wait()
        return pending()

    async def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        if len(commands) > BotCommandLimit.MAX_COMMAND_NUMBER:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for cmd in commands:
            name, desc = str(cmd.get("command", "")), str(cmd.get("description", ""))
            valid_name = re.fullmatch(r"[a-z0-9_]+", name) and (
                BotCommandLimit.MIN_COMMAND <= len(name) <= BotCommandLimit.MAX_COMMAND
            )
            if not valid_name:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not (BotCommandLimit.MIN_DESCRIPTION <= len(desc) <= BotCommandLimit.MAX_DESCRIPTION):
                raise ApiError(400, "Bad Request: command description is empty" if not desc
                               else "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[self._commands_key(params)] = commands
        return True

    @staticmethod
    def _commands_key(params: JSONDict) -> str:
        return json.dumps([params.get("scope") or {"type": "default"}, params.get("language_code") or ""],
                          sort_keys=True)

    async def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return self._commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: JSONDict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    async def _set_webhook(self, params: JSONDict) -> bool:
        self._require(params, "url")
        self.webhook_url = str(params["url"])
        return True

    async def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        return {"url": self.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    async def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._chat(params)
        plain, entities = self._parse_text(params.get("text"), params.get("parse_mode"),
                                           params.get("entities"))
        markup = self._check_markup(params.get("reply_markup"))
        message: JSONDict = {"message_id": 0, "from": self._bot_user(), "chat": chat,
                             "date": int(time.time()), "text": plain}
        reply = params.get("reply_parameters") or (
            {"message_id": params["reply_to_message_id"]} if params.get("reply_to_message_id") else None)
        if reply:
            original = self._messages.get((chat["id"], int(reply.get("message_id", 0))))
            if original is not None:
                message["reply_to_message"] = original
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        message["message_id"] = self._next_message_id(chat["id"])
        if entities:
            message["entities"] = entities
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if params.get("message_thread_id"):
            message["message_thread_id"] = params["message_thread_id"]
            message["is_topic_message"] = True
        key = (chat["id"], message["message_id"])
        self._messages[key] = message
        self._sent_params[key] = params
        return message

    def _own_message(self, params: JSONDict, action: str = "edit") -> JSONDict:
        chat_id, message_id = params.get("chat_id"), params.get("message_id")
        stored = self._messages.get((chat_id, message_id)) if isinstance(message_id, int) else None
        if stored is None:
            raise ApiError(400, f"Bad Request: message to {action} not found")
        if (chat_id, message_id) not in self._sent_params and action == "edit":
            raise ApiError(400, "Bad Request: message can't be edited")
        return stored

    async def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        plain, entities = self._parse_text(params.get("text"), params.get("parse_mode"),
                                           params.get("entities"))
        markup = self._check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        stored = self._own_message(params)
        if (stored.get("text") == plain and stored.get("entities", []) == entities
                and stored.get("reply_markup") == markup):
            raise ApiError(400, _NOT_MODIFIED)
        stored["text"] = plain
        stored["edit_date"] = int(time.time())
        stored.pop("entities", None)
        stored.pop("reply_markup", None)
        if entities:
            stored["entities"] = entities
        if markup:
            stored["reply_markup"] = markup
        return stored

    async def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        markup = self._check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        stored = self._own_message(params)
        if stored.get("reply_markup") == markup:
            raise ApiError(400, _NOT_MODIFIED)
        stored.pop("reply_markup", None)
        if markup:
            stored["reply_markup"] = markup
        return stored

    async def _delete_message(self, params: JSONDict) -> bool:
        self._own_message(params, "delete")
        del self._messages[(params["chat_id"], params["message_id"])]
        return True

    async def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._pending_callbacks:
            raise ApiError(400, _QUERY_TOO_OLD)
        if len(str(params.get("text") or "")) > CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._pending_callbacks.discard(query_id)
        return True

    async def _answer_inline_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("inline_query_id", ""))
        if query_id not in self._pending_inline:
            raise ApiError(400, _QUERY_TOO_OLD)
        results = params.get("results")
        if not isinstance(results, list):
            raise ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > InlineQueryLimit.RESULTS:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = str(result.get("id", ""))
            if not (InlineQueryResultLimit.MIN_ID_LENGTH <= len(result_id.encode("utf-8"))
                    <= InlineQueryResultLimit.MAX_ID_LENGTH):
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            if result_id in seen:
                raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
            seen.add(result_id)
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                self._parse_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
            self._check_markup(result.get("reply_markup"))
        self._pending_inline.discard(query_id)
        return True

    async def _send_chat_action(self, params: JSONDict) -> bool:
        self._chat(params)
        if params.get("action") not in {str(action) for action in ChatAction}:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _member(self, chat_id: int, user_id: int) -> JSONDict:
        creator, admins = self._admins.get(chat_id, (None, set()))
        user = self._bot_user() if user_id == self.bot_id else self._user(user_id)
        if user_id == creator:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id in admins:
            rights = dict.fromkeys(
                ("can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
                 "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
                 "can_delete_stories", "can_pin_messages", "can_manage_topics"), True)
            return {"status": "administrator", "user": user, "can_be_edited": False,
                    "is_anonymous": False, "can_promote_members": False, **rights}
        return {"status": "member", "user": user}

    async def _get_chat_member(self, params: JSONDict) -> JSONDict:
        chat = self._chat(params)
        self._require(params, "user_id")
        return self._member(chat["id"], int(params["user_id"]))

    async def _get_chat_administrators(self, params: JSONDict) -> list[JSONDict]:
        chat = self._chat(params)
        creator, admins = self._admins.get(chat["id"], (None, set()))
        ids = ([creator] if creator is not None else []) + sorted(admins - {creator})
        return [self._member(chat["id"], uid) for uid in ids]

    async def _get_file(self, params: JSONDict) -> JSONDict:
        stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return stored.document() | {"file_path": stored.file_path}


@contextlib.asynccontextmanager
async def running_fake_bot_api(token: str = "123:ABC", **options: Any) -> AsyncIterator[FakeBotApi]:
    """Start a FakeBotApi on a free 127.0.0.1 port for the duration of the block."""
    api = FakeBotApi(token=token, **options)
    await api.start()
    try:
        yield api
    finally:
        await api.close()
