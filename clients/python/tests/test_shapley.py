"""Off-chain Shapley maths (properties checked with hypothesis), the scoring pallet's commit
format for rounds and measurements (known answers, and an independent SCALE encoder), and the
commit-reveal flow of `exact_round` and `measurement_round` against a scripted chain."""

import hashlib
import itertools
from math import factorial

import pytest
from hypothesis import given, settings, strategies as st

from attrib.chain import UNIT, Receipt, account_hex, compact, variant
from attrib.errors import AttribError
from attrib.shapley import (
    commitment,
    encode_exact_reveal,
    encode_value_reveal,
    exact_round,
    measurement_commitment,
    measurement_round,
    members,
    round_commitment,
    shapley_values,
    shares_perbill,
)

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


# The SCALE specification's compact examples (0, 1, 42, 69, 65535, 100000000000000), and
# each mode's edges.
COMPACT_VECTORS = [
    (0, "00"), (1, "04"), (42, "a8"), (63, "fc"), (64, "0101"), (69, "1501"), (16383, "fdff"),
    (16384, "02000100"), (65535, "feff0300"), (2**30 - 1, "feffffff"), (2**30, "0300000040"),
    (2**32 - 1, "03ffffffff"), (2**32, "070000000001"), (100000000000000, "0b00407a10f35a"),
]


@pytest.mark.parametrize("value, encoded", COMPACT_VECTORS)
def test_compact_encoding_gives_the_scale_specifications_bytes(value, encoded):
    assert compact(value).hex() == encoded


@pytest.fixture(scope="module")
def scale_registry():
    """scalecodec's type registry (slow to build: once for the module)."""
    from scalecodec.base import RuntimeConfigurationObject
    from scalecodec.type_registry import load_type_registry_preset

    registry = RuntimeConfigurationObject()
    registry.update_type_registry(load_type_registry_preset("core"))
    return registry


@settings(deadline=None)
@given(value=st.integers(0, 2**128 - 1))
def test_compact_encoding_matches_an_independent_scale_encoder(scale_registry, value):
    assert compact(value) == bytes(scale_registry.create_scale_object("Compact<u128>").encode(value).data)


def test_the_reveal_and_commitment_have_the_pallets_layout():
    # Reveal::Exact is variant 0, then a compact length and i64 little-endian values.
    assert encode_exact_reveal([1, -1]) == bytes([0, 8]) + (1).to_bytes(8, "little") + (-1).to_bytes(8, "little", signed=True)
    a = round_commitment(3, bytes(32), [0, 5], bytes([1]) * 32)
    assert a != round_commitment(4, bytes(32), [0, 5], bytes([1]) * 32)
    assert a != round_commitment(3, bytes(32), [0, 6], bytes([1]) * 32)
    assert len(a) == 32


def test_the_value_reveal_is_variant_two_then_an_i64():
    assert encode_value_reveal(-5) == b"\x02" + (-5).to_bytes(8, "little", signed=True)
    assert encode_value_reveal(-5) == b"\x02\xfb\xff\xff\xff\xff\xff\xff\xff"
    assert encode_value_reveal(900_000) == b"\x02\xa0\xbb\x0d\x00\x00\x00\x00\x00"
    assert encode_value_reveal(2**63 - 1) == b"\x02" + b"\xff" * 7 + b"\x7f"
    with pytest.raises(ValueError, match="does not fit an i64"):
        encode_value_reveal(2**63)


