#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: unit and property tests of every crate,
# the pallets' benchmark and try-runtime tests, the runtime's tests, the integration tests
# against a real node, and the chain-spec check. Ends with a table of its stages and their
# wall times (printed on failure too, with the stage that failed).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
start=$(date +%s)
stages=()
current=""
current_start=$start

# Runs `$@` as the stage named `$1`'s description, timing it.
stage() {
	local name="$1"
	shift
	echo "test: $name"
	current="$name"
	current_start=$(date +%s)
	"$@"
	stages+=("$(printf '%6d s  %s' $(( $(date +%s) - current_start )) "$name")")
	current=""
}

print_stages() {
	local status=$?
	echo "test: ---------------------------------------------------------------------------"
	echo "test: wall time  stage"
	local row
	for row in "${stages[@]}"; do echo "test: $row"; done
	if [ -n "$current" ]; then
		printf 'test: %6d s  %s: FAILED\n' $(( $(date +%s) - current_start )) "$current"
	fi
	printf 'test: %6d s  in all%s\n' $(( $(date +%s) - start )) "$([ "$status" -eq 0 ] || echo ', FAILED')"
}
trap print_stages EXIT

stage "set up and build (scripts/build.sh)" bash scripts/build.sh
stage "cargo test --release --workspace" cargo test --release --workspace
# The pallet crates alone with their benchmarks (each benchmark run once in its mock, as
# `impl_benchmark_test_suite!` generates) and their try-runtime tests: one more feature set
# of the pallets' dependencies, no node and no wasm.
stage "the pallets' benchmark and try-runtime tests (pallet crates only)" \
	env SKIP_WASM_BUILD=1 cargo test --release -p pallet-contributions -p pallet-scoring \
	-p pallet-payouts --features runtime-benchmarks,try-runtime --lib
# The runtime alone with try-runtime: a second, smaller feature set of the runtime's
# dependencies (no node crates), compiled once and then cached beside the first. The wasm is
# not needed for these native tests.
stage "runtime migrations under try-runtime (Executive::try_runtime_upgrade), and 20 s of runtime fuzzing (every pallet's try_state after every block)" \
	env SKIP_WASM_BUILD=1 cargo test --release -p attribution-runtime --features try-runtime \
	--test migrations --test fuzz -- --nocapture
python_tests() { (cd clients/python && "$ATTRIB_VENV/bin/python" -m pytest -q -p no:cacheprovider); }
stage "Python SDK attrib (unit, CIDs against ipfs-unixfs-importer, PyTorch, the dev node, the digits example)" python_tests
js_tests() { (cd tests/js && npm test --silent); }
stage "Polkadot.js (@polkadot/api) against the dev node" js_tests
web_tests() { (cd clients/web && npm test --silent); }
stage "the web dashboard in Chromium (playwright-core) against the dev node" web_tests
stage "chain specs are up to date" bash scripts/chain-specs.sh --check
cat <<'NOTE'
test: ************************************************************************************
test: NOT RUN: the zombienet network tests (relay chain + two collators, zombienet/tests).
test: They are opt-in because the relay chain's binaries take about two hours to build the
test: first time. Run them with: bash scripts/zombienet-test.sh
test: ************************************************************************************
NOTE
echo "test: all passed in $(( $(date +%s) - start )) s"
