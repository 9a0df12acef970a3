"""Off-chain scoring for evaluators: the utility of every coalition, exact Shapley values, and
the commit-reveal messages the scoring pallet (the evaluation engine) expects, for an exact
Shapley round and for a measurement (one value, e.g. a reward pool's benchmark result).

The chain chooses a Shapley round's players: every active contribution of the project when
the round opens, in id order (`Chain.round_players`). Coalitions are bitmasks over those
players in that order (bit `i` set: player `i` is in the coalition), the order the chain reads
a revealed table in. The round is `Exact` (a `2^n` table) with at most `MaxExactPlayers` (10)
players, `Sampled` above; `exact_round` plays exact rounds only.
"""

from __future__ import annotations

import os
from math import factorial
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence

from .chain import blake2_256, compact, variant
from .errors import AttribError, NotFound

#: Utility of a coalition, given as the players' indices; the chain takes integers (e.g.
#: accuracy in parts per million).
Utility = Callable[[Sequence[int]], int]

#: Utility of a coalition given as the contribution ids of its players.
ContributionUtility = Callable[[Sequence[int]], int]

#: `Reveal`'s SCALE variant indices.
EXACT, SAMPLED, VALUE = 0, 1, 2


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


def _i64(value: int) -> bytes:
    """SCALE encoding of an `i64`."""
    try:
        return int(value).to_bytes(8, "little", signed=True)
    except OverflowError:
        raise ValueError(f"{value} does not fit an i64") from None


def encode_exact_reveal(table: Sequence[int]) -> bytes:
    """SCALE encoding of `Reveal::Exact(table)`."""
    return bytes([EXACT]) + compact(len(table)) + b"".join(_i64(v) for v in table)


def encode_value_reveal(value: int) -> bytes:
    """SCALE encoding of `Reveal::Value(value)`: a measurement's reveal."""
    return bytes([VALUE]) + _i64(value)


def commitment(round: int, evaluator_public_key: bytes, reveal: bytes, salt: bytes) -> bytes:
    """What an evaluator commits to: `blake2_256((round, evaluator, reveal, salt).encode())`,
    `reveal` being the SCALE-encoded `Reveal`."""
    if len(salt) != 32 or len(evaluator_public_key) != 32:
        raise ValueError("the salt and the evaluator's public key are 32 bytes each")
    return blake2_256(round.to_bytes(8, "little") + bytes(evaluator_public_key) + reveal + salt)


def round_commitment(round: int, evaluator_public_key: bytes, table: Sequence[int], salt: bytes) -> bytes:
    """The commitment to an exact round's utility `table`."""
    return commitment(round, evaluator_public_key, encode_exact_reveal(table), salt)


def measurement_commitment(round: int, account_id_bytes: bytes, value: int, salt: bytes) -> bytes:
    """The commitment to a measurement's `value` (`round` is the measurement id)."""
    return commitment(round, account_id_bytes, encode_value_reveal(value), salt)


def new_salt() -> bytes:
    """A fresh random salt (keep it until the reveal)."""
    return os.urandom(32)


class ExactRound(NamedTuple):
    """A finished exact round: its players in the chain's order, the table committed over
    them, and the snapshot version it became (None when a later round superseded it)."""

    players: List[int]
    table: List[int]
    version: Optional[int]


