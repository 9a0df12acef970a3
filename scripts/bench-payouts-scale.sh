#!/usr/bin/env bash
# Release and claim at 10, 1,000 and 100,000 scored contributors, side by side.
#
# Runs the payouts pallet's `release_at_scale` and `claim_at_scale` benchmarks on the real
# runtime (the benchmarking wasm of `scripts/benchmark.sh`, built here if missing): a project whose
# snapshot scores 10^s contributions (s = 1..5), releasing a pool to it, and claiming one
# author's part after every other author claimed. In the same run, as the baseline, a balance
# transfer while 10^s accounts exist (`baseline_transfer_at_scale`). Prints, per size, the
# storage reads and writes, the measured execution time (median of the repeats) and proof size,
# each as a ratio to the 10-contributor case, and the weight the call is charged.
# Target: the 100,000 figures within 5% of the 10 ones.
#
#   bash scripts/bench-payouts-scale.sh        # REPEAT=20 by default
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
BENCH_TARGET_DIR="${BENCH_TARGET_DIR:-$HOME/.cache/attribution-chain/bench-target}"
REPEAT="${REPEAT:-20}"
wasm="$BENCH_TARGET_DIR/release/wbuild/attribution-runtime/attribution_runtime.compact.compressed.wasm"
node="$ATTRIBUTION_NODE_BIN"
if [ ! -e "$wasm" ] || [ ! -x "$node" ]; then BUILD_ONLY=1 bash scripts/benchmark.sh; fi
out="$(mktemp -d)/payouts-scale.json"
echo "bench-payouts-scale: running release_at_scale and claim_at_scale (s = 1..5, repeat $REPEAT)"
"$node" benchmark pallet \
	--runtime "$wasm" \
	--genesis-builder=runtime \
	--genesis-builder-preset=development \
	--pallet pallet_payouts \
	--extrinsic 'release_at_scale,claim_at_scale,baseline_transfer_at_scale' \
	--steps 5 \
	--repeat "$REPEAT" \
	--json-file "$out" >/dev/null
python3 - "$out" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))
names = {"release_at_scale": "release", "claim_at_scale": "claim", "baseline_transfer_at_scale": "transfer"}
print(f"{'call':<10}{'scored':>10}{'reads':>7}{'writes':>7}{'time (µs)':>11}{'ratio':>7}{'proof (B)':>11}{'ratio':>7}")
summary = {}
for batch in results:
    name = batch["benchmark"]
    if isinstance(name, list):
        name = bytes(name).decode()
    call = names.get(name, name)
    def by_s(rows):
        grouped = {}
        for r in rows:
            grouped.setdefault(dict(r["components"])["s"], []).append(r)
        return grouped
    times, dbs = by_s(batch["time_results"]), by_s(batch["db_results"])
    base = None
    for s in sorted(times):
        t = statistics.median(r["extrinsic_time"] for r in times[s]) / 1000
        proof = statistics.median(r["proof_size"] for r in dbs.get(s, times[s]))
        db = dbs.get(s, times[s])[0]
        base = base or (t, proof)
        tr, pr = t / base[0], proof / base[1] if base[1] else 1.0
        summary[(call, s)] = (tr, pr)
        print(f"{call:<10}{10**s:>10,}{db['reads']:>7}{db['writes']:>7}{t:>11.1f}{tr:>7.3f}{proof:>11,.0f}{pr:>7.3f}")
print()
for call in ("release", "claim"):
    tr, pr = summary.get((call, 5), (float("nan"),) * 2)
    br, bp = summary.get(("transfer", 5), (float("nan"),) * 2)
    print(f"{call}: at 100,000 vs 10: time x{tr:.3f}, proof x{pr:.3f}; "
          f"the baseline transfer: time x{br:.3f}, proof x{bp:.3f}; "
          f"{call} relative to the baseline: time x{tr / br:.3f}")
print("charged weight: the same at every size (the calls take no size; see runtime/src/weights/pallet_payouts.rs)")
PY
