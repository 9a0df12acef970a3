"""The SDK and the `attrib` command against a real dev node: commits of a dataset directory, a
run, a PyTorch model and its fine-tune; log, show, status, diff, lineage (and its SVG),
pedigree export in PROV and SPDX and its verification; federated updates; and the messages
for a node that is down, an unfunded account and a rejected call."""

import json
import re

import pytest
from conftest import run_attrib
import torch

from attrib import AttribError, Chain, NodeUnavailable, TransactionInvalid, ExtrinsicFailed, keypair
from attrib.chain import UNIT
from attrib.federated import ClientUpdate, open_round, record_updates
from attrib.repo import Repository
from attrib.torch import CheckpointCallback, commit as commit_model, state_dict_digest


attrib = run_attrib


@pytest.fixture()
def workdir(tmp_path, monkeypatch, dev_node, capsys):
    monkeypatch.chdir(tmp_path)
    assert attrib(capsys, "init", "--url", dev_node.url, "--signer", "//Ferdie")[0] == 0
    status, out, _ = attrib(capsys, "project", "digits")  # the policy floors: 3 evaluators, 10 blocks
    assert status == 0, out
    return tmp_path


def committed_id(out: str) -> int:
    match = re.search(r"contribution (\d+) in block #(\d+)", out)
    assert match, out
    return int(match.group(1))


