#!/usr/bin/env bash
# `npm test`: on a fresh clone and machine, brings up the local stack the integration tests talk
# to, with the tests' own Neo4j (neo4j-test, --test), then runs every runner of the suite:
#   mocha (unit + integration), the ML pipeline's pytest suite (scripts/ml, its own venv),
#   schemathesis against /openapi.json, the chaos run's short form, the web client's browser tests
#   (Playwright + Debian's chromium, scripts/web/test.sh).
# Each runner ends with its own "N passed, N failed"; the last line adds them all up.
# With arguments (`npm test -- src/x.int.test.ts`) it runs only mocha with them.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/dev/ensure-deps.sh
npx --no-install tsx scripts/stack/cli.ts up --test
if [ "$#" -gt 0 ]; then exec npx --no-install mocha "$@"; fi

passed=0
failed=0
status=0
summaries=()
# Runs one runner, tees its output, and adds its closing "N passed, N failed" to the totals.
run() {
  local name=$1
  shift
  local log
  log=$(mktemp)
  echo "== $name: $*"
  set +e
  "$@" 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]}
  set -e
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
  rm -f "$log"
  if [ -z "$line" ]; then
    line="0 passed, 1 failed" # a runner that ended without its summary counts as one failure
  fi
  local p f
  p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$code" -eq 0 ] || status=1
  summaries+=("$name: $line")
}

run mocha npx --no-install mocha
run python bash scripts/ml/test.sh
run schemathesis bash scripts/schemathesis/run.sh
run chaos npm run -s chaos -- --short
run browser bash scripts/web/test.sh

echo
printf '%s\n' "${summaries[@]}"
echo "$passed passed, $failed failed"
exit "$status"
