"""Daily digests: who is subscribed, when each digest is due, what is new, and claiming a send.

No Telegram here: the bot schedules and delivers, this module decides. A chat is owed the digest
of the local day of its latest scheduled time that has passed (:func:`due_day`), until that day
is settled in ``last_sent_on``: so a digest missed while the process was down or the Bot API was
failing is still owed when either is back, and a downtime across the digest time never skips a
day. Claiming is one atomic ``UPDATE ... WHERE last_sent_on IS NULL OR last_sent_on < :day``, so
two bot processes on one PostgreSQL database (or a restart in the middle of a day) send a chat at
most one digest a day; a claim whose digest could not be delivered is released again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from knowledge.store.models import (
    Arrival,
    Article,
    ChatInterest,
    Deal,
    DealParty,
    Entity,
    Event,
    Feed,
    FeedFollow,
    Quote,
    Subscription,
)
from knowledge.store.writer import KnowledgeStore

DEFAULT_TIME = "09:00"
DEFAULT_ZONE = "UTC"
QUIET_WORDS = frozenset({"quiet", "silent"})
LOUD_WORDS = frozenset({"loud", "always"})
FIRST_DIGEST_LOOKBACK = timedelta(days=1)
MAX_ITEMS_PER_SECTION = 15
_TIME_RE = re.compile(r"^(?P<h>[01]?\d|2[0-3])[:.h](?P<m>[0-5]\d)$")


class ScheduleError(ValueError):
    """A /digest argument that cannot be a time or a time zone; the message is shown to the user."""


@dataclass(frozen=True)
class Schedule:
    time_of_day: str = DEFAULT_TIME
    time_zone: str = DEFAULT_ZONE
    send_empty: bool = True


def parse_schedule(words: list[str]) -> Schedule:
    """``["08:30", "Europe/Kyiv", "quiet"]`` -> Schedule; any order, every part optional."""
    time_of_day, zone, send_empty = DEFAULT_TIME, DEFAULT_ZONE, True
    for word in words:
        lowered = word.casefold()
        if lowered in QUIET_WORDS:
            send_empty = False
        elif lowered in LOUD_WORDS:
            send_empty = True
        elif match := _TIME_RE.match(word):
            time_of_day = f"{int(match['h']):02d}:{match['m']}"
        else:
            zone = zone_name(word)
    return Schedule(time_of_day, zone, send_empty)


def zone_name(name: str) -> str:
    """The canonical IANA zone name for ``name`` (``utc`` -> ``UTC``), or ScheduleError."""
    if name.casefold() in ("utc", "gmt", "z"):
        return "UTC"
    if len(name) > 64 or not re.fullmatch(r"[A-Za-z0-9_+\-/]+", name) or ".." in name:
        raise ScheduleError(f"not a time or a time zone: {name!r}")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ScheduleError(f"unknown time zone {name!r}: use a name like Europe/Kyiv or UTC") from None
    return name


def _occurrence(day: date, schedule_time: str, tz: ZoneInfo) -> datetime:
    """When ``schedule_time`` strikes on ``day`` in ``tz``, in UTC (a skipped time: the same offset after the gap)."""
    hours, minutes = (int(p) for p in schedule_time.split(":"))
    return datetime.combine(day, time(hours, minutes)).replace(tzinfo=tz, fold=0).astimezone(UTC)


def next_run(schedule_time: str, zone: str, now: datetime) -> datetime:
    """The next moment (UTC) after ``now`` when ``schedule_time`` strikes on the wall clock of ``zone``.

    A time skipped by a spring-forward change runs at the same offset after the gap (02:30 on a
    day that jumps 02:00 -> 03:00 runs at 03:30); a time repeated in autumn runs once, the first time.
    """
    tz = ZoneInfo(zone)
    day = now.astimezone(tz).date()
    for _ in range(3):
        candidate = _occurrence(day, schedule_time, tz)
        if candidate > now.astimezone(UTC):
            return candidate
        day += timedelta(days=1)
    raise AssertionError("unreachable: a day always has the time")  # pragma: no cover


def previous_run(schedule_time: str, zone: str, now: datetime) -> datetime:
    """The latest moment (UTC) at or before ``now`` when ``schedule_time`` struck in ``zone``."""
    tz = ZoneInfo(zone)
    day = now.astimezone(tz).date()
    for _ in range(3):
        candidate = _occurrence(day, schedule_time, tz)
        if candidate <= now.astimezone(UTC):
            return candidate
        day -= timedelta(days=1)
    raise AssertionError("unreachable: a day always has the time")  # pragma: no cover


def due_day(sub: Subscription, now: datetime) -> str | None:
    """The local day whose digest the chat is owed at ``now``, or None when it is not owed one.

    That is the day of the latest scheduled time that has passed, unless ``last_sent_on`` has
    settled it already: a digest sent, or not owed because the schedule was set after its time.
    """
    if not sub.enabled:
        return None
    day = local_day(sub.time_zone, previous_run(sub.time_of_day, sub.time_zone, now))
    return day if sub.last_sent_on is None or sub.last_sent_on < day else None


def local_day(zone: str, now: datetime) -> str:
    """The calendar date (ISO) in ``zone`` at ``now``: the key of "once per day"."""
    return now.astimezone(ZoneInfo(zone)).date().isoformat()


# ----------------------------------------------------------------------------- subscriptions


async def get_subscription(store: KnowledgeStore, chat_id: int) -> Subscription | None:
    async with store.sessions() as session:
        return await session.get(Subscription, chat_id)


async def subscribe(store: KnowledgeStore, chat_id: int, schedule: Schedule, *,
                    thread_id: int | None = None, now: datetime | None = None) -> Subscription:
    """Turn the chat's digest on (or change its time); keeps when it was last sent.

    A time that has already passed today is not owed today (the first digest comes at the next
    time), so the day of that time is settled in ``last_sent_on``; a digest sent today stays sent.
    """
    now = now or datetime.now(UTC)
    settled = local_day(schedule.time_zone, previous_run(schedule.time_of_day, schedule.time_zone, now))
    async with store.write_sessions() as session, session.begin():  # read, then write: one snapshot
        sub = await session.get(Subscription, chat_id)
        if sub is None:
            sub = Subscription(chat_id=chat_id)
            session.add(sub)
        sub.enabled = True
        sub.time_of_day = schedule.time_of_day
        sub.time_zone = schedule.time_zone
        sub.send_empty = schedule.send_empty
        sub.thread_id = thread_id
        if sub.last_sent_on is None or sub.last_sent_on < settled:
            sub.last_sent_on = settled
    return sub


async def unsubscribe(store: KnowledgeStore, chat_id: int) -> bool:
    """Turn the chat's digest off; True when it was on."""
    async with store.write_sessions() as session, session.begin():  # read, then write: one snapshot
        sub = await session.get(Subscription, chat_id)
        if sub is None or not sub.enabled:
            return False
        sub.enabled = False
        return True


