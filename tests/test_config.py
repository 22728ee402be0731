"""Settings: safe defaults, and a one-line error naming the setting for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import with_webhook_secret
from bot.config import WEBHOOK_SECRET_RE, BotSettings


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:X")
    for name in ("FACTDESK_WEBHOOK_LISTEN", "FACTDESK_WEBHOOK_SECRET", "FACTDESK_WEBHOOK_URL", "TELEGRAM_LOCAL_MODE",
                 "TELEGRAM_LOCAL_FILES_DIR", "FACTDESK_DELIVERY_RETRY_SECONDS", "FACTDESK_API_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_webhook_listens_on_localhost_and_always_has_a_secret(env: pytest.MonkeyPatch) -> None:
    env.setenv("FACTDESK_WEBHOOK_URL", "https://bot.example.org/hook")
    settings = BotSettings.from_env()
    assert settings.webhook_listen == "127.0.0.1" and settings.webhook_secret is None
    first, second = with_webhook_secret(settings), with_webhook_secret(settings)
    assert first.webhook_secret and WEBHOOK_SECRET_RE.fullmatch(first.webhook_secret)
    assert first.webhook_secret != second.webhook_secret  # a fresh one at every start
    env.setenv("FACTDESK_WEBHOOK_SECRET", "configured_secret-1")
    assert with_webhook_secret(BotSettings.from_env()).webhook_secret == "configured_secret-1"


@pytest.mark.parametrize(("name", "value", "message"), [
    ("FACTDESK_WEBHOOK_SECRET", "has spaces and ünïcode", "FACTDESK_WEBHOOK_SECRET: use 1-256 characters"),
    ("FACTDESK_API_TIMEOUT", "soon", "FACTDESK_API_TIMEOUT: 'soon' is not a number"),
    ("TELEGRAM_LOCAL_MODE", "1", "TELEGRAM_LOCAL_MODE=1 needs TELEGRAM_LOCAL_FILES_DIR"),
    ("FACTDESK_LINK_INGEST", "everyone", "FACTDESK_LINK_INGEST: 'everyone' is not one of members, admins, off"),
    ("FACTDESK_FEED_POLL_SECONDS", "2", "FACTDESK_FEED_POLL_SECONDS: 2 is below the minimum of 10"),
    ("FACTDESK_FETCH_TIMEOUT", "0", "FACTDESK_FETCH_TIMEOUT: '0' must be greater than zero"),
])
def test_bad_values_are_one_line_errors(env: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    env.setenv(name, value)
    with pytest.raises(ValueError, match=message) as error:
        BotSettings.from_env()
    assert "\n" not in str(error.value)


def test_fetching_private_addresses_is_off_unless_asked_for(env: pytest.MonkeyPatch) -> None:
    for name in ("FACTDESK_FETCH_ALLOW_PRIVATE", "FACTDESK_LINK_INGEST"):
        env.delenv(name, raising=False)
    settings = BotSettings.from_env()
    assert not settings.fetch_allow_private and settings.link_ingest is None
    env.setenv("FACTDESK_FETCH_ALLOW_PRIVATE", "1")
    env.setenv("FACTDESK_LINK_INGEST", "Admins")
    settings = BotSettings.from_env()
    assert settings.fetch_allow_private and settings.link_ingest == "admins"


def test_local_mode_names_its_directory(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert not BotSettings.from_env().local_mode
    env.setenv("TELEGRAM_LOCAL_MODE", "1")
    env.setenv("TELEGRAM_LOCAL_FILES_DIR", str(tmp_path))
    settings = BotSettings.from_env()
    assert settings.local_mode and settings.local_files_dir == tmp_path.resolve()
