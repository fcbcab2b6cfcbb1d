#!/usr/bin/env bash
# Lays out the production tree of one service (worker | api | bedrock-stand-in | dev-provisioning) in OUT: the
# workspace packages it needs as plain source folders, and only their production dependencies.
# Dockerfile.worker / Dockerfile.api run this in their build stage; tests/deploy runs it outside
# Docker to check the tree starts and to measure it.
#
# Why not `pnpm deploy`: it copies workspace packages into node_modules/, and Node refuses to
# strip types from .ts files under node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING).
# A filtered production install keeps them in packages/ and services/, linked, as in development.
#
# Usage: build-image-tree.sh SERVICE OUT   (run from a copy of the workspace: it installs in place)
set -euo pipefail
service="${1:?service: worker, api, bedrock-stand-in or dev-provisioning}"
out="${2:?output folder}"
case "$service" in
  worker | api) dir="services/$service" ;;
  bedrock-stand-in | dev-provisioning) dir="packages/$service" ;;
  *) echo "error: unknown service $service" >&2; exit 1 ;;
esac
pkg="@docworker/$service"

# The API serves the web UI: build it first (Vite is a development dependency of packages/web-ui,
# gone again after the production install below); only its dist/ goes into the image.
if [[ "$service" == api ]]; then
  pnpm install --frozen-lockfile --prefer-offline --ignore-scripts --config.confirmModulesPurge=false \
    --filter "@docworker/web-ui" >&2
  pnpm --filter @docworker/web-ui run build >&2
  # Start the production install from nothing, so no build tool is left in the tree.
  rm -rf node_modules packages/*/node_modules services/*/node_modules
fi

# Production dependencies of the service and of every workspace package it depends on.
pnpm install --frozen-lockfile --prefer-offline --prod --ignore-scripts --config.confirmModulesPurge=false \
  --filter-prod "$pkg..." >&2

mkdir -p "$out"
cp package.json pnpm-workspace.yaml "$out/"
cp -a node_modules "$out/"
mkdir -p "$out/packages" "$out/services"
for p in packages/*/ "$dir/"; do
  p="${p%/}"
  [[ "$p" == packages/web-ui ]] && continue # only its build goes in, below
  # Only packages that got a production install (or have no dependencies) are needed.
  [[ -d "$p/node_modules" || "$p" == "$dir" ]] || continue
  mkdir -p "$out/$p"
  cp -a "$p/package.json" "$p/src" "$out/$p/"
  [[ -d "$p/node_modules" ]] && cp -a "$p/node_modules" "$out/$p/"
  [[ -d "$p/schemas" ]] && cp -a "$p/schemas" "$out/$p/"
done
if [[ "$service" == api ]]; then
  mkdir -p "$out/packages/web-ui"
  cp -a packages/web-ui/package.json packages/web-ui/dist-dir.ts packages/web-ui/dist "$out/packages/web-ui/"
fi

# Source maps and TypeScript declarations are not read at run time.
find "$out/node_modules/.pnpm" \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -type f -delete
echo "$service tree in $out: $(du -sh "$out" | cut -f1)" >&2
