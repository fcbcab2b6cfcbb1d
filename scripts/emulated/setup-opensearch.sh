#!/usr/bin/env bash
# Assemble a single-node OpenSearch with the k-NN plugin from Maven Central, into .tools/opensearch.
# Idempotent: does nothing when the assembled home carries a marker for the pinned versions, and
# downloads nothing when Maven's local repository under .tools/opensearch/m2 already has the files.
#
# Why it is assembled and not downloaded whole: OpenSearch has no Debian or npm package and
# this machine reaches no site but package registries. Maven Central serves the "integ-test"
# distribution (server + transport only) and plugin zips; the rest is put together here.
set -euo pipefail
# shellcheck source=scripts/emulated/lib.sh
source "$(dirname "$0")/lib.sh"

marker="$OPENSEARCH_HOME/.docworker-assembled"
want="opensearch=$OPENSEARCH_VERSION knn=$OPENSEARCH_KNN_VERSION modules=lang-painless,analysis-common"
if [[ -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
  exit 0
fi

command -v mvn >/dev/null || die "mvn is missing (apt-get install maven)"
command -v unzip >/dev/null || die "unzip is missing (apt-get install unzip)"
java_home="$(opensearch_java_home)"
started="$(now_ms)"

# 1. Download into a project-local Maven repository (the cache), then copy the files out flat.
downloads="$OPENSEARCH_TOOLS/downloads"
rm -rf "$downloads"
mkdir -p "$downloads"
log "resolving OpenSearch $OPENSEARCH_VERSION + k-NN $OPENSEARCH_KNN_VERSION from Maven Central"
mvn_log="$OPENSEARCH_TOOLS/mvn.log"
if ! JAVA_HOME="$java_home" mvn -B -Dstyle.color=never \
  -f "$EMU_ROOT/scripts/emulated/opensearch-artifacts.pom.xml" \
  -Dmaven.repo.local="$OPENSEARCH_TOOLS/m2" \
  -Dopensearch.version="$OPENSEARCH_VERSION" \
  -Dopensearch.knn.version="$OPENSEARCH_KNN_VERSION" \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
  -DexcludeTransitive=true -DoutputDirectory="$downloads" >"$mvn_log" 2>&1; then
  tail -n 30 "$mvn_log" >&2
  die "Maven could not fetch the OpenSearch artifacts (log: $mvn_log)"
fi
downloaded="$(du -sh "$downloads" | cut -f1)"

# 2. Assemble in a scratch directory and move it into place at the end, so an interrupted run
# never leaves a half-built home that looks finished.
scratch="$OPENSEARCH_TOOLS/assemble.tmp"
rm -rf "$scratch" "$OPENSEARCH_HOME"
mkdir -p "$scratch"
unzip -q "$downloads/opensearch-$OPENSEARCH_VERSION.zip" -d "$scratch"
home="$scratch/opensearch-$OPENSEARCH_VERSION"

# A module is a folder of jars with a descriptor; the published jars carry no descriptor, so
# write the one the full distribution has.
write_module() {
  local name="$1" classname="$2" description="$3" extended="$4"
  shift 4
  local dir="$home/modules/$name"
  mkdir -p "$dir"
  local jar
  for jar in "$@"; do cp "$downloads/$jar" "$dir/"; done
  cat >"$dir/plugin-descriptor.properties" <<DESCRIPTOR
description=$description
version=$OPENSEARCH_VERSION
name=$name
classname=$classname
java.version=11
opensearch.version=$OPENSEARCH_VERSION
custom.foldername=
extended.plugins=$extended
has.native.controller=false
DESCRIPTOR
}

write_module lang-painless org.opensearch.painless.PainlessPlugin \
  "An easy, safe and fast scripting language for OpenSearch" "" \
  "lang-painless-$OPENSEARCH_VERSION.jar" "opensearch-scripting-painless-spi-$OPENSEARCH_VERSION.jar" \
  antlr4-runtime-4.13.1.jar asm-9.7.jar asm-util-9.7.jar asm-tree-9.7.jar asm-commons-9.7.jar asm-analysis-9.7.jar
# Painless compiles scripts to classes at run time: the same grant as the upstream module.
cat >"$home/modules/lang-painless/plugin-security.policy" <<'POLICY'
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
POLICY

write_module analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin \
  "Adds common text analysis capabilities to OpenSearch" lang-painless \
  "analysis-common-$OPENSEARCH_VERSION.jar"

# 3. Install k-NN the supported way (checks descriptor, versions, jar hell and the policy).
log "installing opensearch-knn $OPENSEARCH_KNN_VERSION"
OPENSEARCH_JAVA_HOME="$java_home" "$home/bin/opensearch-plugin" install --batch \
  "file://$downloads/opensearch-knn-$OPENSEARCH_KNN_VERSION.zip" >"$scratch/plugin-install.log" 2>&1 ||
  {
    cat "$scratch/plugin-install.log" >&2
    die "opensearch-plugin install failed"
  }

# Known gap: the k-NN zip on Maven Central has no native libraries (libopensearchknn_faiss*.so,
# upstream issue opensearch-project/k-NN#2643). Without them faiss cannot build HNSW graphs; the
# emulated stack therefore tells every index to skip graph building (exact search instead),
# see start-opensearch.sh. Should a lib/ folder ever ship, the plugin's loader finds it here.
mkdir -p "$home/plugins/opensearch-knn/lib"

# Readable by the unprivileged user OpenSearch runs as when we are root.
chmod -R a+rX "$home"
mv "$home" "$OPENSEARCH_HOME"
rm -rf "$scratch" "$downloads" # the Maven repository under m2/ stays: it is the download cache
echo "$want" >"$marker"
log "assembled $OPENSEARCH_HOME in $((($(now_ms) - started) / 1000))s ($downloaded of artifacts)"
