"""Configuration: every setting in one typed table, read from the environment.

The table is the single source for the README's configuration section (a test checks that every
setting is documented), in the manner of datasette's ``Setting`` list.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.limits import DEFAULT_ARTICLE_SECONDS, DEFAULT_LOCK_TIMEOUT, DEFAULT_MAX_ARTICLE_BYTES, ArticleLimits

if TYPE_CHECKING:
    from knowledge.pages.fetch import FetchLimits


class ConfigError(ValueError):
    """A setting whose value cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("TELEGRAM_BOT_TOKEN", None, "Bot token from BotFather; without it factdesk answers only in the terminal."),
    Setting("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot",
            "Bot API base URL (python-telegram-bot's base_url), e.g. a self-hosted Bot API server."),
    Setting("TELEGRAM_API_FILE_URL", "https://api.telegram.org/file/bot",
            "Bot API file URL (base_file_url) for downloading documents sent to the bot."),
    Setting("TELEGRAM_LOCAL_MODE", "0",
            "1 when TELEGRAM_API_BASE_URL is a Bot API server started with --local: documents are then read "
            "from its directory (TELEGRAM_LOCAL_FILES_DIR) and from nowhere else."),
    Setting("TELEGRAM_LOCAL_FILES_DIR", None,
            "The local Bot API server's --dir, as this process sees it; required with TELEGRAM_LOCAL_MODE=1."),
    Setting("FACTDESK_API_TIMEOUT", "15", "Seconds to wait for the Bot API to answer one request."),
    Setting("FACTDESK_DELIVERY_RETRY_SECONDS", "120",
            "How long an outgoing message is retried through network errors and Bot API 5xx answers "
            "(at least 60)."),
    Setting("FACTDESK_FLOOD_WAIT_MAX_SECONDS", "300",
            "Longest total flood-control wait (429 retry_after) honoured for one message before giving up."),
    Setting("FACTDESK_DIGEST_CHECK_SECONDS", "30",
            "How often the subscriptions are re-read from the database to send due digests "
            "(and catch up missed ones)."),
    Setting("FACTDESK_DATABASE_URL", None,
            "Database: a file path, sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db. "
            "Default: $XDG_DATA_HOME/factdesk/factdesk.sqlite."),
    Setting("FACTDESK_SEED_DIR", None, "Articles ingested automatically on the first run with a new database "
                                       "(default: the bundled seeds/ folder)."),
    Setting("FACTDESK_MAX_ARTICLE_BYTES", str(DEFAULT_MAX_ARTICLE_BYTES),
            "Largest article accepted, in bytes; checked before a file or upload is read."),
    Setting("FACTDESK_MAX_ARTICLE_SECONDS", f"{DEFAULT_ARTICLE_SECONDS:g}",
            "Extraction time budget per article, in seconds; an article over it is refused and nothing of it stored."),
    Setting("FACTDESK_LOCK_TIMEOUT", f"{DEFAULT_LOCK_TIMEOUT:g}",
            "Seconds a write waits for another process's database lock before giving up with a one-line error."),
    Setting("FACTDESK_ALLOWED_CHATS", "", "Comma-separated chat ids allowed to use the bot (groups are negative); "
                                          "empty means any chat."),
    Setting("FACTDESK_ALLOWED_USERS", "", "Comma-separated user ids allowed to use the bot and inline mode; "
                                          "empty means any user in an allowed chat."),
    Setting("FACTDESK_ADMINS", "", "Comma-separated user ids that may ingest documents and change digests."),
    Setting("FACTDESK_WEBHOOK_URL", None, "Public HTTPS URL for webhook mode; unset means polling."),
    Setting("FACTDESK_WEBHOOK_LISTEN", "127.0.0.1",
            "Address the webhook server listens on (behind your TLS proxy)."),
    Setting("FACTDESK_WEBHOOK_PORT", "8443", "Port the webhook server listens on."),
    Setting("FACTDESK_WEBHOOK_SECRET", None,
            "Secret token Telegram sends with each webhook request (1-256 of A-Z a-z 0-9 _ -); "
            "unset, one is generated at every start. Requests without it get 403."),
    Setting("FACTDESK_LOG_LEVEL", "INFO", "Logging level of the bot process."),
    Setting("FACTDESK_LINK_INGEST", None,
            "Who may add articles by posting links in a chat: members, admins or off. Default: members in private "
            "chats, admins (the group's administrators and FACTDESK_ADMINS) in groups."),
    Setting("FACTDESK_FETCH_ALLOW_PRIVATE", "0",
            "1 lets links and feeds be fetched from loopback, private and link-local addresses and from ports "
            "other than 80/443 (tests, intranet sources). Off by default: such links are refused unfetched."),
    Setting("FACTDESK_FETCH_TIMEOUT", "20",
            "Seconds one page or feed may take to arrive, redirects included (connecting: at most 5 s)."),
    Setting("FACTDESK_FEED_POLL_SECONDS", "900",
            "How often each feed is polled (conditional GET); a failing feed waits twice as long after each "
            "error, up to 6 hours."),
)
_DEFAULTS = {s.name: s.default for s in SETTINGS}


