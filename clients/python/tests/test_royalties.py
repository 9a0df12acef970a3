"""The royalty rule against a real dev node (audit M1): a checkpoint's registrar declares one
genuine parent and sybil parents whose licences ask a royalty; its project's owner approves the
genuine one (`attrib royalties`), and a licence sale pays royalties to it alone, its licence
floor first."""

from __future__ import annotations

import time

from conftest import register_dataset, run_attrib

from attrib import Chain
from attrib.chain import UNIT, licence_terms
from attrib.cid import cid_of_bytes

attrib = run_attrib

PERCENT = 10_000_000  # parts per billion


def _dataset(chain: Chain, project: int, content: bytes, royalty: int = 0) -> int:
    return register_dataset(chain, project, content, licence_terms("CC-BY-4.0", royalty_perbill=royalty))


def test_only_the_parents_the_owner_approved_are_paid_floors_first(dev_node, tmp_path, monkeypatch, capsys):
    owner, attacker, upstream, buyer = (Chain(dev_node.url, uri) for uri in ("//Charlie", "//Bob", "//Dave", "//Ferdie"))
    tag = str(time.time_ns()).encode()
    genuine_project = upstream.create_project("genuine upstream")
    genuine = _dataset(upstream, genuine_project, b"genuine corpus " + tag, royalty=2 * PERCENT)
    sybils = []
    for i in range(3):
        sybil_project = attacker.create_project(f"sybil {i}")
        sybils.append(_dataset(attacker, sybil_project, b"sybil %d " % i + tag, royalty=3 * PERCENT))
    model = owner.create_project("model", royalty_to_parents_perbill=10 * PERCENT)
    checkpoint, _ = owner.register_contribution(
        model,
        "ModelCheckpoint",
        cid_of_bytes(b"checkpoint on the genuine corpus and the sybils " + tag).to_bytes(),
        [(owner.signer.ss58_address, 10**9)],
        parents=[genuine, *sybils],
    )

    # The owner approves the genuine parent alone, for all that its floor leaves.
    monkeypatch.chdir(tmp_path)
    assert attrib(capsys, "init", "--url", dev_node.url, "--signer", "//Charlie")[0] == 0
    status, out, err = attrib(capsys, "royalties", checkpoint, f"{genuine}=100")
    assert status == 0, err
    assert f"#{genuine}: 100% of what the floors leave" in out
    split = owner.royalty_split(checkpoint)
    assert [tuple(p) for p in split["parents"]] == [(genuine, 10**9)], split

    owner.submit(
        "Payouts",
        "offer_licence",
        {
            "contribution": checkpoint,
            "terms": {"price": 100 * UNIT, "duration": None, "seats": None, "commercial": True, "derivatives": False},
        },
    )
    receipt = buyer.buy_licence(checkpoint, 100 * UNIT)
    paid = {int(e["parent"]): int(e["amount"]) for e in receipt.events_named("Payouts", "RoyaltyPaid")}
    # 10% of the price to parents: the genuine parent's 2% floor, then all the rest; the
    # sybils, declared but not approved, get nothing whatever their licences ask.
    assert paid == {genuine: 10 * UNIT}, paid

    # A bad approval is refused in one line, naming the chain's error.
    status, _, err = attrib(capsys, "royalties", checkpoint, f"{sybils[0]}=60", f"{genuine}=50")
    assert status == 1 and "WeightsExceedWhole" in err, err
    status, _, err = attrib(capsys, "royalties", checkpoint, f"{checkpoint}=50")
    assert status == 1 and "NotAParent" in err, err
    status, _, err = attrib(capsys, "royalties", checkpoint, "x=50")
    assert status == 1 and "ID=PERCENT" in err, err
    # Clearing it releases its deposit: royalties then stay with the project.
    status, out, _ = attrib(capsys, "royalties", checkpoint, "--clear")
    assert status == 0 and "no parent approved" in out
