#!/usr/bin/env bash
# Start moto's server on 127.0.0.1 in the background, unless it already runs.
# Prints AWS_ENDPOINT_URL=... on stdout once it answers. One process emulates every service
# (S3, SQS, DynamoDB, EventBridge, KMS, Cognito, ...); state is in memory only, so a restart
# starts empty. Pid: .docworker/emulated/moto.pid, log: .docworker/emulated/moto.log.
set -euo pipefail
# shellcheck source=scripts/emulated/lib.sh
source "$(dirname "$0")/lib.sh"

pid_file="$EMU_STATE/moto.pid"
port_file="$EMU_STATE/moto.port"
timeout_s="${MOTO_START_TIMEOUT:-60}"

# /moto-api/ is moto's own dashboard: it answers as soon as the server serves requests.
healthy() { [[ "$(http_status "http://$EMU_HOST:$1/moto-api/")" == "200" ]]; }

# A moto started by an older checkout, without moto-server.py, lacks DynamoDB's atomicity: it is
# stopped (by its pid) and started again here, on the same port, which the Textract stand-in and
# the env file already name.
if pid_alive "$pid_file" && ! tr '\0' ' ' <"/proc/$(cat "$pid_file")/cmdline" | grep -q moto-server.py; then
  old_pid="$(cat "$pid_file")"
  log "replacing moto pid $old_pid, which was started without moto-server.py"
  [[ -s "$port_file" ]] && MOTO_PORT="${MOTO_PORT:-$(cat "$port_file")}"
  kill -TERM "$old_pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$old_pid" 2>/dev/null || true
  rm -f "$pid_file" "$port_file"
fi

exit_if_running moto "$pid_file" "$port_file" AWS_ENDPOINT_URL

mkdir -p "$EMU_STATE"
port="${MOTO_PORT:-$(free_port)}"
log "starting moto $MOTO_VERSION on $EMU_HOST:$port"
started="$(now_ms)"
# setsid: its own session, so a Ctrl-C in the calling terminal or make does not reach it.
# exec keeps $! the pid of the server itself. moto-server.py is moto's server with DynamoDB's
# atomicity (one request at a time): see that file.
(exec setsid "$MOTO_VENV/bin/python" "$EMU_ROOT/scripts/emulated/moto-server.py" -H "$EMU_HOST" -p "$port" \
  >"$EMU_STATE/moto.log" 2>&1 </dev/null) &
echo $! >"$pid_file"
echo "$port" >"$port_file"

wait_until moto "$timeout_s" "$pid_file" "$EMU_STATE/moto.log" healthy "$port"
log "moto healthy after $(($(now_ms) - started))ms, pid $(cat "$pid_file"), rss $(rss_mib "$(cat "$pid_file")") MiB"
echo "AWS_ENDPOINT_URL=http://$EMU_HOST:$port"
