"""The knowledge store's tables, as SQLAlchemy Core: the one definition of the schema.

Every fact row keeps its provenance: the article it came from and the character span of its
verbatim snippet in that article's cleaned text. Deleting an article cascades to its facts, so
replacing a changed article is one delete plus inserts inside one transaction.

An article is its content (``content_hash`` is unique); where that content was found are its
sources (``sources``: a file path, a URL or an upload, unique by kind and key).

The query side reads these tables directly; :mod:`knowledge.store.models` maps ORM classes onto
them for the write paths. Answering a question therefore never sets up the ORM's mappers.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

article_table = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    # What answers cite as the article (``source.article``): the name of its oldest source.
    Column("file_name", Text, nullable=False),
    Column("title", Text),
    Column("content_hash", String(64), index=True, unique=True, nullable=False),
    Column("text", Text, nullable=False),
    Column("page_date", String(10), index=True),
    Column("date_kind", String(10), nullable=False),
    Column("date_evidence", Text),
    Column("date_reason", Text),
    # Verbatim words that stand for the article in /sources: the date line, else the headline.
    Column("source_snippet", Text),
    # The first sentence: with the title, what a passage that leaves its subject out is about (/check).
    Column("lede", Text),
    # The digest of the extraction code its facts came from; NULL when a component failed on it.
    Column("extracted_by", String(64)),
    Column("ingested_at", DateTime(timezone=True), index=True, nullable=False),
)

# One place an article's content was found: a file (path relative to the ingest root), a URL, an upload.
article_source_table = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("kind", String(8), nullable=False),  # file | url | upload
    Column("key", Text, nullable=False),
    Column("key_hash", String(64), unique=True, index=True, nullable=False),  # of kind and key
    Column("name", Text, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

# A sentence of an article: the unit of full-text search and of snippets.
passage_table = Table(
    "passages", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

# A person or an organisation, merged across articles and spellings.
entity_table = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(12), index=True, nullable=False),  # person | org
    Column("name", Text, nullable=False),
    Column("first_seen_at", DateTime(timezone=True), index=True, nullable=False),
)

alias_table = Table(
    "aliases", metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("alias", Text, nullable=False),
    Column("folded", Text, nullable=False),
    Column("lookup_key", String(200), index=True, nullable=False),  # surname key (people) or org key
    UniqueConstraint("entity_id", "folded"),
)

# That an entity appears in an article: the link that makes an entity live.
mention_table = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("name_in_article", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("page_date", String(10)),  # the article's, so newest-first reads an index
    UniqueConstraint("entity_id", "article_id"),
)

role_table = Table(
    "roles", metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("role", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("page_date", String(10)),  # the article's
)

quote_table = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("speaker_id", Integer, ForeignKey("entities.id", ondelete="SET NULL"), index=True),
    Column("speaker_name", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("page_date", String(10)),  # the article's
)

event_table = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("what", Text, nullable=False),
    Column("date", String(10), index=True),
    Column("date_text", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

deal_table = Table(
    "deals", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("what", Text, nullable=False),
    Column("status", String(12), nullable=False),
    Column("date", String(10)),
    Column("date_text", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

deal_party_table = Table(
    "deal_parties", metadata,
    Column("id", Integer, primary_key=True),
    Column("deal_id", Integer, ForeignKey("deals.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL"), index=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, default=0, nullable=False),
    Column("deal_date", String(10)),  # the deal's, so a party's newest deals read an index
)

# A lookup key of a person or an organisation (see :mod:`knowledge.store.terms`).
entity_term_table = Table(
    "entity_terms", metadata,
    Column("term", String(200), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# A lookup key of a role, with its article's date so the newest holders are read first.
role_term_table = Table(
    "role_terms", metadata,
    Column("id", Integer, primary_key=True),
    Column("term", String(200), nullable=False),
    Column("page_date", String(10)),
    Column("role_id", Integer, ForeignKey("roles.id", ondelete="CASCADE"), index=True, nullable=False),
)

# A chat's daily digest setting; survives restarts.
subscription_table = Table(
    "subscriptions", metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("enabled", Boolean, default=True, nullable=False),
    Column("time_of_day", String(5), default="09:00", nullable=False),
    Column("time_zone", String(64), default="UTC", nullable=False),
    Column("send_empty", Boolean, default=False, nullable=False),
    Column("thread_id", Integer),
    Column("last_sent_on", String(10)),  # local date of the last digest
    Column("last_sent_at", DateTime(timezone=True)),
)

# An RSS or Atom feed, polled once for every chat that follows it.
#
# ``claimed_by``/``claimed_until`` make a poll round one process's: a process claims the feed with
# one conditional UPDATE and holds it until the round ends or the lease runs out (a crashed
# process's claim expires). ``errors`` counts failed rounds in a row, for the backoff.
feed_table = Table(
    "feeds", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("url_hash", String(64), unique=True, nullable=False),
    Column("title", Text),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled_at", DateTime(timezone=True)),
    Column("last_ok_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("errors", Integer, default=0, nullable=False),
    Column("next_poll_at", DateTime(timezone=True), index=True, nullable=False),
    Column("claimed_by", String(64)),
    Column("claimed_until", DateTime(timezone=True)),
)

# That a chat follows a feed (chat 0 is the terminal's ``factdesk feeds``).
feed_follow_table = Table(
    "feed_follows", metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False, index=True),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("added_by", BigInteger),
)

# One entry of a feed, by its id (guid, else link): fetched and ingested once, claimed first.
#
# ``state``: new (to fetch), claimed (a process is fetching it until ``claimed_until``), done,
# failed (``attempts`` so far; tried again on later rounds up to a limit).
feed_item_table = Table(
    "feed_items", metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("title", Text),
    Column("updated", Text),  # the entry's updated/published stamp, as the feed wrote it
    Column("published", String(10)),  # its date (ISO), for a page that states none
    Column("published_text", Text),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("state", String(10), index=True, nullable=False),
    Column("attempts", Integer, default=0, nullable=False),
    Column("error", Text),
    Column("claimed_by", String(64)),
    Column("claimed_until", DateTime(timezone=True)),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    UniqueConstraint("feed_id", "key_hash"),
)

# How an article arrived: a link posted in a chat, or a feed's item; the digest groups by it.
arrival_table = Table(
    "arrivals", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("chat_id", BigInteger),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL"), index=True),
    Column("url", Text, nullable=False),
    Column("arrived_at", DateTime(timezone=True), index=True, nullable=False),
)

# A person a chat asked about (/who): the digest lists their new quotes.
chat_interest_table = Table(
    "chat_interests", metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("asked_at", DateTime(timezone=True), nullable=False),
)

Index("ix_events_article_start", event_table.c.article_id, event_table.c.start)
Index("ix_deals_article_start", deal_table.c.article_id, deal_table.c.start)
Index("ix_quotes_article_start", quote_table.c.article_id, quote_table.c.start)
# Newest-first indexes: on PostgreSQL, migration 0003 builds them as (key, date DESC NULLS LAST, id DESC).
Index("ix_roles_entity_date", role_table.c.entity_id, role_table.c.page_date)
Index("ix_quotes_speaker_date", quote_table.c.speaker_id, quote_table.c.page_date)
Index("ix_mentions_entity_date", mention_table.c.entity_id, mention_table.c.page_date)
Index("ix_deal_parties_entity_date", deal_party_table.c.entity_id, deal_party_table.c.deal_date)
Index("ix_role_terms_term_date", role_term_table.c.term, role_term_table.c.page_date)
Index("ix_articles_newest", article_table.c.page_date, article_table.c.ingested_at)