async def enabled_subscriptions(store: KnowledgeStore) -> list[Subscription]:
    async with store.sessions() as session:
        return list((await session.execute(
            select(Subscription).where(Subscription.enabled.is_(True)).order_by(Subscription.chat_id))).scalars())


async def claim_digest(store: KnowledgeStore, chat_id: int, today: str, now: datetime | None = None) -> bool:
    """Atomically take the day's digest slot for the chat; False when some process already did.

    Days only move forward (ISO dates compare as strings): a process with a stale view cannot
    claim a day older than the one already sent.
    """
    async with store.sessions() as session, session.begin():
        result = await session.execute(
            update(Subscription)
            .where(Subscription.chat_id == chat_id,
                   or_(Subscription.last_sent_on.is_(None), Subscription.last_sent_on < today))
            .values(last_sent_on=today, last_sent_at=now or datetime.now(UTC))
            .execution_options(synchronize_session=False))
        return result.rowcount == 1


async def release_claim(store: KnowledgeStore, chat_id: int, today: str, previous: Subscription) -> None:
    """Undo a claim whose digest could not be delivered, so a later attempt may send it."""
    async with store.sessions() as session, session.begin():
        await session.execute(
            update(Subscription).where(Subscription.chat_id == chat_id, Subscription.last_sent_on == today)
            .values(last_sent_on=previous.last_sent_on, last_sent_at=previous.last_sent_at)
            .execution_options(synchronize_session=False))


# ----------------------------------------------------------------------------- contents


