#!/usr/bin/env bash
# Builds the whole workspace (node, runtime with its wasm, tests' dependencies) in release.
# One command and one feature set for everything, so the test suite reuses this build.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
echo "build: cargo build --release --workspace (target dir: $CARGO_TARGET_DIR)"
start=$(date +%s)
cargo build --release --workspace
echo "build: done in $(( $(date +%s) - start )) s: $ATTRIBUTION_NODE_BIN"
