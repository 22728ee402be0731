"""The fault scenarios at full length: how many copies of each answer and digest the users got.

    .venv/bin/python bench/delivery_faults.py               # the issue's times: 20 s outage, 10 s flood, ...
    .venv/bin/python bench/delivery_faults.py --scale 0.1   # a tenth of every time

Runs :mod:`tests.fault_scenarios` — the real application against the local fake Bot API, with the
production delivery policy (``--scale`` multiplies every fault time and every policy time) — and
prints one line per scenario: copies per chat (1 everywhere is the goal), apologies, log records
with a traceback, how many requests the fault answered, and the wall time. Prints figures; it is
not a test (tests/test_delivery_faults.py runs the same scenarios at a scale of 0.03).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fault_scenarios import run_all  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every time by this (default 1)")
    args = parser.parse_args()
    logging.basicConfig(handlers=[logging.NullHandler()])  # the scenarios record the bot's logs themselves
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = asyncio.run(run_all(Path(tmp), args.scale))
    for outcome in outcomes:
        print(outcome.line())
        for line in outcome.tracebacks:
            print(f"    traceback: {line}")
    failed = [o.name for o in outcomes if not o.exactly_once or o.apologies or o.tracebacks]
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} scenarios delivered exactly once, "
          f"no apology, no traceback (scale {args.scale:g})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