def _commit_reveal(chain, evaluators, round: int, reveal_bytes: bytes, reveal_arg, log) -> Dict:
    """Once `round`'s committee is drawn, every one of `evaluators` on it commits
    `reveal_bytes` (each seat assigns the terms' stake per seat) and reveals it (`reveal_arg`,
    the call argument) after the commit period; then the round is aggregated after the reveal
    period. Evaluators the chain did not draw are left out (at least one must be drawn).
    Returns the aggregation event's attributes."""
    if chain.round_record(round) is None:
        raise AttribError(f"round {round} is not open on chain")
    log(f"round {round}: waiting for its committee (drawn two relay epochs after the request)")
    try:
        record = chain.wait_drawn(round)
    except NotFound as error:
        raise AttribError(str(error)) from None
    seats = {e.ss58_address: chain.seats(round, e.ss58_address) for e in evaluators}
    drawn = [e for e in evaluators if seats[e.ss58_address] > 0]
    if not drawn:
        raise AttribError(f"none of the {len(evaluators)} evaluators given was drawn to round {round}'s committee")
    salts = {e.ss58_address: new_salt() for e in drawn}
    for evaluator in drawn:
        digest = commitment(round, evaluator.public_key, reveal_bytes, salts[evaluator.ss58_address])
        chain.submit("Scoring", "commit", {"round": round, "hash": "0x" + digest.hex()}, evaluator)
    held = ", ".join(f"{seats[e.ss58_address]}" for e in drawn)
    log(f"round {round}: {len(drawn)} of {len(evaluators)} evaluators drawn (seats {held}) committed; reveal after block {record['commit_end']}")
    chain.wait_past(int(record["commit_end"]))
    for evaluator in drawn:
        chain.submit(
            "Scoring",
            "reveal",
            {"round": round, "reveal": reveal_arg, "salt": "0x" + salts[evaluator.ss58_address].hex()},
            evaluator,
        )
    log(f"round {round}: revealed; aggregating after block {record['reveal_end']}")
    chain.wait_past(int(record["reveal_end"]))
    receipt = chain.submit("Scoring", "aggregate", {"round": round}, evaluators[0])
    failed = receipt.events_named("Scoring", "RoundFailed")
    if failed:
        reason, _ = variant(failed[0]["reason"])
        raise AttribError(f"round {round} failed: {reason} ({failed[0]['reveals']} reveals)")
    kind, _ = variant(record["kind"])
    name = "MeasurementAggregated" if kind == "Measurement" else "RoundAggregated"
    aggregated = receipt.event("Scoring", name)
    log(f"round {round}: aggregated; final after the dispute window (block {aggregated['dispute_end']})")
    return aggregated


def exact_round(chain, evaluators, round: int, utility: ContributionUtility, log=print) -> ExactRound:
    """Plays exact Shapley round `round` to its snapshot: reads the round's players from
    chain (in the chain's order), computes `utility` (of a coalition given as contribution
    ids) for every coalition of them, and every evaluator (a keypair) the chain drew to the
    round's committee commits that table, then reveals it after the commit period; then it is
    aggregated after the reveal period and finalized after the dispute window. Blocks until
    the snapshot is final.

    `utility` is called `2^n` times before the first commitment, inside the commit period:
    pass one that looks up values measured beforehand when they are slow to compute."""
    players = chain.round_players(round)
    method, _ = variant(variant(chain.round_record(round)["kind"])[1]["method"])
    if method != "Exact":
        raise AttribError(f"round {round} is {method} ({len(players)} players): exact_round plays exact rounds only")
    table = utility_table(len(players), lambda coalition: utility([players[i] for i in coalition]))
    aggregated = _commit_reveal(
        chain,
        evaluators,
        round,
        encode_exact_reveal(table),
        {"Exact": [[int(v) for v in table]]},  # a `BoundedVec` is a one-field composite: a 1-tuple
        log,
    )
    chain.wait_past(int(aggregated["dispute_end"]))
    receipt = chain.submit("Scoring", "finalize", {"round": round}, evaluators[0])
    final = receipt.events_named("Scoring", "SnapshotFinalized")
    return ExactRound(players, table, int(final[0]["version"]) if final else None)


def measurement_round(chain, evaluators, measurement: int, value: int, log=print) -> int:
    """Every evaluator (a keypair) drawn to its committee commits `value` to measurement
    `measurement` (its id comes
    from the `Scoring.MeasurementRequested` event, or `Chain.report_measurement(pool)`),
    reveals it after the commit period, and the measurement is aggregated after the reveal
    period; then this waits out the dispute window. Returns the aggregated median. Its
    requester takes the final outcome (for a reward pool: `Payouts.conclude_report`, which
    finalizes the measurement)."""
    aggregated = _commit_reveal(
        chain, evaluators, measurement, encode_value_reveal(value), {"Value": int(value)}, log
    )
    chain.wait_past(int(aggregated["dispute_end"]))
    return int(aggregated["median"])
