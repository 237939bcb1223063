#!/usr/bin/env bash
# `npm run up`: on a fresh clone and machine, installs what is missing, starts the local stack,
# migrates, builds the web client when missing or stale, and starts polychat (api + worker, serving
# the web client at /) on 127.0.0.1:8080. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/dev/ensure-deps.sh
npx --no-install tsx scripts/stack/cli.ts up
npx --no-install tsx src/cli/main.ts migrate
scripts/web/ensure-built.sh
npx --no-install tsx scripts/dev/app.ts up
