"""The one service API that the bot, the terminal prompt and ``ask --json`` call.

Every answer is a plain dict in the JSON answer contract: ``command``, ``query``, ``verdict`` and
``facts`` (best first), each fact with a verbatim ``snippet`` and its ``source`` (article, title,
page date, date kind). Renderers add nothing but presentation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from knowledge import lexicon
from knowledge.check.checker import Evidence, check_claim
from knowledge.query.commands import QUESTION_COMMANDS, USAGE, Command, parse_command, usage_problem
from knowledge.query.lookup import NameIndex, NameIndexCache
from knowledge.query.relevance import coverage, query_stems
from knowledge.store.models import Article, Deal, Entity, Event, Mention, Passage, Quote, Role
from knowledge.store.search import search_passages
from knowledge.store.writer import KnowledgeStore
from knowledge.text.countries import names_country_body, same_country
from knowledge.text.names import (
    HEAD_OF_QUERY_RE,
    NAME_MATCH_THRESHOLD,
    acronym,
    best_matches,
    fold,
    initials,
    match_score,
    normalise_role,
    org_key,
    roles_match,
    same_org,
)
from knowledge.text.sentences import split_sentences

Answer = dict[str, Any]
Fact = dict[str, Any]

MAX_FACTS = 12
MAX_PEOPLE_PER_ANSWER = 5
AMBIGUITY_MARGIN = 4.0
SUGGESTION_THRESHOLD = 60.0
MIN_TOPIC_COVERAGE = 0.6
MIN_SEARCH_COVERAGE = 0.5
FTS_CANDIDATES = 300
PARTY_FUZZY_MIN = 90
PARTY_MIN_SHARED = 0.5
MIN_PART_COVERAGE = 0.5
MIN_PART_WORD_CHARS = 4
PARTY_STOPWORDS = frozenset({"of", "the", "and", "for", "&"})
ORG_PREFIX_CHARS = 6
SINGLE_WORD_FUZZY_LENGTH = 7
SINGLE_WORD_FUZZY_MIN = 85
CHECK_PASSAGES = 30
LEDE_CHARS = 1000
CAPITALISED_RUN_RE = re.compile(r"\b[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*")
SAID_QUERY_RE = re.compile(r"^(?:who\s+)?(?:said|says|stated|told)\s+(?P<words>.+)$", re.I)


@dataclass
class _ArticleInfo:
    id: int
    file_name: str
    title: str | None
    text: str
    page_date: str | None
    date_kind: str
    date_evidence: str | None
    source_snippet: str | None

    def source(self) -> dict[str, Any]:
        return {"article": self.file_name, "title": self.title, "date": self.page_date, "date_kind": self.date_kind}

    def snippet(self, start: int, end: int) -> str:
        return self.text[start:end].strip()

    def context(self) -> str:
        """What the article is about, for a sentence that leaves its subject out: title and lede."""
        lede = split_sentences(self.text[:LEDE_CHARS])
        return f"{self.title or ''}\n{lede[0].text if lede else ''}"


def _answer(command: str, query: str, facts: list[Fact], **extra: Any) -> Answer:
    return {"command": command, "query": query, "verdict": extra.pop("verdict", None), "facts": facts, **extra}


def _date_sort_key(date: str | None) -> str:
    return date or ""


class KnowledgeService:
    """Answers questions from the store."""

    def __init__(self, store: KnowledgeStore):
        self.store = store
        self._names = NameIndexCache()

    # -- entry point -----------------------------------------------------------------------------
    async def answer(self, text: str, *, bot_username: str | None = None) -> Answer:
        """Parse a command line ("/who Kuleba") and answer it."""
        command = parse_command(text, bot_username=bot_username)
        if command is None:
            return _answer("", text.strip(), [], error="not a command: try /help")
        return await self.run(command)

    async def run(self, command: Command) -> Answer:
        if command.name not in QUESTION_COMMANDS:
            return _answer(command.name, command.query, [], error=f"unknown command /{command.name}: try /help")
        problem = usage_problem(command)
        if problem:
            return _answer(command.name, command.query, [], error=problem)
        handler = getattr(self, command.name)
        if command.name == "sources":
            return await handler()
        return await handler(command.query)

    # -- helpers ---------------------------------------------------------------------------------
    async def _articles(self, ids: set[int]) -> dict[int, _ArticleInfo]:
        if not ids:
            return {}
        async with self.store.sessions() as session:
            rows = (await session.execute(select(Article).where(Article.id.in_(ids)))).scalars().all()
        return {a.id: _ArticleInfo(a.id, a.file_name, a.title, a.text, a.page_date, a.date_kind, a.date_evidence,
                                   a.source_snippet) for a in rows}

    async def stats(self) -> dict[str, Any]:
        async with self.store.sessions() as session:
            count, latest = (await session.execute(
                select(func.count(Article.id), func.max(Article.page_date)))).one()
        return {"articles": int(count or 0), "latest_date": latest}

    # -- /who ------------------------------------------------------------------------------------
    async def _name_index(self) -> NameIndex:
        async with self.store.sessions() as session:
            return await self._names.get(session)

    async def who(self, query: str) -> Answer:
        said = SAID_QUERY_RE.match(query)
        if said:
            return _answer("who", query, await self._quotes_about(said.group("words")))
        index = await self._name_index()
        entity_ids: list[int] = []
        if any(fold(w).strip(".,") in lexicon.words("title_heads") for w in query.split()):
            entity_ids = await self._people_with_role(query)
        if not entity_ids:
            entity_ids = self._people_named(query, index)
        if not entity_ids:
            names = sorted({name for _, name, _ in index.person_shortlist(query)})
            suggestions = [n for n, _ in best_matches(query, names, limit=3, threshold=SUGGESTION_THRESHOLD)]
            return _answer("who", query, [], suggestions=suggestions)
        return _answer("who", query, await self._person_facts(entity_ids))

    def _people_named(self, query: str, index: NameIndex) -> list[int]:
        best: dict[int, float] = {}
        for entity_id, _name, alias in index.person_shortlist(query):
            score = match_score(query, alias)
            if score >= NAME_MATCH_THRESHOLD and score > best.get(entity_id, 0.0):
                best[entity_id] = score
        if not best:
            return []
        top = max(best.values())
        chosen = [e for e, s in sorted(best.items(), key=lambda kv: -kv[1]) if s >= top - AMBIGUITY_MARGIN]
        return chosen[:MAX_PEOPLE_PER_ANSWER]

    async def _people_with_role(self, query: str) -> list[int]:
        heads = [w for w in (fold(w).strip(".,") for w in query.split()) if w in lexicon.words("title_heads")]
        head_of = HEAD_OF_QUERY_RE.match(normalise_role(query))
        if head_of:
            heads = [head_of["org"][:ORG_PREFIX_CHARS]]  # any title of that organisation may be its head
        async with self.store.sessions() as session:
            rows = (await session.execute(
                select(Role.entity_id, Role.role, Article.page_date).join(Article, Article.id == Role.article_id)
                .where(or_(*(func.lower(Role.role).contains(head) for head in heads)))
            )).all()
        score: dict[int, tuple[int, str]] = {}
        for entity_id, role, date in rows:
            if roles_match(query, role):
                count, newest = score.get(entity_id, (0, ""))
                score[entity_id] = (count + 1, max(newest, date or ""))
        ranked = sorted(score, key=lambda e: (score[e][1], score[e][0]), reverse=True)
        return ranked[:MAX_PEOPLE_PER_ANSWER]

    async def _person_facts(self, entity_ids: list[int]) -> list[Fact]:
        async with self.store.sessions() as session:
            entities = {e.id: e for e in (await session.execute(
                select(Entity).where(Entity.id.in_(entity_ids)))).scalars()}
            roles = (await session.execute(select(Role).where(Role.entity_id.in_(entity_ids)))).scalars().all()
            mentions = (await session.execute(
                select(Mention).where(Mention.entity_id.in_(entity_ids)))).scalars().all()
            quotes = (await session.execute(
                select(Quote).where(Quote.speaker_id.in_(entity_ids)))).scalars().all()
        articles = await self._articles({r.article_id for r in roles} | {m.article_id for m in mentions}
                                        | {q.article_id for q in quotes})
        facts: list[Fact] = []
        for entity_id in entity_ids:
            entity = entities[entity_id]
            own_roles = sorted((r for r in roles if r.entity_id == entity_id),
                               key=lambda r: _date_sort_key(articles[r.article_id].page_date), reverse=True)
            seen: set[tuple[str, int]] = set()
            for role in own_roles:
                key = (normalise_role(role.role), role.article_id)
                if key in seen:
                    continue
                seen.add(key)
                article = articles[role.article_id]
                facts.append({"kind": "person", "name": entity.name, "role": role.role,
                              "snippet": article.snippet(role.start, role.end), "source": article.source()})
            if not own_roles:
                for mention in sorted((m for m in mentions if m.entity_id == entity_id),
                                      key=lambda m: _date_sort_key(articles[m.article_id].page_date),
                                      reverse=True)[:1]:
                    article = articles[mention.article_id]
                    facts.append({"kind": "person", "name": entity.name, "role": None,
                                  "snippet": article.snippet(mention.start, mention.end), "source": article.source()})
        own_quotes = sorted(quotes, key=lambda q: (entity_ids.index(q.speaker_id),
                                                   _neg_date(articles[q.article_id].page_date)))
        for quote in own_quotes:
            article = articles[quote.article_id]
            facts.append({"kind": "quote", "speaker": entities[quote.speaker_id].name, "text": quote.text,
                          "snippet": article.snippet(quote.start, quote.end), "source": article.source()})
        return facts

    async def _quotes_about(self, words: str) -> list[Fact]:
        wanted = query_stems(words)
        spans = await self._matching_spans(words)
        if not spans:
            return []
        async with self.store.sessions() as session:
            rows = (await session.execute(select(Quote, Entity.name).outerjoin(
                Entity, Entity.id == Quote.speaker_id).where(Quote.article_id.in_(list(spans))))).all()
        rows = [(q, n) for q, n in rows if any(s < q.end and q.start < e for s, e, _ in spans[q.article_id])]
        scored = [(coverage(wanted, q.text), q, name) for q, name in rows]
        scored = [s for s in scored if s[0] >= MIN_TOPIC_COVERAGE]
        scored.sort(key=lambda s: -s[0])
        articles = await self._articles({q.article_id for _, q, _ in scored[:MAX_FACTS]})
        return [{"kind": "quote", "speaker": name or q.speaker_name, "text": q.text,
                 "snippet": articles[q.article_id].snippet(q.start, q.end),
                 "source": articles[q.article_id].source()} for _, q, name in scored[:MAX_FACTS]]

    # -- /when -----------------------------------------------------------------------------------
    async def _matching_spans(self, query: str) -> dict[int, list[tuple[int, int, float]]]:
        """Article id -> passages (start, end, rank) that full-text search finds for the query."""
        async with self.store.sessions() as session:
            hits = await search_passages(session, query, limit=FTS_CANDIDATES)
            if not hits:
                return {}
            rank = dict(hits)
            rows = (await session.execute(select(Passage.id, Passage.article_id, Passage.start, Passage.end)
                                          .where(Passage.id.in_(rank)))).all()
        spans: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
        for pid, article_id, start, end in rows:
            spans[article_id].append((start, end, rank[pid]))
        return spans

    async def when(self, query: str) -> Answer:
        spans = await self._matching_spans(query)
        if not spans:
            return _answer("when", query, [])
        wanted = query_stems(query)
        async with self.store.sessions() as session:
            events = (await session.execute(select(Event).where(Event.article_id.in_(spans)))).scalars().all()
            deals = (await session.execute(select(Deal).where(Deal.article_id.in_(spans),
                                                              Deal.date.is_not(None)))).scalars().all()
        articles = await self._articles(set(spans))
        scored: list[tuple[float, int, float, Fact]] = []
        for item in [*events, *deals]:
            hit = [r for s, e, r in spans[item.article_id] if s < item.end and item.start < e]
            if not hit:
                continue
            article = articles[item.article_id]
            snippet = article.snippet(item.start, item.end)
            # The title names the topic a sentence leaves out ("Deliveries are to begin in early 2025").
            share = coverage(wanted, f"{item.what} {snippet} {article.title or ''}")
            if share < MIN_TOPIC_COVERAGE:
                continue
            fact = {"kind": "event", "what": item.what, "date": item.date, "date_text": item.date_text,
                    "snippet": snippet, "source": article.source()}
            scored.append((share, 1 if item.date_text else 0, max(hit), fact))
        scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
        return _answer("when", query, _dedupe([f for *_, f in scored])[:MAX_FACTS])

    # -- /deals ----------------------------------------------------------------------------------
    async def deals(self, query: str) -> Answer:
        index = await self._name_index()
        by_party = {deal_id for deal_id, name in index.party_shortlist(query) if _party_matches(query, name)}
        by_part = _deals_by_query_parts(query, index)  # "European Union Ukraine Facility": two names
        spans = await self._matching_spans(query)
        async with self.store.sessions() as session:
            rows = (await session.execute(select(Deal).options(selectinload(Deal.parties)).where(
                Deal.id.in_(by_party | set(by_part)) | Deal.article_id.in_(list(spans))))).scalars().all()
        articles = await self._articles({d.article_id for d in rows})
        wanted = query_stems(query)
        scored: list[tuple[int, float, str, Fact]] = []
        for deal in rows:
            article = articles[deal.article_id]
            snippet = article.snippet(deal.start, deal.end)
            share = coverage(wanted, f"{deal.what} {snippet} {article.title or ''}")
            party_hit = 2 if deal.id in by_party else 1 if (
                by_part.get(deal.id, 0) >= 2 or (deal.id in by_part and share >= MIN_PART_COVERAGE)) else 0
            if not party_hit and share < MIN_TOPIC_COVERAGE:
                continue
            fact = {"kind": "deal", "parties": [p.name for p in deal.parties], "what": deal.what,
                    "status": deal.status, "date": deal.date, "date_text": deal.date_text, "snippet": snippet,
                    "source": article.source()}
            scored.append((party_hit, share, _date_sort_key(deal.date), fact))
        scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
        return _answer("deals", query, [f for *_, f in scored][:MAX_FACTS])

    # -- /search and /sources --------------------------------------------------------------------
    async def search(self, query: str) -> Answer:
        spans = await self._matching_spans(query)
        articles = await self._articles(set(spans))
        wanted = query_stems(query)
        scored = []
        for article_id, passages in spans.items():
            article = articles[article_id]
            for start, end, rank in passages:
                snippet = article.snippet(start, end)
                share = coverage(wanted, snippet)
                if share >= MIN_SEARCH_COVERAGE:
                    scored.append((share, rank, {"kind": "passage", "snippet": snippet, "source": article.source()}))
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        return _answer("search", query, [f for *_, f in scored][:MAX_FACTS])

    async def sources(self) -> Answer:
        async with self.store.sessions() as session:
            rows = (await session.execute(select(Article).order_by(
                Article.page_date.is_(None), Article.page_date.desc(), Article.ingested_at.desc()))).scalars().all()
        facts = []
        for a in rows:
            info = _ArticleInfo(a.id, a.file_name, a.title, "", a.page_date, a.date_kind, a.date_evidence,
                                a.source_snippet)
            snippet = a.date_evidence if a.page_date and a.date_evidence else a.source_snippet or a.title or ""
            facts.append({"kind": "article", "title": a.title, "snippet": snippet, "source": info.source()})
        return _answer("sources", "", facts)

    # -- /check ----------------------------------------------------------------------------------
    async def check(self, claim: str) -> Answer:
        """Verdict on a claim from the passages, roles and deals that the claim's words retrieve."""
        candidates = await self._check_candidates(claim)
        result = check_claim(claim, candidates)
        facts = [_evidence_fact(e) for e in result.evidence]
        return _answer("check", claim, facts, verdict=result.verdict, reason=result.reason)

    async def _check_candidates(self, claim: str) -> list[Evidence]:
        spans = await self._matching_spans(claim)
        ranked = sorted(((r, a, s, e) for a, items in spans.items() for s, e, r in items), reverse=True)
        ranked = ranked[:CHECK_PASSAGES]
        articles = await self._articles({a for _, a, _, _ in ranked})
        candidates = [Evidence(text=articles[a].snippet(s, e), source=articles[a].source(),
                               context=articles[a].context()) for _, a, s, e in ranked]
        async with self.store.sessions() as session:
            deals = (await session.execute(select(Deal).options(selectinload(Deal.parties)).where(
                Deal.article_id.in_(list(spans))))).scalars().all()
        deal_articles = await self._articles({d.article_id for d in deals})
        for deal in deals:
            if any(s < deal.end and deal.start < e for s, e, _ in spans[deal.article_id]):
                article = deal_articles[deal.article_id]
                candidates.append(Evidence(text=article.snippet(deal.start, deal.end), source=article.source(),
                                           kind="deal", status=deal.status, date=deal.date,
                                           parties=tuple(p.name for p in deal.parties)))
        people = self._people_named_in(claim, await self._name_index())
        if people:
            for fact in await self._person_facts(people):
                if fact["kind"] == "person" and fact.get("role"):
                    candidates.append(Evidence(text=fact["snippet"], source=fact["source"], kind="role",
                                               person=fact["name"], role=fact["role"]))
        return candidates

    def _people_named_in(self, claim: str, index: NameIndex) -> list[int]:
        """People whose name (or surname) appears in the claim's capitalised words."""
        names = [m.group(0) for m in CAPITALISED_RUN_RE.finditer(claim)]
        found: list[int] = []
        for name in names:
            for entity_id in self._people_named(name, index):
                if entity_id not in found:
                    found.append(entity_id)
        return found[:MAX_PEOPLE_PER_ANSWER]


