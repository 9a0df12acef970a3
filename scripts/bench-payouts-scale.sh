#!/usr/bin/env bash
# Release and claim at 10, 1,000 and 100,000 scored contributors, side by side.
#
# Runs the payouts pallet's `release_at_scale` and `claim_at_scale` benchmarks on the real
# runtime (the node built by `scripts/benchmark.sh`, built here if missing): a project whose
# snapshot scores 10^s contributions (s = 1..5), releasing a pool to it and claiming one
# author's part after every other author claimed. Prints, per size, the measured execution
# time (median of the repeats), storage reads/writes and proof size, and each as a ratio to
# the 10-contributor case. Target: the 100,000 figures within 5% of the 10 ones.
#
#   bash scripts/bench-payouts-scale.sh        # REPEAT=20 by default
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
BENCH_TARGET_DIR="${BENCH_TARGET_DIR:-$HOME/.cache/attribution-chain/bench-target}"
REPEAT="${REPEAT:-20}"
node="$BENCH_TARGET_DIR/release/attribution-node"
if [ ! -x "$node" ]; then BUILD_ONLY=1 bash scripts/benchmark.sh; fi
out="$(mktemp -d)/payouts-scale.json"
echo "bench-payouts-scale: running release_at_scale and claim_at_scale (s = 1..5, repeat $REPEAT)"
"$node" benchmark pallet \
	--chain dev \
	--genesis-builder=spec-runtime \
	--genesis-builder-preset=development \
	--pallet pallet_payouts \
	--extrinsic 'release_at_scale,claim_at_scale' \
	--steps 5 \
	--repeat "$REPEAT" \
	--json-file "$out" >/dev/null
python3 - "$out" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))
print(f"{'call':<10}{'scored':>10}{'time (µs)':>12}{'ratio':>8}{'reads':>7}{'writes':>7}{'proof (B)':>11}{'ratio':>8}")
worst = 0.0
for batch in results:
    name = batch["benchmark"]
    if isinstance(name, list):
        name = bytes(name).decode()
    call = "release" if "release" in name else "claim"
    rows = {}
    for r in batch["time_results"]:
        s = dict(r["components"])["s"] if isinstance(r["components"][0], list) else r["components"][0][1]
        rows.setdefault(s, []).append(r)
    base = None
    for s in sorted(rows):
        rs = rows[s]
        t = statistics.median(r["extrinsic_time"] for r in rs) / 1000
        proof = statistics.median(r["proof_size"] for r in rs)
        reads, writes = rs[0]["reads"], rs[0]["writes"]
        if base is None:
            base = (t, proof)
        tr, pr = t / base[0], (proof / base[1] if base[1] else 1.0)
        if s in (1, 3, 5):
            worst = max(worst, abs(tr - 1), abs(pr - 1)) if s == 5 else worst
        print(f"{call:<10}{10**s:>10,}{t:>12.1f}{tr:>8.3f}{reads:>7}{writes:>7}{proof:>11,.0f}{pr:>8.3f}")
print(f"largest deviation at 100,000 from 10 (time or proof): {worst*100:.1f}% (target ≤ 5%)")
PY
