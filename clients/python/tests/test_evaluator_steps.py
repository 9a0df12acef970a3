"""The evaluator daemon's steps against a scripted chain (no node): it measures and saves its
plan before committing, reveals after the commit period, never commits twice across a restart,
refuses work it cannot finish in time, and checks local artifacts against their CIDs."""

from __future__ import annotations

import json

import pytest

from attrib.chain import Receipt
from attrib.cid import cid_of_bytes
from attrib.errors import AttribError
from attrib.evaluator import ArtifactSource, Evaluator, PlanStore, Plan, load_utility
from attrib.shapley import commitment, encode_exact_reveal

EVALUATION = cid_of_bytes(b"the evaluation set")


class Key:
    public_key = bytes([7]) * 32
    ss58_address = "evaluator-7"


class Substrate:
    def __init__(self, chain):
        self.chain = chain

    def get_chain_finalised_head(self):
        return "head"

    def get_block_number(self, _):
        return self.chain.finalized


class FakeChain:
    """One exact round of two players, its assignment following what was submitted."""

    def __init__(self, commit_end=20, reveal_end=40):
        self.best = self.finalized = 5
        self.commit_end, self.reveal_end = commit_end, reveal_end
        self.calls = []
        self.committed = self.revealed = False
        self.phase = {"Open": None}
        self.ended = False
        self.listed = True
        self.substrate = Substrate(self)

    def rpc(self, method, params):
        assert method == "attribution_assignments"
        if not self.listed:
            return {"assignments": []}
        return {"assignments": [{
            "round": 3, "project": 1, "measurement": False, "seats": 10, "committed": self.committed,
            "revealed": self.revealed, "commitEnd": self.commit_end, "revealEnd": self.reveal_end,
        }]}

    def round_record(self, id):
        if self.ended:
            return None
        return {"project": 1, "kind": {"Score": {"players": [11, 12], "method": "Exact",
                "utility": {"evaluation_set": "0x" + EVALUATION.to_bytes().hex()}}},
                "phase": self.phase, "reveal_end": self.reveal_end}

    def best_number(self):
        return self.best

    def contribution(self, id):
        raise AssertionError("the utility here reads no contribution")

    def submit(self, pallet, call, params, signer=None):
        self.calls.append((call, params))
        if call == "commit":
            self.committed = True
        if call == "reveal":
            self.revealed = True
        if call == "aggregate":
            self.phase = {"Aggregated": {"dispute_end": 50}}
        return Receipt("0x00", 1, [])


def utility(task):
    assert task.players == [11, 12] and task.evaluation_set == EVALUATION
    return lambda coalition: 100 * len(coalition) + (7 if 1 in coalition else 0)


def _evaluator(chain, tmp_path, log=None):
    return Evaluator(chain, Key(), utility, tmp_path / "state", ArtifactSource(), log=(log or (lambda _: None)))


def test_it_commits_its_saved_plan_then_reveals_after_the_commit_period(tmp_path):
    chain = FakeChain()
    evaluator = _evaluator(chain, tmp_path)
    evaluator.step()
    table = [0, 100, 107, 207]
    plan = PlanStore(tmp_path / "state" / Key.ss58_address).get(3)
    assert plan.reveal == {"Exact": [table]} and plan.committed
    expected = commitment(3, Key.public_key, encode_exact_reveal(table), bytes.fromhex(plan.salt))
    assert chain.calls == [("commit", {"round": 3, "hash": "0x" + expected.hex()})]
    evaluator.step()
    assert len(chain.calls) == 1, "no reveal before the commit period ends"
    chain.best = chain.finalized = 21
    evaluator.step()
    assert chain.calls[1] == ("reveal", {"round": 3, "reveal": {"Exact": [table]}, "salt": "0x" + plan.salt})


