"""Registration that cannot be front-run, against a real dev node: the SDK commits to an
artifact's tag before registering it; while the commitment lasts another account's copy of the
registration (single or batched) is refused with `ContentCommitted`, and the committer's
registration reveals it and returns the deposit. `--published` registers in one transaction."""

from __future__ import annotations

import hashlib
import re

import pytest
from conftest import run_attrib

from attrib import Chain, ExtrinsicFailed, keypair
from attrib.cid import Cid, cid_of_bytes, varint
from attrib.repo import Repository


attrib = run_attrib


@pytest.fixture()
def workdir(tmp_path, monkeypatch, dev_node, capsys):
    monkeypatch.chdir(tmp_path)
    assert attrib(capsys, "init", "--url", dev_node.url, "--signer", "//Eve")[0] == 0
    status, out, _ = attrib(capsys, "project", "commitments")
    assert status == 0, out
    return tmp_path


def test_the_tag_is_blake2b_of_the_domain_and_the_multihash():
    cid = cid_of_bytes(b"weights")
    multihash = varint(0x12) + varint(32) + hashlib.sha256(b"weights").digest()
    assert cid.multihash() == multihash
    expected = hashlib.blake2b(b"attribution/registration" + multihash, digest_size=32).digest()
    assert cid.registration_tag() == expected
    # The codec does not change the tag: the chain keys content on its multihash.
    assert Cid(0x70, cid.digest).registration_tag() == expected


def test_a_copy_of_a_committed_registration_is_refused_and_the_committer_gets_it(dev_node):
    alice, bob = Chain(dev_node.url, "//Alice"), Chain(dev_node.url, "//Bob")
    project = alice.create_project("front-running")
    cid = cid_of_bytes(b"an unpublished dataset, committed first").to_bytes()
    a, b = keypair("//Alice").ss58_address, keypair("//Bob").ss58_address
    deposit = int(alice.substrate.get_constant("Contributions", "CommitmentDeposit").value)

    receipt = alice.commit_registrations([cid])
    committed = receipt.event("Contributions", "RegistrationCommitted")
    assert committed["who"] == a

    # Bob saw Alice's registration in the pool and copies it, alone or in a batch.
    with pytest.raises(ExtrinsicFailed) as copied:
        bob.register_contribution(project, "Dataset", cid, [(b, 10**9)])
    assert copied.value.name == "ContentCommitted"
    other = cid_of_bytes(b"bob's own dataset").to_bytes()
    with pytest.raises(ExtrinsicFailed) as batched:
        bob.register_contributions(
            project,
            [
                {"kind": "Dataset", "cid": other, "authors": [(b, 10**9)]},
                {"kind": "Dataset", "cid": cid, "authors": [(b, 10**9)]},
            ],
        )
    assert batched.value.name == "ContentCommitted"
    # Nor can Bob take the tag over while it lasts.
    with pytest.raises(ExtrinsicFailed) as retag:
        bob.commit_registrations([cid])
    assert retag.value.name == "ContentCommitted"

    tag = "0x" + Cid.from_bytes(cid).registration_tag().hex()
    assert alice.storage("Contributions", "Commitments", [tag]) is not None
    id, registered = alice.register_contribution(project, "Dataset", cid, [(a, 10**9)])
    revealed = registered.event("Contributions", "CommitmentRevealed")
    assert revealed["who"] == a
    assert alice.contribution(id)["registrar"] == a
    # The commitment is gone and its deposit released to Alice.
    assert alice.storage("Contributions", "Commitments", [tag]) is None
    released = [
        e for e in registered.events_named("Balances", "Released") if e["who"] == a and int(e["amount"]) == deposit
    ]
    assert released


def test_the_sdk_commits_before_registering_unless_published(workdir, capsys, dev_node):
    (workdir / "private.txt").write_text("not yet anywhere")
    (workdir / "public.txt").write_text("already on a public gateway")
    chain = Chain(dev_node.url, "//Eve")
    start = chain.best_number()

    status, out, err = attrib(capsys, "commit", "private.txt", "-k", "dataset")
    assert status == 0, err
    status, out2, err = attrib(capsys, "commit", "public.txt", "-k", "dataset", "--published")
    assert status == 0, err
    ids = [int(re.search(r"contribution (\d+)", text).group(1)) for text in (out, out2)]

    # The first registration revealed a commitment made in an earlier block; the second had none.
    eve = keypair("//Eve").ss58_address
    commitments, reveals = _commitment_events(chain, start, eve)
    private_block = chain.contribution(ids[0])["registeredAt"]
    assert [b for b, _ in commitments] and all(b < private_block for b, _ in commitments)
    assert len(reveals) == 1 and reveals[0][0] == private_block
    assert Repository.find().commit(ids[1])["id"] == ids[1]

    # A second commit of the same file fails before any transaction, naming the chain's error.
    status, _, err = attrib(capsys, "commit", "private.txt", "-k", "dataset")
    assert status == 1 and "Contributions::DuplicateCid" in err, err
    assert len(_commitment_events(chain, start, eve)[0]) == len(commitments)


def _commitment_events(chain: Chain, since: int, who: str):
    """(block, tag) of `who`'s RegistrationCommitted and CommitmentRevealed events since `since`."""
    commitments, reveals = [], []
    for number in range(since, chain.best_number() + 1):
        block_hash = chain.substrate.get_block_hash(number)
        for record in chain.substrate.get_events(block_hash):
            event = record.value["event"]
            if event["module_id"] != "Contributions":
                continue
            attributes = event["attributes"]
            if event["event_id"] == "RegistrationCommitted" and attributes["who"] == who:
                commitments.append((number, attributes["tag"]))
            if event["event_id"] == "CommitmentRevealed" and attributes["who"] == who:
                reveals.append((number, attributes["tag"]))
    return commitments, reveals
