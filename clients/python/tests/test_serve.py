"""`attrib serve` and `attrib fetch` against each other on the dev node (issue 25): an open
dataset is served to anyone; a licensed checkpoint is refused unsigned (401) and to an account
without a licence (403), served once that account buys one, and refused again once the licence
expired; a block of another licensed artifact is refused; replayed, expired and foreign-chain
signatures are refused; CARs stream every block of an artifact."""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from attrib import Chain, keypair
from attrib.access import EXPIRY, sign_request
from attrib.blockstore import DiskBlockstore
from attrib.car import CarFile
from attrib.chain import UNIT, licence_terms
from attrib.cid import CHUNK_SIZE, cid_of_bytes, cid_of_path
from attrib.gateway import FetchError, fetch
from attrib.serve import build_gateway, make_server


def _register(chain: Chain, project: int, path: Path, kind: str, licence) -> int:
    id, _ = chain.register_contribution(
        project, kind, cid_of_path(path).to_bytes(), [(chain.signer.ss58_address, 10**9)], licence=licence
    )
    return id


def _get(url: str, headers=None):
    """(status, body) of a GET."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def served(tmp_path, dev_node):
    owner = Chain(dev_node.url, "//Eve")
    project = owner.create_project("served artifacts")
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    # Random bytes: each use of the fixture registers new content.
    (dataset / "train.csv").write_bytes(b"x,y\n" * 1000 + os.urandom(8).hex().encode())
    (dataset / "test.csv").write_bytes(b"x,y\n" * 300 + os.urandom(8).hex().encode())
    model = tmp_path / "model.safetensors"
    model.write_bytes(os.urandom(2 * CHUNK_SIZE + 11))
    other = tmp_path / "other.bin"
    other.write_bytes(os.urandom(CHUNK_SIZE + 3))
    unregistered = tmp_path / "unregistered.bin"
    unregistered.write_bytes(b"never registered " + os.urandom(8))
    licensed = licence_terms("LicenseRef-attrib-commercial", derivatives_allowed=False)
    ids = {
        "dataset": _register(owner, project, dataset, "Dataset", licence_terms("CC-BY-4.0")),
        "model": _register(owner, project, model, "ModelCheckpoint", licensed),
        "other": _register(owner, project, other, "ModelCheckpoint", licensed),
    }
    for name in ("model", "other"):
        owner.submit(
            "Payouts",
            "offer_licence",
            {
                "contribution": ids[name],
                "terms": {"price": UNIT, "duration": 20, "seats": None, "commercial": True, "derivatives": False},
            },
        )
    gateway = build_gateway(Chain(dev_node.url), [dataset, model, other, unregistered], report=lambda _: None, cache_seconds=0)
    server = make_server(gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {
        "url": f"http://127.0.0.1:{server.server_address[1]}",
        "ids": ids,
        "paths": {"dataset": dataset, "model": model, "other": other, "unregistered": unregistered},
        "chain": owner,
    }
    server.shutdown()
    server.server_close()


def test_access_follows_the_chain(tmp_path, served, dev_node):
    url, paths = served["url"], served["paths"]
    dave = keypair("//Dave")
    buyer = Chain(dev_node.url, "//Dave")
    genesis = buyer.genesis_hash()
    origin = url.split("//", 1)[1]
    sign = lambda method, path: sign_request(dave, method, origin, path, genesis)  # noqa: E731
    sign_fetch = lambda method, host, path: sign_request(dave, method, host, path, genesis)  # noqa: E731
    store = DiskBlockstore(tmp_path / "cache")

    # The open dataset: anyone, unsigned.
    dataset_root = cid_of_path(paths["dataset"])
    fetch(dataset_root, tmp_path / "got-dataset", [url], store)
    assert (tmp_path / "got-dataset" / "train.csv").read_bytes() == paths["dataset"].joinpath("train.csv").read_bytes()

    # The licensed checkpoint: unsigned 401, signed without a licence 403.
    model_root = cid_of_path(paths["model"])
    with pytest.raises(FetchError, match="HTTP 401 .*sign the request"):
        fetch(model_root, tmp_path / "got-model", [url], store)
    with pytest.raises(FetchError, match="HTTP 403 .*holds no unexpired licence"):
        fetch(model_root, tmp_path / "got-model", [url], store, sign=sign_fetch)
    assert not (tmp_path / "got-model").exists()

    # Bought: served, every block checked.
    buyer.buy_licence(served["ids"]["model"], UNIT)
    fetch(model_root, tmp_path / "got-model", [url], store, sign=sign_fetch)
    assert (tmp_path / "got-model").read_bytes() == paths["model"].read_bytes()

    # A block of the other licensed artifact: refused, though Dave holds a licence of the model.
    other_leaf = cid_of_bytes(paths["other"].read_bytes()[:CHUNK_SIZE])
    path = f"/ipfs/{other_leaf}?format=raw"
    status, body = _get(url + path, sign("GET", path))
    assert status == 403 and "holds no unexpired licence" in json.loads(body)["error"]

    # Signatures: a replay, an expired one, one for another chain, one for another path.
    path = f"/ipfs/{model_root}?format=raw"
    headers = sign("GET", path)
    assert _get(url + path, headers)[0] == 200
    status, body = _get(url + path, headers)
    assert status == 401 and "nonce was used already" in json.loads(body)["error"]
    expired = sign_request(dave, "GET", origin, path, genesis, validity=-1)
    assert _get(url + path, expired)[0] == 401
    foreign = sign_request(dave, "GET", origin, path, "0x" + "11" * 32)
    status, body = _get(url + path, foreign)
    assert status == 401 and "not the account's" in json.loads(body)["error"]
    elsewhere = sign("GET", f"/ipfs/{dataset_root}?format=raw")
    assert _get(url + path, elsewhere)[0] == 401
    tampered = dict(sign("GET", path))
    tampered[EXPIRY] = str(int(tampered[EXPIRY]) + 1)
    assert _get(url + path, tampered)[0] == 401
    # Signed for another gateway: refused here (a gateway cannot replay what it was sent).
    assert _get(url + path, sign_request(dave, "GET", "elsewhere:8473", path, genesis))[0] == 401
    # HEAD is signed as HEAD.
    request = urllib.request.Request(url + path, method="HEAD", headers=sign_request(dave, "HEAD", origin, path, genesis))
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and int(response.headers["Content-Length"]) > 0

    # Once the licence expires (20 blocks), refused again.
    expires_at = buyer.live_licences(dave.ss58_address, served["ids"]["model"])[0]["expiresAt"]
    buyer.wait_past(expires_at)
    status, body = _get(url + path, sign("GET", path))
    assert status == 403, body


def test_cars_and_bad_requests(tmp_path, served):
    url, paths = served["url"], served["paths"]
    dataset_root = cid_of_path(paths["dataset"])
    status, body = _get(f"{url}/ipfs/{dataset_root}?format=car")
    assert status == 200
    (tmp_path / "dataset.car").write_bytes(body)
    car = CarFile(tmp_path / "dataset.car")
    assert car.root == dataset_root
    car.unpack(tmp_path / "unpacked")
    assert (tmp_path / "unpacked" / "test.csv").read_bytes() == paths["dataset"].joinpath("test.csv").read_bytes()
    status, _ = _get(f"{url}/ipfs/{dataset_root}", {"Accept": "application/vnd.ipld.car"})
    assert status == 200

    status, body = _get(f"{url}/ipfs/not-a-cid")
    assert status == 400 and "malformed CID" in json.loads(body)["error"]
    status, body = _get(f"{url}/ipfs/{cid_of_bytes(b'nobody has this')}")
    assert status == 404
    status, body = _get(f"{url}/ipfs/{cid_of_path(paths['unregistered'])}")
    assert status == 404 and "not served here" in json.loads(body)["error"]
    status, body = _get(f"{url}/ipfs/{dataset_root}?format=tar")
    assert status == 400
