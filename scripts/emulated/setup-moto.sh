#!/usr/bin/env bash
# Install moto's server (the AWS emulator) into a project-local venv: .tools/moto-venv.
# Idempotent: does nothing when the venv already carries a marker for the pinned version.
# Project-local, not system-wide, so it never clashes with another project's boto3/moto.
set -euo pipefail
# shellcheck source=scripts/emulated/lib.sh
source "$(dirname "$0")/lib.sh"

marker="$MOTO_VENV/.docworker-moto-$MOTO_VERSION"
[[ -f "$marker" ]] && exit 0

command -v python3 >/dev/null || die "python3 is missing"
started="$(now_ms)"
rm -rf "$MOTO_VENV"
python3 -m venv "$MOTO_VENV"
constraints=(-c "$EMU_ROOT/scripts/emulated/moto-constraints.txt")
[[ "${MOTO_UNPINNED:-}" == "1" ]] && constraints=()
log "installing moto[server]==$MOTO_VERSION into $MOTO_VENV"
"$MOTO_VENV/bin/pip" install --quiet --disable-pip-version-check "${constraints[@]}" "moto[server]==$MOTO_VERSION"
touch "$marker"
log "moto installed in $((($(now_ms) - started) / 1000))s ($(du -sh "$MOTO_VENV" | cut -f1) on disk)"