ARTICLE_GROUPS = ("feeds", "links", "other")  # the order the digest lists new articles in


@dataclass(frozen=True)
class DigestArticle:
    title: str  # the headline, else the file name
    date: str | None
    file: str
    group: str = "other"  # feeds: from a feed the chat follows; links: posted in the chat; other
    via: str | None = None  # the feed's title, for articles from a feed


@dataclass(frozen=True)
class DigestQuote:
    speaker: str
    text: str
    source: str


@dataclass(frozen=True)
class DigestDeal:
    parties: tuple[str, ...]
    what: str
    status: str
    date: str | None
    source: str  # the title (or file name) of the article it was read from
    was: str | None = None  # the status an earlier article gave a deal of the same parties, when it differs


@dataclass(frozen=True)
class DigestEvent:
    what: str
    date: str | None
    date_text: str | None
    source: str


@dataclass
class Digest:
    since: datetime
    today: str
    articles: list[DigestArticle] = field(default_factory=list)
    deals: list[DigestDeal] = field(default_factory=list)
    events: list[DigestEvent] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    quotes: list[DigestQuote] = field(default_factory=list)  # by people the chat asked about

    @property
    def empty(self) -> bool:
        return not (self.articles or self.deals or self.events or self.people or self.quotes)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def build_digest(store: KnowledgeStore, since: datetime | None, today: str, *,
                       now: datetime | None = None, chat_id: int | None = None) -> Digest:
    """What is new since ``since``: articles, their deals (and status changes), events dated today or later,
    new people.

    Events dated exactly ``today`` are listed from every article (a reminder); later-dated events
    only from the new articles, so an upcoming event is announced once, not every morning. For a
    chat, the articles that came from its feeds and from links posted in it are listed first, and
    new quotes by the people it asked about (/who) have a section of their own.
    """
    since = _aware(since) if since else (now or datetime.now(UTC)) - FIRST_DIGEST_LOOKBACK
    digest = Digest(since=since, today=today)
    async with store.sessions() as session:
        articles = (await session.execute(select(Article).where(Article.ingested_at > since).order_by(
            Article.page_date.is_(None), Article.page_date.desc(), Article.id))).scalars().all()
        new_ids = [a.id for a in articles]
        titles = {a.id: a.title or a.file_name for a in articles}
        arrived = await _arrivals(session, new_ids, chat_id) if chat_id is not None and new_ids else {}
        listed = [DigestArticle(a.title or a.file_name, a.page_date, a.file_name, *arrived.get(a.id, ("other", None)))
                  for a in articles]
        listed.sort(key=lambda a: ARTICLE_GROUPS.index(a.group))  # stable: newest first within a group
        digest.articles = listed[:MAX_ITEMS_PER_SECTION]
        if chat_id is not None and new_ids:
            digest.quotes = await _quotes_of_interest(session, new_ids, chat_id, titles)
        deals = (await session.execute(select(Deal).options(selectinload(Deal.parties)).where(
            Deal.article_id.in_(new_ids)).order_by(Deal.date.desc(), Deal.id))).scalars().all() if new_ids else []
        shown = deals[:MAX_ITEMS_PER_SECTION]
        was = await _earlier_statuses(session, shown, new_ids) if shown else {}
        digest.deals = [DigestDeal(tuple(p.name for p in d.parties), d.what, d.status, d.date, titles[d.article_id],
                                   was.get(d.id)) for d in shown]
        events = (await session.execute(select(Event, Article.title, Article.file_name).join(
            Article, Article.id == Event.article_id).where(
            or_(Event.date == today, Event.article_id.in_(new_ids) & (Event.date >= today))
        ).order_by(Event.date, Event.id))).all()
        seen: set[tuple[str, str]] = set()
        for event, title, file_name in events:
            key = (event.date or "", event.what)
            if key in seen:
                continue
            seen.add(key)
            digest.events.append(DigestEvent(event.what, event.date, event.date_text, title or file_name))
        digest.events = digest.events[:MAX_ITEMS_PER_SECTION]
        people = (await session.execute(select(Entity.name).where(
            Entity.kind == "person", Entity.first_seen_at > since).order_by(Entity.first_seen_at, Entity.id)
        )).scalars().all()
        digest.people = list(people[:MAX_ITEMS_PER_SECTION * 2])
    return digest


