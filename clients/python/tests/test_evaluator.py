"""`attrib evaluator run` on the dev node (issue 26): three evaluator daemons, each its own
process and key, retraining with its own random seed, score an exact round and a pool's measurement to a final result with no other
client action; one is killed between its commitment and its reveal, restarted, and still
reveals (and is not slashed); a fourth that reveals nonsense is slashed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

from attrib import Chain, keypair
from attrib.chain import MIN_EVALUATOR_STAKE, UNIT, evaluator_policy, licence_terms
from attrib.cid import cid_of_path
from attrib.errors import NotFound
from conftest import open_scoring_round

PACKAGE = Path(__file__).resolve().parents[1]
UTILITIES = PACKAGE / "tests" / "evaluator_utilities.py"
HONEST = ["//Bob", "//Charlie", "//Dave"]
LIAR = "//Bob//stash"
CONTRIBUTORS = ["//Eve", "//Ferdie", "//Alice//stash"]


def _blobs(rng, n, flip=False):
    y = rng.integers(0, 3, n)
    centres = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    x = rng.normal(size=(n, 2)) + centres[y]
    return x.astype(np.float32), ((y + 1) % 3 if flip else y).astype(np.int64)


class Daemon:
    """An `attrib evaluator run` process with its log."""

    def __init__(self, url, signer, utility, state, artifacts, log, seed=0):
        self.env = {**os.environ, "ATTRIB_TEST_SEED": str(seed)}
        self.args = [
            sys.executable, "-m", "attrib.cli", "evaluator", "run", "--utility", f"{UTILITIES}:{utility}",
            "--url", url, "--signer", signer, "--state", str(state), "--artifacts", str(artifacts), "--interval", "0.5",
        ]
        self.log = Path(log)
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            self.args, stdout=open(self.log, "a"), stderr=subprocess.STDOUT, cwd=PACKAGE, env=self.env
        )

    def text(self) -> str:
        return self.log.read_text()

    def wait_for(self, line: str, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while line not in self.text():
            if self.process.poll() is not None:
                raise AssertionError(f"the daemon exited:\n{self.text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {line!r} in {timeout:.0f} s:\n{self.text()}")
            time.sleep(0.2)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _wait(predicate, what, timeout=240.0):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.5)


def _stake(chain, uri) -> int:
    return int(chain.evaluator(keypair(uri).ss58_address)["stake"])


def test_daemons_score_a_round_and_a_measurement_by_themselves(tmp_path, dev_node):
    url = dev_node.url
    owner = Chain(url, "//Alice")
    rng = np.random.default_rng(11)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()

    def artifact(name, tensors):
        path = tmp_path / f"{name}.safetensors"
        save_file(tensors, str(path))
        cid = cid_of_path(path)
        shutil.copy(path, artifacts / str(cid))
        return cid

    policy = evaluator_policy(committee=31, commit_period=20, reveal_period=20, dispute_period=10)
    project = owner.create_project("scored by daemons", licence_terms("CC-BY-4.0"), 0, policy)
    datasets = []
    for i, uri in enumerate(CONTRIBUTORS):
        x, y = _blobs(rng, 60, flip=(i == 2))
        cid = artifact(f"data{i}", {"x": x, "y": y})
        contributor = Chain(url, uri)
        id, _ = contributor.register_contribution(
            project, "Dataset", cid.to_bytes(), [(contributor.signer.ss58_address, 10**9)], licence=licence_terms("CC-BY-4.0")
        )
        datasets.append(id)
    evaluation_x, evaluation_y = _blobs(rng, 300)
    evaluation = artifact("evaluation", {"x": evaluation_x, "y": evaluation_y})
    for uri in HONEST + [LIAR]:
        owner.ensure_evaluator(31 * MIN_EVALUATOR_STAKE, keypair(uri))

    stakes = {uri: _stake(owner, uri) for uri in HONEST + [LIAR]}
    daemons = {}
    try:
        # Each honest daemon retrains with its own random seed.
        for seed, uri in enumerate(HONEST, start=1):
            daemons[uri] = Daemon(
                url, uri, "retrain", tmp_path / "state", artifacts, tmp_path / f"{uri.strip('/')}.log", seed=seed
            )
        daemons[LIAR] = Daemon(url, LIAR, "nonsense", tmp_path / "state", artifacts, tmp_path / "liar.log")

        round_id = open_scoring_round(owner, project, evaluation)

        # Charlie's daemon is killed once it committed, before its reveal, and restarted.
        charlie = daemons["//Charlie"]
        charlie.wait_for(f"round {round_id}: committed")
        charlie.process.kill()
        charlie.process.wait()
        assert f"round {round_id}: revealed" not in charlie.text()
        charlie.start()
        charlie.wait_for(f"round {round_id}: revealed")
        assert charlie.text().count(f"round {round_id}: committed") == 1, "never committed twice"

        def final_scores():
            try:
                return owner.scores(project)
            except NotFound:
                return None

        scores = _wait(final_scores, f"round {round_id}'s snapshot")
        share = {s["contribution"]: s["sharePerbill"] for s in scores["shares"]}
        assert min(share, key=share.get) == datasets[2], f"the scrambled dataset scores lowest: {share}"
        # The seeds made the honest tables differ; the median and the tolerance absorbed it.
        tables = {
            tuple(json.loads((tmp_path / "state" / keypair(uri).ss58_address / f"round-{round_id}.json").read_text())["reveal"]["Exact"][0])
            for uri in HONEST
        }
        assert len(tables) > 1, "different seeds, different measurements"
        assert _stake(owner, LIAR) < stakes[LIAR], "the nonsense is slashed:\n" + daemons[LIAR].text()
        for uri in HONEST:
            assert _stake(owner, uri) == stakes[uri], f"{uri} is not slashed:\n" + daemons[uri].text()

        # A pool measured by the same daemons: a nearest-centroid checkpoint of the owner's.
        centroids = np.stack([evaluation_x[evaluation_y == c].mean(axis=0) for c in range(3)]).astype(np.float32)
        checkpoint_cid = artifact("checkpoint", {"centroids": centroids})
        checkpoint, _ = owner.register_contribution(
            project, "ModelCheckpoint", checkpoint_cid.to_bytes(), [(owner.signer.ss58_address, 10**9)], parents=datasets
        )
        pool = owner.create_pool(project, "accuracy", 500_000, evaluation.to_bytes(), 10 * UNIT, owner.best_number() + 400)
        measurement, _ = owner.start_report(pool, checkpoint)

        def outcome():
            return owner.rpc("attribution_measurement", [measurement]).get("outcome")

        final = _wait(outcome, f"measurement {measurement}'s outcome")
        expected = int(round(np.mean(np.argmin(((evaluation_x[:, None] - centroids[None]) ** 2).sum(axis=2), axis=1) == evaluation_y) * 1_000_000))
        assert final["final"]["median"] == expected, final
        for uri in HONEST:
            assert f"round {measurement}: revealed" in daemons[uri].text()
    finally:
        for daemon in daemons.values():
            daemon.stop()
