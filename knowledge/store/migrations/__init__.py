"""Alembic migrations of the knowledge store, applied automatically on start (see knowledge.store.db)."""
