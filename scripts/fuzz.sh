#!/usr/bin/env bash
# The long runtime fuzzing run: random calls from random origins in blocks of the real runtime,
# every invariant checked after every block (runtime/tests/fuzz.rs). The test suite runs the
# same harness for 20 seconds; this runs it for FUZZ_SECONDS (default one hour) with longer
# runs (FUZZ_BLOCKS, default 300 blocks per seed) and prints what it executed.
#
#   bash scripts/fuzz.sh                      # one hour
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh     # ten minutes
#   FUZZ_SEED=123 FUZZ_SECONDS=0 bash scripts/fuzz.sh   # replay one seed (from a failure)
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
export FUZZ_SECONDS="${FUZZ_SECONDS:-3600}" FUZZ_BLOCKS="${FUZZ_BLOCKS:-300}"
# The same build as the suite's try-runtime tests (scripts/test.sh): no extra compile.
SKIP_WASM_BUILD=1 cargo test --release -p attribution-runtime --features try-runtime \
  --test fuzz -- --nocapture