def _evidence_fact(evidence: Evidence) -> Fact:
    """A piece of /check evidence in the answer contract's fact shape."""
    if evidence.kind == "role":
        return {"kind": "person", "name": evidence.person, "role": evidence.role, "snippet": evidence.text,
                "source": evidence.source}
    if evidence.kind == "deal":
        return {"kind": "deal", "parties": list(evidence.parties), "what": evidence.text, "status": evidence.status,
                "date": evidence.date, "snippet": evidence.text, "source": evidence.source}
    return {"kind": "passage", "snippet": evidence.text, "source": evidence.source}


def _neg_date(date: str | None) -> str:
    """Sort key that puts newer ISO dates first inside an ascending sort."""
    return "".join(chr(0x10FFFF - ord(c)) for c in (date or ""))


def _dedupe(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for fact in facts:
        key = (fact["source"]["article"], fact.get("date"), fact["snippet"])
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


def _deals_by_query_parts(query: str, index: NameIndex) -> dict[int, int]:
    """Deal id -> how many distinct parts of a multi-word query name one of its parties.

    Parts are runs of the query's words (longest first, not overlapping a part already matched);
    a single word counts only when it is capitalised and at least four letters long.
    """
    words = query.split()
    if len(words) < 2:
        return {}
    found: dict[int, set[int]] = defaultdict(set)
    taken: set[int] = set()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            span = set(range(start, start + size))
            if span & taken:
                continue
            part = " ".join(words[start:start + size])
            if size == 1 and not (part[:1].isupper() and len(part) >= MIN_PART_WORD_CHARS):
                continue
            if part.casefold() in PARTY_STOPWORDS:
                continue
            hits = {deal_id for deal_id, name in index.party_shortlist(part) if _party_matches(part, name)}
            if hits:
                taken |= span
                for deal_id in hits:
                    found[deal_id].add(start)
    return {deal_id: len(parts) for deal_id, parts in found.items()}


def _party_matches(query: str, name: str) -> bool:
    q, n = fold(query).replace("-", " "), fold(name).replace("-", " ")  # "Maersk" / "A.P. Moller-Maersk"
    if not q or not n:
        return False
    if q == n or org_key(query) == org_key(name) or same_country(query, name) or names_country_body(query, name):
        return True
    if " " not in q and " " not in n and min(len(q), len(n)) >= SINGLE_WORD_FUZZY_LENGTH \
            and fuzz.ratio(q, n) >= SINGLE_WORD_FUZZY_MIN:
        return True  # Naftogaz / Naftogas
    if query.isupper() and 2 <= len(query) <= 8 and acronym(name) == query:
        return True
    if name.isupper() and 2 <= len(name) <= 8 and name == initials(query):
        return True  # "/deals Energy Company of Ukraine" finds the party written "ECU"
    if same_org(query, name):
        return True
    if len(q) < 4 or fuzz.token_set_ratio(q, n) < PARTY_FUZZY_MIN:
        return False
    # token_set_ratio is 100 for any subset, so "Ukraine" would match "Energy Company of Ukraine": the
    # party must also carry at least half of the query's words.
    wanted = [w for w in q.split() if w not in PARTY_STOPWORDS] or q.split()
    shared = [w for w in wanted if w in n.split()]
    return len(shared) / len(wanted) >= PARTY_MIN_SHARED


__all__ = ["USAGE", "Answer", "KnowledgeService"]
