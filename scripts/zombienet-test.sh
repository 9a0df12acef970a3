#!/usr/bin/env bash
# Opt-in network tests: builds what the zombienet network needs when it is missing (the relay
# chain's binaries from crates.io, about two hours the first time, cached outside the clone;
# our node), puts the binaries on PATH and runs zombienet/tests with the native provider.
# Arguments go to `cargo test`: `--test collator_load` runs the collator load test alone.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
start=$(date +%s)
relay_bin=$(bash scripts/relay-binaries.sh | tail -n 1)
bash scripts/build.sh
export PATH="$relay_bin:$(dirname "$ATTRIBUTION_NODE_BIN"):$PATH"
echo "zombienet: polkadot $(polkadot --version), $(attribution-node --version)"
# zombienet-sdk's own dependency tree builds into its own target directory.
export CARGO_TARGET_DIR="${ZOMBIENET_TARGET_DIR:-$HOME/.cache/attribution-chain/zombienet-target}"
cargo test --release --manifest-path zombienet/Cargo.toml "$@" -- --nocapture
echo "zombienet: passed in $(( $(date +%s) - start )) s"
