#!/usr/bin/env bash
# Installs node_modules from the lockfile when they are missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing node dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi
# Validators of the Dockerfile, compose files and Kubernetes manifests (scripts/deploy/*.test.ts).
scripts/deploy/ensure-tools.sh
