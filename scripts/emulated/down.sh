#!/usr/bin/env bash
# Stop the emulated AWS stack: every process with a pid file under .docworker/emulated/ (moto,
# OpenSearch, and whatever is added later), SIGTERM first, SIGKILL after a grace period.
# Idempotent: a missing or stale pid file is fine. Kills by pid only, never by name, so other
# moto or OpenSearch processes on the machine are left alone.
set -euo pipefail
# shellcheck source=scripts/emulated/lib.sh
source "$(dirname "$0")/lib.sh"

grace_s="${EMULATED_STOP_TIMEOUT:-30}"

stop_one() {
  local pid_file="$1" name pid
  name="$(basename "$pid_file" .pid)"
  if ! pid_alive "$pid_file"; then
    rm -f "$pid_file" "$EMU_STATE/$name.port"
    return 0
  fi
  pid="$(cat "$pid_file")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace_s))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name did not stop within ${grace_s}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pid_file" "$EMU_STATE/$name.port"
}

shopt -s nullglob
for pid_file in "$EMU_STATE"/*.pid; do
  stop_one "$pid_file"
done
# The endpoints are gone: a stale env file would send tests to a closed port.
rm -f "$EMU_ENV_FILE"
