#!/usr/bin/env bash
# Throughput of the dev node in one run: balance transfers per second and contribution
# registrations per second (first submission to inclusion of the last), pre-signed offline from
# LOAD_ACCOUNTS funded accounts (default 400), LOAD_PER_ACCOUNT of each kind per account
# (default 50), blocks every LOAD_BLOCK_MS (default 3000). Prints both rates, their ratio and
# the transactions per block (tests/tests/throughput.rs). The node runs with its default flags;
# LOAD_POOL=single-state|fork-aware picks a pool (with room for the load) and LOAD_FINALITY_LAG=0
# finalizes each block as it is sealed (the old dev node, which lost transactions).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/build.sh
export LOAD_ACCOUNTS="${LOAD_ACCOUNTS:-400}" LOAD_PER_ACCOUNT="${LOAD_PER_ACCOUNT:-50}"
cargo test --release --workspace --test throughput -- --ignored --nocapture 2>&1 | grep -E '^throughput|panicked|test result'
