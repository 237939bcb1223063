#!/usr/bin/env bash
# `npm run up`: on a fresh clone and machine, installs what is missing, starts the local stack,
# migrates, and starts polychat (api + worker) on 127.0.0.1:8080. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/dev/ensure-deps.sh
npx --no-install tsx scripts/stack/cli.ts up
npx --no-install tsx src/cli/main.ts migrate
npx --no-install tsx scripts/dev/app.ts up