def test_a_restart_after_the_commitment_reveals_and_never_commits_again(tmp_path):
    chain = FakeChain()
    _evaluator(chain, tmp_path).step()
    salt = PlanStore(tmp_path / "state" / Key.ss58_address).get(3).salt
    restarted = _evaluator(chain, tmp_path)
    restarted.step()
    chain.best = chain.finalized = 21
    restarted.step()
    assert [c for c, _ in chain.calls] == ["commit", "reveal"]
    assert chain.calls[1][1]["salt"] == "0x" + salt


def test_a_plan_saved_but_not_included_is_committed_again_with_the_same_hash(tmp_path):
    chain = FakeChain()
    store = PlanStore(tmp_path / "state" / Key.ss58_address)
    table = [0, 100, 107, 207]
    store.save(Plan(3, {"Exact": [table]}, encode_exact_reveal(table).hex(), "ab" * 32))
    _evaluator(chain, tmp_path).step()
    expected = commitment(3, Key.public_key, encode_exact_reveal(table), bytes.fromhex("ab" * 32))
    assert chain.calls == [("commit", {"round": 3, "hash": "0x" + expected.hex()})]


def test_work_it_cannot_finish_in_time_is_refused_with_a_line(tmp_path):
    chain = FakeChain(commit_end=6)
    lines = []
    _evaluator(chain, tmp_path, lines.append).step()
    assert chain.calls == []
    assert any("too late to measure, refused" in line for line in lines), lines


def test_a_committed_round_without_a_plan_is_not_revealed_with_made_up_values(tmp_path):
    chain = FakeChain()
    chain.committed = True
    lines = []
    chain.best = chain.finalized = 21
    _evaluator(chain, tmp_path, lines.append).step()
    assert chain.calls == [] and any("no plan here to reveal" in line for line in lines)


def test_plans_are_written_atomically(tmp_path):
    store = PlanStore(tmp_path)
    store.save(Plan(9, {"Value": 5}, "02", "00" * 32))
    assert json.loads((tmp_path / "round-9.json").read_text())["reveal"] == {"Value": 5}
    assert not list(tmp_path.glob("*.tmp"))


def test_local_artifacts_are_checked_against_their_cids(tmp_path):
    good = tmp_path / str(EVALUATION)
    good.write_bytes(b"the evaluation set")
    assert ArtifactSource(tmp_path).get(EVALUATION) == good
    good.write_bytes(b"something else")
    with pytest.raises(AttribError, match="is not the content of"):
        ArtifactSource(tmp_path).get(EVALUATION)
    with pytest.raises(AttribError, match="no local copy"):
        ArtifactSource(tmp_path / "empty").get(cid_of_bytes(b"absent"))


def test_utilities_are_loaded_by_module_or_file(tmp_path):
    assert load_utility("attrib.utilities:knn_utility").__name__ == "knn_utility"
    script = tmp_path / "mine.py"
    script.write_text("def measure(task):\n    return 5\n")
    assert load_utility(f"{script}:measure")(None) == 5
    for bad in ("attrib.utilities", "attrib.utilities:nothing"):
        with pytest.raises(AttribError):
            load_utility(bad)


def test_it_aggregates_and_finalizes_the_rounds_it_revealed_in_even_once_unlisted(tmp_path):
    chain = FakeChain()
    evaluator = _evaluator(chain, tmp_path)
    evaluator.step()
    chain.best = chain.finalized = 21
    evaluator.step()
    chain.best = chain.finalized = 41
    evaluator.step()
    assert [c for c, _ in chain.calls] == ["commit", "reveal", "aggregate"]
    # Aggregated rounds leave the open work: the daemon finalizes them from its plans.
    chain.listed = False
    chain.best = chain.finalized = 51
    evaluator.step()
    assert [c for c, _ in chain.calls][-1] == "finalize"
    chain.ended = True
    evaluator.step()
    assert PlanStore(tmp_path / "state" / Key.ss58_address).get(3).settled
    calls = len(chain.calls)
    evaluator.step()
    assert len(chain.calls) == calls, "an ended round is left alone"
