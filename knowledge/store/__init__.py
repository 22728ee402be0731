"""Storage: the schema (Core tables) and the ORM models on it, engines and migrations, the store handle,
full-text search and the article write path."""
