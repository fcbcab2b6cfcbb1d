#!/usr/bin/env bash
# `terraform validate` and `terraform test` (or tofu) of deploy/ against an AWS provider from a local filesystem mirror
# (TF_PLUGIN_MIRROR, default /opt/tf-plugins), in a scratch copy. Skipped, with a note, when there is
# no terraform/tofu or no mirrored hashicorp/aws.
#
# deploy/ requires provider >= 6.24, which no registry reachable here serves; a machine that has
# only an older mirrored provider (5.x) still checks every resource type, argument name, block
# structure and expression type against a real provider schema. The copy pins the mirrored version
# and maps the one v6 attribute the config uses that v5 lacks (data.aws_region.*.region -> .name).
# With PLAN_ENDPOINT=http://127.0.0.1:PORT (moto, `make emulated-up`) it also plans every
# environment, the data sources answered by moto.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
tf="$(command -v terraform || command -v tofu || true)"
version="$(ls "$mirror/registry.terraform.io/hashicorp/aws" 2>/dev/null | sort -V | tail -1 || true)"
if [[ -z "$tf" || -z "$version" ]]; then
  echo "skipped: needs terraform or tofu and a mirrored hashicorp/aws under $mirror" >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/deploy/." "$work/"
rm -rf "$work/.terraform" "$work/backend.tf" "$work/.terraform.lock.hcl"
sed -i "s|version = \">= 6.24.0, < 7.0.0\"|version = \"$version\"|; s|source  = \"hashicorp/aws\"|source  = \"registry.terraform.io/hashicorp/aws\"|" "$work/versions.tf"
sed -i 's/data\.aws_region\.current\.region/data.aws_region.current.name/' "$work/main.tf"
printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$mirror" > "$work/.cli.rc"
export TF_CLI_CONFIG_FILE="$work/.cli.rc" TF_IN_AUTOMATION=1
cd "$work"
"$tf" init -backend=false -input=false -no-color >/dev/null
"$tf" validate -no-color
echo "validated with $("$tf" version | head -1) and hashicorp/aws $version (mirror), not the required >= 6.24" >&2
# deploy/tests/*.tftest.hcl: plans with a mocked provider (no account, no network) that check what a
# variable's values do, e.g. the grants that follow a model variable.
"$tf" test -no-color | grep -E '(run "|^Success|^Failure|Error)' >&2 || { "$tf" test -no-color >&2; exit 1; }
if [[ -n "${PLAN_ENDPOINT:-}" ]]; then
  cat > provider_override.tf <<HCL
provider "aws" {
  region                      = var.region
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {
    sts = "$PLAN_ENDPOINT"
    ec2 = "$PLAN_ENDPOINT"
    iam = "$PLAN_ENDPOINT"
  }
}
HCL
  for env in environments/*/; do
    env="$(basename "$env")"
    "$tf" plan -input=false -no-color -refresh=false -lock=false -var-file="environments/$env/terraform.tfvars" |
      grep -E '^(Plan|No changes)' | sed "s/^/$env: /"
  done
fi
