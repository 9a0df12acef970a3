"""`attrib.hf.AttribCallback` on the dev node (issue 27): a tiny GPT-2 built from a config (no
hub) trained for four steps on the CPU; each saved checkpoint is committed with its config and
canonical tensor digests, the first linked to the training data (a file, committed as a dataset
by the callback), and each evaluation becomes an `Evaluation` of the checkpoint it measured."""

from __future__ import annotations

import os

import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from transformers import GPT2Config, GPT2LMHeadModel, Trainer, TrainingArguments  # noqa: E402

from attrib import Chain  # noqa: E402
from attrib.cid import cid_of_path  # noqa: E402
from attrib.hf import AttribCallback  # noqa: E402
from attrib.tensors import safetensors_digests, state_digest  # noqa: E402


class Tokens(torch.utils.data.Dataset):
    def __init__(self, ids: torch.Tensor) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "labels": self.ids[i]}


def test_checkpoints_and_evaluations_are_committed(tmp_path, dev_node, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    from conftest import run_attrib

    assert run_attrib(capsys, "init", "--url", dev_node.url, "--signer", "//Ferdie")[0] == 0
    assert run_attrib(capsys, "project", "tiny gpt2")[0] == 0
    chain = Chain(dev_node.url, "//Ferdie")
    torch.manual_seed(5)
    ids = torch.randint(0, 64, (32, 16))
    corpus = tmp_path / "corpus.pt"
    torch.save(ids, corpus)

    model = GPT2LMHeadModel(GPT2Config(vocab_size=64, n_positions=16, n_embd=16, n_layer=1, n_head=2, bos_token_id=0, eos_token_id=0))
    callback = AttribCallback(datasets=[corpus])
    args = TrainingArguments(
        output_dir=str(tmp_path / "out"), max_steps=4, per_device_train_batch_size=8, per_device_eval_batch_size=8,
        save_strategy="steps", save_steps=2, eval_strategy="steps", eval_steps=2, use_cpu=True,
        report_to="none", disable_tqdm=True, logging_steps=2,
    )
    Trainer(model=model, args=args, train_dataset=Tokens(ids[:24]), eval_dataset=Tokens(ids[24:]), callbacks=[callback]).train()

    [dataset] = callback.dataset_ids
    assert chain.contribution(dataset)["cid"] == str(cid_of_path(corpus))
    assert [c.manifest["step"] for c in callback.checkpoints] == [2, 4]
    first, second = (chain.contribution(c.id) for c in callback.checkpoints)
    assert first["parents"] == [dataset] and second["parents"] == [callback.checkpoints[0].id]
    checkpoint = callback.checkpoints[1]
    assert checkpoint.manifest["config"]["n_embd"] == 16
    saved = tmp_path / "out" / "checkpoint-4" / "model.safetensors"
    assert checkpoint.cid == str(cid_of_path(saved))
    assert checkpoint.manifest["stateDigest"] == state_digest(safetensors_digests(saved))
    # Two evaluations, each an Evaluation of the checkpoint saved at its step.
    assert len(callback.evaluations) == 2
    for evaluation, measured in zip(callback.evaluations, callback.checkpoints):
        record = chain.contribution(evaluation.id)
        assert record["kind"] == "Evaluation" and record["parents"] == [measured.id]
        assert "eval_loss" in evaluation.manifest["metrics"]
