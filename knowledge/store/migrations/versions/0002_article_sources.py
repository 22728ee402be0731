"""Article sources: an article is its content, found at one or more sources (file, URL, upload).

Articles were identified by their base file name, so ``2024-05/index.txt`` replaced
``2024-06/index.txt``. Now ``articles.content_hash`` is unique and a ``sources`` row (kind, key,
name) says where the content was found; ``articles.file_name`` stays as the name answers cite and
is no longer unique. Each existing article gets a file source named by its file name. Should a
content hash occur twice (concurrent ingests of old versions could do that), the oldest article
keeps it, and the other copies' sources point to it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 12:00:00
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from knowledge.sources import Source

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}  # names SQLite's unnamed UNIQUE(file_name)


def upgrade() -> None:
    bind = op.get_bind()
    sources = op.create_table(
        'sources',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sources_key_hash'), ['key_hash'], unique=True)

    stored = sa.table('articles', sa.column('id', sa.Integer()), sa.column('file_name', sa.Text()),
                      sa.column('content_hash', sa.String()), sa.column('ingested_at', sa.DateTime(timezone=True)))
    articles = bind.execute(sa.select(stored.c.id, stored.c.file_name, stored.c.content_hash,
                                      stored.c.ingested_at).order_by(stored.c.id)).all()
    keeper: dict[str, int] = {}
    rows = []
    seen: set[str] = set()
    for article_id, file_name, content_hash, ingested_at in articles:
        kept = keeper.setdefault(content_hash, article_id)
        source = Source.file(file_name)
        if source.key_hash in seen:
            continue
        seen.add(source.key_hash)
        rows.append({"article_id": kept, "kind": source.kind, "key": source.key, "key_hash": source.key_hash,
                     "name": source.name, "added_at": ingested_at or datetime.now(UTC)})
    if rows:
        op.bulk_insert(sources, rows)
    copies = [article_id for article_id, _, content_hash, _ in articles if keeper[content_hash] != article_id]
    if copies:
        _delete_articles(bind, copies)

    if bind.dialect.name == "postgresql":
        op.drop_constraint('articles_file_name_key', 'articles', type_='unique')
    with op.batch_alter_table('articles', schema=None, naming_convention=NAMING) as batch_op:
        if bind.dialect.name == "sqlite":
            batch_op.drop_constraint('uq_articles_file_name', type_='unique')
        batch_op.alter_column('file_name', existing_type=sa.String(length=512), type_=sa.Text(),
                              existing_nullable=False)
        batch_op.drop_index('ix_articles_content_hash')
        batch_op.create_index('ix_articles_content_hash', ['content_hash'], unique=True)


def _delete_articles(bind: sa.Connection, ids: list[int]) -> None:
    """Delete articles and their facts explicitly: SQLite migrates with foreign keys (and cascades) off."""
    ids_param = sa.bindparam("ids", expanding=True)
    bind.execute(sa.text("DELETE FROM deal_parties WHERE deal_id IN (SELECT id FROM deals WHERE article_id IN :ids)")
                 .bindparams(ids_param), {"ids": ids})
    for table in ("deals", "events", "quotes", "roles", "mentions", "passages"):
        bind.execute(sa.text(f"DELETE FROM {table} WHERE article_id IN :ids").bindparams(ids_param), {"ids": ids})
    bind.execute(sa.text("DELETE FROM articles WHERE id IN :ids").bindparams(ids_param), {"ids": ids})
    bind.execute(sa.text("DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions) AND id NOT IN "
                         "(SELECT entity_id FROM deal_parties WHERE entity_id IS NOT NULL)"))
    for table in ("aliases", "roles"):
        bind.execute(sa.text(f"DELETE FROM {table} WHERE entity_id NOT IN (SELECT id FROM entities)"))
    bind.execute(sa.text("UPDATE quotes SET speaker_id = NULL WHERE speaker_id NOT IN (SELECT id FROM entities)"))


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_index('ix_articles_content_hash')
        batch_op.create_index('ix_articles_content_hash', ['content_hash'], unique=False)
        batch_op.alter_column('file_name', existing_type=sa.Text(), type_=sa.String(length=512),
                              existing_nullable=False)
        batch_op.create_unique_constraint('uq_articles_file_name' if op.get_bind().dialect.name == "sqlite"
                                          else 'articles_file_name_key', ['file_name'])
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_key_hash'))
        batch_op.drop_index(batch_op.f('ix_sources_article_id'))
    op.drop_table('sources')
