"""A synthetic knowledge base of up to 100k+ articles, written straight into the tables (no NLP, no resolver).

The few template articles of :mod:`synthetic` are extracted once by the real pipeline; each copy
gets other surnames, organisation names and years substituted *at equal length* (so every snippet
offset stays valid), and its rows are built here the way ``KnowledgeStore.save_article`` would store
them (same derived columns: ledes, page dates on facts, lookup terms), with entities resolved in
memory: a full name is one person, an organisation name one organisation. A tenth of the articles
quote one of a few hundred recurring officials, a few of them far more often than the rest, so at
100k articles some people have a hundred facts or more, as real archives do. Inserts are batched,
one transaction per batch.
"""

from __future__ import annotations

import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from synthetic import ORGS, surnames, templates

from knowledge.extract.pipeline import ProcessedArticle
from knowledge.resolve import org_lookup_key, person_lookup_key
from knowledge.store.indexing import role_term_rows, terms_of
from knowledge.store.models import (
    Alias,
    Article,
    Deal,
    DealParty,
    Entity,
    EntityTerm,
    Event,
    Mention,
    Passage,
    Quote,
    Role,
    RoleTerm,
)
from knowledge.store.writer import KnowledgeStore, article_lede
from knowledge.text.names import fold

BATCH = 2000
RECURRING_PEOPLE = 300
RECURRING_SHARE = 0.1
RECURRING_MEAN_RANK = 10  # recurring surnames are drawn with exponentially falling odds by rank
ORG_VARIANTS = 400  # spellings per template organisation: ~2,400 organisations
YEARS = [str(y) for y in range(2016, 2026)]
TABLES = (Article, Passage, Entity, Alias, EntityTerm, Mention, Role, RoleTerm, Quote, Event, Deal, DealParty)


def _substitute(value: Any, pattern: re.Pattern[str], mapping: dict[str, str]) -> Any:
    """``value`` with every mapped word replaced in one pass, through dataclasses, lists, sets and dicts."""
    if isinstance(value, str):
        return pattern.sub(lambda m: mapping[m.group(0)], value)
    if hasattr(value, "__dataclass_fields__"):
        return type(value)(**{name: _substitute(getattr(value, name), pattern, mapping)
                              for name, f in value.__dataclass_fields__.items() if f.init})
    if isinstance(value, list | tuple | set):
        return type(value)(_substitute(v, pattern, mapping) for v in value)
    if isinstance(value, dict):
        return {_substitute(k, pattern, mapping): _substitute(v, pattern, mapping) for k, v in value.items()}
    return value


