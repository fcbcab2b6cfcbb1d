#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests exists: CHROMIUM_PATH, else Debian's chromium
# package (/usr/bin/chromium), installed with apt-get when missing. Playwright's own browser
# download is not used: it cannot reach its download host from these machines.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$path" ]]; then exit 0; fi
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  echo "error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "error: no Chromium at /usr/bin/chromium and no apt-get to install it: set CHROMIUM_PATH" >&2
  exit 1
fi
sudo=""
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null || { echo "error: installing chromium needs root (or sudo)" >&2; exit 1; }
  sudo="sudo"
fi
echo "installing Debian's chromium for the browser tests (once)" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
test -x /usr/bin/chromium
