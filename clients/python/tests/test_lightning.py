"""`attrib.lightning.AttribCallback` on the dev node (issue 27): a short Lightning run on the CPU
commits every checkpoint it saves, each the parent of the next, the first linked to the
training data; a state saved twice (a step's file and `last.ckpt`) is committed once."""

from __future__ import annotations

import lightning as L
import torch
from lightning.pytorch.callbacks import ModelCheckpoint

from attrib import Chain
from attrib.lightning import AttribCallback
from attrib.tensors import safetensors_digests, state_digest
from attrib.torch import state_dict_digest
from conftest import register_dataset


class Regression(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))

    def training_step(self, batch, _):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)


def test_each_saved_checkpoint_is_committed_once(tmp_path, dev_node, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    from conftest import run_attrib

    assert run_attrib(capsys, "init", "--url", dev_node.url, "--signer", "//Ferdie")[0] == 0
    assert run_attrib(capsys, "project", "lightning run")[0] == 0
    chain = Chain(dev_node.url, "//Ferdie")
    from attrib.repo import Repository

    project = Repository.find().config()["project"]
    data = register_dataset(chain, project, b"x1,x2,x3,y\n" + bytes(str(tmp_path), "utf-8"))

    torch.manual_seed(3)
    x = torch.randn(64, 3)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, x.sum(dim=1, keepdim=True)), batch_size=16)
    callback = AttribCallback(datasets=[data])
    saver = ModelCheckpoint(dirpath=tmp_path / "ckpt", every_n_train_steps=2, save_top_k=-1, save_last=True)
    module = Regression()
    trainer = L.Trainer(
        accelerator="cpu", devices=1, max_steps=4, enable_progress_bar=False, enable_model_summary=False,
        logger=False, num_sanity_val_steps=0, default_root_dir=tmp_path, callbacks=[saver, callback],
    )
    trainer.fit(module, loader)

    assert [c.manifest["step"] for c in callback.commits] == [2, 4]
    first, second = (chain.contribution(c.id) for c in callback.commits)
    assert first["kind"] == "ModelCheckpoint" and first["parents"] == [data]
    assert second["parents"] == [callback.commits[0].id]
    assert "train_loss" in callback.commits[1].manifest["metrics"]
    # The last commit is the trained module's state, by the canonical digest.
    artifact = Repository.find().objects
    saved = [p for p in artifact.glob("state-*.safetensors")]
    assert state_dict_digest(module.state_dict()) in {state_digest(safetensors_digests(p)) for p in saved}
