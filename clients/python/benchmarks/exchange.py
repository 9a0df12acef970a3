"""Serve-and-fetch throughput and peak memory of `attrib serve` and `attrib fetch`, against
`sha256sum` of the same file (the hashing limit) in the same run.

    python benchmarks/exchange.py NODE_BINARY [GIB]

Starts a dev node, writes GIB GiB (default 2) of random bytes, times `sha256sum` of them and the
SDK's CID of them, registers the file as an open dataset, serves it with `attrib serve` and
fetches it with `attrib fetch` over loopback (every block checked against its CID), each in its
own process; prints the rates, their ratios to `sha256sum`, and each process's peak resident
memory.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1 << 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mib(pid: int) -> float:
    """A running process's peak resident memory (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(argv, **kwargs):
    """Runs a command to its end; returns (seconds, peak resident MiB, stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    out, err = process.stdout.read(), process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed: {err.strip()}")
    return seconds, usage.ru_maxrss / 1024, out


def main() -> None:
    node_binary, gib = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    size = int(gib * (1 << 30))
    work = Path(tempfile.mkdtemp(prefix="attrib-exchange-"))
    port = free_port()
    node = subprocess.Popen(
        [node_binary, "--dev", "--tmp", "--rpc-port", str(port), "--dev-block-time", "500"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = None
    try:
        from attrib import Chain
        from attrib.chain import licence_terms
        from attrib.cid import cid_of_path

        artifact = work / "checkpoint.bin"
        print(f"exchange: writing {size / MIB:,.0f} MiB of random bytes", flush=True)
        with open(artifact, "wb") as out:
            for _ in range(size // (64 * MIB)):
                out.write(os.urandom(64 * MIB))
            out.write(os.urandom(size % (64 * MIB)))

        sha_seconds, _, _ = timed(["sha256sum", str(artifact)])
        start = time.perf_counter()
        cid = cid_of_path(artifact)
        cid_seconds = time.perf_counter() - start

        url = f"ws://127.0.0.1:{port}"
        for _ in range(120):
            try:
                chain = Chain(url, "//Alice")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("the dev node did not start")
        project = chain.create_project("exchange benchmark")
        chain.register_contribution(
            project, "ModelCheckpoint", cid.to_bytes(), [(chain.signer.ss58_address, 10**9)], licence=licence_terms("CC-BY-4.0")
        )

        gateway_port = free_port()
        attrib = [sys.executable, "-m", "attrib.cli"]
        server = subprocess.Popen(
            [*attrib, "serve", str(artifact), "--port", str(gateway_port), "--url", url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for line in server.stdout:
            if line.startswith("serving on"):
                break
        else:
            raise SystemExit(f"attrib serve did not start: {server.stderr.read()}")
        fetch_seconds, fetch_rss, _ = timed(
            [*attrib, "fetch", str(cid), "-o", str(work / "fetched.bin"), "--gateway", f"http://127.0.0.1:{gateway_port}",
             "--cache", str(work / "cache")]
        )
        server_rss = peak_rss_mib(server.pid)
        if cid_of_path(work / "fetched.bin") != cid:
            raise SystemExit("the fetched file differs")

        mib = size / MIB
        print(f"exchange: {mib:,.0f} MiB, {size // MIB} blocks of 1 MiB, over loopback, in one run")
        print(f"exchange: sha256sum            {mib / sha_seconds:8.1f} MiB/s  (baseline: the hashing limit)")
        print(f"exchange: CID (attrib)         {mib / cid_seconds:8.1f} MiB/s  ratio {sha_seconds / cid_seconds:.2f}")
        print(f"exchange: serve + fetch        {mib / fetch_seconds:8.1f} MiB/s  ratio {sha_seconds / fetch_seconds:.2f}"
              " (every block hashed by the server and by the client, stored, then the file rebuilt)")
        print(f"exchange: peak memory: attrib serve {server_rss:,.0f} MiB, attrib fetch {fetch_rss:,.0f} MiB "
              f"(the file is {mib:,.0f} MiB)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        node.terminate()
        node.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
