#!/usr/bin/env bash
# Prints what a full measurement of the evaluation engine costs (a reward pool's report, from
# `start_report` to `conclude_report`), with 3 and 5 evaluators: the transactions it takes and
# their fees, charged by the runtime's weights and fee model (runtime/tests/evaluation.rs);
# and what a dispute adds: the re-run's transactions, their fees and the bond.
#
#   bash scripts/bench-measurement.sh
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/build.sh
cargo test --release --workspace --test evaluation -- --nocapture \
	a_full_measurement_takes_two_transactions_per_evaluator_and_three_more \
	a_dispute_takes_a_rerun_of_two_transactions_per_evaluator_and_three_more 2>&1 |
	grep -E '^measurement with|^dispute with|test result'
