#!/usr/bin/env bash
# Builds the web client (dist/web) when it is missing or older than its sources, the SDK it uses,
# or the lockfile; `npm run up` and the browser tests call it. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."
index=dist/web/index.html
# The browser tests (src/web/e2e) are not part of the build.
if [ -f "$index" ] && [ -z "$(find src/web src/sdk package-lock.json -path src/web/e2e -prune -o -newer "$index" -type f -print -quit 2>/dev/null)" ]; then
  exit 0
fi
echo "building the web client (dist/web)..."
npx --no-install vite build --config src/web/vite.config.mts --logLevel warn
