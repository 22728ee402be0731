"""ORM classes of the knowledge store, mapped onto the tables of :mod:`knowledge.store.schema`.

The write paths (the article writer, feeds, digests, arrivals) work with these objects; the
query side reads the tables directly and never sets the mappers up. A class's columns are its
table's (``Article.file_name`` is ``article_table.c.file_name``); its relationships are declared here.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from knowledge.store import schema


class Base(DeclarativeBase):
    metadata = schema.metadata


class Article(Base):
    __table__ = schema.article_table

    passages: Mapped[list[Passage]] = relationship(back_populates="article", cascade="all, delete-orphan",
                                                    passive_deletes=True)


class ArticleSource(Base):
    __table__ = schema.article_source_table


class Passage(Base):
    __table__ = schema.passage_table

    article: Mapped[Article] = relationship(back_populates="passages")


class Entity(Base):
    __table__ = schema.entity_table

    aliases: Mapped[list[Alias]] = relationship(back_populates="entity", cascade="all, delete-orphan",
                                                passive_deletes=True)


class Alias(Base):
    __table__ = schema.alias_table

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Mention(Base):
    __table__ = schema.mention_table


class Role(Base):
    __table__ = schema.role_table


class Quote(Base):
    __table__ = schema.quote_table


class Event(Base):
    __table__ = schema.event_table


class Deal(Base):
    __table__ = schema.deal_table

    parties: Mapped[list[DealParty]] = relationship(back_populates="deal", cascade="all, delete-orphan",
                                                    passive_deletes=True, order_by="DealParty.position")


class DealParty(Base):
    __table__ = schema.deal_party_table

    deal: Mapped[Deal] = relationship(back_populates="parties")


class EntityTerm(Base):
    __table__ = schema.entity_term_table


class RoleTerm(Base):
    __table__ = schema.role_term_table


class Subscription(Base):
    __table__ = schema.subscription_table


class Feed(Base):
    __table__ = schema.feed_table


class FeedFollow(Base):
    __table__ = schema.feed_follow_table


class FeedItem(Base):
    __table__ = schema.feed_item_table


class Arrival(Base):
    __table__ = schema.arrival_table


class ChatInterest(Base):
    __table__ = schema.chat_interest_table
