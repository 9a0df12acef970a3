"""`attrib.keras.CheckpointCallback` on the dev node under the TensorFlow backend and the torch
backend (issue 27): the same starting weights give the same canonical digest on both; each
backend's run commits a checkpoint whenever the loss improves, each the parent of the next,
the digest of the committed weights being that of the model's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from attrib import Chain

RUN = Path(__file__).with_name("keras_run.py")


def _run(backend: str, url: str, project: int, workdir: Path) -> dict:
    workdir.mkdir()
    env = {**__import__("os").environ, "KERAS_BACKEND": backend, "KERAS_HOME": str(workdir / "keras-home"),
           "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run([sys.executable, str(RUN), url, str(project), str(workdir), "loss"],
                          env=env, capture_output=True, text=True, timeout=600, cwd=RUN.parent.parent)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_same_weights_give_the_same_digest_on_both_backends(tmp_path, dev_node):
    chain = Chain(dev_node.url, "//Ferdie")
    project = chain.create_project("keras on two backends")
    runs = {backend: _run(backend, dev_node.url, project, tmp_path / backend) for backend in ("tensorflow", "torch")}
    assert runs["tensorflow"]["backend"] == "tensorflow" and runs["torch"]["backend"] == "torch"
    assert runs["tensorflow"]["paths"] == runs["torch"]["paths"] == [
        "hidden/bias", "hidden/kernel", "score/bias", "score/kernel"]
    assert runs["tensorflow"]["initial"] == runs["torch"]["initial"], "one digest for one set of weights"
    for backend, run in runs.items():
        commits = run["commits"]
        assert commits, f"{backend}: the loss improved at least once"
        losses = [c["loss"] for c in commits]
        assert losses == sorted(losses, reverse=True), f"{backend}: committed only on improvement"
        assert commits[-1]["state"] == run["final"] or len(commits) < 3
        for earlier, later in zip(commits, commits[1:]):
            assert chain.contribution(later["id"])["parents"] == [earlier["id"]]
        assert all(c["backend"] == backend for c in commits)


def test_a_monitor_that_is_not_logged_is_refused(tmp_path, dev_node):
    chain = Chain(dev_node.url, "//Ferdie")
    project = chain.create_project("keras monitor")
    workdir = tmp_path / "run"
    workdir.mkdir()
    done = subprocess.run([sys.executable, str(RUN), dev_node.url, str(project), str(workdir), "val_accuracy"],
                          env={**__import__("os").environ, "KERAS_BACKEND": "torch", "KERAS_HOME": str(workdir)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode != 0 and "monitor 'val_accuracy' is not logged" in done.stderr