def test_commit_log_status_diff_lineage_and_pedigree(workdir, capsys, dev_node):
    data = workdir / "data"
    (data / "train").mkdir(parents=True)
    (data / "train" / "x.csv").write_text("1,2\n3,4\n")
    (data / "labels.csv").write_text("0\n1\n")
    status, out, err = attrib(capsys, "commit", "data", "-k", "dataset", "-m", "digits, first half")
    assert status == 0, err
    dataset = committed_id(out)

    # A hyperparameter run from config and metrics files, derived from the dataset.
    (workdir / "config.json").write_text(json.dumps({"lr": 0.01, "epochs": 3}))
    (workdir / "metrics.json").write_text(json.dumps({"accuracy": 0.91}))
    status, out, err = attrib(capsys, "commit", "-k", "run", "--config", "config.json", "--metrics", "metrics.json", "-p", dataset)
    assert status == 0, err
    run = committed_id(out)

    # A real model trained on the dataset, then fine-tuned.
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    base = commit_model(model, "base model", datasets=[dataset], metrics={"accuracy": 0.91}, show_progress=False)
    with torch.no_grad():
        model[2].weight.mul_(0.5)
    tuned = commit_model(model, "fine-tune", parents=[base.id, run], kind="FineTune", show_progress=False)
    assert tuned.manifest["stateDigest"] == state_dict_digest(model.state_dict())

    chain = Chain(dev_node.url)
    record = chain.contribution(tuned.id)
    assert record["kind"] == "FineTune"
    assert sorted(record["parents"]) == sorted([base.id, run])
    assert record["cid"] == tuned.cid
    local = Repository.find().commit(tuned.id)
    from attrib.manifest import manifest_hash

    assert record["metadataHash"] == "0x" + manifest_hash(local["manifest"]).hex()

    status, out, _ = attrib(capsys, "log")
    assert [int(line.split()[0]) for line in out.splitlines()] == [tuned.id, base.id, run, dataset]
    assert "FineTune" in out and "active" in out

    status, out, _ = attrib(capsys, "show", tuned.id)
    shown = json.loads(out)
    assert shown["chain"]["id"] == tuned.id and shown["local"]["manifest"]["kind"] == "FineTune"

    status, out, _ = attrib(capsys, "diff", base.id, tuned.id)
    assert "tensor 2.weight: changed" in out and "metrics accuracy: 0.91 -> None" in out
    assert "2 difference(s)" in out

    status, out, _ = attrib(capsys, "status")
    assert "data: unchanged" in out
    (data / "labels.csv").write_text("0\n2\n")
    status, out, _ = attrib(capsys, "status")
    assert "data: modified" in out
    status, out, err = attrib(capsys, "commit", "data", "-k", "dataset", "-p", dataset, "-m", "relabelled")
    second = committed_id(out)
    status, out, _ = attrib(capsys, "diff", dataset, second)
    assert "file labels.csv: changed" in out and "1 difference(s)" in out

    # Lineage as text and as a picture.
    svg = workdir / "lineage.svg"
    status, out, _ = attrib(capsys, "lineage", tuned.id, "--svg", svg)
    assert f"#{tuned.id} FineTune" in out and f"#{dataset} Dataset" in out
    drawing = svg.read_text()
    assert drawing.startswith("<svg") and drawing.count('class="contribution"') == 4
    assert f'data-from="{base.id}" data-to="{tuned.id}"' in drawing
    assert 'data-status="withdrawn"' not in drawing

    # Pedigree documents from chain data, and re-hashing local artifacts against them.
    status, out, _ = attrib(capsys, "pedigree", tuned.id, "--format", "prov", "-o", "prov.json")
    prov = json.loads((workdir / "prov.json").read_text())
    entities = prov["entity"]
    assert set(entities) == {f"attrib:contribution-{i}" for i in (dataset, run, base.id, tuned.id)}
    for relation in prov["wasDerivedFrom"].values():
        assert relation["prov:generatedEntity"] in entities and relation["prov:usedEntity"] in entities
    for relation in prov["wasAttributedTo"].values():
        assert relation["prov:agent"] in prov["agent"]
    assert {r["prov:usedEntity"] for r in prov["wasDerivedFrom"].values() if r["prov:generatedEntity"] == f"attrib:contribution-{tuned.id}"} == {
        f"attrib:contribution-{base.id}", f"attrib:contribution-{run}"}

    status, out, _ = attrib(capsys, "pedigree", tuned.id, "--format", "spdx", "-o", "spdx.json")
    spdx = json.loads((workdir / "spdx.json").read_text())
    graph = {e.get("spdxId", e.get("@id")): e for e in spdx["@graph"]}
    def element(i):
        return next(e for e in spdx["@graph"] if e.get("spdxId", "").endswith(f"/contribution/{i}"))
    assert element(tuned.id)["type"] == "ai_AIPackage"
    assert element(dataset)["type"] == "dataset_DatasetPackage"
    for e in spdx["@graph"]:
        for key in ("from", "suppliedBy"):
            if key in e:
                assert e[key] in graph, (key, e[key])
        for key in ("to", "originatedBy", "element", "rootElement"):
            for ref in e.get(key, []):
                assert ref in graph, (key, ref)
    trained = [e for e in spdx["@graph"] if e.get("relationshipType") == "trainedOn"]
    assert [(t["from"], t["to"]) for t in trained] == [(element(base.id)["spdxId"], [element(dataset)["spdxId"]])]

    # A withdrawn ancestor stays in the pedigree, marked in the text and the drawing.
    chain.withdraw(run, "superseded", keypair("//Ferdie"))
    status, out, _ = attrib(capsys, "lineage", tuned.id, "--svg", svg)
    assert f"#{run} HyperparameterRun (withdrawn)" in out
    drawing = svg.read_text()
    assert f'data-id="{run}" data-kind="HyperparameterRun" data-status="withdrawn"' in drawing
    assert 'stroke-dasharray="6 4"' in drawing and "(withdrawn)</text>" in drawing
    assert drawing.count('data-status="active"') == 3

    # The artifacts re-hash to the CIDs the pedigree states, except data/, changed since.
    status, out, _ = attrib(capsys, "verify", "prov.json")
    assert status == 1 and out.count("ok ") == 3 and "CHANGED  data:" in out, out
    status, out, _ = attrib(capsys, "verify", "spdx.json", "data")
    assert status == 1 and "MISMATCH" in out
    (data / "labels.csv").write_text("0\n1\n")
    status, out, _ = attrib(capsys, "verify", "spdx.json")
    assert status == 0 and out.count("ok ") == 4, out


