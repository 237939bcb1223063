#!/usr/bin/env bash
# Installs the validators that scripts/deploy/*.test.ts run, once per machine and again only when
# a pinned version changes (docs/decisions/0016):
#   hadolint, kubernetes-validate   PyPI, into a venv           (scripts/deploy/requirements.txt)
#   kustomize                       Go module proxy, go install (KUSTOMIZE_VERSION below)
#   compose-config                  Go module proxy, our compose-go loader (scripts/deploy/compose-config)
# They land in <cache>/deploy-tools, <cache> being $POLYCHAT_CACHE_DIR or ~/.cache/polychat as for
# the local stack. Safe to run concurrently: the second run waits for the first.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
KUSTOMIZE_VERSION=v5.7.1

cache="${POLYCHAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/polychat}/deploy-tools"
mkdir -p "$cache/bin"
exec 9>"$cache/.lock"
flock 9

stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# --- PyPI: hadolint and kubernetes-validate in a venv ---------------------------------------------
venv="$cache/venv"
want=$(sha256sum scripts/deploy/requirements.txt | cut -d' ' -f1)
if ! stamp_ok "$venv/.stamp" "$want" || [ ! -x "$venv/bin/hadolint" ] || [ ! -x "$venv/bin/kubernetes-validate" ]; then
  echo "installing deploy validators (hadolint, kubernetes-validate) into $venv..."
  rm -rf "$venv"
  if ! python3 -m venv "$venv" 2>/dev/null; then
    echo "python3 cannot make a venv; installing python3-venv..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r scripts/deploy/requirements.txt
  echo "$want" >"$venv/.stamp"
fi

# --- Go module proxy: kustomize and compose-config ------------------------------------------------
go_bin() {
  local go
  if command -v go >/dev/null; then go=go; elif [ -x /usr/local/go/bin/go ]; then go=/usr/local/go/bin/go; else
    echo "deploy tools need Go >= 1.21 (the local stack's FerretDB launcher needs it too)" >&2
    return 1
  fi
  local version
  version=$("$go" env GOVERSION)
  if [[ ! "$version" =~ ^go1\.(2[1-9]|[3-9][0-9]) ]]; then
    echo "deploy tools need Go >= 1.21, found $version" >&2
    return 1
  fi
  echo "$go"
}

if ! stamp_ok "$cache/bin/kustomize.stamp" "$KUSTOMIZE_VERSION" || [ ! -x "$cache/bin/kustomize" ]; then
  echo "installing kustomize $KUSTOMIZE_VERSION..."
  go=$(go_bin)
  GOBIN="$cache/bin" GOFLAGS=-buildvcs=false "$go" install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
  echo "$KUSTOMIZE_VERSION" >"$cache/bin/kustomize.stamp"
fi

src=scripts/deploy/compose-config
want=$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -d' ' -f1)
if ! stamp_ok "$cache/bin/compose-config.stamp" "$want" || [ ! -x "$cache/bin/compose-config" ]; then
  echo "building compose-config (compose-go)..."
  go=$(go_bin)
  # -mod=readonly: build from the committed go.sum, never rewrite it.
  (cd "$repo/$src" && "$go" build -mod=readonly -buildvcs=false -trimpath -o "$cache/bin/compose-config.tmp" .)
  mv "$cache/bin/compose-config.tmp" "$cache/bin/compose-config"
  echo "$want" >"$cache/bin/compose-config.stamp"
fi