EARLIER_DEALS_READ = 500


async def _earlier_statuses(session, deals: list[Deal], new_ids: list[int]) -> dict[int, str]:
    """For each new deal, the status of the latest earlier deal between exactly the same parties, if different.

    That is a status change the digest reports ("signed, was negotiating"); parties are compared as
    resolved entities, so spellings do not matter.
    """
    parties = {d.id: frozenset(p.entity_id for p in d.parties if p.entity_id is not None) for d in deals}
    entities = set().union(*parties.values())
    if not entities:
        return {}
    earlier = (await session.execute(
        select(Deal).options(selectinload(Deal.parties)).join(DealParty, DealParty.deal_id == Deal.id)
        .where(DealParty.entity_id.in_(entities), Deal.article_id.not_in(new_ids))
        .order_by(Deal.id.desc()).limit(EARLIER_DEALS_READ))).scalars().unique().all()
    latest: dict[frozenset[int], Deal] = {}
    for deal in sorted(earlier, key=lambda d: (d.date or "", d.id)):
        latest[frozenset(p.entity_id for p in deal.parties if p.entity_id is not None)] = deal
    changed = {}
    for deal in deals:
        before = latest.get(parties[deal.id]) if len(parties[deal.id]) >= 2 else None
        if before is not None and before.status != deal.status:
            changed[deal.id] = before.status
    return changed


async def _arrivals(session, article_ids: list[int], chat_id: int) -> dict[int, tuple[str, str | None]]:
    """(group, feed title) of each new article that came from the chat's feeds or links."""
    followed = select(FeedFollow.feed_id).where(FeedFollow.chat_id == chat_id)
    rows = (await session.execute(
        select(Arrival.article_id, Arrival.chat_id, Arrival.feed_id, Feed.title, Feed.url)
        .outerjoin(Feed, Feed.id == Arrival.feed_id)
        .where(Arrival.article_id.in_(article_ids),
               or_(Arrival.chat_id == chat_id, Arrival.feed_id.in_(followed))).order_by(Arrival.id))).all()
    found: dict[int, tuple[str, str | None]] = {}
    for article_id, arrival_chat, feed_id, feed_title, feed_url in rows:
        if feed_id is not None and (article_id not in found or found[article_id][0] != "feeds"):
            found[article_id] = ("feeds", feed_title or feed_url)
        elif arrival_chat == chat_id:
            found.setdefault(article_id, ("links", None))
    return found


async def _quotes_of_interest(session, article_ids: list[int], chat_id: int,
                              titles: dict[int, str]) -> list[DigestQuote]:
    rows = (await session.execute(
        select(Quote.article_id, Entity.name, Quote.text).join(Entity, Entity.id == Quote.speaker_id)
        .join(ChatInterest, ChatInterest.entity_id == Quote.speaker_id)
        .where(ChatInterest.chat_id == chat_id, Quote.article_id.in_(article_ids))
        .order_by(Quote.article_id, Quote.start))).all()
    return [DigestQuote(name, text, titles[article_id]) for article_id, name, text in rows][:MAX_ITEMS_PER_SECTION]


def next_run_after(sub: Subscription, now: datetime) -> datetime:
    return next_run(sub.time_of_day, sub.time_zone, now)


def describe(sub: Subscription | None, now: datetime) -> str:
    """One plain-text line about a chat's digest setting."""
    if sub is None or not sub.enabled:
        return "The daily digest is off. Turn it on with /digest on [HH:MM] [time zone] [quiet]."
    when = next_run_after(sub, now).astimezone(ZoneInfo(sub.time_zone))
    empty = "a one-line note when nothing is new" if sub.send_empty else "no message when nothing is new"
    return (f"The daily digest is on: {sub.time_of_day} {sub.time_zone} ({empty}). "
            f"Next: {when:%Y-%m-%d %H:%M %Z}.")


__all__ = ["Digest", "DigestArticle", "DigestDeal", "DigestEvent", "DigestQuote", "Schedule", "ScheduleError",
           "build_digest",
           "claim_digest", "describe", "due_day", "enabled_subscriptions", "get_subscription", "local_day",
           "next_run", "next_run_after", "parse_schedule", "previous_run", "release_claim", "subscribe",
           "unsubscribe", "zone_name"]