def test_commitments_hash_round_account_reveal_and_salt():
    account, salt = bytes(range(32)), b"\x11" * 32
    preimage = (7).to_bytes(8, "little") + account + b"\x02" + (-5).to_bytes(8, "little", signed=True) + salt
    digest = measurement_commitment(7, account, -5, salt)
    assert digest == hashlib.blake2b(preimage, digest_size=32).digest()
    assert digest.hex() == "d24e5289a2efcd44c6b86417f000c3f831300d889e1e84f23a886bfccd00ab15"
    assert digest == commitment(7, account, encode_value_reveal(-5), salt)
    assert digest != measurement_commitment(8, account, -5, salt)
    assert digest != measurement_commitment(7, account, -4, salt)
    # A round's commitment is the same hash over Reveal::Exact.
    exact = round_commitment(3, bytes(32), [0, 5], b"\x01" * 32)
    assert exact.hex() == "e395c40cdf08629881daa5a9a5a8004d83f6a730a3930312a7e412886fc68acd"
    with pytest.raises(ValueError):
        measurement_commitment(7, account[:31], -5, salt)


def test_reveals_match_an_independent_scale_encoder():
    from scalecodec.base import RuntimeConfigurationObject
    from scalecodec.type_registry import load_type_registry_preset

    registry = RuntimeConfigurationObject()
    registry.update_type_registry(load_type_registry_preset("core"))
    registry.update_type_registry({"types": {
        "TestSampled": {"type": "struct", "type_mapping": [["values", "Vec<i64>"], ["coalitions_root", "H256"]]},
        "TestReveal": {"type": "enum", "type_mapping": [["Exact", "Vec<i64>"], ["Sampled", "TestSampled"], ["Value", "i64"]]},
    }})

    def scale(type_string, value):
        return bytes(registry.create_scale_object(type_string).encode(value).data)

    for value in (0, -5, 1, -(2**63), 2**63 - 1):
        assert encode_value_reveal(value) == scale("TestReveal", {"Value": value})
    assert encode_exact_reveal([3, -1, 0, 7]) == scale("TestReveal", {"Exact": [3, -1, 0, 7]})
    account, salt = bytes(range(32)), b"\x22" * 32
    preimage = scale("(u64, [u8; 32], TestReveal, [u8; 32])", (9, "0x" + account.hex(), {"Value": 42}, "0x" + salt.hex()))
    assert measurement_commitment(9, account, 42, salt) == hashlib.blake2b(preimage, digest_size=32).digest()


def test_enums_read_as_substrate_interface_decodes_them():
    assert variant("Open") == ("Open", None)
    assert variant({"Value": 5}) == ("Value", 5)
    assert variant({"Score": {"players": [4, 2]}}) == ("Score", {"players": [4, 2]})
    with pytest.raises(ValueError):
        variant({"a": 1, "b": 2})
    alice = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
    assert account_hex("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY") == alice
    assert account_hex("0x" + alice.upper()) == alice == account_hex(bytes.fromhex(alice))


class Key:
    """A stand-in keypair."""

    def __init__(self, n):
        self.public_key = bytes([n]) * 32
        self.ss58_address = f"evaluator-{n}"


class ScriptedChain:
    """The chain calls `exact_round` and `measurement_round` make, answered from one round
    record (drawn at the first `wait_drawn`) and a committee; every submitted call is kept."""

    def __init__(self, kind, terms=None, seats=None):
        self.record = {
            "project": 1,
            "opener": "owner",
            "interested": None,
            "kind": kind,
            "terms": terms or {"committee": 31, "min_stake": 100 * UNIT},
            "commit_end": 0,
            "reveal_end": 0,
            "phase": {"Drawing": {"epoch": 4}},
        }
        self.committee = seats if seats is not None else {"evaluator-1": 11, "evaluator-2": 10, "evaluator-3": 10}
        self.calls = []
        self.waited = []
        self.drawn = 0

    def wait_drawn(self, round):
        self.drawn += 1
        self.record.update(phase="Open", commit_end=10, reveal_end=20)
        return self.record

    def seats(self, round, who):
        assert self.drawn, "seats are read once the committee is drawn"
        return self.committee.get(who, 0)

    def round_record(self, id):
        return self.record

    def round_players(self, id):
        return list(self.record["kind"]["Score"]["players"])

    def wait_past(self, block):
        self.waited.append(block)

    def submit(self, pallet, call, params, signer=None):
        self.calls.append((pallet, call, params, signer))
        events = []
        if call == "aggregate" and "Measurement" in self.record["kind"]:
            events = [("MeasurementAggregated", {"measurement": params["round"], "reveals": 3, "median": 900_123, "dispute_end": 30})]
        elif call == "aggregate":
            events = [("RoundAggregated", {"round": params["round"], "reveals": 3, "clipped": 0, "dispute_end": 30})]
        elif call == "finalize":
            events = [("SnapshotFinalized", {"project": 1, "version": 4, "round": params["round"]})]
        return Receipt("0x00", 1, [{"module_id": pallet, "event_id": name, "attributes": a} for name, a in events])

    def named(self, call):
        return [(params, signer) for _, c, params, signer in self.calls if c == call]


