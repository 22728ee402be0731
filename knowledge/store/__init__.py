"""Storage: the SQLAlchemy models, engines and migrations, full-text search and the article write path."""
