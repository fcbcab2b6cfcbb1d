#!/usr/bin/env bash
# Install schemathesis (property-based testing of the API against its OpenAPI document) into a
# project-local venv: .tools/schemathesis-venv. Idempotent: does nothing when the venv already
# carries a marker for the pinned version. Used by the API contract test in `make test`.
set -euo pipefail

SCHEMATHESIS_VERSION="4.32.5"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$ROOT/.tools"
# The real path: .tools may be a link shared by several worktrees, and the venv's scripts name
# their interpreter by the path it was made under.
TOOLS="$(cd "$ROOT/.tools" && pwd -P)"
VENV="$TOOLS/schemathesis-venv"
marker="$VENV/.docworker-schemathesis-$SCHEMATHESIS_VERSION"
[[ -f "$marker" ]] && exit 0

command -v python3 >/dev/null || { echo "python3 is missing" >&2; exit 1; }
# Several worktrees may share .tools: one installer at a time.
exec 9>"$TOOLS/.schemathesis-install.lock"
flock 9
[[ -f "$marker" ]] && exit 0
rm -rf "$VENV"
python3 -m venv "$VENV"
echo "installing schemathesis==$SCHEMATHESIS_VERSION into $VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
touch "$marker"
