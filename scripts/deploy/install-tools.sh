#!/usr/bin/env bash
# Installs the deploy checks' tools into .tools/ unless the pinned version is already there:
#   tofu    built from the Go module proxy (github.com/opentofu/opentofu, cmd/tofu)
#   tflint  go install from the Go module proxy
#   checkov pip into a venv (.tools/checkov-venv)
# Usage: install-tools.sh [tofu] [tflint] [checkov]   (no argument: all three)
# The Go module and build caches live outside the checkout, so a fresh clone on the same machine
# rebuilds in seconds; a new machine takes about 5 min (tofu) + 3 min (tflint) + 1.5 min (checkov).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="${TOOLS:-$root/.tools}"
# shellcheck source=versions.sh
. "$here/versions.sh"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is needed to install $2 (see docs/operations.md, Verification)" >&2; exit 1; }
}

install_tofu() {
  local bin="$tools/tofu/bin/tofu" stamp="$tools/tofu/.version-$OPENTOFU_VERSION"
  [[ -x "$bin" && -f "$stamp" ]] && return 0
  need go tofu
  echo "building OpenTofu $OPENTOFU_VERSION from the Go module proxy (a few minutes the first time)" >&2
  # `go install module/cmd/tofu@version` refuses modules whose go.mod has replace directives
  # (OpenTofu replaces hashicorp/hcl), so build inside the downloaded module instead.
  local dir
  dir="$(go mod download -json "github.com/opentofu/opentofu@$OPENTOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" ]] || { echo "error: could not download github.com/opentofu/opentofu@$OPENTOFU_VERSION" >&2; exit 1; }
  mkdir -p "$tools/tofu/bin"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$bin" ./cmd/tofu)
  rm -f "$tools"/tofu/.version-* && touch "$stamp"
}

install_tflint() {
  local bin="$tools/tflint/bin/tflint" stamp="$tools/tflint/.version-$TFLINT_VERSION"
  [[ -x "$bin" && -f "$stamp" ]] && return 0
  need go tflint
  echo "installing TFLint $TFLINT_VERSION from the Go module proxy" >&2
  mkdir -p "$tools/tflint/bin"
  CGO_ENABLED=0 GOBIN="$tools/tflint/bin" go install -trimpath -ldflags "-s -w" \
    "github.com/terraform-linters/tflint@$TFLINT_VERSION"
  rm -f "$tools"/tflint/.version-* && touch "$stamp"
}

install_checkov() {
  local venv="$tools/checkov-venv" stamp="$tools/checkov-venv/.version-$CHECKOV_VERSION"
  [[ -x "$venv/bin/checkov" && -f "$stamp" ]] && return 0
  need python3 checkov
  echo "installing Checkov $CHECKOV_VERSION from PyPI into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  rm -f "$venv"/.version-* && touch "$stamp"
}

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(tofu tflint checkov)
for target in "${targets[@]}"; do "install_$target"; done
