#!/usr/bin/env bash
# Ingest the seed articles into a fresh database and score the answers with the shared scorer.
set -euo pipefail
cd "$(dirname "$0")/.."
FACTDESK=${FACTDESK:-.venv/bin/factdesk}
EVAL=${EVAL:-../shared/eval}
db=$(mktemp -u /tmp/factdesk-score-XXXX.sqlite)
trap 'rm -f "$db" "$db"-wal "$db"-shm' EXIT
"$FACTDESK" ingest --db "$db" seeds
python3 "$EVAL/score.py" --gold "$EVAL/seeds_gold.jsonl" --dates "$EVAL/seeds_dates.json" --corpus seeds \
  --cmd "$FACTDESK ask --json --db $db" "$@"
