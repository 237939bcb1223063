#!/usr/bin/env bash
# Creates (or reuses) the Spark venv under scripts/spark/.venv with the exact pins of
# requirements.txt, and prints its bin folder (spark-submit lives there). Idempotent: a venv whose
# copy of requirements.txt matches is left alone; a changed requirements.txt reinstalls. PyPI only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/spark-submit" ] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  # By absolute path: a python started as plain `python3` with no PATH cannot tell where it lives.
  python="$(command -v python3)"
  "$python" -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi
echo "$venv/bin"