@dataclass
class _Ids:
    """The next free id of each table, so rows can be written without asking the database."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class Loader:
    """Writes synthetic articles, keeping the entities it created so later batches reuse them."""

    store: KnowledgeStore
    rng: random.Random
    ids: _Ids = field(default_factory=_Ids)
    people: dict[str, int] = field(default_factory=dict)  # full name -> entity id (recurring people only)
    orgs: dict[str, int] = field(default_factory=dict)  # org lookup key -> entity id
    # entity id -> (folded aliases, terms written), for the entities later articles name again
    seen: dict[int, tuple[set[str], set[str]]] = field(default_factory=dict)

    async def prepare(self) -> None:
        async with self.store.sessions() as session:
            for model in TABLES:
                if model is EntityTerm:
                    continue
                newest = (await session.execute(select(func.max(model.id)))).scalar()
                self.ids.next[model.__table__.name] = int(newest or 0) + 1

    async def load(self, count: int, *, offset: int) -> None:
        """Write articles ``offset`` .. ``offset + count - 1``."""
        bases = templates(20, self.rng)
        names = surnames(8, count * 2, self.rng)
        self.rng.shuffle(names)
        recurring = surnames(8, RECURRING_PEOPLE, random.Random(99))
        org_spellings = {org: [w.capitalize() for w in surnames(len(org), ORG_VARIANTS, random.Random(len(org)))]
                         for org in ORGS}
        started = time.perf_counter()
        for first in range(0, count, BATCH):
            rows: dict[str, list[dict]] = {m.__table__.name: [] for m in TABLES}
            for index in range(offset + first, offset + min(count, first + BATCH)):
                base, last, last2 = bases[index % len(bases)]
                own = names[2 * (index - offset)], names[2 * (index - offset) + 1]
                rank = min(int(self.rng.expovariate(1 / RECURRING_MEAN_RANK)), RECURRING_PEOPLE - 1)
                surname = recurring[rank] if self.rng.random() < RECURRING_SHARE else own[0]
                mapping = {last: surname, last2: own[1], "2024": (year := self.rng.choice(YEARS)),
                           "2025": str(int(year) + 1)}
                mapping |= {org: self.rng.choice(org_spellings[org]) for org in ORGS}
                pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
                article = _substitute(base, pattern, mapping)
                article.file_name = f"synthetic-{index:06d}.txt"
                self._article_rows(article, index, rows, recurring=surname if surname != own[0] else None)
            async with self.store.sessions() as session, session.begin():
                for model in TABLES:
                    if rows[model.__table__.name]:
                        await session.execute(insert(model), rows[model.__table__.name])
            done = min(count, first + BATCH)
            rate = done / (time.perf_counter() - started)
            print(f"  loaded {done:,}/{count:,} articles ({rate:,.0f}/s)", file=sys.stderr, flush=True)

    def _entity(self, rows: dict[str, list[dict]], kind: str, name: str, names: set[str], now: datetime, *,
                key: str | None) -> int:
        """The entity (created when new) with its new aliases and their terms; ``key`` None: never seen again."""
        known = self.people if kind == "person" else self.orgs
        entity_id = known.get(key) if key else None
        if entity_id is None:
            entity_id = self.ids.take("entities")
            rows["entities"].append({"id": entity_id, "kind": kind, "name": name, "first_seen_at": now})
            if key:
                known[key] = entity_id
        have, written = self.seen.setdefault(entity_id, (set(), set())) if key else (set(), set())
        lookup = person_lookup_key if kind == "person" else org_lookup_key
        new = [n for n in sorted(names) if fold(n) and fold(n) not in have]
        for alias in new:
            have.add(fold(alias))
            rows["aliases"].append({"id": self.ids.take("aliases"), "entity_id": entity_id, "alias": alias,
                                    "folded": fold(alias), "lookup_key": lookup(alias)})
        terms = terms_of(kind, new) - written
        written |= terms
        rows["entity_terms"] += [{"term": term, "entity_id": entity_id} for term in sorted(terms)]
        return entity_id

    def _article_rows(self, processed: ProcessedArticle, index: int, rows: dict[str, list[dict]], *,
                      recurring: str | None) -> None:
        now = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=index)
        text, page_date, facts = processed.text, processed.page_date, processed.facts
        article_id = self.ids.take("articles")
        rows["articles"].append({
            "id": article_id, "file_name": processed.file_name, "title": processed.title,
            "content_hash": f"synthetic-{index}", "text": text, "page_date": page_date.date,
            "date_kind": page_date.kind, "date_evidence": page_date.evidence, "date_reason": page_date.reason,
            "source_snippet": processed.source_snippet, "lede": article_lede(text), "ingested_at": now})
        rows["passages"] += [{"id": self.ids.take("passages"), "article_id": article_id, "start": s.start,
                              "end": s.end, "text": s.text} for s in processed.sentences]
        people: dict[str, int] = {}
        for person in facts.people:
            again = recurring is not None and person.name.endswith(recurring)
            entity_id = self._entity(rows, "person", person.name, person.aliases | {person.name}, now,
                                     key=person.name if again else None)
            people[person.name] = entity_id
            rows["mentions"].append({"id": self.ids.take("mentions"), "entity_id": entity_id,
                                     "article_id": article_id, "name_in_article": person.name,
                                     "start": person.start, "end": person.end, "page_date": page_date.date})
            for role in person.roles:
                role_id = self.ids.take("roles")
                rows["roles"].append({"id": role_id, "entity_id": entity_id, "article_id": article_id,
                                      "role": role.role, "start": role.start, "end": role.end,
                                      "page_date": page_date.date})
                rows["role_terms"] += [{"id": self.ids.take("role_terms"), **r}
                                       for r in role_term_rows(role_id, role.role, page_date.date)]
        rows["quotes"] += [{"id": self.ids.take("quotes"), "article_id": article_id,
                            "speaker_id": people.get(q.speaker or ""), "speaker_name": q.speaker, "text": q.text,
                            "start": q.start, "end": q.end, "page_date": page_date.date} for q in facts.quotes]
        rows["events"] += [{"id": self.ids.take("events"), "article_id": article_id, "what": e.what, "date": e.date,
                            "date_text": e.date_text, "start": e.start, "end": e.end} for e in facts.events]
        for deal in facts.deals:
            deal_id = self.ids.take("deals")
            rows["deals"].append({"id": deal_id, "article_id": article_id, "what": deal.what, "status": deal.status,
                                  "date": deal.date, "date_text": deal.date_text, "start": deal.start,
                                  "end": deal.end})
            for position, name in enumerate(deal.parties):
                entity_id = self._entity(rows, "org", name, {name}, now, key=org_lookup_key(name))
                rows["deal_parties"].append({"id": self.ids.take("deal_parties"), "deal_id": deal_id,
                                             "entity_id": entity_id, "name": name, "position": position,
                                             "deal_date": deal.date})
