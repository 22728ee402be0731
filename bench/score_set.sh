#!/usr/bin/env bash
# Ingest a question set's corpus into a fresh database and score the answers with the shared scorer.
#   bench/score_set.sh /path/to/set [-v]     # the set folder holds corpus/, gold.jsonl and dates.json
#   bench/score_set.sh seeds [-v]            # the bundled seeds with ../shared/eval's questions
# Prints the scorer's failures and its summary line, then the pass rate per command kind.
set -euo pipefail
cd "$(dirname "$0")/.."
FACTDESK=${FACTDESK:-.venv/bin/factdesk}
EVAL=${EVAL:-../shared/eval}
set_dir=${1:?usage: bench/score_set.sh SET_DIR|seeds [scorer options]}
shift
if [ "$set_dir" = seeds ]; then
  corpus=seeds gold="$EVAL/seeds_gold.jsonl" dates="$EVAL/seeds_dates.json"
else
  corpus="$set_dir/corpus" gold="$set_dir/gold.jsonl" dates="$set_dir/dates.json"
fi
db=$(mktemp -u /tmp/factdesk-score-XXXX.sqlite)
out=$(mktemp /tmp/factdesk-score-XXXX.txt)
trap 'rm -f "$db" "$db"-wal "$db"-shm "$out"' EXIT
"$FACTDESK" ingest --db "$db" "$corpus" 2>/dev/null | tail -n 1 || true  # a refused file still leaves the rest
status=0
python3 "$EVAL/score.py" --gold "$gold" --dates "$dates" --corpus "$corpus" \
  --cmd "$FACTDESK ask --json --db $db" -v "$@" >"$out" || status=$?
grep -v '^PASS' "$out" | grep -v '^    - ' || true
if [[ " $* " == *" -v "* ]]; then grep '^    - ' "$out" || true; fi
python3 - "$out" <<'PY'
import re, sys
from collections import Counter
passed, total = Counter(), Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^(PASS|FAIL) \S+: /(\w+)", line)
    if m:
        total[m.group(2)] += 1
        passed[m.group(2)] += m.group(1) == "PASS"
print("by kind: " + ", ".join(f"/{k} {passed[k]}/{total[k]} ({passed[k] / total[k]:.0%})" for k in sorted(total)))
PY
exit $status
