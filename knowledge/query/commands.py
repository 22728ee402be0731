"""The command language shared by the bot, the terminal prompt and ``ask --json``.

``/who@factdesk_bot Kuleba`` and ``who Kuleba`` both parse to ``("who", "Kuleba")``. Commands
addressed to another bot parse to ``None`` so that a group chat's other bots are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUESTION_COMMANDS = ("who", "when", "deals", "check", "search", "sources")
ALL_COMMANDS = (*QUESTION_COMMANDS, "help", "start")
MAX_QUERY_CHARS = 500
MIN_QUERY_CHARS = {"who": 2, "when": 2, "deals": 2, "check": 8, "search": 2, "sources": 0}
COMMAND_RE = re.compile(r"^/?(?P<name>[A-Za-z_]+)(?:@(?P<bot>[A-Za-z0-9_]+))?(?:\s+(?P<rest>.*))?$", re.S)
USAGE = {
    "who": "/who <name or role> — e.g. /who Kuleba, /who defense minister",
    "when": "/when <topic> — e.g. /when tank shells agreement",
    "deals": "/deals <party or topic> — e.g. /deals Rheinmetall",
    "check": "/check <claim> — e.g. /check Kuleba is the foreign minister",
    "search": "/search <words> — e.g. /search artillery coalition",
    "sources": "/sources — the articles, newest first",
}


@dataclass(frozen=True)
class Command:
    name: str
    query: str


def parse_command(text: str, *, bot_username: str | None = None) -> Command | None:
    """The command in ``text``, or None when it is addressed to another bot or is not a command."""
    match = COMMAND_RE.match(text.strip())
    if not match:
        return None
    target = match.group("bot")
    if target and bot_username and target.casefold() != bot_username.casefold():
        return None
    query = " ".join((match.group("rest") or "").split())[:MAX_QUERY_CHARS]
    return Command(match.group("name").casefold(), query)


def usage_problem(command: Command) -> str | None:
    """A usage line when the argument is missing or too short, else None."""
    needed = MIN_QUERY_CHARS.get(command.name, 0)
    if needed and len(command.query.strip()) < needed:
        return f"Usage: {USAGE[command.name]}"
    return None
