"""Fixtures: a real dev node for the tests that talk to a chain, and the reference CID importer.

Nothing here skips: a missing node binary or Node.js package fails the tests that need them
with the command that provides them (`bash scripts/build.sh`, `bash scripts/setup.sh`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
JS = ROOT / "tests" / "js"


def node_binary() -> Path:
    """The dev node binary the repository's scripts build."""
    target = os.environ.get("CARGO_TARGET_DIR", str(Path.home() / ".cache/attribution-chain/target"))
    return Path(os.environ.get("ATTRIBUTION_NODE_BIN", f"{target}/release/attribution-node"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DevNode:
    """A dev node on a temporary database with its own ports; stopped at the end."""

    def __init__(self) -> None:
        binary = node_binary()
        if not binary.is_file():
            pytest.fail(f"the node binary {binary} is missing: run `bash scripts/build.sh` first")
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile("w+", prefix="attrib-node-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [
                str(binary), "--dev", "--tmp", "--no-hardware-benchmarks", "--no-telemetry",
                "--rpc-port", str(self.port), "--prometheus-port", str(free_port()),
                "--port", str(free_port()), "--dev-block-time", "500",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"ws://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the dev node exited at start:\n{self.text()}")
            try:
                from attrib import Chain

                chain = Chain(self.url)
                if chain.best_number() >= 1:
                    return
            except Exception:
                pass
            time.sleep(0.5)
        self.stop()
        pytest.fail(f"the dev node did not produce a block in 120 s:\n{self.text()}")

    def text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="session")
def dev_node():
    node = DevNode()
    yield node
    node.stop()


@pytest.fixture(scope="session")
def cid_oracle():
    """Runs `tests/js/cid-oracle.mjs` (ipfs-unixfs-importer) on paths; returns {path: cid}."""
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "ipfs-unixfs-importer").is_dir():
        pytest.fail("the CID oracle needs Node.js and `npm ci` in tests/js: run `bash scripts/setup.sh`")

    def run(paths, *options):
        import json

        out = subprocess.run(
            [node, str(JS / "cid-oracle.mjs"), *options, *map(str, paths)],
            check=True, capture_output=True, text=True, timeout=300,
        )
        return json.loads(out.stdout)

    return run
