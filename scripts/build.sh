#!/usr/bin/env bash
# Builds the whole workspace (node, runtime with its wasm, tests' dependencies) in release,
# then the web dashboard (typed descriptors from the runtime just built, and its bundle).
# One command and one feature set for everything, so the test suite reuses this build.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
echo "build: cargo build --release --workspace (target dir: $CARGO_TARGET_DIR)"
start=$(date +%s)
cargo build --release --workspace
echo "build: done in $(( $(date +%s) - start )) s: $ATTRIBUTION_NODE_BIN"
echo "build: the web dashboard (descriptors from the runtime's metadata, then the bundle in clients/web/dist)"
(cd clients/web && npm run --silent descriptors >/dev/null && npm run --silent build >/dev/null)
echo "build: dashboard built: clients/web/dist"
