#!/usr/bin/env bash
# Regenerates the weights of this project's pallets on this machine.
#
# Builds the runtime's wasm with `--features runtime-benchmarks` into its own target directory
# (a different feature set would otherwise rebuild, and overwrite, the runtime the tests use),
# then runs the node's `benchmark pallet --runtime` on it for every pallet listed below and
# writes the runtime's `runtime/src/weights/<pallet>.rs` (the runtime's `WeightInfo` for that
# pallet; the pallet's own `src/weights.rs` keeps the trait and the estimates its mock runtime
# uses). The benchmarks run in the wasm alone, so the node is the one `scripts/build.sh`
# builds: only the wasm needs the feature. `cargo check` builds it (the runtime's build script
# compiles the wasm in full whatever the cargo command) and only checks the native crates:
# about 20 minutes on a new machine instead of the 70 a benchmarking node takes.
#
#   bash scripts/benchmark.sh                 # all pallets
#   bash scripts/benchmark.sh pallet_contributions
#   STEPS=2 REPEAT=1 bash scripts/benchmark.sh   # a quick smoke run (weights not for commit)
#   BUILD_ONLY=1 bash scripts/benchmark.sh       # only build the benchmarking wasm
#   NO_BUILD=1 bash scripts/benchmark.sh ...     # use the benchmarking wasm built last time
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"

BENCH_TARGET_DIR="${BENCH_TARGET_DIR:-$HOME/.cache/attribution-chain/bench-target}"
# The pallets to benchmark, each with its steps and repeats (`STEPS`/`REPEAT` override them
# all). The runtime's `define_benchmarks!` must list each, and `runtime/tests/weights.rs`
# fails when a pallet with calls is missing here or runs on weights not generated here.
#
# Our pallets (and governance, whose weights decide what a referendum may do) get the full
# 50 steps x 20 repeats. The SDK's pallets get 20 x 5: their components are the SDK's, we only
# need this machine's figures for them, and the full setting would take hours here.
declare -A PALLETS=(
	[pallet_contributions]=50:20
	[pallet_scoring]=50:20
	[pallet_payouts]=50:20
	[pallet_referenda]=50:20
	[pallet_collective]=50:20
	[governance_origins]=50:20
	[frame_system]=20:5
	[frame_system_extensions]=20:5
	[pallet_balances]=20:5
	[pallet_session]=20:5
	[pallet_timestamp]=20:5
	[pallet_message_queue]=20:5
	[pallet_collator_selection]=20:5
	[cumulus_pallet_parachain_system]=20:5
	[cumulus_pallet_xcmp_queue]=20:5
	[cumulus_pallet_weight_reclaim]=20:5
	[pallet_transaction_payment]=20:5
	[pallet_utility]=20:5
	[pallet_multisig]=20:5
	[pallet_proxy]=20:5
	[pallet_preimage]=20:5
	[pallet_scheduler]=20:5
	[pallet_xcm]=20:5
	[pallet_whitelist]=20:5
	# Its delegate/undelegate benchmarks bound their vote count by the widest track's
	# `max_deciding` (10).
	[pallet_conviction_voting]=20:5
)

# Those of the list that are this repository's own (the rest come from polkadot-sdk).
declare -A OWN_PALLETS=([pallet_contributions]=1 [pallet_scoring]=1 [pallet_payouts]=1 [governance_origins]=1)
# The genesis preset a pallet is measured on when it is not `development`: the referenda
# benchmarks expect the tracks' real periods (a referendum still preparing once its deposit is
# placed), which the development preset shortens to a block or two; conviction voting polls
# the same referenda.
declare -A PRESET=([pallet_referenda]=production [pallet_conviction_voting]=production)
# The trait a generated file implements when it is not `<pallet>::WeightInfo`.
declare -A WEIGHT_TRAIT=([frame_system_extensions]=frame_system::ExtensionsWeightInfo
	[governance_origins]=crate::governance_origins::WeightInfo)

selected=("$@")
if [ ${#selected[@]} -eq 0 ]; then selected=("${!PALLETS[@]}"); fi
for pallet in "${selected[@]}"; do
	if [ -z "${PALLETS[$pallet]:-}" ]; then
		echo "benchmark: unknown pallet '$pallet' (known: ${!PALLETS[*]})" >&2
		exit 2
	fi
done

bash scripts/setup.sh
if [ -z "${NO_BUILD:-}" ]; then
	echo "benchmark: cargo check --release -p attribution-runtime --features runtime-benchmarks (builds the wasm)"
	start=$(date +%s)
	CARGO_TARGET_DIR="$BENCH_TARGET_DIR" cargo check --release -p attribution-runtime --features runtime-benchmarks
	echo "benchmark: wasm built in $(( $(date +%s) - start )) s"
	# The node must have the `--runtime` path: built from this checkout (a no-op when it is).
	bash scripts/build.sh
fi
wasm="$BENCH_TARGET_DIR/release/wbuild/attribution-runtime/attribution_runtime.compact.compressed.wasm"
node="$ATTRIBUTION_NODE_BIN"
for needed in "$wasm" "$node"; do
	if [ ! -e "$needed" ]; then
		echo "benchmark: $needed is missing (run without NO_BUILD)" >&2
		exit 1
	fi
done
if [ -n "${BUILD_ONLY:-}" ]; then exit 0; fi

failed=()
for pallet in "${selected[@]}"; do
	out="runtime/src/weights/$pallet.rs"
	steps="${STEPS:-${PALLETS[$pallet]%%:*}}"
	repeat="${REPEAT:-${PALLETS[$pallet]##*:}}"
	echo "benchmark: $pallet (steps $steps, repeat $repeat) -> $out"
	pallet_start=$(date +%s)
	if ! "$node" benchmark pallet \
		--runtime "$wasm" \
		--genesis-builder=runtime \
		--genesis-builder-preset="${PRESET[$pallet]:-development}" \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--header "$ROOT/scripts/weights-header.txt" \
		--output "$out"; then
		# The others still run; the script fails at the end.
		echo "benchmark: $pallet FAILED (see above); $out left as it was" >&2
		failed+=("$pallet")
		continue
	fi
	# The runtime reaches FRAME, and the SDK's pallets, through the polkadot-sdk umbrella crate.
	sed -i -e 's/^use frame_support::/use polkadot_sdk::frame_support::/' \
		-e 's/impl<T: frame_system::Config>/impl<T: polkadot_sdk::frame_system::Config>/' "$out"
	trait="${WEIGHT_TRAIT[$pallet]:-$pallet::WeightInfo}"
	if [ -n "${WEIGHT_TRAIT[$pallet]:-}" ]; then
		sed -i -e "s/> $pallet::WeightInfo for/> $trait for/" "$out"
	fi
	if [ -z "${OWN_PALLETS[$pallet]:-}" ]; then
		sed -i -e "s/> $trait for/> polkadot_sdk::$trait for/" "$out"
	fi
	echo "benchmark: $pallet done in $(( $(date +%s) - pallet_start )) s"
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "benchmark: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "benchmark: done; review and commit runtime/src/weights/"