def setting(name: str) -> str | None:
    """The value of a setting from the environment, else its default."""
    if name not in _DEFAULTS:
        raise KeyError(f"unknown setting {name}")
    value = os.environ.get(name)
    return value if value not in (None, "") else _DEFAULTS[name]


def id_list(name: str) -> frozenset[int]:
    """A comma-separated list of integer ids; a bad entry is a configuration error."""
    raw = setting(name) or ""
    ids = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise ConfigError(f"{name}: {part!r} is not a numeric Telegram id") from None
    return frozenset(ids)


def positive_number(name: str) -> float:
    """A setting that must be a positive number; a bad value is a configuration error."""
    raw = setting(name) or ""
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}: {raw!r} is not a number") from None
    if not value > 0:
        raise ConfigError(f"{name}: {raw!r} must be greater than zero")
    return value


def article_limits() -> ArticleLimits:
    """Per-article size and time limits for ingest and uploads."""
    return ArticleLimits(max_bytes=int(positive_number("FACTDESK_MAX_ARTICLE_BYTES")),
                         seconds=positive_number("FACTDESK_MAX_ARTICLE_SECONDS"))


LINK_INGEST_MODES = ("members", "admins", "off")


def link_ingest_mode() -> str | None:
    """members | admins | off, or None for the default (members in private chats, admins in groups)."""
    raw = (setting("FACTDESK_LINK_INGEST") or "").strip().casefold()
    if not raw:
        return None
    if raw not in LINK_INGEST_MODES:
        raise ConfigError(f"FACTDESK_LINK_INGEST: {raw!r} is not one of members, admins, off")
    return raw


def fetch_limits() -> FetchLimits:
    """Limits of one fetch: the article size limit, the fetch timeout, five redirects."""
    from knowledge.pages.fetch import FetchLimits  # httpx is imported only where pages are fetched

    total = positive_number("FACTDESK_FETCH_TIMEOUT")
    return FetchLimits(max_bytes=int(positive_number("FACTDESK_MAX_ARTICLE_BYTES")), max_redirects=5,
                       connect_seconds=min(5.0, total), read_seconds=min(10.0, total), total_seconds=total)


def fetch_allow_private() -> bool:
    return flag("FACTDESK_FETCH_ALLOW_PRIVATE")


def feed_poll_seconds() -> float:
    return positive_number("FACTDESK_FEED_POLL_SECONDS")


def lock_timeout() -> float:
    """How long a database write waits for another process's lock, in seconds."""
    return positive_number("FACTDESK_LOCK_TIMEOUT")


def seed_dir() -> Path | None:
    """Where the bundled seed articles are: the setting, else seeds/ beside the package, else ./seeds."""
    configured = setting("FACTDESK_SEED_DIR")
    candidates = [Path(configured)] if configured else [Path(__file__).resolve().parent.parent / "seeds",
                                                        Path.cwd() / "seeds"]
    return next((p for p in candidates if p.is_dir()), None)


