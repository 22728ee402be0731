"""The HTTP requests to the Bot API: python-telegram-bot's HTTPXRequest, quiet about bad bodies.

python-telegram-bot logs a full traceback (``Can not load invalid JSON data``) whenever an answer
is not JSON, which is what a proxy's ``502 Bad Gateway`` page is. Here such a body is just an
error: a non-2xx answer stays the NetworkError python-telegram-bot raises for its status code, and
a 2xx answer that is not JSON becomes :class:`GarbledAnswer`, which the delivery path treats as
"the request may have been carried out". Nothing is logged at this level; the delivery path and
the polling error handler log one line per failure.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.error import NetworkError
from telegram.request import HTTPXRequest

#: Connections for everything but getUpdates (python-telegram-bot's own default), and for getUpdates.
POOL_SIZE = 256
GET_UPDATES_POOL_SIZE = 1


class GarbledAnswer(NetworkError):
    """The Bot API answered, but not with JSON: the request may or may not have been carried out."""


class BotApiRequest(HTTPXRequest):
    """HTTPXRequest that turns an unreadable answer into an exception without logging a traceback."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            return json.loads(payload.decode("utf-8", "replace"))
        except ValueError:
            raise GarbledAnswer(f"the Bot API answered something that is not JSON ({len(payload)} bytes)") from None


def bot_api_requests(timeout: float) -> tuple[BotApiRequest, BotApiRequest]:
    """(requests for Bot API methods, the request for getUpdates) waiting ``timeout`` s for answers."""
    general = BotApiRequest(connection_pool_size=POOL_SIZE, read_timeout=timeout, write_timeout=timeout)
    # getUpdates adds its long-poll timeout to this read timeout itself.
    polling = BotApiRequest(connection_pool_size=GET_UPDATES_POOL_SIZE, read_timeout=timeout)
    return general, polling
