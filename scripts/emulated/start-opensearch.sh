#!/usr/bin/env bash
# Start the assembled OpenSearch (setup-opensearch.sh) on 127.0.0.1 in the background, unless it
# already runs. Prints OPENSEARCH_URL=... on stdout once the cluster is at least yellow.
# State: .docworker/emulated/opensearch/ (config, data, logs), pid in .docworker/emulated/opensearch.pid.
set -euo pipefail
# shellcheck source=scripts/emulated/lib.sh
source "$(dirname "$0")/lib.sh"

pid_file="$EMU_STATE/opensearch.pid"
port_file="$EMU_STATE/opensearch.port"
timeout_s="${OPENSEARCH_START_TIMEOUT:-180}"

healthy() { [[ "$(http_status "http://$EMU_HOST:$1/_cluster/health?wait_for_status=yellow&timeout=1s")" == "200" ]]; }

exit_if_running opensearch "$pid_file" "$port_file" OPENSEARCH_URL

java_home="$(opensearch_java_home)"
home="$OPENSEARCH_HOME"
run_dir="$EMU_STATE/opensearch"
run_as=()

# OpenSearch refuses to run as root ("can not run opensearch as root"), and has no switch for
# it. As root (CI, this sandbox) it runs as a dedicated system user; otherwise as the caller.
if [[ "$(id -u)" == "0" ]]; then
  if ! id "$OPENSEARCH_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$OPENSEARCH_USER"
  fi
  # setpriv execs (no fork, unlike su/runuser), so $! below is the JVM's own pid.
  run_as=(setpriv --reuid="$OPENSEARCH_USER" --regid="$OPENSEARCH_USER" --init-groups --)
  # That user must reach the home and the state through every parent folder. A checkout under a
  # private folder (e.g. /root) does not allow it, nor does the data directory `make run` keeps
  # private (.docworker, mode 700) around the state: then both live under /var/tmp instead.
  state_parent="$EMU_STATE"
  while [[ ! -e "$state_parent" ]]; do state_parent="$(dirname "$state_parent")"; done
  if ! "${run_as[@]}" test -r "$home/bin/opensearch" || ! "${run_as[@]}" test -x "$state_parent"; then
    mirror="/var/tmp/docworker-emulated-$(printf '%s' "$EMU_ROOT" | md5sum | cut -c1-8)"
    log "$OPENSEARCH_USER cannot reach the OpenSearch home or its state under $EMU_ROOT: running OpenSearch from $mirror"
    if ! cmp -s "$home/.docworker-assembled" "$mirror/home/.docworker-assembled" 2>/dev/null; then
      rm -rf "${mirror:?}/home"
      mkdir -p "$mirror"
      cp -a "$home" "$mirror/home"
    fi
    chmod 755 "$mirror"
    home="$mirror/home"
    run_dir="$mirror/run"
  fi
fi

# Fresh data at every start, like moto (in memory only): an index left from an earlier run would
# point at S3 objects that no longer exist, and one whose translog holds a faiss graph build would
# crash the node again on replay (see the index template below).
rm -rf "$run_dir/data" "$run_dir/tmp"
mkdir -p "$EMU_STATE" "$run_dir"/{config,data,logs,tmp}
if [[ "$run_dir" != "$EMU_STATE/opensearch" ]]; then
  # Point the usual place at the mirror, so logs are found where they always are.
  [[ -L "$EMU_STATE/opensearch" ]] || rm -rf "$EMU_STATE/opensearch"
  ln -sfn "$run_dir" "$EMU_STATE/opensearch"
fi

http_port="${OPENSEARCH_PORT:-$(free_port)}"
transport_port="$(free_port)"

# Config lives with the state, not in the home, so the home stays read-only and shared.
cp "$home/config/log4j2.properties" "$run_dir/config/"
cat >"$run_dir/config/opensearch.yml" <<YAML
cluster.name: docworker-emulated
node.name: emulated-0
# One node, no cluster formation, no bootstrap checks (they apply to non-loopback binds only).
discovery.type: single-node
network.host: $EMU_HOST
http.port: $http_port
transport.port: $transport_port
path.data: $run_dir/data
path.logs: $run_dir/logs
# A developer disk that is nearly full must not turn the indices read-only under the tests.
cluster.routing.allocation.disk.threshold_enabled: false
YAML
# Upstream jvm.options with a small heap and absolute paths (upstream's are relative to the cwd).
cat >"$run_dir/config/jvm.options" <<JVM
-Xms${OPENSEARCH_HEAP:-512m}
-Xmx${OPENSEARCH_HEAP:-512m}
-XX:+UseG1GC
-XX:G1ReservePercent=25
-XX:InitiatingHeapOccupancyPercent=30
-Djava.io.tmpdir=\${OPENSEARCH_TMPDIR}
-XX:ErrorFile=$run_dir/logs/hs_err_pid%p.log
18-:-Djava.security.manager=allow
20-:--add-modules=jdk.incubator.vector
-Djava.util.concurrent.ForkJoinPool.common.threadFactory=org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory
JVM

if ((${#run_as[@]})); then
  chown -R "$OPENSEARCH_USER:$OPENSEARCH_USER" "$run_dir"
fi

log "starting opensearch $OPENSEARCH_VERSION on $EMU_HOST:$http_port (java: $java_home)"
started="$(now_ms)"
(
  cd "$run_dir"
  # setsid: its own session, so a Ctrl-C in the calling terminal or make does not reach it.
  exec env OPENSEARCH_JAVA_HOME="$java_home" OPENSEARCH_PATH_CONF="$run_dir/config" \
    OPENSEARCH_TMPDIR="$run_dir/tmp" HOME="$run_dir" \
    setsid "${run_as[@]}" "$home/bin/opensearch" >"$run_dir/logs/stdout.log" 2>&1 </dev/null
) &
echo $! >"$pid_file"
echo "$http_port" >"$port_file"

wait_until opensearch "$timeout_s" "$pid_file" "$run_dir/logs/stdout.log" healthy "$http_port"
log "opensearch healthy after $(($(now_ms) - started))ms, pid $(cat "$pid_file"), rss $(rss_mib "$(cat "$pid_file")") MiB"

# Defaults for every index this stack creates (priority 0: an index template of the app's own wins).
# - no replicas: one node, so a replica would keep every index yellow forever;
# - k-NN: Maven Central's k-NN zip has no native faiss library (k-NN#2643), so faiss cannot build
#   HNSW graphs here. approximate_threshold -1 makes the plugin skip graph building and answer
#   knn queries by exact search in Java: same mapping, same API, same results (exact, not approximate).
settings='"index.number_of_replicas": 0'
if [[ ! -e "$home/plugins/opensearch-knn/lib/libopensearchknn_faiss.so" ]]; then
  settings="$settings, \"index.knn.advanced.approximate_threshold\": -1"
fi
curl -sf -X PUT "http://$EMU_HOST:$http_port/_index_template/docworker-emulated-defaults" \
  -H 'Content-Type: application/json' \
  -d "{\"index_patterns\": [\"*\"], \"priority\": 0, \"template\": {\"settings\": {$settings}}}" >/dev/null ||
  die "could not install the default index template"

echo "OPENSEARCH_URL=http://$EMU_HOST:$http_port"
