#!/usr/bin/env bash
# Prints attribution-shapley's timings and errors next to pyDVL 0.10.0's on the same games
# (exact Shapley on SymmetricVotingGame and ShoesGame, permutation sampling on ShoesGame),
# with the speed-up. pyDVL is installed from PyPI into a venv outside the clone.
#
#   bash scripts/bench-shapley.sh [permutations]     # default 100
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$ROOT"
PERMUTATIONS="${1:-100}"
VENV="${PYDVL_VENV:-$HOME/.cache/attribution-chain/pydvl-venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pydvl" 2>/dev/null; then
	echo "bench-shapley: installing pyDVL 0.10.0 into $VENV"
	python3 -m venv "$VENV"
	"$VENV/bin/pip" install --quiet --upgrade pip
	"$VENV/bin/pip" install --quiet "pydvl==0.10.0"
fi
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
echo "bench-shapley: running pyDVL $("$VENV/bin/python" -c 'import pydvl; print(pydvl.__version__)') (this takes a minute)"
PYTHONWARNINGS=ignore "$VENV/bin/python" shapley/bench/pydvl_games.py "$PERMUTATIONS" | tee "$out"
echo
cargo run --quiet --release -p attribution-shapley --example compare_pydvl -- "$out" "$PERMUTATIONS"
