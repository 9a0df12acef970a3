"""`attrib.flower.AttributedStrategy` on the dev node (issue 27), with Flower messages built by
hand around a real `FedAvg`. Two clients, each its own account that made the coordinator its
`Registry` proxy and signs its updates (`sign_reply`). Each round registers the signed updates
as `FederatedUpdate`s of the round's global model in the clients' names and the aggregate
(FedAvg's weighted mean of exactly those updates) as the next global model; replies nobody can
be credited for (no account, a signature by another key, a node's second reply) are left out of
both; round 1 opens a scoring round over its updates."""

from __future__ import annotations

import os
import time

import numpy as np
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, Metadata, MessageType, MetricRecord, RecordDict
from flwr.serverapp.strategy import FedAvg
from safetensors.numpy import load_file

from attrib import Chain, keypair
from attrib.chain import UNIT
from attrib.flower import AttributedStrategy, ScoreRounds, sign_reply
from attrib.repo import Repository


def _record(arrays: dict) -> ArrayRecord:
    """An ArrayRecord holding numpy arrays by name."""
    return ArrayRecord({name: Array(value) for name, value in arrays.items()})


def _metadata(src: int, dst: int) -> Metadata:
    return Metadata(
        run_id=1, message_id=f"m-{src}-{dst}-{time.time_ns()}", src_node_id=src, dst_node_id=dst, reply_to_message_id="",
        group_id="1", created_at=time.time(), ttl=43200, message_type=MessageType.TRAIN,
    )


def _reply(node: int, arrays: dict, examples: int, key=None, instruction=None) -> Message:
    record = _record(arrays)
    content = RecordDict({"arrays": record, "metrics": MetricRecord({"num-examples": examples, "loss": 0.5})})
    if key is not None:
        content["attrib"] = sign_reply(key, instruction, record)
    return Message(content, metadata=_metadata(node, 0))


class HandBuilt(FedAvg):
    """FedAvg whose configure_train sends one hand-built instruction (no running Flower app)."""

    def configure_train(self, server_round, arrays, config, grid):
        return [Message(RecordDict({"arrays": arrays, "config": config}), metadata=_metadata(0, 11))]


def _weights(value: float, bias: float = 1.0) -> dict:
    return {"w": np.full((2, 2), value, np.float32), "b": np.full(2, bias, np.float32)}


def test_rounds_are_registered_in_the_clients_names(tmp_path, dev_node, monkeypatch):
    monkeypatch.chdir(tmp_path)
    coordinator = Chain(dev_node.url, "//Eve")
    tag = os.urandom(4).hex()
    keys, clients = {}, {}
    for node in (11, 22, 44):
        key = keypair(f"//Charlie//flower-{tag}-{node}")
        coordinator.submit("Balances", "transfer_keep_alive", {"dest": key.ss58_address, "value": 100 * UNIT})
        Chain(dev_node.url).add_proxy(coordinator.signer.ss58_address, "Registry", signer=key)
        keys[node], clients[node] = key, key.ss58_address
    project = coordinator.create_project(f"flower run {tag}")
    repo = Repository.init(tmp_path, dev_node.url, project, "//Eve")
    rounds = {}

    def round_project(server_round: int) -> int:
        rounds[server_round] = coordinator.create_project(f"flower run {tag}, round {server_round}")
        return rounds[server_round]

    evaluation = tmp_path / "holdout.csv"
    evaluation.write_text("x,y\n1,2\n")
    logged = []
    strategy = AttributedStrategy(
        HandBuilt(), clients, tmp_path / "flower", updates_project=round_project,
        score_rounds=ScoreRounds(metric=1, evaluation_set=evaluation), repo=repo, chain=coordinator, log=logged.append,
    )
    [instruction] = strategy.configure_train(1, _record(_weights(1.0, 0.0)), ConfigRecord({}), grid=None)
    round_zero = strategy.global_model
    assert coordinator.contribution(round_zero)["kind"] == "ModelCheckpoint"
    terms = instruction.content["attrib"]
    assert terms["global-model"] == round_zero and terms["round"] == "federated round 1"

    replies = [
        _reply(11, _weights(2.0), 10, keys[11], instruction),
        _reply(22, _weights(6.0, 5.0), 30, keys[22], instruction),
        _reply(22, _weights(50.0), 30, keys[22], instruction),  # a second reply: left out
        _reply(33, _weights(0.0), 10),  # no account: left out
        _reply(44, _weights(9.0), 10, keys[11], instruction),  # signed by another client's key
    ]
    aggregated, metrics = strategy.aggregate_train(1, replies)
    for reason in ("node 22 replied twice", "node 33 has no account", "node 44 sent no valid signature"):
        assert any(reason in line for line in logged), (reason, logged)
    updates = strategy.updates[1]
    assert len(updates) == 2
    for update, node in zip(updates, (11, 22)):
        record = coordinator.contribution(update.id)
        assert record["kind"] == "FederatedUpdate" and record["parents"] == [round_zero]
        assert record["registrar"] == clients[node] and [a["account"] for a in record["authors"]] == [clients[node]]
        assert record["project"] == rounds[1]
    model = strategy.models[1]
    assert coordinator.contribution(model.id)["parents"] == [round_zero, *[u.id for u in updates]]
    # The registered global model is FedAvg's weighted mean of the two credited updates (10:30).
    saved = load_file(str(tmp_path / "flower" / "round-1" / "global.safetensors"))
    np.testing.assert_array_equal(saved["w"], aggregated["w"].numpy())
    np.testing.assert_allclose(saved["w"], np.full((2, 2), (2 * 10 + 6 * 30) / 40, np.float32))
    assert coordinator.round_players(strategy.scoring_rounds[1]) == [u.id for u in updates]

    # Round 2 starts from round 1's aggregate: not registered again, the updates' parent.
    [instruction] = strategy.configure_train(2, aggregated, ConfigRecord({}), grid=None)
    assert strategy.global_model == model.id and instruction.content["attrib"]["global-model"] == model.id
    # A signature of round 1 does not carry over to round 2.
    stale = _reply(11, _weights(3.0), 10)
    stale.content["attrib"] = replies[0].content["attrib"]
    strategy.aggregate_train(2, [stale, _reply(22, _weights(5.0), 10, keys[22], instruction)])
    assert any("round 2: node 11 sent no valid signature" in line for line in logged)
    [second] = strategy.updates[2]
    assert coordinator.contribution(second.id)["parents"] == [model.id]
    # One credited update: the aggregate is that update's content, registered once, the next model.
    assert strategy.global_model == second.id and 2 not in strategy.models
    assert any(f"the aggregated model is contribution {second.id}" in line for line in logged)
