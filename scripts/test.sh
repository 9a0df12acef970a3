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
echo "test: runtime migrations under try-runtime (Executive::try_runtime_upgrade), and 20 s of runtime fuzzing (every pallet's try_state after every block)"
# The runtime alone with try-runtime: a second, smaller feature set of the runtime's
# dependencies (no node crates), compiled once and then cached beside the first. The wasm is
# not needed for these native tests.
SKIP_WASM_BUILD=1 cargo test --release -p attribution-runtime --features try-runtime \
  --test migrations --test fuzz -- --nocapture
echo "test: Python SDK attrib (unit, CIDs against ipfs-unixfs-importer, PyTorch, the dev node, the digits example)"
(cd clients/python && "$ATTRIB_VENV/bin/python" -m pytest -q -p no:cacheprovider)
echo "test: Polkadot.js (@polkadot/api) against the dev node"
(cd tests/js && npm test --silent)
echo "test: chain specs are up to date"
bash scripts/chain-specs.sh --check
cat <<'NOTE'
test: ************************************************************************************
test: NOT RUN: the zombienet network tests (relay chain + two collators, zombienet/tests).
test: They are opt-in because the relay chain's binaries take about two hours to build the
test: first time. Run them with: bash scripts/zombienet-test.sh
test: ************************************************************************************
NOTE
echo "test: all passed in $(( $(date +%s) - start )) s"
