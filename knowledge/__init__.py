"""Everything about articles and facts: cleaning, dating, extraction, resolution, storage and queries.

Nothing in this package imports telegram: the bot (``bot/``, ``handlers/``) and the CLI call
:class:`knowledge.service.KnowledgeService` and render what it returns.
"""