#: Outgoing messages are retried through at least this many seconds of network errors and 5xx.
MIN_DELIVERY_RETRY_SECONDS = 60.0
#: A webhook secret token: what Telegram allows in ``secret_token`` (setWebhook).
WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def number(name: str, *, minimum: float = 0.0) -> float:
    """A numeric setting; a bad or too small value is a configuration error naming the setting."""
    raw = setting(name) or ""
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}: {raw!r} is not a number") from None
    if value < minimum:
        raise ValueError(f"{name}: {raw} is below the minimum of {minimum:g}")
    return value


def flag(name: str) -> bool:
    return (setting(name) or "").strip().casefold() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class BotSettings:
    token: str
    base_url: str
    base_file_url: str
    allowed_chats: frozenset[int] = field(default_factory=frozenset)
    allowed_users: frozenset[int] = field(default_factory=frozenset)
    admins: frozenset[int] = field(default_factory=frozenset)
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    #: Local Bot API server: documents are read from this directory, never from anywhere else.
    local_files_dir: Path | None = None
    api_timeout: float = 15.0
    delivery_retry_seconds: float = 120.0
    flood_wait_max_seconds: float = 300.0
    digest_check_seconds: float = 30.0
    link_ingest: str | None = None  # members | admins | off; None: members in private chats, admins in groups
    fetch_allow_private: bool = False
    fetch_seconds: float = 20.0
    feed_poll_seconds: float = 900.0
    #: How often the poller looks for due feeds (each is polled every feed_poll_seconds); tests shorten it.
    feed_check_seconds: float = 60.0

    @property
    def local_mode(self) -> bool:
        return self.local_files_dir is not None

    @classmethod
    def from_env(cls) -> BotSettings:
        token = setting("TELEGRAM_BOT_TOKEN")
        if not token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token")
        secret = setting("FACTDESK_WEBHOOK_SECRET")
        if secret is not None and not WEBHOOK_SECRET_RE.fullmatch(secret):
            raise ValueError("FACTDESK_WEBHOOK_SECRET: use 1-256 characters of A-Z, a-z, 0-9, _ and -")
        local_dir = None
        if flag("TELEGRAM_LOCAL_MODE"):
            configured = setting("TELEGRAM_LOCAL_FILES_DIR")
            if not configured or not Path(configured).is_dir():
                raise ValueError("TELEGRAM_LOCAL_MODE=1 needs TELEGRAM_LOCAL_FILES_DIR: the local Bot API "
                                 "server's --dir, as a directory this process can read")
            local_dir = Path(configured).resolve()
        return cls(
            token=token,
            base_url=setting("TELEGRAM_API_BASE_URL") or "",
            base_file_url=setting("TELEGRAM_API_FILE_URL") or "",
            allowed_chats=id_list("FACTDESK_ALLOWED_CHATS"),
            allowed_users=id_list("FACTDESK_ALLOWED_USERS"),
            admins=id_list("FACTDESK_ADMINS"),
            webhook_url=setting("FACTDESK_WEBHOOK_URL"),
            webhook_listen=setting("FACTDESK_WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_port=int(number("FACTDESK_WEBHOOK_PORT", minimum=1)),
            webhook_secret=secret,
            local_files_dir=local_dir,
            api_timeout=number("FACTDESK_API_TIMEOUT", minimum=1),
            delivery_retry_seconds=number("FACTDESK_DELIVERY_RETRY_SECONDS", minimum=MIN_DELIVERY_RETRY_SECONDS),
            flood_wait_max_seconds=number("FACTDESK_FLOOD_WAIT_MAX_SECONDS"),
            digest_check_seconds=number("FACTDESK_DIGEST_CHECK_SECONDS", minimum=1),
            link_ingest=link_ingest_mode(),
            fetch_allow_private=fetch_allow_private(),
            fetch_seconds=positive_number("FACTDESK_FETCH_TIMEOUT"),
            feed_poll_seconds=number("FACTDESK_FEED_POLL_SECONDS", minimum=10),
        )