def test_checkpoint_callback_and_federated_updates(workdir, dev_node):
    chain = Chain(dev_node.url, "//Ferdie")
    torch.manual_seed(1)
    model = torch.nn.Linear(3, 1)
    callback = CheckpointCallback(every=2, show_progress=False)
    made = []
    for step in range(1, 7):
        with torch.no_grad():
            model.weight.add_(0.1)
        result = callback.on_step(step, model, {"loss": 1.0 / step})
        if result is not None:
            made.append(result)
    assert [c.manifest["step"] for c in made] == [2, 4, 6]
    assert chain.contribution(made[1].id)["parents"] == [made[0].id]

    # Two clients' updates of the global model (the last checkpoint), scored by one round. A
    # round's players are all the active contributions of its project, so the updates go to a
    # project of their own; their parent stays in the repository's project.
    fl_project = chain.create_project("fl-round-1")
    updates = []
    for n in range(2):
        with torch.no_grad():
            model.weight.add_(n + 1)
        from attrib.torch import save_state

        path = save_state(model.state_dict(), workdir / f"client{n}.safetensors")
        updates.append(ClientUpdate(keypair("//Ferdie").ss58_address, path, {"samples": 100 * (n + 1)}))
    recorded = record_updates(made[-1].id, updates, "fl-round-1", chain=chain, project=fl_project)
    for update in recorded:
        record = chain.contribution(update.id)
        assert record["kind"] == "FederatedUpdate" and record["parents"] == [made[-1].id]
    (workdir / "eval.csv").write_text("holdout\n")

    # The repository's project holds the checkpoints too: refused before anything is sent.
    nonce = chain.substrate.get_account_nonce(keypair("//Ferdie").ss58_address)
    with pytest.raises(AttribError, match="a round scores all of them"):
        open_round(chain, Repository.find().config()["project"], [u.id for u in recorded], 1, workdir / "eval.csv")
    assert chain.substrate.get_account_nonce(keypair("//Ferdie").ss58_address) == nonce

    round_id = open_round(chain, fl_project, [u.id for u in recorded], 1, workdir / "eval.csv")
    assert chain.round_players(round_id) == [u.id for u in recorded]
    opened = chain.round_record(round_id)
    assert opened["project"] == fl_project and "Drawing" in opened["phase"]
    assert opened["kind"]["Score"]["method"] == "Exact"
    assert opened["terms"]["committee"] == 31 and int(opened["terms"]["min_stake"]) == 100 * UNIT
    # Ferdie owns the project and authored the updates: the chain would refuse its commitment.
    assert chain.conflict(opened, keypair("//Ferdie").ss58_address) == "it owns the project"
    assert chain.conflict(opened, keypair("//Bob").ss58_address) is None


def test_several_paths_commit_in_one_batched_registration(workdir, capsys, dev_node):
    from attrib import cid_of_path

    shards = []
    for i in range(3):
        shard = workdir / f"shard-{i}.csv"
        shard.write_text(f"{i},{i * i}\n")
        shards.append(shard)
    chain = Chain(dev_node.url)
    ferdie = keypair("//Ferdie").ss58_address
    nonce = chain.substrate.get_account_nonce(ferdie)

    # A missing path, or a run's options with several paths, fail before anything is sent.
    status, _, err = attrib(capsys, "commit", "shard-0.csv", "missing.csv", "-k", "dataset")
    assert status != 0 and "missing.csv: no such file or directory" in err
    status, _, err = attrib(capsys, "commit", "shard-0.csv", "shard-1.csv", "-k", "run", "--config", "c.json")
    assert status != 0 and "--config, --metrics and --uri describe one artifact" in err
    assert chain.substrate.get_account_nonce(ferdie) == nonce

    status, out, err = attrib(capsys, "commit", *[s.name for s in shards], "-k", "dataset", "-m", "shards")
    assert status == 0, err
    made = re.findall(r"contribution (\d+) in block #(\d+): Dataset (\S+)", out)
    assert len(made) == 3, out
    ids = [int(id) for id, _, _ in made]
    assert ids == list(range(ids[0], ids[0] + 3)), "consecutive ids, in the order of the paths"
    assert len({block for _, block, _ in made}) == 1, "one block"
    # Two transactions: one commitment to the three artifacts' tags (a `Utility.batch_all`),
    # then the batch of registrations that reveals them.
    assert chain.substrate.get_account_nonce(ferdie) == nonce + 2, "a commitment, then the batch"
    repo = Repository.find()
    for (id, _, cid), shard in zip(made, shards):
        record = chain.contribution(int(id))
        assert record["cid"] == cid == str(cid_of_path(shard))
        assert record["kind"] == "Dataset" and record["status"] == "active"
        assert repo.commit(int(id))["path"] == shard.name


