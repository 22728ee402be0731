"""SQLAlchemy 2 models of the knowledge store.

Every fact row keeps its provenance: the article it came from and the character span of its
verbatim snippet in that article's cleaned text. Deleting an article cascades to its facts, so
replacing a changed article is one delete plus inserts inside one transaction.

An article is its content (``content_hash`` is unique); where that content was found are its
sources (:class:`ArticleSource`: a file path, a URL or an upload, unique by kind and key).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # What answers cite as the article (``source.article``): the name of its oldest source.
    file_name: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True, unique=True)
    text: Mapped[str] = mapped_column(Text)
    page_date: Mapped[str | None] = mapped_column(String(10), index=True)
    date_kind: Mapped[str] = mapped_column(String(10))
    date_evidence: Mapped[str | None] = mapped_column(Text)
    date_reason: Mapped[str | None] = mapped_column(Text)
    # Verbatim words that stand for the article in /sources: the date line, else the headline.
    source_snippet: Mapped[str | None] = mapped_column(Text)
    # The first sentence: with the title, what a passage that leaves its subject out is about (/check).
    lede: Mapped[str | None] = mapped_column(Text)
    # The digest of the extraction code its facts came from; NULL when a component failed on it.
    extracted_by: Mapped[str | None] = mapped_column(String(64))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    passages: Mapped[list[Passage]] = relationship(back_populates="article", cascade="all, delete-orphan",
                                                    passive_deletes=True)


class ArticleSource(Base):
    """One place an article's content was found: a file (path relative to the ingest root), a URL, an upload."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # file | url | upload
    key: Mapped[str] = mapped_column(Text)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)  # of kind and key
    name: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Passage(Base):
    """A sentence of an article: the unit of full-text search and of snippets."""

    __tablename__ = "passages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="passages")


class Entity(Base):
    """A person or an organisation, merged across articles and spellings."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)  # person | org
    name: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    aliases: Mapped[list[Alias]] = relationship(back_populates="entity", cascade="all, delete-orphan",
                                                passive_deletes=True)


class Alias(Base):
    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("entity_id", "folded"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text)
    lookup_key: Mapped[str] = mapped_column(String(200), index=True)  # surname key (people) or org key

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Mention(Base):
    """That an entity appears in an article: the link that makes an entity live."""

    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("entity_id", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    name_in_article: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    page_date: Mapped[str | None] = mapped_column(String(10))  # the article's, so newest-first reads an index


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    page_date: Mapped[str | None] = mapped_column(String(10))  # the article's


class Quote(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    speaker_name: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    page_date: Mapped[str | None] = mapped_column(String(10))  # the article's


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    date_text: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class Deal(Base):
    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    date: Mapped[str | None] = mapped_column(String(10))
    date_text: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    parties: Mapped[list[DealParty]] = relationship(back_populates="deal", cascade="all, delete-orphan",
                                                    passive_deletes=True, order_by="DealParty.position")


class DealParty(Base):
    __tablename__ = "deal_parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    deal_date: Mapped[str | None] = mapped_column(String(10))  # the deal's, so a party's newest deals read an index

    deal: Mapped[Deal] = relationship(back_populates="parties")


class EntityTerm(Base):
    """A lookup key of a person or an organisation (see :mod:`knowledge.store.terms`)."""

    __tablename__ = "entity_terms"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


class RoleTerm(Base):
    """A lookup key of a role, with its article's date so the newest holders are read first."""

    __tablename__ = "role_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String(200))
    page_date: Mapped[str | None] = mapped_column(String(10))
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), index=True)


class Subscription(Base):
    """A chat's daily digest setting; survives restarts."""

    __tablename__ = "subscriptions"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    time_of_day: Mapped[str] = mapped_column(String(5), default="09:00")
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    send_empty: Mapped[bool] = mapped_column(Boolean, default=False)
    thread_id: Mapped[int | None] = mapped_column(Integer)
    last_sent_on: Mapped[str | None] = mapped_column(String(10))  # local date of the last digest
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Feed(Base):
    """An RSS or Atom feed, polled once for every chat that follows it.

    ``claimed_by``/``claimed_until`` make a poll round one process's: a process claims the feed with
    one conditional UPDATE and holds it until the round ends or the lease runs out (a crashed
    process's claim expires). ``errors`` counts failed rounds in a row, for the backoff.
    """

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_ok_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FeedFollow(Base):
    """That a chat follows a feed (chat 0 is the terminal's ``factdesk feeds``)."""

    __tablename__ = "feed_follows"

    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False, index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    added_by: Mapped[int | None] = mapped_column(BigInteger)


class FeedItem(Base):
    """One entry of a feed, by its id (guid, else link): fetched and ingested once, claimed first.

    ``state``: new (to fetch), claimed (a process is fetching it until ``claimed_until``), done,
    failed (``attempts`` so far; tried again on later rounds up to a limit).
    """

    __tablename__ = "feed_items"
    __table_args__ = (UniqueConstraint("feed_id", "key_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[str | None] = mapped_column(Text)  # the entry's updated/published stamp, as the feed wrote it
    published: Mapped[str | None] = mapped_column(String(10))  # its date (ISO), for a page that states none
    published_text: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(10), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)


class Arrival(Base):
    """How an article arrived: a link posted in a chat, or a feed's item; the digest groups by it."""

    __tablename__ = "arrivals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"), index=True)
    url: Mapped[str] = mapped_column(Text)
    arrived_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ChatInterest(Base):
    """A person a chat asked about (/who): the digest lists their new quotes."""

    __tablename__ = "chat_interests"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


Index("ix_events_article_start", Event.article_id, Event.start)
Index("ix_deals_article_start", Deal.article_id, Deal.start)
Index("ix_quotes_article_start", Quote.article_id, Quote.start)
# Newest-first indexes: on PostgreSQL, migration 0003 builds them as (key, date DESC NULLS LAST, id DESC).
Index("ix_roles_entity_date", Role.entity_id, Role.page_date)
Index("ix_quotes_speaker_date", Quote.speaker_id, Quote.page_date)
Index("ix_mentions_entity_date", Mention.entity_id, Mention.page_date)
Index("ix_deal_parties_entity_date", DealParty.entity_id, DealParty.deal_date)
Index("ix_role_terms_term_date", RoleTerm.term, RoleTerm.page_date)
Index("ix_articles_newest", Article.page_date, Article.ingested_at)
