#!/usr/bin/env bash
# The browser tests (src/web/e2e, Playwright + Debian's chromium): installs chromium when it is
# missing, builds the web client when stale, then runs them; the last line is "N passed, N failed".
# Needs the local stack with the tests' Neo4j (`npm test` starts it). Extra arguments go to
# `playwright test` (e.g. a file or --grep).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/web/ensure-chromium.sh
scripts/web/ensure-built.sh
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec npx --no-install playwright test --config scripts/web/playwright.config.ts "$@"
