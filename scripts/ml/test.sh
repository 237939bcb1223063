#!/usr/bin/env bash
# The training pipeline's own tests (pytest, in the venv venv.sh creates): bash scripts/ml/test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$(bash "$here/venv.sh")"
cd "$here"
exec "$python" -m pytest -q -p no:cacheprovider tests "$@"
