"""Alembic environment: runs on the connection that knowledge.store.db hands over."""

from alembic import context

from knowledge.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the CLI path always passes a connection
    raise RuntimeError("run migrations through knowledge.db.migrate(), which passes a connection")

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
