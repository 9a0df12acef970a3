"""Locators (`attrib commit --locator`, `attrib fetch`): an Arweave id or a URI recorded on chain,
tried when no gateway delivers the content, and accepted only if it hashes to the CID."""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from attrib.car import write_car
from attrib.cid import cid_of_path
from attrib.errors import AttribError
from attrib.gateway import FetchError, fetch
from attrib.blockstore import DiskBlockstore
from attrib.locators import locator_arg, locator_url

from conftest import run_attrib


@pytest.fixture
def web(tmp_path):
    """A plain web server over a directory: (its URL, the directory)."""
    root = tmp_path / "web"
    root.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def guess_type(self, path):
            return "application/vnd.ipld.car" if str(path).endswith(".car") else "application/octet-stream"

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def test_arweave_ids_and_uris_become_chain_locators():
    import base64

    txid = base64.urlsafe_b64encode(bytes(range(32))).decode().rstrip("=")
    arg = locator_arg(f"ar://{txid}")
    assert list(arg) == ["Arweave"] and len(bytes.fromhex(arg["Arweave"][2:])) == 32
    assert locator_url({"arweave": arg["Arweave"]}) == f"https://arweave.net/{txid}"
    assert locator_arg("https://example.org/model.bin") == {"Uri": "https://example.org/model.bin"}
    assert locator_url({"uri": "hf://org/model"}) is None, "not fetched over HTTP"
    for bad in ("ar://short", "ar://" + "a" * 43):  # too short; not a canonical encoding
        with pytest.raises(AttribError, match="43 base64url"):
            locator_arg(bad)


def test_a_locator_is_used_when_no_gateway_has_the_content_and_only_if_it_matches(tmp_path, web):
    url, root = web
    model = tmp_path / "model.bin"
    model.write_bytes(os.urandom(3 << 20))
    (root / "model.bin").write_bytes(model.read_bytes())
    (root / "wrong.bin").write_bytes(os.urandom(100))
    cid = cid_of_path(model)
    store = DiskBlockstore(tmp_path / "cache")
    nowhere = ["http://127.0.0.1:9"]
    with pytest.raises(FetchError, match=f"serves other content .* not {cid}"):
        fetch(cid, tmp_path / "out", nowhere, store, locators=[f"{url}/wrong.bin"])
    assert not (tmp_path / "out").exists() and [p for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    fetch(cid, tmp_path / "out", nowhere, store, locators=[f"{url}/wrong.bin", f"{url}/model.bin"])
    assert (tmp_path / "out").read_bytes() == model.read_bytes()


def test_a_directory_locator_serves_its_car(tmp_path, web):
    url, root = web
    tree = tmp_path / "dataset"
    (tree / "split").mkdir(parents=True)
    (tree / "split" / "train.csv").write_bytes(b"a,b\n" * 5000)
    with open(root / "dataset.car", "wb") as out:
        cid = write_car(tree, out)
    fetch(cid, tmp_path / "out", [], DiskBlockstore(tmp_path / "cache"), locators=[f"{url}/dataset.car"])
    assert (tmp_path / "out" / "split" / "train.csv").read_bytes() == (tree / "split" / "train.csv").read_bytes()


def test_fetch_reads_the_locator_the_chain_records(tmp_path, web, monkeypatch, capsys, dev_node):
    url, root = web
    monkeypatch.chdir(tmp_path)
    assert run_attrib(capsys, "init", "--url", dev_node.url, "--signer", "//Ferdie")[0] == 0
    checkpoint = tmp_path / "checkpoint.bin"
    checkpoint.write_bytes(os.urandom(1 << 20))
    (root / "checkpoint.bin").write_bytes(checkpoint.read_bytes())
    status, out, err = run_attrib(capsys, "project", "located artifacts")
    assert status == 0, err
    status, out, err = run_attrib(
        capsys, "commit", "checkpoint.bin", "-k", "model", "--locator", f"{url}/checkpoint.bin", "--published"
    )
    assert status == 0, err
    cid = cid_of_path(checkpoint)
    status, out, err = run_attrib(
        capsys, "fetch", cid, "-o", tmp_path / "got.bin", "--gateway", "http://127.0.0.1:9", "--cache", tmp_path / "c"
    )
    assert status == 0, err
    assert (tmp_path / "got.bin").read_bytes() == checkpoint.read_bytes()
