"""Everything about articles and facts: cleaning, dating, extraction, resolution, storage and queries.

Nothing in this package imports telegram: the bot (``bot/``, ``handlers/``) and the CLI call
:class:`knowledge.query.service.KnowledgeService` and render the typed answers it returns.
"""
