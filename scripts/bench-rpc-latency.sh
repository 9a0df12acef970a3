#!/usr/bin/env bash
# JSON-RPC latency of the registry's reads with a large registry: registers
# LATENCY_CONTRIBUTIONS contributions (default 100,000) on the dev node, then prints p50/p99 of
# attribution_contribution, attribution_ancestors, attribution_descendants and
# attribution_pedigree over LATENCY_SAMPLES random ids (default 2,000), with chain_getHeader
# measured in the same run as the baseline (tests/tests/rpc_latency.rs).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/build.sh
cargo test --release --workspace --test rpc_latency -- --ignored --nocapture 2>&1 | grep -E '^latency|panicked|test result'
