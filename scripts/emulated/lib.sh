# Shared paths, versions and helpers for the emulated AWS stack. Sourced, never run.
# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this

# Repository root, whatever directory the caller runs from.
EMU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Downloads and installs: kept between runs so a second `up` downloads nothing.
EMU_TOOLS="${TOOLS:-$EMU_ROOT/.tools}"
# Runtime state (pid files, ports, logs, data): thrown away by `make clean`.
# Another stack (the deployed shape's moto) keeps its own state by setting EMU_STATE and EMU_ENV_FILE.
EMU_STATE="${EMU_STATE:-$EMU_ROOT/.docworker/emulated}"
EMU_ENV_FILE="${EMU_ENV_FILE:-$EMU_ROOT/.docworker/emulated.env}"

# Pinned versions. moto 5.2.5 is the newest on PyPI that installs here with Python 3.11.
MOTO_VERSION="5.2.5"
MOTO_VENV="$EMU_TOOLS/moto-venv"
# 2.19.x is the last OpenSearch line that runs on Java 17 (3.x needs 21, and 2.x cannot run on
# Java 24+, which dropped the security manager). The k-NN plugin must match the server exactly:
# 2.19.1.0 is the k-NN release Maven Central is known to serve for 2.19.
OPENSEARCH_VERSION="2.19.1"
OPENSEARCH_KNN_VERSION="$OPENSEARCH_VERSION.0"
OPENSEARCH_TOOLS="$EMU_TOOLS/opensearch"
OPENSEARCH_HOME="$OPENSEARCH_TOOLS/opensearch-$OPENSEARCH_VERSION"
# OpenSearch refuses to run as root; when we are root it runs as this system user.
OPENSEARCH_USER="docworker-opensearch"

EMU_HOST="127.0.0.1"
AWS_REGION_DEFAULT="us-east-1"

LOG_PREFIX="emulated"
# shellcheck source=../lib/log.sh
source "$EMU_ROOT/scripts/lib/log.sh"

# A free TCP port on loopback, chosen by the kernel (bind to port 0).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# True when the pid in the given file belongs to a live process.
pid_alive() {
  local pid_file="$1" pid
  [[ -s "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# HTTP status of a GET, "000" when nothing answers.
http_status() {
  curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true
}

# When `name` already runs (its pid lives) and answers the caller's `healthy <port>`: prints
# `<variable>=http://<host>:<port>` and ends the calling script. Dies when the process lives but
# does not answer, rather than start a second one beside it.
exit_if_running() {
  local name="$1" pid_file="$2" port_file="$3" variable="$4"
  if pid_alive "$pid_file" && [[ -s "$port_file" ]] && healthy "$(cat "$port_file")"; then
    log "$name already running (pid $(cat "$pid_file"), port $(cat "$port_file"))"
    echo "$variable=http://$EMU_HOST:$(cat "$port_file")"
    exit 0
  fi
  if pid_alive "$pid_file"; then
    die "$name pid $(cat "$pid_file") is alive but not healthy: run scripts/emulated/down.sh first"
  fi
}

# Wait until `check` (a command) succeeds, or fail after `timeout_s` seconds. Also fails early
# when the process behind `pid_file` died, so a crash is reported at once, not after the timeout.
# On failure the end of `log_file` is printed: in CI it is the only place the reason shows.
wait_until() {
  local what="$1" timeout_s="$2" pid_file="$3" log_file="$4"
  shift 4
  local deadline=$((SECONDS + timeout_s)) problem=""
  until "$@"; do
    if ! pid_alive "$pid_file"; then
      problem="$what exited while starting"
    elif ((SECONDS >= deadline)); then
      problem="$what was not healthy after ${timeout_s}s"
    fi
    if [[ -n "$problem" ]]; then
      tail -n 25 "$log_file" >&2 2>/dev/null || true
      die "$problem (log: $log_file)"
    fi
    sleep 0.5
  done
}

# Milliseconds since the epoch, for the timings that up.sh prints.
now_ms() { date +%s%3N; }

# Resident memory of a process in MiB (0 when it is gone).
rss_mib() {
  local kb
  kb="$(ps -o rss= -p "$1" 2>/dev/null | tr -d ' ')"
  echo $(((${kb:-0} + 512) / 1024))
}

# A Java that OpenSearch 2.19 runs on (11 to 23: 24+ removed the security manager it needs).
# Order: OPENSEARCH_JAVA_HOME, the Debian JDK 17, JAVA_HOME, the java on PATH.
opensearch_java_home() {
  local candidate major
  for candidate in "${OPENSEARCH_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-* "${JAVA_HOME:-}" \
    "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
    major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
    if [[ -n "$major" ]] && ((major >= 11 && major <= 23)); then
      echo "$candidate"
      return 0
    fi
  done
  die "no Java 11-23 found for OpenSearch $OPENSEARCH_VERSION (apt-get install openjdk-17-jre-headless)"
}
