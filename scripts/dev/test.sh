#!/usr/bin/env bash
# `npm test`: on a fresh clone and machine, brings up the local stack the integration tests talk
# to, with the tests' own Neo4j (neo4j-test, --test), then runs the whole mocha suite. Its last
# line is mocha's plain "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/dev/ensure-deps.sh
npx --no-install tsx scripts/stack/cli.ts up --test
exec npx --no-install mocha "$@"
