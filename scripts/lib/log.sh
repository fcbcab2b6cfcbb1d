# Messages of the script that sources this, under its LOG_PREFIX, on stderr. Sourced, never run.
# shellcheck shell=bash

log() { printf '[%s] %s\n' "${LOG_PREFIX:?LOG_PREFIX is not set}" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "${LOG_PREFIX:?LOG_PREFIX is not set}" "$*" >&2
  exit 1
}

# The model fetchers download wheels with pip and need nothing else.
require_pip() {
  command -v python3 >/dev/null || die "python3 is missing"
  python3 -m pip --version >/dev/null 2>&1 || die "pip is missing (python3 -m pip)"
}
