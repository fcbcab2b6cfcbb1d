#!/usr/bin/env bash
# Start the Textract stand-in (packages/textract-stand-in: Textract's JSON protocol, its text from
# the local Tesseract; moto does not emulate Textract) on 127.0.0.1, unless it already runs.
# Prints TEXTRACT_ENDPOINT_URL=... once it answers. Pid: .docworker/emulated/textract.pid.
set -euo pipefail
# shellcheck source=scripts/emulated/lib.sh
source "$(dirname "$0")/lib.sh"

pid_file="$EMU_STATE/textract.pid"
port_file="$EMU_STATE/textract.port"
healthy() { [[ "$(http_status "http://$EMU_HOST:$1/_stand-in/health")" == "200" ]]; }

if pid_alive "$pid_file" && [[ -s "$port_file" ]] && healthy "$(cat "$port_file")"; then
  log "textract stand-in already running (pid $(cat "$pid_file"), port $(cat "$port_file"))"
  echo "TEXTRACT_ENDPOINT_URL=http://$EMU_HOST:$(cat "$port_file")"
  exit 0
fi

mkdir -p "$EMU_STATE"
port="${TEXTRACT_STAND_IN_PORT:-$(free_port)}"
log "starting the textract stand-in on $EMU_HOST:$port"
(
  cd "$EMU_ROOT"
  export TEXTRACT_STAND_IN_PORT="$port" TEXTRACT_STAND_IN_HOST="$EMU_HOST"
  exec setsid "$EMU_ROOT/scripts/node" packages/textract-stand-in/src/main.ts >"$EMU_STATE/textract.log" 2>&1 </dev/null
) &
echo $! >"$pid_file"
echo "$port" >"$port_file"
wait_until "textract stand-in" 30 "$pid_file" "$EMU_STATE/textract.log" healthy "$port"
echo "TEXTRACT_ENDPOINT_URL=http://$EMU_HOST:$port"
