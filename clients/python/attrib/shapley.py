"""Off-chain scoring for evaluators: the utility of every coalition, exact Shapley values, and
the commit-reveal messages the scoring pallet expects for an exact round.

Coalitions are bitmasks over the round's players in the order the round lists them (bit `i`
set: player `i` is in the coalition), the order the chain reads a revealed table in.
"""

from __future__ import annotations

import os
from math import factorial
from typing import Callable, List, Sequence

from .chain import blake2_256, compact

#: Utility of a coalition, given as the players' indices; the chain takes integers (e.g.
#: accuracy in parts per million).
Utility = Callable[[Sequence[int]], int]


def members(mask: int, players: int) -> List[int]:
    """The player indices in a coalition bitmask."""
    return [i for i in range(players) if mask >> i & 1]


def utility_table(players: int, utility: Utility, on_coalition=None) -> List[int]:
    """`utility` of all `2^players` coalitions in bitmask order."""
    table = []
    for mask in range(1 << players):
        table.append(int(utility(members(mask, players))))
        if on_coalition is not None:
            on_coalition(mask)
    return table


def shapley_values(table: Sequence[int]) -> List[float]:
    """Exact Shapley values from a table of `2^n` coalition utilities."""
    n = len(table).bit_length() - 1
    if len(table) != 1 << n:
        raise ValueError(f"a table has 2^n entries, not {len(table)}")
    weights = [factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)]
    values = [0.0] * n
    for mask in range(1 << n):
        size = bin(mask).count("1")
        for i in range(n):
            if not mask >> i & 1:
                values[i] += weights[size] * (table[mask | 1 << i] - table[mask])
    return values


def shares_perbill(values: Sequence[float]) -> List[float]:
    """Shapley values as shares of one billion (negative values count as zero), as the chain
    normalises them before rounding."""
    positive = [max(v, 0.0) for v in values]
    total = sum(positive)
    return [1e9 * v / total if total else 0.0 for v in positive]


def encode_exact_reveal(table: Sequence[int]) -> bytes:
    """SCALE encoding of `Reveal::Exact(table)`."""
    return b"\x00" + compact(len(table)) + b"".join(int(v).to_bytes(8, "little", signed=True) for v in table)


def round_commitment(round: int, evaluator_public_key: bytes, table: Sequence[int], salt: bytes) -> bytes:
    """What an evaluator commits to: `blake2_256((round, evaluator, reveal, salt).encode())`."""
    if len(salt) != 32 or len(evaluator_public_key) != 32:
        raise ValueError("the salt and the evaluator's public key are 32 bytes each")
    return blake2_256(
        round.to_bytes(8, "little") + evaluator_public_key + encode_exact_reveal(table) + salt
    )


def new_salt() -> bytes:
    """A fresh random salt (keep it until the reveal)."""
    return os.urandom(32)


def exact_round(chain, evaluators, round: int, table: Sequence[int], log=print) -> None:
    """Every evaluator (a keypair) commits `table` to `round`, then reveals it after the commit
    period; then anyone aggregates after the reveal period and finalizes after the dispute
    window. Blocks until the round's snapshot is final."""
    salts = {e.ss58_address: new_salt() for e in evaluators}
    opened = chain.round(round)
    for evaluator in evaluators:
        digest = round_commitment(round, evaluator.public_key, table, salts[evaluator.ss58_address])
        chain.submit("Scoring", "commit", {"round": round, "hash": "0x" + digest.hex()}, evaluator)
    log(f"round {round}: {len(evaluators)} commitments; reveal after block {opened['commitEnd']}")
    chain.wait_past(opened["commitEnd"])
    for evaluator in evaluators:
        chain.submit(
            "Scoring",
            "reveal",
            {
                "round": round,
                "reveal": {"Exact": [[int(v) for v in table]]},  # one unnamed field: a 1-tuple
                "salt": "0x" + salts[evaluator.ss58_address].hex(),
            },
            evaluator,
        )
    log(f"round {round}: revealed; aggregating after block {opened['revealEnd']}")
    chain.wait_past(opened["revealEnd"])
    chain.submit("Scoring", "aggregate", {"round": round}, evaluators[0])
    dispute_end = chain.round(round)["phase"]["aggregated"]["disputeEnd"]
    log(f"round {round}: aggregated; final after the dispute window (block {dispute_end})")
    chain.wait_past(dispute_end)
    chain.submit("Scoring", "finalize", {"round": round}, evaluators[0])
