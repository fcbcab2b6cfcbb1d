#!/usr/bin/env bash
# Applies deploy/ with the dev environment's tfvars to the emulated account (a moto server of its
# own, IAM off while applying), with terraform or tofu and the mirrored hashicorp/aws provider.
# State and the working copy: .docworker/deployed/tf/. A second run creates nothing new (it updates a
# dozen attributes moto reads back differently).
#
# The copy pins the mirrored provider (5.100 here; deploy/ requires >= 6.24, which no registry
# reachable from this machine serves) and maps the one v6 attribute the config uses that v5 lacks,
# exactly as scripts/deploy/validate-with-mirror.sh does. Every other difference from a real apply
# is an override named below and listed in docs/operations.md ("The deployed shape, emulated").
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
state="${DEPLOYED_STATE:-$root/.docworker/deployed}"
endpoint="${DEPLOYED_AWS_ENDPOINT:?DEPLOYED_AWS_ENDPOINT (the moto server of the deployed shape) is required}"
mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
tf="${TF:-$(command -v terraform || command -v tofu || ls "$root/.tools/tofu/bin/tofu" 2>/dev/null || true)}"
version="$(ls "$mirror/registry.terraform.io/hashicorp/aws" 2>/dev/null | sort -V | tail -1 || true)"
[[ -n "$tf" ]] || { echo "error: neither terraform nor tofu found (make deploy-tools builds tofu)" >&2; exit 1; }
[[ -n "$version" ]] || { echo "error: no mirrored hashicorp/aws under $mirror" >&2; exit 1; }

work="$state/tf"
mkdir -p "$work"
# moto keeps its state in memory: a state file from before its last start describes nothing.
moto_pid="$(cat "$state/moto/moto.pid" 2>/dev/null || echo none)"
if [[ "$(cat "$work/applied-to-moto.pid" 2>/dev/null || true)" != "$moto_pid" ]]; then
  rm -f "$work"/terraform.tfstate* "$state/outputs.json" "$state/overrides.tfvars.json"
  echo "$moto_pid" >"$work/applied-to-moto.pid"
fi
# A fresh copy of the configuration, keeping the state and the provider cache.
find "$work" -maxdepth 1 -name '*.tf' -delete
rm -rf "$work/environments"
cp "$root"/deploy/*.tf "$work/"
cp -r "$root/deploy/environments" "$work/environments"
rm -f "$work/backend.tf"
sed -i "s|version = \">= 6.24.0, < 7.0.0\"|version = \"$version\"|; s|source  = \"hashicorp/aws\"|source  = \"registry.terraform.io/hashicorp/aws\"|" "$work/versions.tf"
sed -i 's/data\.aws_region\.current\.region/data.aws_region.current.name/' "$work/main.tf"
printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$mirror" >"$work/.cli.rc"

# Override: every AWS API at the emulated account.
services=(acm appautoscaling cloudwatch cognitoidp dynamodb ec2 ecr ecs elbv2 events iam kms logs
  opensearchserverless s3 sns sqs ssm sts wafv2)
{
  echo 'provider "aws" {'
  echo '  region                      = var.region'
  echo '  access_key                  = "test"'
  echo '  secret_key                  = "test"'
  echo '  skip_credentials_validation = true'
  echo '  skip_metadata_api_check     = true'
  echo '  skip_requesting_account_id  = true'
  echo '  s3_use_path_style           = true'
  echo '  endpoints {'
  for service in "${services[@]}"; do echo "    $service = \"$endpoint\""; done
  echo '  }'
  echo '}'
} >"$work/provider_override.tf"

# Overrides: what moto 5.2.5 cannot create, each named in docs/operations.md.
cat >"$work/emulated_override.tf" <<'HCL'
# moto keeps no RedriveAllowPolicy attribute: the provider would wait for it forever.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  count = 0
}

# moto reads the S3 destination "bucket/prefix/" as a bucket name and refuses it.
resource "aws_flow_log" "vpc" {
  count = 0
}

# moto refuses a target bucket authorised by a bucket policy (it knows only the log-delivery ACL).
resource "aws_s3_bucket_logging" "data" {
  for_each = {}
}

# moto evaluates bucket policies without their conditions: the Deny of insecure transport and of
# unencrypted uploads would deny every request. The task roles' grants still apply.
resource "aws_s3_bucket_policy" "data" {
  for_each = {}
}

# moto has no OpenSearch Serverless access policies (CreateAccessPolicy is not implemented); the
# rules are checked by tests/deploy/opensearch-data-access.test.ts instead.
resource "aws_opensearchserverless_access_policy" "data" {
  count = 0
}
HCL

# Applying is the administrator's work: IAM enforcement (left on by `make run-deployed`) is off.
curl -fsS -X POST "$endpoint/moto-api/reset-auth" -H 'content-type: text/plain' --data inf >/dev/null

# A real (moto) ACM certificate for the HTTPS listener, in place of the dev tfvars' placeholder.
if [[ ! -s "$state/overrides.tfvars.json" ]]; then
  AWS_ENDPOINT_URL="$endpoint" "$root/.tools/moto-venv/bin/python" - "$state/overrides.tfvars.json" "${DEPLOYED_OPENSEARCH_INDEX:-docworker-deployed-chunks}" <<'PY'
import boto3, json, sys
acm = boto3.client("acm", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
arn = acm.request_certificate(DomainName="docworker.emulated.test")["CertificateArn"]
# The chunk index apart from `make run-emulated`'s on the shared OpenSearch node (on AWS each
# deployment has its own collection).
json.dump({"certificate_arn": arn, "opensearch_index": sys.argv[2]}, open(sys.argv[1], "w"))
PY
fi

# Through moto-gaps.ts (see there) while applying.
rm -f "$state/gaps.port"
"$root/scripts/node" "$root/scripts/deployed/moto-gaps.ts" "$endpoint" "$state/gaps.port" &
gaps_pid=$!
trap 'kill "$gaps_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [[ -s "$state/gaps.port" ]] && break; sleep 0.1; done
[[ -s "$state/gaps.port" ]] || { echo "error: moto-gaps.ts did not start" >&2; exit 1; }
sed -i "s|$endpoint|http://127.0.0.1:$(cat "$state/gaps.port")|" "$work/provider_override.tf"

export TF_CLI_CONFIG_FILE="$work/.cli.rc" TF_IN_AUTOMATION=1 TF_INPUT=0
cd "$work"
[[ -d .terraform ]] || "$tf" init -backend=false -input=false -no-color >/dev/null
"$tf" apply -auto-approve -input=false -no-color -lock=false \
  -var-file=environments/dev/terraform.tfvars \
  -var-file="$state/overrides.tfvars.json" \
  "$@"
"$tf" output -json >"$state/outputs.json"
echo "applied with $("$tf" version | head -1) and hashicorp/aws $version (mirror); outputs in ${state#"$root"/}/outputs.json" >&2
