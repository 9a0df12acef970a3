#!/usr/bin/env bash
# Regenerates the weights of this project's pallets on this machine.
#
# Builds the node with `--features runtime-benchmarks` into its own target directory (a
# different feature set would otherwise rebuild, and overwrite, the node the tests use), then
# runs `attribution-node benchmark pallet` for every pallet listed below and writes the
# runtime's `runtime/src/weights/<pallet>.rs` (the runtime's `WeightInfo` for that pallet; the
# pallet's own `src/weights.rs` keeps the trait and the estimates its mock runtime uses).
#
#   bash scripts/benchmark.sh                 # all pallets
#   bash scripts/benchmark.sh pallet_contributions
#   STEPS=2 REPEAT=1 bash scripts/benchmark.sh   # a quick smoke run (weights not for commit)
#   BUILD_ONLY=1 bash scripts/benchmark.sh       # only build the benchmarking node
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"

BENCH_TARGET_DIR="${BENCH_TARGET_DIR:-$HOME/.cache/attribution-chain/bench-target}"
STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
# The pallets to benchmark; the runtime's `define_benchmarks!` must list each.
declare -A PALLETS=(
	[pallet_contributions]=1
	[pallet_scoring]=1
	[pallet_payouts]=1
	[pallet_referenda]=1
	[pallet_collective]=1
)
# Not here: pallet_conviction_voting. Its delegate/undelegate benchmarks bound their vote count by
# the busiest track's `max_deciding`, which is 1 on our single root track: one sample point, no
# slope, and the CLI refuses to write the file. The runtime uses the SDK's reference weights.

# Those of the list that are this repository's own crates (the rest come from polkadot-sdk).
declare -A OWN_PALLETS=([pallet_contributions]=1 [pallet_scoring]=1 [pallet_payouts]=1)

selected=("$@")
if [ ${#selected[@]} -eq 0 ]; then selected=("${!PALLETS[@]}"); fi
for pallet in "${selected[@]}"; do
	if [ -z "${PALLETS[$pallet]:-}" ]; then
		echo "benchmark: unknown pallet '$pallet' (known: ${!PALLETS[*]})" >&2
		exit 2
	fi
done

bash scripts/setup.sh
# First run on a machine: start from a copy of the normal build so that the crates whose
# features do not change (RocksDB, wasmtime, libp2p, ...) are not compiled again.
if [ ! -d "$BENCH_TARGET_DIR" ] && [ -d "$CARGO_TARGET_DIR/release" ]; then
	echo "benchmark: seeding $BENCH_TARGET_DIR from $CARGO_TARGET_DIR"
	mkdir -p "$BENCH_TARGET_DIR"
	cp -a "$CARGO_TARGET_DIR/." "$BENCH_TARGET_DIR/"
fi
echo "benchmark: cargo build --release -p attribution-node --features runtime-benchmarks"
start=$(date +%s)
CARGO_TARGET_DIR="$BENCH_TARGET_DIR" cargo build --release -p attribution-node --features runtime-benchmarks
echo "benchmark: node built in $(( $(date +%s) - start )) s"
node="$BENCH_TARGET_DIR/release/attribution-node"
if [ -n "${BUILD_ONLY:-}" ]; then exit 0; fi

for pallet in "${selected[@]}"; do
	out="runtime/src/weights/$pallet.rs"
	echo "benchmark: $pallet (steps $STEPS, repeat $REPEAT) -> $out"
	"$node" benchmark pallet \
		--chain dev \
		--genesis-builder=spec-runtime \
		--genesis-builder-preset=development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--header "$ROOT/scripts/weights-header.txt" \
		--output "$out"
	# The runtime reaches FRAME, and the SDK's pallets, through the polkadot-sdk umbrella crate.
	sed -i -e 's/^use frame_support::/use polkadot_sdk::frame_support::/' \
		-e 's/impl<T: frame_system::Config>/impl<T: polkadot_sdk::frame_system::Config>/' "$out"
	if [ -z "${OWN_PALLETS[$pallet]:-}" ]; then
		sed -i -e "s/> $pallet::WeightInfo for/> polkadot_sdk::$pallet::WeightInfo for/" "$out"
	fi
done
echo "benchmark: done; review and commit runtime/src/weights/"
