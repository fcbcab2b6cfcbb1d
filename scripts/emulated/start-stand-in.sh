#!/usr/bin/env bash
# Start a stand-in for an AWS service moto does not emulate, on 127.0.0.1, unless it already runs:
#   start-stand-in.sh bedrock   packages/bedrock-stand-in: InvokeModel (Titan, Cohere), Converse with
#                               tool use and Rerank
#   start-stand-in.sh textract  packages/textract-stand-in: Textract's JSON protocol, its text from the
#                               local Tesseract (asynchronous jobs read moto's S3: pass its endpoint)
# Prints <NAME>_ENDPOINT_URL=... once it answers. Pid: .docworker/emulated/<name>.pid. The port is
# <NAME>_STAND_IN_PORT, else a free one.
set -euo pipefail
# shellcheck source=scripts/emulated/lib.sh
source "$(dirname "$0")/lib.sh"

name="${1:-}"
[[ "$name" == "bedrock" || "$name" == "textract" ]] || die "usage: $0 bedrock|textract"
upper="${name^^}"
pid_file="$EMU_STATE/$name.pid"
port_file="$EMU_STATE/$name.port"
healthy() { [[ "$(http_status "http://$EMU_HOST:$1/_stand-in/health")" == "200" ]]; }

exit_if_running "$name stand-in" "$pid_file" "$port_file" "${upper}_ENDPOINT_URL"

mkdir -p "$EMU_STATE"
port_variable="${upper}_STAND_IN_PORT"
port="${!port_variable:-$(free_port)}"
log "starting the $name stand-in on $EMU_HOST:$port"
(
  cd "$EMU_ROOT"
  export "${upper}_STAND_IN_PORT=$port" "${upper}_STAND_IN_HOST=$EMU_HOST"
  exec setsid "$EMU_ROOT/scripts/node" "packages/$name-stand-in/src/main.ts" >"$EMU_STATE/$name.log" 2>&1 </dev/null
) &
echo $! >"$pid_file"
echo "$port" >"$port_file"
wait_until "$name stand-in" 30 "$pid_file" "$EMU_STATE/$name.log" healthy "$port"
echo "${upper}_ENDPOINT_URL=http://$EMU_HOST:$port"
