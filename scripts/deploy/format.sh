#!/usr/bin/env bash
# `make format` for deploy/: tofu fmt in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$here/install-tools.sh" tofu
TF_CLI_CONFIG_FILE=/dev/null "${TOOLS:-$root/.tools}/tofu/bin/tofu" fmt -recursive "$root/deploy"
