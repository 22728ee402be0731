"""Which extraction produced an article's facts: ``articles.extracted_by``.

The digest of the extraction code and lexicon the article was ingested with
(:func:`knowledge.extraction_code.extraction_digest`), or NULL when a component failed on it.
Articles stored before this revision have NULL: their facts are read again at question time when
they do not answer (see knowledge/query/recall.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 15:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('articles', sa.Column('extracted_by', sa.String(length=64), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of a parent table would cascade-delete.
    op.drop_column('articles', 'extracted_by')
