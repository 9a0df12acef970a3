"""Evaluator access on the dev node (issue 25): a licensed dataset is served by its owner's
gateway to an evaluator drawn for a round that uses it only while the owner's setting allows it
and the assignment lasts; an evaluator not drawn for that round is refused, as is a block of
another artifact the round does not use, and one drawn for a stranger's round that names the
dataset as its evaluation set; the owner's `off` wins over its project's `on`."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request

import pytest

from attrib import Chain, keypair
from attrib.access import request_signer, sign_request
from attrib.blockstore import DiskBlockstore
from attrib.chain import MIN_EVALUATOR_STAKE, MIN_PERIOD, UNIT, evaluator_policy, licence_terms
from attrib.cid import CHUNK_SIZE, cid_of_bytes, cid_of_path
from attrib.gateway import FetchError, fetch
from attrib.serve import build_gateway, make_server
from conftest import open_scoring_round, register_dataset, run_attrib

LICENSED = licence_terms("LicenseRef-attrib-commercial", derivatives_allowed=False)


def _status(url: str, path: str, signer, genesis: str) -> tuple:
    origin = url.split("//", 1)[1]
    request = urllib.request.Request(url + path, headers=sign_request(signer, "GET", origin, path, genesis))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())["error"]


def _licensed(owner: Chain, project: int, path, kind: str) -> int:
    """Registers `path` under licensed terms and offers a licence of it: not open to anyone."""
    id, _ = owner.register_contribution(
        project, kind, cid_of_path(path).to_bytes(), [(owner.signer.ss58_address, 10**9)], licence=LICENSED
    )
    owner.submit(
        "Payouts",
        "offer_licence",
        {
            "contribution": id,
            "terms": {"price": UNIT, "duration": None, "seats": None, "commercial": True, "derivatives": False},
        },
    )
    return id


def _evaluator(funder: Chain, uri: str, stake: int):
    key = keypair(uri)
    funder.submit("Balances", "transfer_keep_alive", {"dest": key.ss58_address, "value": stake + 10 * UNIT})
    funder.ensure_evaluator(stake, key)
    return key


def _leave(chain: Chain, rounds, keys) -> None:
    """Takes this test's evaluators out of the draw: the rounds (nobody revealed) are
    aggregated once their reveal periods are over, then each unbonds, and the test waits until
    the stake tree has taken the change in (a later relay epoch)."""
    deadline = time.monotonic() + 240
    for round_id in rounds:
        while chain.round_record(round_id) is not None and "Open" in str(chain.round_record(round_id)["phase"]):
            try:
                chain.submit("Scoring", "aggregate", {"round": round_id})
            except Exception:  # the reveal period not over yet
                time.sleep(1)
            assert time.monotonic() < deadline, "the round did not end"
    for key in keys:
        while True:
            try:
                chain.submit("Scoring", "unbond", {}, key)
                break
            except Exception:  # busy until the round's stake is released
                assert time.monotonic() < deadline, "the evaluator could not unbond"
                time.sleep(1)
    for key in keys:
        while chain.storage("Scoring", "QueuedStakeChange", [key.ss58_address]) is not None:
            assert time.monotonic() < deadline, "the unbonding did not reach the draw"
            time.sleep(1)


def test_drawn_evaluators_get_licensed_data_only_where_the_owner_allows_it(tmp_path, dev_node, capsys):
    url = dev_node.url
    owner = Chain(url, "//Eve")
    funder = Chain(url, "//Alice")
    genesis = owner.genesis_hash()
    tag = os.urandom(4).hex()
    policy = evaluator_policy(committee=31, commit_period=MIN_PERIOD, reveal_period=MIN_PERIOD, dispute_period=MIN_PERIOD)
    project = owner.create_project(f"private data {tag}", LICENSED, 0, policy)
    data = tmp_path / "data.bin"
    data.write_bytes(os.urandom(CHUNK_SIZE + 5))
    dataset = _licensed(owner, project, data, "Dataset")
    # Another project of the same owner, open to drawn evaluators, that the round does not use.
    elsewhere = owner.create_project(f"other private data {tag}", LICENSED, 0, policy)
    other = tmp_path / "other.bin"
    other.write_bytes(os.urandom(CHUNK_SIZE + 7))
    _licensed(owner, elsewhere, other, "Dataset")
    owner.set_evaluator_access("project", elsewhere, True)
    evaluation = cid_of_bytes(b"evaluation set " + tag.encode())

    gateway = build_gateway(Chain(url), [data, other], report=lambda _: None, cache_seconds=0)
    server = make_server(gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    gateway_url = f"http://127.0.0.1:{server.server_address[1]}"
    drawn = late = None
    rounds = []
    try:
        # A stake far above the others' so that the draw seats it (it leaves the registry at the
        # end, so that later tests' committees are not drawn to a key nobody runs).
        drawn = _evaluator(funder, f"//Alice//drawn-{tag}", 1000 * MIN_EVALUATOR_STAKE)
        round_id = open_scoring_round(owner, project, evaluation)
        rounds.append(round_id)
        record = owner.wait_drawn(round_id)
        assert owner.seats(round_id, drawn.ss58_address) > 0, "the large stake was drawn"
        # Registered once the committee was drawn: an evaluator, but not on this round.
        late = _evaluator(funder, f"//Alice//late-{tag}", MIN_EVALUATOR_STAKE)
        assert owner.seats(round_id, late.ss58_address) == 0

        root = cid_of_path(data)
        path = f"/ipfs/{root}?format=raw"
        store = DiskBlockstore(tmp_path / "cache")

        # No setting: nobody without a licence, drawn or not.
        for key in (drawn, late):
            status, reason = _status(gateway_url, path, key, genesis)
            assert status == 403 and "is not drawn for open work" in reason, (status, reason)
        with pytest.raises(FetchError, match="HTTP 403"):
            fetch(root, tmp_path / "refused", [gateway_url], store, sign=request_signer(drawn, genesis))

        # The owner lets drawn evaluators get the dataset: the drawn one fetches it all, every
        # block checked; the one not drawn is still refused.
        owner.set_evaluator_access("contribution", dataset, True)
        fetch(root, tmp_path / "got", [gateway_url], store, sign=request_signer(drawn, genesis))
        assert (tmp_path / "got").read_bytes() == data.read_bytes()
        assert _status(gateway_url, path, late, genesis)[0] == 403

        # A block of another artifact whose owner allows drawn evaluators, but that this round
        # does not use: refused.
        other_leaf = cid_of_bytes(other.read_bytes()[:CHUNK_SIZE])
        status, reason = _status(gateway_url, f"/ipfs/{other_leaf}?format=raw", drawn, genesis)
        assert status == 403, (status, reason)

        # The contribution's own `off` overrides its project's `on`.
        owner.set_evaluator_access("project", project, True)
        owner.set_evaluator_access("contribution", dataset, False)
        assert _status(gateway_url, path, drawn, genesis)[0] == 403
        owner.set_evaluator_access("contribution", dataset, None)
        assert _status(gateway_url, path, drawn, genesis)[0] == 200

        # The CLI shows the settings, and sets them.
        status, out, _ = run_attrib(capsys, "access", dataset, "--url", url)
        assert status == 0 and "no setting of its own; its project's lets drawn evaluators get it" in out
        status, out, _ = run_attrib(capsys, "access", "--project", project, "--evaluators", "off", "--signer", "//Eve", "--url", url)
        assert status == 0 and f"project {project}: drawn evaluators may not get" in out
        assert _status(gateway_url, path, drawn, genesis)[0] == 403
        status, out, _ = run_attrib(capsys, "access", "--project", project, "--evaluators", "on", "--signer", "//Eve", "--url", url)
        assert status == 0 and f"project {project}: drawn evaluators may get" in out

        # Once the reveal period ended, the assignment no longer lasts: refused.
        reveal_end = int(record["reveal_end"])
        deadline = time.monotonic() + 120
        while owner.best_number() <= reveal_end:
            assert time.monotonic() < deadline, "the reveal period did not end"
            time.sleep(0.5)
        status, reason = _status(gateway_url, path, drawn, genesis)
        assert status == 403, (status, reason)

        # A stranger's round naming the dataset as its evaluation set opens nothing: whoever
        # opens a round chooses its evaluation set (review finding).
        stranger = Chain(url, "//Ferdie")
        own = stranger.create_project(f"stranger {tag}", licence_terms("CC-BY-4.0"), 0, policy)
        register_dataset(stranger, own, b"the stranger's own data " + tag.encode())
        rounds.append(open_scoring_round(stranger, own, root))
        stranger.wait_drawn(rounds[-1])
        assert owner.evaluator_access(dataset), "the owner's access is on for the dataset"
        assert owner.seats(rounds[-1], drawn.ss58_address) > 0
        status, reason = _status(gateway_url, path, drawn, genesis)
        assert status == 403, (status, reason)
    finally:
        server.shutdown()
        server.server_close()
        _leave(funder, rounds, [key for key in (drawn, late) if key is not None])
