#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: unit and property tests of every crate,
# the runtime's tests, the integration tests against a real node, and the chain-spec check.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
start=$(date +%s)
bash scripts/build.sh
echo "test: cargo test --release --workspace"
cargo test --release --workspace
echo "test: chain specs are up to date"
bash scripts/chain-specs.sh --check
echo "test: all passed in $(( $(date +%s) - start )) s"
