#!/usr/bin/env bash
# `npm run down`: stops polychat, then the local stack. Data is kept in .stack/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/dev/ensure-deps.sh
npx --no-install tsx scripts/dev/app.ts down
npx --no-install tsx scripts/stack/cli.ts down
