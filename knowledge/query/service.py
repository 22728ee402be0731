"""The one service API that the bot, the terminal prompt and ``ask --json`` call.

A thin dispatcher: it parses the command, checks its usage and hands the query to the command's
module (:mod:`~knowledge.query.who`, :mod:`~knowledge.query.when`, :mod:`~knowledge.query.deals`,
:mod:`~knowledge.query.check`, :mod:`~knowledge.query.search`, :mod:`~knowledge.query.sources`),
which answers from one read session with a typed :class:`~knowledge.query.answers.Answer`.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any

from sqlalchemy import func, select

from knowledge.query.answers import Answer
from knowledge.query.commands import USAGE, Command, parse_command, usage_problem
from knowledge.query.retrieval import QueryContext
from knowledge.store.handle import Store
from knowledge.store.schema import article_table

CommandHandler = Callable[[QueryContext, str], Awaitable[Answer]]
#: Each question command and the module that answers it (its ``answer(ctx, query)``). A module is
#: imported with its first question, so ``factdesk ask "/who ..."`` does not load the claim checker.
COMMANDS: dict[str, str] = {
    "who": "knowledge.query.who",
    "when": "knowledge.query.when",
    "deals": "knowledge.query.deals",
    "check": "knowledge.query.check",
    "search": "knowledge.query.search",
    "sources": "knowledge.query.sources",
}


@cache
def handler_of(command: str) -> CommandHandler:
    return importlib.import_module(COMMANDS[command]).answer


class KnowledgeService:
    """Answers questions from the store."""

    def __init__(self, store: Store):
        self.store = store

    async def answer(self, text: str, *, bot_username: str | None = None) -> Answer:
        """Parse a command line ("/who Kuleba") and answer it."""
        command = parse_command(text, bot_username=bot_username)
        if command is None:
            return Answer(command="", query=text.strip(), error="not a command: try /help")
        return await self.run(command)

    async def run(self, command: Command) -> Answer:
        if command.name not in COMMANDS:
            return Answer(command=command.name, query=command.query,
                          error=f"unknown command /{command.name}: try /help")
        problem = usage_problem(command)
        if problem:
            return Answer(command=command.name, query=command.query, error=problem)
        answer = handler_of(command.name)
        async with self.store.sessions() as session:
            return await answer(QueryContext(session), command.query)

    async def stats(self) -> dict[str, Any]:
        async with self.store.sessions() as session:
            count, latest = (await session.execute(
                select(func.count(article_table.c.id), func.max(article_table.c.page_date)))).one()
        return {"articles": int(count or 0), "latest_date": latest}


__all__ = ["COMMANDS", "USAGE", "Answer", "KnowledgeService", "handler_of"]
