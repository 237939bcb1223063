#!/usr/bin/env bash
# `npm run schemathesis`: property-based tests of the whole REST API against its own /openapi.json.
# Starts polychat (api + worker) with the TEST config (test databases, this run's topics; never dev
# data) through serve.ts, with an admin's bearer token; runs schemathesis (pinned in
# requirements.txt, in a venv created under scripts/schemathesis/.venv) with every check, positive
# and negative data and stateful links, bounded by ST_MAX_EXAMPLES per operation and ST_MAX_TIME
# seconds. Prints the counts and ends with `N passed, N failed` (one per operation, plus the stateful
# phase); exits non-zero on any failure. Needs the local stack (npm run stack -- up).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

venv="$here/.venv"
if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi

report="$here/report"
rm -rf "$report" && mkdir -p "$report"
node --require tsx/cjs scripts/schemathesis/serve.ts >"$report/serve.json" 2>"$report/serve.log" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  [ -s "$report/serve.json" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$report/serve.log" >&2; exit 1; }
  sleep 1
done
[ -s "$report/serve.json" ] || { echo "polychat did not start in 180 s" >&2; exit 1; }
base="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["base"])' <"$report/serve.json")"
token="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' <"$report/serve.json")"

# DELETE /v1/users/me and POST /v1/auth/logout-all would end the session whose token the run uses;
# they are left out.
# One worker by default: with two, hypothesis 6.170 sometimes fails inside its own lambda-source
# cache ("AST constructor recursion depth mismatch"), an error of the tool, not of the API.
# Run from this folder: schemathesis keeps its cache of earlier failures (replayed first) in .schemathesis/.
cd "$here"
set +e
"$venv/bin/schemathesis" --config-file "$here/schemathesis.toml" run "$base/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all --mode all --phases examples,coverage,fuzzing,stateful \
  --max-examples "${ST_MAX_EXAMPLES:-25}" --max-time "${ST_MAX_TIME:-180}" \
  --workers "${ST_WORKERS:-1}" --seed "${ST_SEED:-13}" --request-timeout 10 \
  --exclude-operation-id deleteV1UsersMe --exclude-operation-id postV1AuthLogoutAll \
  --report json --report-json-path "$report/report.json" >"$report/schemathesis.txt" 2>&1
status=$?
set -e
# Every failure with its reproduction (curl), then the summary: CI keeps only what is printed.
sed -n '/=\+ FAILURES =\+/,/=\+ SUMMARY =\+/p' "$report/schemathesis.txt" | head -n 400
tail -n 40 "$report/schemathesis.txt"
if [ ! -s "$report/report.json" ]; then
  echo "schemathesis wrote no report (exit $status)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
python3 "$here/summarize.py" "$report/report.json" || status=1
exit "$status"
