#!/usr/bin/env bash
# Start the Bedrock stand-in (packages/bedrock-stand-in: InvokeModel for Titan embeddings and
# Converse with tool use, which moto does not emulate) on 127.0.0.1, unless it already runs.
# Prints BEDROCK_ENDPOINT_URL=... once it answers. Pid: .docworker/emulated/bedrock.pid.
set -euo pipefail
# shellcheck source=scripts/emulated/lib.sh
source "$(dirname "$0")/lib.sh"

pid_file="$EMU_STATE/bedrock.pid"
port_file="$EMU_STATE/bedrock.port"
healthy() { [[ "$(http_status "http://$EMU_HOST:$1/_stand-in/health")" == "200" ]]; }

if pid_alive "$pid_file" && [[ -s "$port_file" ]] && healthy "$(cat "$port_file")"; then
  log "bedrock stand-in already running (pid $(cat "$pid_file"), port $(cat "$port_file"))"
  echo "BEDROCK_ENDPOINT_URL=http://$EMU_HOST:$(cat "$port_file")"
  exit 0
fi

mkdir -p "$EMU_STATE"
port="${BEDROCK_STAND_IN_PORT:-$(free_port)}"
log "starting the bedrock stand-in on $EMU_HOST:$port"
(
  cd "$EMU_ROOT"
  export BEDROCK_STAND_IN_PORT="$port" BEDROCK_STAND_IN_HOST="$EMU_HOST"
  exec setsid "$EMU_ROOT/scripts/node" packages/bedrock-stand-in/src/main.ts >"$EMU_STATE/bedrock.log" 2>&1 </dev/null
) &
echo $! >"$pid_file"
echo "$port" >"$port_file"
wait_until "bedrock stand-in" 30 "$pid_file" "$EMU_STATE/bedrock.log" healthy "$port"
echo "BEDROCK_ENDPOINT_URL=http://$EMU_HOST:$port"
