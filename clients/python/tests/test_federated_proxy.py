"""A federated coordinator registers a client's update in the client's name (issue 27): with two
accounts, the coordinator is refused before anything is sent until the client makes it its
`Registry` proxy and signs the update (its CID, the global model and the round); then the update
is the client's (registrar and sole author), active at once, and a proxied call that fails
reports the pallet's error."""

from __future__ import annotations

import os

import pytest

from attrib import Chain, keypair
from attrib.cid import cid_of_bytes, cid_of_path
from attrib.errors import AttribError, ExtrinsicFailed
from attrib.federated import ClientUpdate, record_updates, sign_update
from attrib.repo import Repository
from conftest import run_attrib

COORDINATOR, CLIENT = "//Eve", "//Charlie//federated"


def test_the_coordinator_registers_a_clients_update_through_its_registry_proxy(tmp_path, dev_node, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    coordinator = Chain(dev_node.url, COORDINATOR)
    client_uri = CLIENT + os.urandom(4).hex()
    client = keypair(client_uri)
    coordinator.submit("Balances", "transfer_keep_alive", {"dest": client.ss58_address, "value": 1000 * 10**12})
    project = coordinator.create_project("federated round " + os.urandom(4).hex())
    base = tmp_path / "global.bin"
    base.write_bytes(os.urandom(64))
    repo = Repository.init(tmp_path, dev_node.url, project, COORDINATOR)
    from attrib.sdk import commit

    global_model = commit(base, kind="ModelCheckpoint", message="global model, round 0", repo=repo, chain=coordinator).id
    update = tmp_path / "update.bin"
    update.write_bytes(os.urandom(64))
    updates = [ClientUpdate(client.ss58_address, update, {"num-examples": 10})]

    # The client has not approved: refused, nothing sent.
    nonce = coordinator.substrate.get_account_nonce(coordinator.signer.ss58_address)
    with pytest.raises(AttribError, match="did not make the coordinator .* its Registry proxy"):
        record_updates(global_model, updates, "round 1", repo=repo, chain=coordinator, project=project)
    assert coordinator.substrate.get_account_nonce(coordinator.signer.ss58_address) == nonce

    # The client approves once, from the CLI.
    status, out, _ = run_attrib(capsys, "proxy", "add", COORDINATOR, "--signer", client_uri, "--url", dev_node.url)
    assert status == 0 and f"may now act for {client.ss58_address} as a Registry proxy" in out
    assert coordinator.is_proxy(client.ss58_address, coordinator.signer.ss58_address)
    status, out, _ = run_attrib(capsys, "proxy", "list", "--signer", client_uri, "--url", dev_node.url)
    assert f"{coordinator.signer.ss58_address}: Registry, delay 0 blocks" in out

    # Unsigned, or signed by someone else: refused before anything is sent.
    with pytest.raises(AttribError, match="no valid signature of its client"):
        record_updates(global_model, updates, "round 1", repo=repo, chain=coordinator, project=project)
    genesis = coordinator.genesis_hash()
    updates[0].signature = sign_update(keypair(COORDINATOR), genesis, "round 1", global_model, str(cid_of_path(update)))
    with pytest.raises(AttribError, match="no valid signature of its client"):
        record_updates(global_model, updates, "round 1", repo=repo, chain=coordinator, project=project)
    # Signed for another round: refused too.
    updates[0].signature = sign_update(client, genesis, "round 0", global_model, str(cid_of_path(update)))
    with pytest.raises(AttribError, match="no valid signature of its client"):
        record_updates(global_model, updates, "round 1", repo=repo, chain=coordinator, project=project)
    assert coordinator.substrate.get_account_nonce(coordinator.signer.ss58_address) == nonce

    updates[0].signature = sign_update(client, genesis, "round 1", global_model, str(cid_of_path(update)))
    [made] = record_updates(global_model, updates, "round 1", repo=repo, chain=coordinator, project=project)
    record = coordinator.contribution(made.id)
    assert record["registrar"] == client.ss58_address
    assert [a["account"] for a in record["authors"]] == [client.ss58_address]
    assert record["kind"] == "FederatedUpdate" and record["parents"] == [global_model]
    assert record["status"] == "active" and not made.pending

    # A proxied call that fails says why, as a direct one would.
    as_client = coordinator.on_behalf_of(client.ss58_address)
    with pytest.raises(ExtrinsicFailed, match="UnknownParent"):
        as_client.register_contribution(
            project, "FederatedUpdate", cid_of_bytes(os.urandom(16)).to_bytes(), [(client.ss58_address, 10**9)], [10**9]
        )
    # The Registry proxy may not move the client's funds.
    with pytest.raises(ExtrinsicFailed, match="CallFiltered"):
        as_client.submit("Balances", "transfer_keep_alive", {"dest": coordinator.signer.ss58_address, "value": 10**12})


def test_proxy_cli_lists_and_adds(dev_node, capsys):
    status, out, _ = run_attrib(capsys, "proxy", "list", "--signer", "//Ferdie//proxies", "--url", dev_node.url)
    assert status == 0 and "has no proxies" in out
