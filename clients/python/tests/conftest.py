"""Fixtures: a real dev node for the tests that talk to a chain, and the reference CID importer.

Nothing here skips: a missing node binary or Node.js package fails the tests that need them
with the command that provides them (`bash scripts/build.sh`, `bash scripts/setup.sh`).
"""

from __future__ import annotations

import os
import re
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
    """A TCP port nobody listens on right now (someone else may take it before the node does)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What the node logs when its servers listen: the address is the one it actually bound, which
# differs from the port asked for when that port was taken in between (the node then falls back
# to another one). Same markers as the Rust harness (tests/src/lib.rs).
RPC_LOG_LINE = re.compile(r"Running JSON-RPC server: addr=127\.0\.0\.1:(\d+)")
PROMETHEUS_LOG_LINE = re.compile(r"Prometheus exporter started at 127\.0\.0\.1:(\d+)")
# How long the node may take to log its JSON-RPC address, then to produce its first block.
START_TIMEOUT = 120


def logged_port(log: str, line: re.Pattern) -> int | None:
    """The port in the last line of `log` that matches `line`, if any."""
    ports = line.findall(log)
    return int(ports[-1]) if ports else None


class DevNode:
    """A dev node on a temporary database with its own ports; stopped at the end.

    `url` and `port` are the JSON-RPC address the node says (in its log) that it serves on, not
    the port it was asked for, so a port taken by another process before the node bound it can
    never make a test talk to that other process."""

    def __init__(self) -> None:
        binary = node_binary()
        if not binary.is_file():
            pytest.fail(f"the node binary {binary} is missing: run `bash scripts/build.sh` first")
        self.log = tempfile.NamedTemporaryFile("w+", prefix="attrib-node-", suffix=".log", delete=False)
        # The node logs to stderr; both streams go to the log file, which never fills up as a
        # pipe nobody reads would.
        self.process = subprocess.Popen(
            [
                str(binary), "--dev", "--tmp", "--no-hardware-benchmarks", "--no-telemetry",
                "--rpc-port", str(free_port()), "--prometheus-port", str(free_port()),
                "--port", str(free_port()), "--dev-block-time", "500",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        self.port = self._wait_for_logged_port(RPC_LOG_LINE, deadline)
        self.prometheus_port = logged_port(self.text(None), PROMETHEUS_LOG_LINE)
        self.url = f"ws://127.0.0.1:{self.port}"
        from attrib import Chain

        last_error = None
        while time.monotonic() < deadline:
            self._fail_if_exited()
            try:
                if Chain(self.url).best_number() >= 1:
                    return
            except Exception as error:  # not serving yet
                last_error = error
            time.sleep(0.5)
        self.stop()
        pytest.fail(
            f"the dev node logged JSON-RPC on {self.url} but did not produce a block within "
            f"{START_TIMEOUT} s (last error: {last_error!r}); log tail:\n{self.text()}"
        )

    def _wait_for_logged_port(self, line: re.Pattern, deadline: float) -> int:
        """The port the node logs in `line`, once it has; fails the test with the log's tail if
        the node exits or `deadline` passes first."""
        while True:
            port = logged_port(self.text(None), line)
            if port is not None:
                return port
            self._fail_if_exited()
            if time.monotonic() >= deadline:
                self.stop()
                pytest.fail(
                    f"the dev node did not log a line matching `{line.pattern}` within "
                    f"{START_TIMEOUT} s; log tail:\n{self.text()}"
                )
            time.sleep(0.2)

    def _fail_if_exited(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"the dev node exited at start with status {self.process.returncode}; log tail:\n{self.text()}")

    def text(self, tail: int | None = 4000) -> str:
        """The node's log: its last `tail` characters, or all of it."""
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace")
        return text if tail is None else text[-tail:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def register_dataset(chain, project: int, content: bytes, licence=None) -> int:
    """`chain`'s signer registers `content` as its own dataset in `project` (under `licence`,
    the project's default if None); returns its id."""
    from attrib.cid import cid_of_bytes

    id, _ = chain.register_contribution(
        project, "Dataset", cid_of_bytes(content).to_bytes(), [(chain.signer.ss58_address, 10**9)], licence=licence
    )
    return id


def open_scoring_round(chain, project: int, evaluation_cid) -> int:
    """`chain`'s signer opens a Shapley round of `project` whose utility is metric 1 on the
    evaluation set `evaluation_cid` (higher is better); returns the round id."""
    receipt = chain.submit(
        "Scoring",
        "open_round",
        {
            "project": project,
            "utility": {"metric": 1, "evaluation_set": "0x" + evaluation_cid.to_bytes().hex(), "direction": "HigherIsBetter"},
        },
    )
    return int(receipt.event("Scoring", "RoundOpened")["round"])


def same_tree(a: Path, b: Path) -> bool:
    """Whether the file or directory `b` holds the same names and bytes as `a`."""
    if a.is_file():
        return b.is_file() and a.read_bytes() == b.read_bytes()
    names = sorted(p.name for p in a.iterdir())
    return names == sorted(p.name for p in b.iterdir()) and all(same_tree(a / n, b / n) for n in names)


def run_attrib(capsys, *args):
    """Runs the `attrib` CLI in-process; returns (exit status, stdout, stderr)."""
    from attrib.cli import main

    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture(scope="session")
def dev_node():
    node = DevNode()
    yield node
    node.stop()


@pytest.fixture(scope="session")
def car_oracle():
    """Runs `tests/js/car-oracle.mjs` (@ipld/car, ipfs-unixfs-importer): `read` a CAR, or
    `write` one of a path; returns its JSON output."""
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "@ipld" / "car").is_dir():
        pytest.fail("the CAR oracle needs Node.js and `npm ci` in tests/js: run `bash scripts/setup.sh`")

    def run(*args):
        import json

        out = subprocess.run(
            [node, str(JS / "car-oracle.mjs"), *map(str, args)],
            capture_output=True, text=True, timeout=300,
        )
        if out.returncode != 0:
            return {"error": out.stderr.strip()}
        return json.loads(out.stdout)

    return run


@pytest.fixture
def js_gateway():
    """Starts `tests/js/gateway.mjs` (an IPFS trustless gateway on @ipld/car) over CAR files;
    returns a function (cars, *options) -> its URL. Every gateway started is stopped after the
    test."""
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "@ipld" / "car").is_dir():
        pytest.fail("the JS gateway needs Node.js and `npm ci` in tests/js: run `bash scripts/setup.sh`")
    started = []

    def start(cars, *options):
        process = subprocess.Popen(
            [node, str(JS / "gateway.mjs"), *map(str, options), *map(str, cars)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        started.append(process)
        line = process.stdout.readline()
        if not line.startswith("listening "):
            raise RuntimeError(f"the JS gateway did not start: {line}{process.stderr.read()}")
        return f"http://127.0.0.1:{int(line.split()[1])}"

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


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
