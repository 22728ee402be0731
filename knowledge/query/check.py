"""/check: retrieve the passages, deals and roles a claim's words lead to, and let the checker decide.

Retrieval lives here; the rules that weigh a claim against the candidates are
:func:`knowledge.check.checker.check_claim`'s.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import select

from knowledge.check.checker import Evidence, check_claim
from knowledge.query.answers import Answer, DealRecord, FactRecord, PassageRecord, PersonRecord, QuoteRecord, Source
from knowledge.query.contract import source_json
from knowledge.query.people import people_named_in, person_facts
from knowledge.query.retrieval import (
    SOURCE_COLUMNS,
    QueryContext,
    article_sources,
    matching_spans,
    overlaps,
    snippet_column,
    source_from,
)
from knowledge.store.schema import article_table, deal_party_table, deal_table, passage_table
from knowledge.text.sentences import split_sentences

CHECK_PASSAGES = 30


async def answer(ctx: QueryContext, claim: str) -> Answer:
    """Verdict on a claim from the passages, roles and deals that the claim's words retrieve."""
    result = check_claim(claim, await candidates(ctx, claim))
    return Answer(command="check", query=claim, verdict=result.verdict,
                  facts=tuple(_evidence_fact(e) for e in result.evidence), reason=result.reason)


async def candidates(ctx: QueryContext, claim: str) -> list[Evidence]:
    """The best-ranked passages (with their article's title and lede), the deals they state, the people's roles."""
    spans = await matching_spans(ctx, claim)
    ranked = sorted(((h.rank, a, h.start, h.end, h) for a, hits in spans.items() for h in hits),
                    key=lambda r: r[:4], reverse=True)[:CHECK_PASSAGES]
    sources = await article_sources(ctx, {a for _, a, *_ in ranked})
    before = await _sentences_before(ctx, [hit for *_, hit in ranked])
    people = await people_named_in(ctx, claim)
    people_facts = await person_facts(ctx, people) if people else []
    person_records = [f for f in people_facts if isinstance(f, PersonRecord)]
    found = []
    for *_, hit in ranked:
        source, article = sources[hit.article_id]
        named = _full_names_in(hit.text, source.article, person_records)
        found.append(Evidence(text=hit.text.strip(), source=source_json(source),
                              context="\n".join([article.title or "", article.lede or "", *named]),
                              before=before.get(hit.id, "")))
    found += await _deal_evidence(ctx, spans)
    found += [Evidence(text=f.snippet, source=source_json(f.source), kind="quote", person=f.speaker, said=f.text)
              for f in people_facts if isinstance(f, QuoteRecord)]
    # a person's snippet of two sentences ("A 36-year-old missionary ... pleaded not guilty. Daniel Johnson
    # faces ...") says of them what neither sentence alone names them in
    passages = {e.text for e in found}
    found += [Evidence(text=f.snippet, source=source_json(f.source), context=f.name)
              for f in person_records if f.role and f.snippet not in passages and _sentences(f.snippet) > 1]
    for fact in person_records:
        if fact.role:
            found.append(Evidence(text=fact.snippet, source=source_json(fact.source), kind="role",
                                  person=fact.name, role=fact.role))
    return found


def _sentences(text: str) -> int:
    return len(split_sentences(text))


def _full_names_in(text: str, article: str, people: list[PersonRecord]) -> list[str]:
    """Full names of the claim's people that a passage of their article names by surname alone
    ("Quint, who took over as CEO" is Sarah Quint's)."""
    return sorted({p.name for p in people if p.source.article == article and len(p.name.split()) > 1
                   and re.search(rf"\b{re.escape(p.name.split()[-1])}\b", text)})


SENTENCES_BEFORE = 3


async def _sentences_before(ctx: QueryContext, hits) -> dict[int, str]:
    """Passage id -> the ``SENTENCES_BEFORE`` sentences before it in its article (passages are stored in
    reading order): whom "The company" or "It" opening a passage stands for."""
    if not hits:
        return {}
    wanted: dict[int, list] = defaultdict(list)
    for hit in hits:
        for k in range(1, SENTENCES_BEFORE + 1):
            wanted[hit.id - k].append(hit)
    passages = passage_table.c
    rows = (await ctx.session.execute(
        select(passages.id, passages.article_id, passages.end, passages.text).where(passages.id.in_(list(wanted)))
        .order_by(passages.id))).all()
    before: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        for hit in wanted[r.id]:
            if r.article_id == hit.article_id and r.end <= hit.start:
                before[hit.id].append(r.text)
    return {pid: " ".join(texts) for pid, texts in before.items()}


async def _deal_evidence(ctx: QueryContext, spans) -> list[Evidence]:
    """The deals stated in the passages found (their sentence overlaps one)."""
    if not spans:
        return []
    deals = deal_table.c
    rows = (await ctx.session.execute(
        select(deals.id, deals.article_id, deals.start, deals.end, deals.status, deals.date, snippet_column(deal_table),
               *SOURCE_COLUMNS).join(article_table, article_table.c.id == deals.article_id)
        .where(deals.article_id.in_(list(spans))).order_by(deals.article_id, deals.id))).all()
    rows = [d for d in rows if overlaps(spans[d.article_id], d.start, d.end)]
    parties: dict[int, list[str]] = defaultdict(list)
    if rows:
        deal_parties = deal_party_table.c
        for deal_id, name in await ctx.session.execute(
                select(deal_parties.deal_id, deal_parties.name).where(deal_parties.deal_id.in_([d.id for d in rows]))
                .order_by(deal_parties.deal_id, deal_parties.position)):
            parties[deal_id].append(name)
    return [Evidence(text=d.snippet.strip(), source=source_json(source_from(d)), kind="deal", status=d.status,
                     date=d.date, parties=tuple(parties[d.id])) for d in rows]


def _evidence_fact(evidence: Evidence) -> FactRecord:
    """A piece of /check evidence as an answer record."""
    source = Source(**evidence.source)
    if evidence.kind == "role":
        return PersonRecord(name=evidence.person or "", role=evidence.role, snippet=evidence.text, source=source)
    if evidence.kind == "quote":
        return QuoteRecord(speaker=evidence.person, text=evidence.said, snippet=evidence.text, source=source)
    if evidence.kind == "deal":
        return DealRecord(parties=evidence.parties, what=evidence.text, status=evidence.status or "",
                          date=evidence.date, snippet=evidence.text, source=source)
    return PassageRecord(snippet=evidence.text, source=source)
