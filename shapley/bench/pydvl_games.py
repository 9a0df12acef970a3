"""Times pyDVL 0.10.0 on the games `examples/compare_pydvl.rs` runs, one line per case:

    <method> <game> <size> <permutations or 0> <seconds> <max abs error vs closed form>

Called by `scripts/bench-shapley.sh` with the venv that has pyDVL installed.
"""
import sys
import time
import warnings

import numpy as np
from pydvl.valuation import (
    DeterministicUniformSampler,
    MaxSamples,
    NoStopping,
    PermutationSampler,
    ShapleyValuation,
)
from pydvl.valuation.games import ShoesGame, SymmetricVotingGame

warnings.filterwarnings("ignore")


def run(game, sampler, stopping):
    valuation = ShapleyValuation(game.u, sampler=sampler, is_done=stopping, progress=False)
    start = time.perf_counter()
    valuation.fit(game.data)
    seconds = time.perf_counter() - start
    exact = game.shapley_values().values
    error = float(np.max(np.abs(valuation.result.values - exact)))
    return seconds, error


def exact(game, label, size):
    sampler = DeterministicUniformSampler()
    seconds, error = run(game, sampler, NoStopping(sampler))
    print(f"exact {label} {size} 0 {seconds:.6f} {error:.6g}", flush=True)


def permutations(game, label, size, count, seed):
    sampler = PermutationSampler(seed=seed)
    seconds, error = run(game, sampler, MaxSamples(sampler, count))
    print(f"permutation {label} {size} {count} {seconds:.6f} {error:.6g}", flush=True)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    for n in (6, 8, 10, 12):
        exact(SymmetricVotingGame(n), "SymmetricVotingGame", n)
    for half in (2, 3, 4, 5):
        exact(ShoesGame(half, half), "ShoesGame", 2 * half)
    for half in (5, 10, 25):
        permutations(ShoesGame(half, half), "ShoesGame", 2 * half, count, seed=42)
