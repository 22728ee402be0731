"""``/check`` on a labelled claim set: right verdicts per class, precision and recall per verdict.

    .venv/bin/python bench/check_claims.py                    # bench/claims
    .venv/bin/python bench/check_claims.py --set DIR -v       # DIR holds corpus/ and claims.jsonl; -v lists misses

Ingests the set's corpus into a temporary SQLite store and asks every claim through the same
query service ``factdesk ask --json`` uses, in process. A verdict is right when it equals the gold
one; a supported/contradicted verdict also needs its first evidence to come from the claim's article
(or from any article when the gold is not_enough_info, which never counts as right then). Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.ingest import ingest_paths  # noqa: E402
from knowledge.query.service import KnowledgeService  # noqa: E402
from knowledge.store.writer import KnowledgeStore  # noqa: E402

VERDICTS = ("supported", "contradicted", "not_enough_info")
DECISIVE = ("supported", "contradicted")


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator} ({numerator / denominator:.0%})" if denominator else "-"


async def run(set_dir: Path, verbose: bool) -> int:
    claims = [json.loads(line) for line in (set_dir / "claims.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        store = await KnowledgeStore.open(f"sqlite+aiosqlite:///{tmp}/claims.sqlite")
        try:
            report = await ingest_paths(store, [set_dir / "corpus"])
            print(report.summary())
            service = KnowledgeService(store)
            results = []
            started = time.perf_counter()
            for item in claims:
                answer = await service.answer(f"/check {item['claim']}")
                articles = [f.source.article for f in answer.facts]
                results.append((item, answer.verdict or "", articles, answer.reason or ""))
            elapsed = time.perf_counter() - started
        finally:
            await store.close()
    by_class: dict[str, Counter[str]] = {}
    said, right_said, gold_count, found = Counter(), Counter(), Counter(), Counter()
    misses = []
    for item, verdict, articles, reason in results:
        gold = item["verdict"]
        right = verdict == gold and (gold not in DECISIVE or item["article"] in articles[:1])
        counts = by_class.setdefault(item["class"], Counter())
        counts["total"] += 1
        counts["right"] += right
        said[verdict] += 1
        right_said[verdict] += right
        gold_count[gold] += 1
        found[gold] += right
        if not right:
            misses.append((item, verdict, reason))
    if verbose:
        for item, verdict, reason in misses:
            print(f"MISS [{item['class']}] gold={item['verdict']} got={verdict}: {item['claim']}\n    - {reason}")
    print(f"{'class':<12} right/total")
    for name in sorted(by_class):
        print(f"{name:<12} {_ratio(by_class[name]['right'], by_class[name]['total'])}")
    total_right = sum(c["right"] for c in by_class.values())
    print(f"right verdicts: {_ratio(total_right, len(results))}")
    decisive_said = sum(said[v] for v in DECISIVE)
    decisive_right = sum(right_said[v] for v in DECISIVE)
    print(f"precision of supported/contradicted: {_ratio(decisive_right, decisive_said)}")
    for verdict in VERDICTS:
        print(f"  {verdict:<16} precision {_ratio(right_said[verdict], said[verdict])}, "
              f"recall {_ratio(found[verdict], gold_count[verdict])}")
    print(f"answered {len(results)} claims in {elapsed:.1f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", dest="set_dir", type=Path, default=ROOT / "bench" / "claims")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    return asyncio.run(run(args.set_dir, args.verbose))


if __name__ == "__main__":
    sys.exit(main())
