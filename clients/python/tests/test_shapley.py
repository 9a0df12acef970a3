"""Off-chain Shapley maths (properties checked with hypothesis) and the scoring pallet's
commit format."""

import itertools
from math import factorial

from hypothesis import given, strategies as st

from attrib.chain import compact
from attrib.shapley import encode_exact_reveal, members, round_commitment, shapley_values, shares_perbill

tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda n: st.lists(st.integers(-10**6, 10**6), min_size=1 << n, max_size=1 << n)
)


def by_permutations(table):
    """Shapley values by averaging marginal contributions over every ordering."""
    n = len(table).bit_length() - 1
    values = [0.0] * n
    for order in itertools.permutations(range(n)):
        mask = 0
        for player in order:
            values[player] += table[mask | 1 << player] - table[mask]
            mask |= 1 << player
    return [v / factorial(n) for v in values]


def test_the_glove_game():
    # Player 0 holds the left glove, players 1 and 2 a right one each; a pair is worth 1.
    table = [0, 0, 0, 1, 0, 1, 0, 1]
    assert [round(v, 9) for v in shapley_values(table)] == [round(2 / 3, 9), round(1 / 6, 9), round(1 / 6, 9)]


@given(tables)
def test_efficiency_values_add_up_to_the_grand_coalition(table):
    assert abs(sum(shapley_values(table)) - (table[-1] - table[0])) < 1e-6 * max(1, max(map(abs, table)))


@given(tables)
def test_the_subset_formula_equals_the_permutation_definition(table):
    for a, b in zip(shapley_values(table), by_permutations(table)):
        assert abs(a - b) < 1e-6


@given(tables)
def test_shares_are_non_negative_and_whole(table):
    shares = shares_perbill(shapley_values(table))
    assert all(s >= 0 for s in shares)
    assert sum(shares) == 0 or abs(sum(shares) - 1e9) < 1e-3


def test_members_reads_bitmasks_in_player_order():
    assert members(0b101, 3) == [0, 2]
    assert members(0, 3) == []


@given(st.integers(0, 2**40))
def test_compact_encoding_matches_scale(value):
    encoded = compact(value)
    mode = encoded[0] & 3
    if mode == 0:
        assert encoded[0] >> 2 == value and value < 64
    elif mode in (1, 2):
        assert int.from_bytes(encoded, "little") >> 2 == value
    else:
        assert int.from_bytes(encoded[1:], "little") == value and len(encoded) - 1 == (encoded[0] >> 2) + 4


def test_the_reveal_and_commitment_have_the_pallets_layout():
    # Reveal::Exact is variant 0, then a compact length and i64 little-endian values.
    assert encode_exact_reveal([1, -1]) == bytes([0, 8]) + (1).to_bytes(8, "little") + (-1).to_bytes(8, "little", signed=True)
    a = round_commitment(3, bytes(32), [0, 5], bytes([1]) * 32)
    assert a != round_commitment(4, bytes(32), [0, 5], bytes([1]) * 32)
    assert a != round_commitment(3, bytes(32), [0, 6], bytes([1]) * 32)
    assert len(a) == 32
