"""`attrib.flower.AttributedStrategy` on the dev node (issue 27), with Flower messages built by
hand around a real `FedAvg`: two clients, each its own account that made the coordinator its
`Registry` proxy, and a third node without an account. Each round registers the clients'
updates as `FederatedUpdate`s of the round's global model, in the clients' names, and the
aggregated model (FedAvg's weighted mean, byte for byte) as the next global model; round 1
opens a scoring round over its updates."""

from __future__ import annotations

import os
import time

import numpy as np
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, Metadata, MessageType, MetricRecord, RecordDict
from flwr.serverapp.strategy import FedAvg
from safetensors.numpy import load_file

from attrib import Chain, keypair
from attrib.chain import UNIT
from attrib.flower import AttributedStrategy, ScoreRounds
from attrib.repo import Repository


def _record(arrays: dict) -> ArrayRecord:
    """An ArrayRecord holding numpy arrays by name."""
    return ArrayRecord({name: Array(value) for name, value in arrays.items()})


def _reply(node: int, arrays: dict, examples: int) -> Message:
    metadata = Metadata(
        run_id=1, message_id=f"reply-{node}-{time.time_ns()}", src_node_id=node, dst_node_id=0, reply_to_message_id="",
        group_id="1", created_at=time.time(), ttl=43200, message_type=MessageType.TRAIN,
    )
    content = RecordDict({"arrays": _record(arrays), "metrics": MetricRecord({"num-examples": examples, "loss": 0.5})})
    return Message(content, metadata=metadata)


class NoSampling(FedAvg):
    """FedAvg whose configure_train sends nothing: the replies are built by the test."""

    def configure_train(self, server_round, arrays, config, grid):
        return []


def test_rounds_are_registered_in_the_clients_names(tmp_path, dev_node, monkeypatch):
    monkeypatch.chdir(tmp_path)
    coordinator = Chain(dev_node.url, "//Eve")
    tag = os.urandom(4).hex()
    clients = {}
    for node in (11, 22):
        uri = f"//Charlie//flower-{tag}-{node}"
        key = keypair(uri)
        coordinator.submit("Balances", "transfer_keep_alive", {"dest": key.ss58_address, "value": 100 * UNIT})
        Chain(dev_node.url).add_proxy(coordinator.signer.ss58_address, "Registry", signer=key)
        clients[node] = key.ss58_address
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
        NoSampling(), clients, tmp_path / "flower", updates_project=round_project,
        score_rounds=ScoreRounds(metric=1, evaluation_set=evaluation), repo=repo, chain=coordinator, log=logged.append,
    )
    initial = {"w": np.ones((2, 2), dtype=np.float32), "b": np.zeros(2, dtype=np.float32)}
    assert list(strategy.configure_train(1, _record(initial), ConfigRecord({}), grid=None)) == []
    round_zero = strategy.global_model
    assert coordinator.contribution(round_zero)["kind"] == "ModelCheckpoint"

    replies = [
        _reply(11, {"w": np.full((2, 2), 2.0, np.float32), "b": np.ones(2, np.float32)}, 10),
        _reply(22, {"w": np.full((2, 2), 6.0, np.float32), "b": np.full(2, 5.0, np.float32)}, 30),
        _reply(33, {"w": np.zeros((2, 2), np.float32), "b": np.zeros(2, np.float32)}, 10),
    ]
    aggregated, metrics = strategy.aggregate_train(1, replies)
    updates = strategy.updates[1]
    assert len(updates) == 2 and any("node 33 has no account" in line for line in logged)
    for update, node in zip(updates, (11, 22)):
        record = coordinator.contribution(update.id)
        assert record["kind"] == "FederatedUpdate" and record["parents"] == [round_zero]
        assert record["registrar"] == clients[node] and [a["account"] for a in record["authors"]] == [clients[node]]
        assert record["project"] == rounds[1]
    model = strategy.models[1]
    record = coordinator.contribution(model.id)
    assert record["parents"] == [round_zero, *[u.id for u in updates]]
    # The registered global model is FedAvg's weighted mean of all three replies (30:10:10).
    saved = load_file(str(tmp_path / "flower" / "round-1" / "global.safetensors"))
    np.testing.assert_array_equal(saved["w"], aggregated["w"].numpy())
    np.testing.assert_allclose(saved["w"], np.full((2, 2), (2 * 10 + 6 * 30 + 0 * 10) / 50, np.float32))
    # Round 1's updates are scored by a round of their own project.
    scoring = strategy.scoring_rounds[1]
    assert coordinator.round_players(scoring) == [u.id for u in updates]

    # Round 2 starts from round 1's aggregate: not registered again, the updates' parent.
    assert list(strategy.configure_train(2, aggregated, ConfigRecord({}), grid=None)) == []
    assert strategy.global_model == model.id
    strategy.aggregate_train(2, [
        _reply(11, {"w": np.full((2, 2), 3.0, np.float32), "b": np.ones(2, np.float32)}, 10),
        _reply(22, {"w": np.full((2, 2), 5.0, np.float32), "b": np.ones(2, np.float32)}, 10),
    ])
    second = strategy.updates[2]
    assert all(coordinator.contribution(u.id)["parents"] == [model.id] for u in second)
    assert coordinator.contribution(strategy.models[2].id)["parents"] == [model.id, *[u.id for u in second]]

    # A lone client's round: the aggregate is its update, registered once; it is the next model.
    assert list(strategy.configure_train(3, aggregated, ConfigRecord({}), grid=None)) == []
    strategy.aggregate_train(3, [_reply(22, {"w": np.full((2, 2), 9.0, np.float32), "b": np.ones(2, np.float32)}, 10)])
    [lone] = strategy.updates[3]
    assert strategy.global_model == lone.id and 3 not in strategy.models
    assert any(f"the aggregated model is contribution {lone.id}" in line for line in logged)