def test_a_commit_with_co_authors_waits_for_their_approval(workdir, capsys, dev_node):
    (workdir / "shared.py").write_text("print('written by two')\n")
    ferdie, eve = keypair("//Ferdie").ss58_address, keypair("//Eve").ss58_address
    status, out, err = attrib(capsys, "commit", "shared.py", "-k", "code", "-a", ferdie, "-a", eve)
    assert status == 0 and "(pending co-author approval)" in out, out + err
    id = committed_id(out)
    record = Chain(dev_node.url).contribution(id)
    assert sorted(a["account"] for a in record["authors"]) == sorted([ferdie, eve])
    assert sum(a["sharePerbill"] for a in record["authors"]) == 10**9
    assert "pending" in record["status"]
    status, out, err = attrib(capsys, "approve", id, "--signer", "//Eve")
    assert status == 0 and "now active" in out, out + err


def test_clear_messages_for_a_down_node_an_unfunded_account_and_a_rejected_call(workdir, capsys, dev_node):
    with pytest.raises(NodeUnavailable, match="no Attribution Chain node answers"):
        Chain("ws://127.0.0.1:1")
    status, _, err = attrib(capsys, "log", "--url", "ws://127.0.0.1:1")
    assert status == 1 and "no Attribution Chain node answers at ws://127.0.0.1:1" in err

    # A policy under the runtime's floors is refused, in one line, before anything is sent.
    status, _, err = attrib(capsys, "project", "x", "--committee", "1", "--reveal-period", "5")
    assert status == 1 and err.count("\n") == 1, err
    assert "--committee 1 is under the chain's minimum of 5 seats" in err
    assert "--reveal-period 5 is under the chain's minimum of 10 blocks" in err

    (workdir / "file.txt").write_text("content")
    unfunded = "//attrib-test-unfunded-account"
    status, _, err = attrib(capsys, "commit", "file.txt", "-k", "code", "--signer", unfunded)
    assert status == 1 and "cannot pay the transaction fee" in err, err
    with pytest.raises(TransactionInvalid):
        Chain(dev_node.url, unfunded).create_project("x")

    status, out, err = attrib(capsys, "commit", "file.txt", "-k", "code")
    assert status == 0, err
    status, _, err = attrib(capsys, "commit", "file.txt", "-k", "code")
    assert status == 1 and "Contributions::DuplicateCid" in err, err
    (workdir / "orphan.txt").write_text("a parent that does not exist")
    status, _, err = attrib(capsys, "commit", "orphan.txt", "-k", "code", "-p", "999999")
    assert status == 1 and "Contributions::UnknownParent" in err, err
    with pytest.raises(ExtrinsicFailed) as failure:
        Chain(dev_node.url, "//Ferdie").register_contribution(0, "Code", b"\x01\x02", [(keypair("//Ferdie").ss58_address, 10**9)])
    assert failure.value.name == "InvalidCid" and failure.value.module == "Contributions"
    status, _, err = attrib(capsys, "commit", "file.txt", "-k", "weights")
    assert status == 1 and "unknown kind 'weights'" in err
    status, _, err = attrib(capsys, "show", "424242")
    assert status == 1 and "no contribution 424242" in err
