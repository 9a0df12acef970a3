"""Withdrawal follows the lineage, against a real dev node: withdrawing a dataset marks its
descendants affected within a few blocks (`Contributions.AffectedBy`); the chain then refuses
to build on them (`ParentAffected`) or sell a licence of them (`NotActive`), and `attrib log`,
`show` and `lineage` say so."""

from __future__ import annotations

import json
import time

import pytest
from conftest import run_attrib

from attrib import Chain, ExtrinsicFailed, keypair
from attrib.chain import UNIT
from attrib.cid import cid_of_bytes

attrib = run_attrib


def _register(chain: Chain, project: int, kind: str, content: bytes, parents=()) -> int:
    id, _ = chain.register_contribution(
        project, kind, cid_of_bytes(content).to_bytes(), [(chain.signer.ss58_address, 10**9)], parents=list(parents)
    )
    return id


def _wait_marked(chain: Chain, ids, blocks: int = 6) -> None:
    """Waits until the chain's walk has marked every id in `ids`, at most `blocks` blocks."""
    deadline = chain.best_number() + blocks
    while chain.best_number() <= deadline:
        if all(chain.affected_by(id) is not None for id in ids):
            return
        time.sleep(0.5)
    pytest.fail(f"the walk did not mark {ids} within {blocks} blocks")


def test_descendants_of_a_withdrawn_dataset_are_marked_and_refused_where_value_moves(dev_node, tmp_path, monkeypatch, capsys):
    owner, other = Chain(dev_node.url, "//Eve"), Chain(dev_node.url, "//Dave")
    project = owner.create_project("withdrawal-lineage")
    tag = str(time.time_ns()).encode()
    dataset = _register(owner, project, "Dataset", b"consented dataset " + tag)
    model = _register(owner, project, "ModelCheckpoint", b"model on it " + tag, [dataset])
    tuned = _register(owner, project, "FineTune", b"fine-tune of the model " + tag, [model])
    unrelated = _register(owner, project, "Dataset", b"another dataset " + tag)
    owner.submit(
        "Payouts",
        "offer_licence",
        {
            "contribution": tuned,
            "terms": {"price": UNIT, "duration": 1_000, "seats": None, "commercial": True, "derivatives": True},
        },
    )
    assert owner.affected_by(tuned) is None and owner.withdrawn_ancestors(tuned) == []

    owner.withdraw(dataset, "consent revoked")
    # The query-time walk sees the withdrawal at once; the chain's marks follow within blocks.
    assert owner.withdrawn_ancestors(tuned) == [dataset]
    _wait_marked(owner, [model, tuned])
    assert owner.affected_by(model) == dataset and owner.affected_by(tuned) == dataset
    assert owner.affected_by(unrelated) is None
    assert owner.contribution(tuned)["status"] == "active", "the record itself is unchanged"

    # Nothing is built on affected work, and it is not sold.
    with pytest.raises(ExtrinsicFailed) as refused:
        _register(other, project, "FineTune", b"dave's fine-tune " + tag, [model])
    assert refused.value.name == "ParentAffected"
    with pytest.raises(ExtrinsicFailed) as refused:
        other.buy_licence(tuned, UNIT)
    assert refused.value.module == "Payouts" and refused.value.name == "NotActive"
    # Unrelated work is untouched.
    _register(other, project, "FineTune", b"dave's fine-tune of the other dataset " + tag, [unrelated])

    # The CLI shows it.
    monkeypatch.chdir(tmp_path)
    assert attrib(capsys, "init", "--url", dev_node.url, "--signer", "//Dave")[0] == 0
    status, out, _ = attrib(capsys, "log", "--project", project)
    assert status == 0
    lines = {int(line.split()[0]): line for line in out.splitlines()}
    assert " affected " in lines[tuned] and " affected " in lines[model]
    assert " withdrawn " in lines[dataset] and " active " in lines[unrelated]
    status, out, _ = attrib(capsys, "show", tuned)
    shown = json.loads(out)
    assert (shown["affectedBy"], shown["withdrawnAncestors"]) == (dataset, [dataset])
    status, out, _ = attrib(capsys, "lineage", tuned)
    assert f"#{tuned} FineTune (affected: #{dataset} withdrawn)" in out
    assert f"#{dataset} Dataset (withdrawn)" in out
    (tmp_path / "tune.txt").write_text("a fine-tune on affected work " + tag.decode())
    status, _, err = attrib(capsys, "commit", "tune.txt", "-k", "finetune", "-p", model, "--project", project)
    assert status == 1 and "Contributions::ParentAffected" in err, err
