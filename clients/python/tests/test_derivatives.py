"""Licence terms follow the lineage, against a real dev node (audit L4): a dataset whose terms
forbid derivatives cannot be the parent of another account's fine-tune
(`DerivativesNotLicensed`) until that account buys a licence of it that grants derivatives;
its author builds on it freely."""

from __future__ import annotations

import pytest
from conftest import register_dataset

from attrib import Chain, ExtrinsicFailed, keypair
from attrib.chain import UNIT, licence_terms
from attrib.cid import cid_of_bytes


def _no_derivatives_dataset(owner: Chain, project: int, content: bytes) -> int:
    """`owner`'s dataset of `content` under CC-BY-ND-4.0 terms (no derivatives); its id."""
    return register_dataset(owner, project, content, licence_terms("CC-BY-ND-4.0", derivatives_allowed=False))


def test_a_no_derivatives_dataset_is_built_upon_after_a_licence_granting_derivatives(dev_node):
    owner, tuner = Chain(dev_node.url, "//Charlie"), Chain(dev_node.url, "//Dave")
    charlie, dave = keypair("//Charlie").ss58_address, keypair("//Dave").ss58_address
    project = owner.create_project("no-derivatives")
    dataset = _no_derivatives_dataset(owner, project, b"a dataset that may not be built upon without a licence")
    assert owner.contribution(dataset)["licence"]["derivativesAllowed"] is False

    fine_tune = cid_of_bytes(b"dave's fine-tune of it").to_bytes()
    with pytest.raises(ExtrinsicFailed) as refused:
        tuner.register_contribution(project, "FineTune", fine_tune, [(dave, 10**9)], parents=[dataset])
    assert refused.value.name == "DerivativesNotLicensed"

    # Its author may build on it.
    own, _ = owner.register_contribution(
        project, "FineTune", cid_of_bytes(b"charlie's own fine-tune").to_bytes(), [(charlie, 10**9)], parents=[dataset]
    )
    assert owner.contribution(own)["parents"] == [dataset]

    # Charlie sells licences that grant derivatives; Dave buys one for the terms he sees.
    owner.submit(
        "Payouts",
        "offer_licence",
        {
            "contribution": dataset,
            "terms": {"price": UNIT, "duration": 1_000, "seats": None, "commercial": True, "derivatives": True},
        },
    )
    offer = owner.rpc("attribution_licenceOffer", [dataset])
    assert offer["derivatives"] is True, offer
    tuner.buy_licence(dataset, UNIT)
    id, _ = tuner.register_contribution(project, "FineTune", fine_tune, [(dave, 10**9)], parents=[dataset])
    assert tuner.contribution(id)["parents"] == [dataset]


def test_the_sdk_refuses_an_unlicensed_derivative_before_sending_anything(tmp_path, monkeypatch, capsys, dev_node):
    from attrib.cli import main

    owner = Chain(dev_node.url, "//Charlie")
    project = owner.create_project("no-derivatives-sdk")
    dataset = _no_derivatives_dataset(owner, project, b"another dataset that forbids derivatives")
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--url", dev_node.url, "--signer", "//Ferdie"]) == 0
    (tmp_path / "tuned.bin").write_bytes(b"ferdie's unlicensed fine-tune")
    before = Chain(dev_node.url).rpc("system_accountNextIndex", [keypair("//Ferdie").ss58_address])
    capsys.readouterr()
    status = main(["commit", "tuned.bin", "-k", "finetune", "-p", str(dataset), "--project", str(project)])
    err = capsys.readouterr().err
    assert status == 1 and "Contributions::DerivativesNotLicensed" in err, err
    # Nothing was sent: no commitment deposit is left to lapse.
    assert Chain(dev_node.url).rpc("system_accountNextIndex", [keypair("//Ferdie").ss58_address]) == before
