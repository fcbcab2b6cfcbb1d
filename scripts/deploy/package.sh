#!/usr/bin/env bash
# `make package`: build Dockerfile.worker and Dockerfile.api for linux/arm64 (the task
# definitions' architecture) and push them to the ECR repositories of the current Terraform
# state, tagged IMAGE_TAG. Needs Docker with buildx (QEMU or an arm64 builder) and the AWS CLI.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
: "${IMAGE_TAG:?set IMAGE_TAG}" "${TF:?set TF (terraform or tofu)}"
for tool in docker aws; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed for make package" >&2; exit 1; }
done
docker info >/dev/null 2>&1 || { echo "error: no Docker engine is reachable" >&2; exit 1; }

repos="$(cd deploy && "$TF" output -json ecr_repository_urls)" || {
  echo "error: no ECR repositories in the state yet: run 'make init ecr-repos ENV=...' first" >&2; exit 1; }
registry="$(node -e 'const r=JSON.parse(process.argv[1]);console.log(r.worker.split("/")[0])' "$repos")"
region="$(echo "$registry" | cut -d. -f4)"
aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry"

for service in worker api; do
  url="$(node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$repos" "$service")"
  echo "building $service -> $url:$IMAGE_TAG" >&2
  docker buildx build --platform linux/arm64 -f "Dockerfile.$service" -t "$url:$IMAGE_TAG" --push .
done
