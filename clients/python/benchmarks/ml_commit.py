"""What each ML integration costs per checkpoint of a 100 MB model: transactions sent, bytes
hashed, wall time per commit, against `sha256sum` of the same weights file in the same run.

    python benchmarks/ml_commit.py NODE_BINARY [MB]

Starts a dev node and commits, each in this one process: a PyTorch `state_dict` with
`attrib.torch.commit` (what `attrib.torch.CheckpointCallback` and the Lightning callback do per
checkpoint), a Keras model with `attrib.keras.commit` (the Keras callback; torch backend), a
`model.safetensors` file with `attrib.sdk.commit` (what the Hugging Face callback does with the
Trainer's checkpoint), and a client's signed federated update registered through its proxy
(`record_updates`, what the Flower strategy does per update). Bytes hashed are counted by
wrapping `hashlib.sha256` (every digest the SDK computes: CIDs and tensor digests).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")
MB = 10**6


class Counting:
    """Counts the bytes fed to every sha256."""

    total = 0
    real = hashlib.sha256

    def __init__(self, data: bytes = b"") -> None:
        self._h = Counting.real()
        self.update(data)

    def update(self, data) -> None:
        Counting.total += len(memoryview(data).cast("B"))
        self._h.update(data)

    def digest(self) -> bytes:
        return self._h.digest()

    def hexdigest(self) -> str:
        return self._h.hexdigest()

    def copy(self):
        clone = Counting.__new__(Counting)
        clone._h = self._h.copy()
        return clone


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    node_binary, megabytes = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100
    work = Path(tempfile.mkdtemp(prefix="attrib-ml-commit-"))
    port = free_port()
    node = subprocess.Popen(
        [node_binary, "--dev", "--tmp", "--rpc-port", str(port), "--dev-block-time", "500"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        import numpy as np
        import torch

        from attrib import Chain, keypair
        from attrib.chain import UNIT
        from attrib.repo import Repository

        url = f"ws://127.0.0.1:{port}"
        for _ in range(120):
            try:
                chain = Chain(url, "//Alice")
                chain.best_number()
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("the dev node did not start")
        project = chain.create_project("ML commit benchmark")
        repo = Repository.init(work, url, project, "//Alice")
        side = int((megabytes * MB / 4) ** 0.5)
        torch.manual_seed(0)
        state = {"layer.weight": torch.randn(side, side), "layer.bias": torch.randn(side)}
        size = sum(t.numel() * 4 for t in state.values())
        from attrib.torch import save_state

        weights = save_state(state, work / "model.safetensors")
        start = time.perf_counter()
        subprocess.run(["sha256sum", str(weights)], check=True, capture_output=True)
        baseline = time.perf_counter() - start
        print(f"ml-commit: a {size / MB:.0f} MB model; sha256sum of its safetensors file {baseline:.2f} s "
              f"({size / MB / baseline:.0f} MB/s, the hashing limit)", flush=True)

        hashlib.sha256 = Counting  # every digest the SDK computes from here on is counted
        me = chain.signer.ss58_address

        def measure(name, run):
            nonce = chain.substrate.get_account_nonce(me)
            Counting.total = 0
            start = time.perf_counter()
            run()
            seconds = time.perf_counter() - start
            sent = chain.substrate.get_account_nonce(me) - nonce
            print(f"ml-commit: {name:<34} {sent} transactions, {Counting.total / MB:7.0f} MB hashed "
                  f"({Counting.total / size:.1f}x the model), {seconds:6.2f} s (x{seconds / baseline:.1f} sha256sum)", flush=True)

        from attrib import torch as attrib_torch

        measure("PyTorch / Lightning checkpoint", lambda: attrib_torch.commit(state, "bench", repo=repo, chain=chain, show_progress=False))

        import keras

        from attrib import keras as attrib_keras

        model = keras.Sequential([keras.Input(shape=(side,)), keras.layers.Dense(side, name="layer")], name="bench")
        model.set_weights([np.random.default_rng(1).normal(size=w.shape).astype("float32") for w in model.get_weights()])
        # The callback reads the model's config once per run (seconds for a large model).
        start = time.perf_counter()
        config = model.get_config()
        print(f"ml-commit: Keras get_config, once per run: {time.perf_counter() - start:.2f} s", flush=True)
        measure(
            "Keras checkpoint (torch backend)",
            lambda: attrib_keras.commit(model, "bench", config=config, repo=repo, chain=chain, show_progress=False),
        )

        from attrib.sdk import commit

        hf = work / "checkpoint-1" / "model.safetensors"
        hf.parent.mkdir()
        shutil.copy(weights, hf)
        with open(hf, "r+b") as out:  # other content than the PyTorch commit's
            out.seek(-4, 2)
            out.write(b"\x01\x02\x03\x04")
        measure("Hugging Face checkpoint file", lambda: commit(hf, kind="ModelCheckpoint", repo=repo, chain=chain, show_progress=False))

        from attrib.cid import cid_of_path
        from attrib.federated import ClientUpdate, record_updates, sign_update

        client = keypair("//Alice//federated-bench")
        chain.submit("Balances", "transfer_keep_alive", {"dest": client.ss58_address, "value": 100 * UNIT})
        Chain(url).add_proxy(me, "Registry", signer=client)
        update = work / "update.safetensors"
        shutil.copy(weights, update)
        with open(update, "r+b") as out:
            out.seek(-4, 2)
            out.write(b"\x05\x06\x07\x08")
        global_model = chain.contribution_by_cid(str(cid_of_path(weights)))
        signature = sign_update(client, chain.genesis_hash(), "bench round", global_model, str(cid_of_path(update)))
        measure(
            "Flower update (signed, via proxy)",
            lambda: record_updates(global_model, [ClientUpdate(client.ss58_address, update, None, signature)], "bench round",
                                   repo=repo, chain=chain),
        )
    finally:
        node.terminate()
        node.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
