"""Downloading a document sent to the bot, from where the Bot API keeps it and nowhere else.

python-telegram-bot reads ``getFile``'s ``file_path`` as a local file whenever a file of that name
happens to exist on this machine, so a tampered or self-hosted Bot API server answering
``file_path: ../../../../etc/hostname`` would turn a host file into an article. Here the path is
judged first: from the Bot API's file URL, only a plain relative path (no ``..``, no absolute
path, no URL); from disk, only with a local Bot API server (``TELEGRAM_LOCAL_MODE=1``) and only
inside its directory, after resolving links.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from telegram import Document
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.common import FILE_SOURCE_KEY

#: What Telegram's own file paths look like (``documents/file_12.txt``).
_SAFE_RELATIVE = re.compile(r"[A-Za-z0-9_\-.]+(?:/[A-Za-z0-9_\-.]+)*")


class FileRefused(Exception):
    """The file cannot be fetched safely; the message is shown to the user."""


@dataclass(frozen=True)
class FileSource:
    """Where documents may come from: the Bot API's file URL, or a local server's directory."""

    local_dir: Path | None = None


def file_source_of(context: ContextTypes.DEFAULT_TYPE) -> FileSource:
    return context.bot_data.get(FILE_SOURCE_KEY) or FileSource()


def relative_file_path(file_path: str) -> str | None:
    """``file_path`` when it is a plain relative path below the file URL, else None."""
    if not _SAFE_RELATIVE.fullmatch(file_path):
        return None
    if any(part in ("", ".", "..") for part in PurePosixPath(file_path).parts) or file_path.endswith("/"):
        return None
    return file_path


def local_file(file_path: str, directory: Path) -> Path | None:
    """The file, when it resolves to a regular file inside ``directory``; else None."""
    try:
        resolved = Path(file_path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    return resolved if resolved.is_relative_to(directory.resolve()) and resolved.is_file() else None


def _read_at_most(path: Path, max_bytes: int) -> bytes:
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)


async def download_document(document: Document, context: ContextTypes.DEFAULT_TYPE, *, max_bytes: int) -> bytes:
    """The document's bytes (at most ``max_bytes`` + 1, so an oversized file is still noticed)."""
    bot, source = context.bot, file_source_of(context)
    try:
        tg_file = await bot.get_file(document.file_id)
    except TelegramError as exc:
        raise FileRefused(f"Telegram did not hand out the file ({exc.message})") from exc
    path = tg_file.file_path or ""
    prefix = f"{bot.base_file_url}/"
    if source.local_dir is not None:
        # python-telegram-bot keeps a path it finds on this disk as it is, else prefixes the file URL.
        on_disk = local_file(path.removeprefix(prefix), source.local_dir)
        if on_disk is None:
            raise FileRefused("the local Bot API server named a file outside its directory")
        return await asyncio.to_thread(_read_at_most, on_disk, max_bytes)
    relative = relative_file_path(path.removeprefix(prefix)) if path.startswith(prefix) else None
    if relative is None:
        raise FileRefused("the Bot API gave an unusable file path")
    try:
        return await bot.request.retrieve(f"{prefix}{quote(relative)}")
    except TelegramError as exc:
        raise FileRefused(f"the file could not be downloaded from Telegram ({exc.message}); "
                          "please send it again") from exc
