"""Consortiums from the command line, against a real dev node (issue 24): `attrib project
--consortium`, then `attrib members list|add|remove|cancel`, by the owner directly or by the
members' majority vote (`--vote`); a non-owner's direct change and a non-member's contribution
are refused in one line each."""

from __future__ import annotations

import pytest

from attrib import Chain, ExtrinsicFailed, keypair
from attrib.cid import cid_of_bytes

from conftest import run_attrib


def _address(uri: str) -> str:
    return keypair(uri).ss58_address


def test_a_consortium_admits_by_its_owner_and_by_a_majority_of_its_members(capsys, dev_node):
    url = ["--url", dev_node.url]
    owner, ferdie, charlie, dave = (_address(u) for u in ("//Eve", "//Ferdie", "//Charlie", "//Dave"))

    status, out, err = run_attrib(capsys, "project", "research consortium", "--consortium", "--signer", "//Eve", *url)
    assert status == 0, err
    assert "consortium" in out, out
    project = int(out.split()[1])
    chain = Chain(dev_node.url)
    assert chain.project(project)["membership"] == "Consortium"
    assert chain.members(project) == [owner]

    # The owner admits Ferdie directly (a secret URI stands for its address).
    status, out, err = run_attrib(capsys, "members", "add", "//Ferdie", "--project", project, "--signer", "//Eve", *url)
    assert status == 0, err
    assert sorted(chain.members(project)) == sorted([owner, ferdie])

    # A member alone cannot decide: Ferdie's direct change is the owner's call.
    status, out, err = run_attrib(capsys, "members", "add", charlie, "--project", project, "--signer", "//Ferdie", *url)
    assert status == 1 and "NotProjectOwner" in err and len(err.strip().splitlines()) == 1, err

    # Members vote: one of two is not more than half, so the motion stays open...
    status, out, err = run_attrib(
        capsys, "members", "add", charlie, "--vote", "--project", project, "--signer", "//Ferdie", *url
    )
    assert status == 0, err
    assert "1 of 2 members in favour; more than half" in out, out
    status, out, err = run_attrib(capsys, "members", "list", "--project", project, *url)
    assert status == 0, err
    assert f"motion to add {charlie}: 1 of 2 members" in out and f"opened by {ferdie}" in out, out
    assert f"member {owner} (owner)" in out and f"member {ferdie}" in out, out
    # ...and the owner's vote makes two of two: applied.
    status, out, err = run_attrib(capsys, "members", "add", charlie, "--vote", "--project", project, "--signer", "//Eve", *url)
    assert status == 0, err
    assert "2 of 2 members in favour; applied" in out, out
    assert charlie in chain.members(project)
    assert chain.motions(project) == []

    # A motion its proposer cancels.
    run_attrib(capsys, "members", "add", dave, "--vote", "--project", project, "--signer", "//Charlie", *url)
    assert [m["member"] for m in chain.motions(project)] == [dave]
    status, out, err = run_attrib(capsys, "members", "cancel", dave, "--project", project, "--signer", "//Charlie", *url)
    assert status == 0, err
    assert chain.motions(project) == []

    # Dave is no member: his contribution is refused; the owner removes Charlie directly.
    with pytest.raises(ExtrinsicFailed) as refused:
        Chain(dev_node.url, "//Dave").register_contribution(
            project, "Dataset", cid_of_bytes(b"an outsider's dataset").to_bytes(), [(dave, 10**9)]
        )
    assert refused.value.name == "NotMember"
    status, out, err = run_attrib(capsys, "members", "remove", charlie, "--project", project, "--signer", "//Eve", *url)
    assert status == 0, err
    assert sorted(chain.members(project)) == sorted([owner, ferdie])


def test_members_commands_refuse_bad_input_in_one_line(capsys, dev_node):
    url = ["--url", dev_node.url]
    open_project = Chain(dev_node.url, "//Eve").create_project("an open project")
    status, _, err = run_attrib(capsys, "members", "list", "--project", open_project, *url)
    assert status == 1 and "only consortium projects have members" in err, err
    consortium = Chain(dev_node.url, "//Eve").create_project("a consortium", membership="Consortium")
    status, _, err = run_attrib(capsys, "members", "add", "not-an-address", "--project", consortium, "--signer", "//Eve", *url)
    assert status == 1 and "neither an SS58 address nor a secret URI" in err and len(err.strip().splitlines()) == 1, err
    status, _, err = run_attrib(capsys, "members", "add", "--project", consortium, "--signer", "//Eve", *url)
    assert status == 1 and "needs the account" in err, err
    status, _, err = run_attrib(capsys, "members", "list", "--project", 999_999, *url)
    assert status == 1 and "no project 999999" in err, err
