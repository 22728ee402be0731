"""What one article may cost before it is refused: its size in bytes and its extraction time.

Limits are checked before the cost is paid: the size from ``stat`` (and a bounded read), the time
by a cooperative deadline that the pipeline checks between its steps and inside its long loops.
An article over either limit is refused with the reason, and nothing of it is stored.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

DEFAULT_MAX_ARTICLE_BYTES = 2_000_000
DEFAULT_ARTICLE_SECONDS = 120.0
DEFAULT_LOCK_TIMEOUT = 30.0  # seconds a database write waits for another process's lock


class ArticleRejected(ValueError):
    """Input that will not become an article; the message is the one-line reason shown to the user."""


class ArticleTimedOut(ArticleRejected):
    """Extraction of one article ran over its time budget."""


@dataclass(frozen=True)
class ArticleLimits:
    """Per-article limits; the application reads them from its configuration and passes them in."""

    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    seconds: float = DEFAULT_ARTICLE_SECONDS

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.seconds <= 0:
            raise ValueError("article limits must be positive")

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise ArticleRejected(f"file is {size:,} bytes, over the {self.max_bytes:,}-byte limit")


class Deadline:
    """A point in time after which the current article's extraction gives up."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends_at:
            raise ArticleTimedOut(f"extraction took over {self.seconds:g} s, the per-article time budget")


_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("factdesk_deadline", default=None)


@contextmanager
def deadline_of(deadline: Deadline | None) -> Iterator[None]:
    """Make ``deadline`` the one :func:`check_deadline` checks, for the code run inside."""
    token = _current.set(deadline)
    try:
        yield
    finally:
        _current.reset(token)


def check_deadline() -> None:
    """Raise :class:`ArticleTimedOut` when the current article's deadline has passed (no-op without one)."""
    deadline = _current.get()
    if deadline is not None:
        deadline.check()
