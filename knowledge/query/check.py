"""/check: retrieve the passages, deals and roles a claim's words lead to, and let the checker decide.

Retrieval lives here; the rules that weigh a claim against the candidates are
:func:`knowledge.check.checker.check_claim`'s.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from knowledge.check.checker import Evidence, check_claim
from knowledge.query.answers import Answer, DealRecord, FactRecord, PassageRecord, PersonRecord, Source
from knowledge.query.contract import source_json
from knowledge.query.people import people_named_in, person_facts
from knowledge.query.retrieval import QueryContext, articles, matching_spans, overlaps
from knowledge.store.models import Deal

CHECK_PASSAGES = 30


async def answer(ctx: QueryContext, claim: str) -> Answer:
    """Verdict on a claim from the passages, roles and deals that the claim's words retrieve."""
    result = check_claim(claim, await candidates(ctx, claim))
    return Answer(command="check", query=claim, verdict=result.verdict,
                  facts=tuple(_evidence_fact(e) for e in result.evidence), reason=result.reason)


async def candidates(ctx: QueryContext, claim: str) -> list[Evidence]:
    spans = await matching_spans(ctx, claim)
    ranked = sorted(((r, a, s, e) for a, items in spans.items() for s, e, r in items), reverse=True)
    ranked = ranked[:CHECK_PASSAGES]
    texts = await articles(ctx, {a for _, a, _, _ in ranked})
    found = [Evidence(text=texts[a].snippet(s, e), source=source_json(texts[a].source), context=texts[a].context())
             for _, a, s, e in ranked]
    deals = (await ctx.session.execute(select(Deal).options(selectinload(Deal.parties)).where(
        Deal.article_id.in_(list(spans))))).scalars().all()
    deal_texts = await articles(ctx, {d.article_id for d in deals})
    for deal in deals:
        if overlaps(spans[deal.article_id], deal.start, deal.end):
            article = deal_texts[deal.article_id]
            found.append(Evidence(text=article.snippet(deal.start, deal.end), source=source_json(article.source),
                                  kind="deal", status=deal.status, date=deal.date,
                                  parties=tuple(p.name for p in deal.parties)))
    people = people_named_in(claim, await ctx.name_index())
    if people:
        for fact in await person_facts(ctx, people):
            if isinstance(fact, PersonRecord) and fact.role:
                found.append(Evidence(text=fact.snippet, source=source_json(fact.source), kind="role",
                                      person=fact.name, role=fact.role))
    return found


def _evidence_fact(evidence: Evidence) -> FactRecord:
    """A piece of /check evidence as an answer record."""
    source = Source(**evidence.source)
    if evidence.kind == "role":
        return PersonRecord(name=evidence.person or "", role=evidence.role, snippet=evidence.text, source=source)
    if evidence.kind == "deal":
        return DealRecord(parties=evidence.parties, what=evidence.text, status=evidence.status or "",
                          date=evidence.date, snippet=evidence.text, source=source)
    return PassageRecord(snippet=evidence.text, source=source)
