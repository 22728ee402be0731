"""In-memory name indexes for tolerant lookups, rebuilt when the store changes.

Fuzzy matching every stored name in Python for each question is too slow at 10k articles; here a
C-level rapidfuzz pass over name keys picks a short list first, and only that list gets the
careful (slower) comparison. The index is keyed by the store's version (article count and newest
article id), so an ingest anywhere, including another process, rebuilds it on the next question.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.store.models import Alias, Article, DealParty, Entity
from knowledge.text.countries import COUNTRY_ALIASES, DEMONYMS
from knowledge.text.names import acronym, fold, initials, name_key

SHORTLIST = 60
PREFILTER_CUTOFF = 50


@dataclass
class NameIndex:
    version: tuple[int, int] = (-1, -1)
    person_rows: list[tuple[int, str, str]] = field(default_factory=list)  # entity id, display name, alias
    person_keys: list[str] = field(default_factory=list)
    party_rows: list[tuple[int, str]] = field(default_factory=list)  # deal id, party name or alias
    party_folded: list[str] = field(default_factory=list)
    party_acronyms: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def person_shortlist(self, query: str) -> list[tuple[int, str, str]]:
        """People rows whose alias keys are near the query's key."""
        key = name_key(query) or fold(query)
        if not key or not self.person_keys:
            return []
        hits = process.extract(key, self.person_keys, scorer=fuzz.WRatio, limit=SHORTLIST,
                               score_cutoff=PREFILTER_CUTOFF)
        return [self.person_rows[i] for _, _, i in hits]

    def party_shortlist(self, query: str) -> list[tuple[int, str]]:
        """Deal-party rows that may name the queried party (fuzzy, acronym or country alias)."""
        folded = fold(query).replace("-", " ")
        if not folded or not self.party_folded:
            return []
        chosen = {i for _, _, i in process.extract(folded, self.party_folded, scorer=fuzz.token_set_ratio,
                                                   limit=SHORTLIST * 4, score_cutoff=60)}
        chosen.update(self.party_acronyms.get(query.strip().upper(), ()))
        shorts = {s for s in (initials(query),) if len(s) >= 2}
        chosen.update(i for i, (_, name) in enumerate(self.party_rows) if name in shorts)
        for group in COUNTRY_ALIASES:
            if folded in group:
                chosen.update(i for i, name in enumerate(self.party_folded) if name in group)
        demonym = DEMONYMS.get(folded)
        if demonym:
            chosen.update(i for i, name in enumerate(self.party_folded) if name.startswith(demonym + " "))
        return [self.party_rows[i] for i in sorted(chosen)]


class NameIndexCache:
    """One :class:`NameIndex` per service, rebuilt when the store's version changes."""

    def __init__(self) -> None:
        self.index = NameIndex()

    async def get(self, session: AsyncSession) -> NameIndex:
        count, newest = (await session.execute(select(func.count(Article.id), func.max(Article.id)))).one()
        version = (int(count or 0), int(newest or 0))
        if version != self.index.version:
            self.index = await self._build(session, version)
        return self.index

    @staticmethod
    async def _build(session: AsyncSession, version: tuple[int, int]) -> NameIndex:
        index = NameIndex(version=version)
        rows = await session.execute(
            select(Entity.id, Entity.name, Alias.alias).join(Alias).where(Entity.kind == "person"))
        for entity_id, name, alias in rows:
            index.person_rows.append((int(entity_id), name, alias))
            index.person_keys.append(name_key(alias) or fold(alias))
        parties = await session.execute(select(DealParty.deal_id, DealParty.name, Alias.alias).outerjoin(
            Alias, Alias.entity_id == DealParty.entity_id))
        seen: set[tuple[int, str]] = set()
        for deal_id, name, alias in parties:
            for value in (name, alias):
                if value and (deal_id, value) not in seen:
                    seen.add((deal_id, value))
                    index.party_rows.append((int(deal_id), value))
                    index.party_folded.append(fold(value).replace("-", " "))
                    short = acronym(value)
                    if len(short) >= 2:
                        index.party_acronyms[short].append(len(index.party_rows) - 1)
        return index
