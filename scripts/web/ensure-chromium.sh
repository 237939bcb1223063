#!/usr/bin/env bash
# The browser the web client's tests drive: Debian's chromium (and fonts for text and emoji),
# installed with apt when missing; Playwright's own download host is unreachable here
# (docs/decisions/0050). Safe to run again: it does nothing once they are installed.
set -euo pipefail
packages=(chromium fonts-dejavu-core fonts-noto-color-emoji)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ] && [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing ${missing[*]:-chromium} (apt)..."
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
