"""Indexes every command answers from: lookup terms, newest-first fact indexes, article ledes.

Adds ``entity_terms`` and ``role_terms`` (see knowledge.store.terms), the article's page date on
roles, quotes and mentions and the deal's date on its parties (so "newest first" reads an index),
``articles.lede``, and the indexes the commands' queries use; then fills them in from what is stored.

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-02 10:00:00
"""
import sqlalchemy as sa
from alembic import op

from knowledge.store.indexing import rebuild_terms
from knowledge.store.writer import article_lede

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

DATED_FACTS = ("roles", "quotes", "mentions")
# (index, table, lookup column or None, date column): each command reads "newest first" from one of them.
NEWEST_FIRST_INDEXES = (
    ('ix_role_terms_term_date', 'role_terms', 'term', 'page_date'),
    ('ix_roles_entity_date', 'roles', 'entity_id', 'page_date'),
    ('ix_quotes_speaker_date', 'quotes', 'speaker_id', 'page_date'),
    ('ix_mentions_entity_date', 'mentions', 'entity_id', 'page_date'),
    ('ix_deal_parties_entity_date', 'deal_parties', 'entity_id', 'deal_date'),
    ('ix_articles_newest', 'articles', None, 'page_date'),
)


def _newest_first_index(name: str, table: str, key: str | None, date: str) -> None:
    """An index read in ``date DESC NULLS LAST, id DESC`` order: undated rows last, as in Python's sorts.

    SQLite puts NULL first in ascending order, so a backward scan of (key, date) reads exactly that
    (its rowid breaks ties); PostgreSQL puts NULL last in ascending order and needs the order spelled out.
    """
    lead = [key] if key else []
    if op.get_bind().dialect.name == "postgresql":
        tail = ", ingested_at DESC" if table == "articles" else ""
        op.execute(f"CREATE INDEX {name} ON {table} ({''.join(c + ', ' for c in lead)}"
                   f"{date} DESC NULLS LAST{tail}, id DESC)")
    else:
        op.create_index(name, table, [*lead, date, *(["ingested_at"] if table == "articles" else [])])


def upgrade() -> None:
    op.create_table('entity_terms',
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('term', 'entity_id')
    )
    op.create_index('ix_entity_terms_entity_id', 'entity_terms', ['entity_id'])
    op.create_table('role_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('page_date', sa.String(length=10), nullable=True),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_role_terms_role_id', 'role_terms', ['role_id'])

    with op.batch_alter_table('articles') as batch_op:
        batch_op.add_column(sa.Column('lede', sa.Text(), nullable=True))
    for table in DATED_FACTS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('page_date', sa.String(length=10), nullable=True))
    with op.batch_alter_table('deal_parties') as batch_op:
        batch_op.add_column(sa.Column('deal_date', sa.String(length=10), nullable=True))

    for name, table, key, date in NEWEST_FIRST_INDEXES:
        _newest_first_index(name, table, key, date)
    op.create_index('ix_quotes_article_start', 'quotes', ['article_id', 'start'])
    op.create_index('ix_deals_article_start', 'deals', ['article_id', 'start'])

    bind = op.get_bind()
    for table in DATED_FACTS:
        bind.execute(sa.text(f"UPDATE {table} SET page_date = "
                             f"(SELECT page_date FROM articles WHERE articles.id = {table}.article_id)"))
    bind.execute(sa.text("UPDATE deal_parties SET deal_date = "
                         "(SELECT date FROM deals WHERE deals.id = deal_parties.deal_id)"))
    ledes = [{"i": article_id, "lede": article_lede(body)}
             for article_id, body in bind.execute(sa.text("SELECT id, text FROM articles"))]
    if ledes:
        bind.execute(sa.text("UPDATE articles SET lede = :lede WHERE id = :i"), ledes)
    rebuild_terms(bind)


def downgrade() -> None:
    for name, table, _, _ in NEWEST_FIRST_INDEXES:
        if table != 'role_terms':
            op.drop_index(name, table_name=table)
    op.drop_index('ix_deals_article_start', table_name='deals')
    op.drop_index('ix_quotes_article_start', table_name='quotes')
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of a parent table would cascade-delete.
    op.drop_column('deal_parties', 'deal_date')
    for table in DATED_FACTS:
        op.drop_column(table, 'page_date')
    op.drop_column('articles', 'lede')
    op.drop_table('role_terms')
    op.drop_table('entity_terms')
