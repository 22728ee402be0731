"""Cold start of ``factdesk ask`` on an existing database: wall time of whole runs, and where imports go.

    .venv/bin/python bench/cold_start.py                         # seeds/ ingested into a temporary database
    .venv/bin/python bench/cold_start.py --db kb.sqlite --runs 30 --question "/deals Rheinmetall"

Like hyperfine: a few warm-up runs (so the files are in the page cache, as on a machine that has run
factdesk before), then ``--runs`` timed runs of the real program, each a new Python process; prints
mean, median, min and max, and the CPU time the program used (what the wall time would be on an idle
machine, where the files are cached). Then one run under ``python -X importtime`` lists the costliest imports and
says whether spaCy, trafilatura, Alembic, httpx, feedparser or telegram were loaded (none should be, for a
question).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARMUP = 3
HEAVY = ("spacy", "trafilatura", "alembic", "httpx", "feedparser", "telegram")


def ask(db: str, question: str, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    return subprocess.run([sys.executable, *extra, "-m", "bot.cli", "ask", "--db", db, question], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="an existing database (default: seeds/ ingested into a temporary file)")
    parser.add_argument("--question", default="/who Kuleba")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "kb.sqlite")
        if not args.db:
            subprocess.run([sys.executable, "-m", "bot.cli", "ingest", "--db", db, str(ROOT / "seeds")], cwd=ROOT,
                           capture_output=True, check=True)
        for _ in range(WARMUP):
            ask(db, args.question)
        times, cpu = [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            ask(db, args.question)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        profile = ask(db, args.question, "-X", "importtime").stderr.splitlines()
    print(f"factdesk ask {args.question!r}, {args.runs} runs: mean {statistics.fmean(times) * 1000:.0f} ms, "
          f"median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms; CPU (user + system) median {statistics.median(cpu) * 1000:.0f} ms; "
          f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    imports = []  # (cumulative microseconds, module, top level?)
    for line in profile:
        if line.startswith("import time:") and "cumulative" not in line:
            _, cumulative, name = line[len("import time:"):].split("|")
            imports.append((int(cumulative), name.strip(), not name[1:].startswith(" ")))
    total = sum(us for us, _, top in imports if top)
    print(f"imports: {total / 1000:.0f} ms in all; the costliest at top level:")
    for us, name, _ in sorted((i for i in imports if i[2]), reverse=True)[:6]:
        print(f"  {us / 1000:6.1f} ms  {name}")
    loaded = sorted({name.split(".")[0] for _, name, _ in imports} & set(HEAVY))
    print(f"loaded of {', '.join(HEAVY)}: {', '.join(loaded) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
