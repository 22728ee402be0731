"""Precision and recall of each extraction component on public labelled data.

    .venv/bin/python bench/score_components.py                 # every component
    .venv/bin/python bench/score_components.py pagedates quotes  # some of them
    .venv/bin/python bench/score_components.py --limit 50        # a quick run

Data comes from ``../shared/datasets`` (see its README for sources and licenses); it is read in
place, never copied. Each component has a scorer module in ``bench/scorers/``. Prints a table;
asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scorers  # noqa: E402
from bench.scorers import Score  # noqa: E402

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(scorers.__path__))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("components", nargs="*", help=f"some of: {', '.join(available())}")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--limit", type=int, default=None, help="at most this many documents per data set")
    args = parser.parse_args()
    names = args.components or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        parser.error(f"no scorer named {', '.join(unknown)}; there are: {', '.join(available())}")
    if not args.datasets.is_dir():
        parser.error(f"{args.datasets} is not a folder of labelled data")
    rows: list[Score] = []
    for name in names:
        started = time.perf_counter()
        module = importlib.import_module(f"bench.scorers.{name}")
        found = module.score(args.datasets, limit=args.limit)
        rows.extend(found)
        print(f"  scored {name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(f"| {'component':<12} | {'data set':<28} | {'measure':<22} | {'gold':>5} | {'found':>5} | "
          f"{'right':>5} | {'precision':>9} | {'recall':>6} |")
    print(f"|{'-' * 14}|{'-' * 30}|{'-' * 24}|{'-' * 7}|{'-' * 7}|{'-' * 7}|{'-' * 11}|{'-' * 8}|")
    for row in rows:
        print(f"| {row.component:<12} | {row.dataset:<28} | {row.measure:<22} | {row.gold:>5} | {row.predicted:>5} | "
              f"{row.correct:>5} | {row.precision:>9.1%} | {row.recall:>6.1%} |" + (f" {row.note}" if row.note else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
