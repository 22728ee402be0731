"""Configuration: every setting in one typed table, read from the environment.

The table is the single source for the README's configuration section (a test checks that every
setting is documented), in the manner of datasette's ``Setting`` list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.limits import DEFAULT_ARTICLE_SECONDS, DEFAULT_LOCK_TIMEOUT, DEFAULT_MAX_ARTICLE_BYTES, ArticleLimits


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
    Setting("FACTDESK_WEBHOOK_LISTEN", "0.0.0.0", "Address the webhook server listens on."),
    Setting("FACTDESK_WEBHOOK_PORT", "8443", "Port the webhook server listens on."),
    Setting("FACTDESK_WEBHOOK_SECRET", None, "Secret token Telegram sends with each webhook request."),
    Setting("FACTDESK_LOG_LEVEL", "INFO", "Logging level of the bot process."),
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


def lock_timeout() -> float:
    """How long a database write waits for another process's lock, in seconds."""
    return positive_number("FACTDESK_LOCK_TIMEOUT")


def seed_dir() -> Path | None:
    """Where the bundled seed articles are: the setting, else seeds/ beside the package, else ./seeds."""
    configured = setting("FACTDESK_SEED_DIR")
    candidates = [Path(configured)] if configured else [Path(__file__).resolve().parent.parent / "seeds",
                                                        Path.cwd() / "seeds"]
    return next((p for p in candidates if p.is_dir()), None)


@dataclass(frozen=True)
class BotSettings:
    token: str
    base_url: str
    base_file_url: str
    allowed_chats: frozenset[int] = field(default_factory=frozenset)
    allowed_users: frozenset[int] = field(default_factory=frozenset)
    admins: frozenset[int] = field(default_factory=frozenset)
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = None

    @classmethod
    def from_env(cls) -> BotSettings:
        token = setting("TELEGRAM_BOT_TOKEN")
        if not token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token")
        return cls(
            token=token,
            base_url=setting("TELEGRAM_API_BASE_URL") or "",
            base_file_url=setting("TELEGRAM_API_FILE_URL") or "",
            allowed_chats=id_list("FACTDESK_ALLOWED_CHATS"),
            allowed_users=id_list("FACTDESK_ALLOWED_USERS"),
            admins=id_list("FACTDESK_ADMINS"),
            webhook_url=setting("FACTDESK_WEBHOOK_URL"),
            webhook_listen=setting("FACTDESK_WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=int(setting("FACTDESK_WEBHOOK_PORT") or 8443),
            webhook_secret=setting("FACTDESK_WEBHOOK_SECRET"),
        )
