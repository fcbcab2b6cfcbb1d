#!/usr/bin/env bash
# The deploy checks that need no AWS account and no Docker engine (run by `make lint` and
# `make test`): tofu fmt, TFLint, validate against a locally mirrored provider when there is one,
# Checkov on deploy/ and the Dockerfiles. The HCL wiring, IAM,
# Dockerfile rules and compose schema are vitest tests in tests/deploy/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="${TOOLS:-$root/.tools}"
cd "$root"
bash "$here/install-tools.sh"
# Checks read no CLI configuration (credentials, mirrors) of the machine.
export TF_CLI_CONFIG_FILE=/dev/null CHECKOV_RUN_SCA_PACKAGE_SCAN_V2=false

step() { printf '\n== %s\n' "$1" >&2; }
SECONDS=0
step "tofu fmt -check -recursive deploy"
"$tools/tofu/bin/tofu" fmt -check -diff -recursive deploy

step "tflint (deploy/.tflint.hcl)"
"$tools/tflint/bin/tflint" --chdir=deploy --no-color

step "validate against a mirrored AWS provider (skipped when the machine has none)"
bash "$here/validate-with-mirror.sh"

checkov() {
  # Without network access Checkov logs a failed download of its guidelines: keep only its report.
  "$tools/checkov-venv/bin/checkov" --quiet --compact --skip-download "$@" 2> >(grep -v -e prismacloud -e '^\s' -e Traceback -e urllib3 -e 'The above exception' >&2 || true)
}
step "checkov: terraform (deploy/)"
checkov --framework terraform -d deploy
step "checkov: Dockerfiles"
checkov --framework dockerfile -f Dockerfile.worker -f Dockerfile.api -f docker/Dockerfile.bedrock-stand-in -f docker/Dockerfile.dev-provisioning
echo "deploy checks passed in ${SECONDS}s" >&2