def test_an_exact_round_tables_the_chains_players_in_the_chains_order():
    chain = ScriptedChain({"Score": {"players": [12, 7], "method": "Exact", "utility": {}, "seed": "0x"}})
    evaluators = [Key(1), Key(2), Key(3)]
    # Contribution 12 is worth 10, contribution 7 worth 1: the table is over (12, 7) in that order.
    result = exact_round(chain, evaluators, 5, lambda ids: 10 * (12 in ids) + (7 in ids), log=lambda _: None)
    assert result.players == [12, 7] and result.table == [0, 10, 1, 11] and result.version == 4
    commits, reveals = chain.named("commit"), chain.named("reveal")
    assert [signer for _, signer in commits] == evaluators
    for (commit, key), (reveal, _) in zip(commits, reveals):
        assert set(commit) == {"round", "hash"} and commit["round"] == 5
        assert reveal["reveal"] == {"Exact": [[0, 10, 1, 11]]}
        salt = bytes.fromhex(reveal["salt"][2:])
        assert commit["hash"] == "0x" + round_commitment(5, key.public_key, [0, 10, 1, 11], salt).hex()
    assert [c for _, c, _, _ in chain.calls] == ["commit"] * 3 + ["reveal"] * 3 + ["aggregate", "finalize"]
    assert chain.drawn == 1 and chain.waited == [10, 20, 30]


def test_a_measurement_commits_and_reveals_one_value_from_the_drawn_evaluators_only():
    chain = ScriptedChain(
        {"Measurement": {"subject": 3, "metric": "0x", "evaluation_set": "0x"}},
        seats={"evaluator-1": 20, "evaluator-3": 11},
    )
    evaluators = [Key(1), Key(2), Key(3)]
    median = measurement_round(chain, evaluators, 8, 900_000, log=lambda _: None)
    assert median == 900_123
    commits = chain.named("commit")
    assert [signer for _, signer in commits] == [evaluators[0], evaluators[2]], "evaluator-2 was not drawn"
    for (commit, key), (reveal, _) in zip(commits, chain.named("reveal")):
        assert reveal["reveal"] == {"Value": 900_000}
        salt = bytes.fromhex(reveal["salt"][2:])
        assert commit["hash"] == "0x" + measurement_commitment(8, key.public_key, 900_000, salt).hex()
    assert chain.named("finalize") == [] and chain.waited == [10, 20, 30]


def test_nothing_is_sent_when_none_of_the_evaluators_was_drawn_or_the_round_is_sampled():
    chain = ScriptedChain({"Measurement": {"subject": 3}}, seats={"someone-else": 31})
    with pytest.raises(AttribError, match="none of the 3 evaluators given was drawn to round 8"):
        measurement_round(chain, [Key(1), Key(2), Key(3)], 8, 1, log=lambda _: None)
    sampled = ScriptedChain({"Score": {"players": list(range(11)), "method": {"Sampled": {"permutations": 1000}}}})
    with pytest.raises(AttribError, match="Sampled"):
        exact_round(sampled, [Key(1), Key(2), Key(3)], 1, lambda ids: 0, log=lambda _: None)
    assert chain.calls == [] and sampled.calls == []
