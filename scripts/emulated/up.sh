#!/usr/bin/env bash
# Start the emulated AWS stack on 127.0.0.1 (no Docker needed), for integration tests and local runs:
#   moto server   -> S3, SQS, DynamoDB, EventBridge, KMS, Cognito, ... (AWS_ENDPOINT_URL)
#   OpenSearch    -> single node with the k-NN plugin, security off (OPENSEARCH_URL)
#   stand-ins     -> Bedrock (BEDROCK_ENDPOINT_URL) and Textract (TEXTRACT_ENDPOINT_URL)
# Idempotent: installs what is missing (into .tools/), starts what is not running, waits until
# each is healthy, then writes .docworker/emulated.env as plain KEY=value lines (no `export`),
# so both `set -a; . .docworker/emulated.env` and dotenv loaders read it.
# Options (environment): MOTO_PORT, OPENSEARCH_PORT (default: a free port), OPENSEARCH_HEAP (512m),
# EMULATED_SKIP_OPENSEARCH=1 (moto only), EMULATED_CHECK=1 (run the check scripts afterwards).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/emulated/lib.sh
source "$here/lib.sh"

started="$(now_ms)"
mkdir -p "$EMU_STATE"

"$here/setup-moto.sh"
moto_env="$("$here/start-moto.sh")"

opensearch_env=""
if [[ "${EMULATED_SKIP_OPENSEARCH:-}" != "1" ]]; then
  "$here/setup-opensearch.sh"
  opensearch_env="$("$here/start-opensearch.sh")"
fi

# The Bedrock stand-in answers InvokeModel (Titan) and Converse, which moto does not emulate.
bedrock_env="$("$here/start-stand-in.sh" bedrock)"

# The Textract stand-in reads the documents of its asynchronous jobs from moto's S3.
textract_env="$(env $moto_env AWS_REGION="$AWS_REGION_DEFAULT" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
  "$here/start-stand-in.sh" textract)"

# Write the env file whole, then move it into place: a reader never sees half a file.
tmp_env="$EMU_ENV_FILE.tmp"
{
  echo "# Written by scripts/emulated/up.sh: endpoints of the emulated AWS stack."
  echo "$moto_env"
  [[ -n "$opensearch_env" ]] && echo "$opensearch_env"
  echo "$bedrock_env"
  echo "$textract_env"
  echo "AWS_REGION=$AWS_REGION_DEFAULT"
  echo "AWS_DEFAULT_REGION=$AWS_REGION_DEFAULT"
  echo "AWS_ACCESS_KEY_ID=test"
  echo "AWS_SECRET_ACCESS_KEY=test"
} >"$tmp_env"
mv "$tmp_env" "$EMU_ENV_FILE"

# The buckets (EventBridge notifications on), the rule to the ingestion queue with its DLQ, the
# DynamoDB table and the Cognito pool with its two dev users; idempotent, appends to the env file.
if [[ "${EMULATED_SKIP_BOOTSTRAP:-}" != "1" ]]; then
  "$EMU_ROOT/scripts/node" "$here/bootstrap.ts"
fi

if [[ "${EMULATED_CHECK:-}" == "1" ]]; then
  "$MOTO_VENV/bin/python" "$here/check-moto.py"
  "$MOTO_VENV/bin/python" "$here/check-s3-eventbridge.py"
  [[ -n "$opensearch_env" ]] && "$MOTO_VENV/bin/python" "$here/check-opensearch.py"
fi

log "stack up in $((($(now_ms) - started) / 1000))s; endpoints in ${EMU_ENV_FILE#"$EMU_ROOT"/}:"
grep -v '^#' "$EMU_ENV_FILE" | sed 's/^/  /' >&2
